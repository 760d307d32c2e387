#!/bin/bash
# test.sh -- the Dask runner on a real cluster on 127.0.0.1: a `dask scheduler`
# and two `dask worker`s (ports picked free, no dashboard).  One worker is
# killed (SIGKILL) while it runs a file; every file must still be done once,
# with outputs equal to a local run.  Everything is stopped at the end.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
: "${PITH:=$SRC/filter/pith}"
PY=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import distributed' 2>/dev/null; then PY=$p; break; fi
done
DASK=$(command -v dask || true)
if [ -z "$PY" ] || [ -z "$DASK" ]; then
    echo "dask test: python3-distributed is not installed: skipped"
    exit 77
fi
tmp=$(mktemp -d)
pids=()
cleanup() {
    # the runner and workers first, then the scheduler (a worker told to stop
    # while its scheduler closes can hang in this Dask version); SIGKILL
    # whatever is still there after 5 s
    local p n
    for p in "${pids[@]:1}" "${pids[0]:-}"; do
        [ -n "$p" ] || continue
        kill "$p" 2>/dev/null || true
        for n in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL $*"; exit 1; }
freeport() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
waitfor() { # waitfor SECONDS CMD...: until CMD succeeds
    local n=$(( $1 * 10 )); shift
    until "$@"; do n=$((n - 1)); [ $n -gt 0 ] || return 1; sleep 0.1; done
}

# six small WARC files
mkdir -p "$tmp/in" "$tmp/local" "$tmp/out" "$tmp/marks" "$tmp/orphan"
for i in 1 2 3 4 5 6; do
    python3 "$SRC/benchmarks/mkwarc.py" --seed "$i" --html-bytes 400000 --out "$tmp/in/crawl-$i.warc.gz" \
        "$SRC/benchmarks/labels/pages" "$SRC/tests/data" >/dev/null
    "$PITH" --warc --quiet "$tmp/in/crawl-$i.warc.gz" > "$tmp/local/crawl-$i.jsonl"
done

# pith as the workers run it: notes which worker started which file, then
# takes 2 s more, so that a worker can be killed while it works
cat > "$tmp/slowpith" <<EOF
#!/bin/sh
for a; do last=\$a; done
echo "\$PPID" >> "$tmp/marks/\$(basename "\$last")"
sleep 2
# still here although the worker that started us was killed? that is an orphan
kill -0 "\$PPID" 2>/dev/null || touch "$tmp/orphan/\$(basename "\$last")"
exec "$PITH" "\$@"
EOF
chmod +x "$tmp/slowpith"

port=$(freeport)
cd "$tmp"
"$DASK" scheduler --host 127.0.0.1 --port "$port" --no-dashboard > "$tmp/scheduler.log" 2>&1 &
pids+=($!)
waitfor 30 grep -q "Scheduler at" "$tmp/scheduler.log" || fail "the scheduler did not start"
for w in a b; do
    "$DASK" worker "tcp://127.0.0.1:$port" --host 127.0.0.1 --no-dashboard --no-nanny \
        --nthreads 1 --name "w$w" --local-directory "$tmp/w$w" > "$tmp/worker-$w.log" 2>&1 &
    pids+=($!)
done
waitfor 30 grep -q "Registered to" "$tmp/worker-a.log" || fail "worker a did not start"
waitfor 30 grep -q "Registered to" "$tmp/worker-b.log" || fail "worker b did not start"

start=$(date +%s)
"$PY" "$SRC/plugins/dask/pith_dask.py" --scheduler "tcp://127.0.0.1:$port" --outdir "$tmp/out" \
    --pith "$tmp/slowpith" --retries 1 "$tmp"/in/crawl-*.warc.gz > "$tmp/run.log" 2>&1 &
runner=$!
pids+=($runner)
# kill the first worker process that runs a file, while it runs it
first_mark() { ls "$tmp"/marks 2>/dev/null | head -1; }
has_mark() { [ -n "$(first_mark)" ]; }
waitfor 40 has_mark || fail "no worker got a file"
killed_on=$(first_mark)
victim=$(head -1 "$tmp/marks/$killed_on")
kill -9 "$victim"
echo "killed worker process $victim while it ran $killed_on"
rc=0
wait "$runner" || rc=$?
cat "$tmp/run.log"
[ $rc -eq 0 ] || fail "the runner exited $rc"
echo "job took $(( $(date +%s) - start )) s"

ok=0
for i in 1 2 3 4 5 6; do
    cmp -s "$tmp/out/crawl-$i.jsonl" "$tmp/local/crawl-$i.jsonl" || fail "crawl-$i: output differs from a local run"
    ok=$((ok + 1))
done
echo "ok   six outputs equal to local runs"
n=$(tail -n +2 "$tmp/out/summary.tsv" | wc -l)
u=$(tail -n +2 "$tmp/out/summary.tsv" | cut -f1 | sort -u | wc -l)
[ "$n" -eq 6 ] && [ "$u" -eq 6 ] || fail "summary: $n lines, $u files (want 6 and 6)"
echo "ok   summary: every file once"
[ "$(wc -l < "$tmp/marks/$killed_on")" -ge 2 ] || fail "$killed_on was not run again"
sleep 2.5   # a pith left running by the killed worker would have written its output by now
[ -z "$(ls -A "$tmp/orphan" 2>/dev/null)" ] || fail "the killed worker's pith ran on: $(ls "$tmp/orphan")"
tail -n +2 "$tmp/marks/$killed_on" | grep -vqx "$victim" || fail "$killed_on was not run again on the other worker"
echo "ok   the file of the killed worker ran again on the other worker"
awk -F'\t' 'NR > 1 && ($2 < 1 || $7 != 0) { bad = 1 } END { exit bad }' "$tmp/out/summary.tsv" ||
    fail "summary: a file without pages or with a bad status"
echo "ok   summary: pages, skipped, bytes and time per file"
ls "$tmp/out" | grep -q '\.tmp\.' && fail "a temporary file was left in the output directory"
echo "4 passed, 0 failed"
