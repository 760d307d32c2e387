#!/usr/bin/env python3
# slowclient.py -- a client that reads a page slowly, for plugins/nginx/bench.sh.
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
"""Reads a page through a tiny receive buffer at a fixed rate while sampling
the memory of a process (the nginx worker), to show that a slow client does
not make the worker hold the page.

  slowclient.py PORT PATH PID [--rate BYTES_PER_S] [--seconds S]

Sends GET PATH to 127.0.0.1:PORT with SO_RCVBUF set to 4 KiB, reads RATE
bytes (default 1024) once a second for S seconds (default 20), and prints,
once a second, the seconds elapsed, the bytes read so far and VmRSS and
RssAnon (kB) of PID; then one line "max VmRSS ... max RssAnon ... first ...".
Python 3 standard library only.
"""
import argparse
import socket
import sys
import time


def mem(pid):
    vals = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "RssAnon"):
                vals[k] = int(v.split()[0])
    return vals.get("VmRSS", 0), vals.get("RssAnon", 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("path")
    ap.add_argument("pid", type=int)
    ap.add_argument("--rate", type=int, default=1024)
    ap.add_argument("--seconds", type=float, default=20)
    a = ap.parse_args()

    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", a.port))
    s.sendall(b"GET %s HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n" % a.path.encode())
    t0 = time.monotonic()
    got = 0
    rows = []
    while True:
        t = time.monotonic() - t0
        rss, anon = mem(a.pid)
        rows.append((t, got, rss, anon))
        print("%5.1f s  %7d bytes read  VmRSS %6d kB  RssAnon %6d kB" % (t, got, rss, anon),
              flush=True)
        if t >= a.seconds:
            break
        want = a.rate
        while want > 0:
            d = s.recv(want)
            if not d:
                want = -1
                break
            got += len(d)
            want -= len(d)
        if want < 0:
            print("the server closed the connection", file=sys.stderr)
            break
        time.sleep(max(0.0, (len(rows)) - (time.monotonic() - t0)))
    s.close()
    first = rows[0]
    print("first VmRSS %d kB RssAnon %d kB; max VmRSS %d kB RssAnon %d kB; last VmRSS %d kB "
          "RssAnon %d kB; %d bytes read in %.0f s"
          % (first[2], first[3], max(r[2] for r in rows), max(r[3] for r in rows),
             rows[-1][2], rows[-1][3], got, rows[-1][0]))


if __name__ == "__main__":
    main()
