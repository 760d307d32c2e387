#!/usr/bin/env bash
# build.sh -- builds ngx_http_pith_filter_module.so for the distribution's
# nginx, with nginx's own build system (`make` runs it when configured with
# --with-nginx; it also works alone, after `make` of the library).
# Copyright (c) 2026 the pith developers.  MIT licence, see COPYING.
#
#   plugins/nginx/build.sh SRCDIR BUILDDIR NGINX_SRC OUT
#
#   SRCDIR     the project's source folder (include/, plugins/)
#   BUILDDIR   the project's build folder (src/.libs/libpith-core.a, ...)
#   NGINX_SRC  nginx's configure tree (Debian: /usr/share/nginx/src, from
#              the nginx-dev package), with its conf_flags
#   OUT        where to put the module (.so)
#
# The tree is copied to BUILDDIR/plugins/nginx/ngx-build, configured with
# the flags the distribution's nginx was built with (conf_flags: they give
# the same module signature, --with-compat among them), and `make modules`
# builds the module only.  The module links pith's core and the shared
# HTTP policy statically (their PIC objects, from libtool's convenience
# libraries) and libxml2 and zlib dynamically; the archives' symbols are
# kept out of its exports (--exclude-libs).  Environment: LIBS_EXTRA, the
# link flags of libxml2 and zlib (default: pkg-config's).
set -euo pipefail
[ $# = 4 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
src=$(cd "$1" && pwd)
bld=$(cd "$2" && pwd)
ngx=$3
out=$4

[ -f "$ngx/conf_flags" ] && [ -x "$ngx/configure" ] || {
    echo "build.sh: $ngx is not nginx's configure tree (install nginx-dev)" >&2; exit 1; }
core=$bld/src/.libs/libpith-core.a
http=$bld/plugins/common/.libs/libpith-http.a
for a in "$core" "$http"; do
    [ -f "$a" ] || { echo "build.sh: $a missing: run make first" >&2; exit 1; }
done
libs=${LIBS_EXTRA:-$(pkg-config --libs libxml-2.0 zlib)}

# the distribution's configure flags (a bash array in conf_flags)
# shellcheck disable=SC1091
. "$ngx/conf_flags"
flags=("${NGX_CONF_FLAGS[@]}"
       --with-cc-opt="-g -O2 -fPIC -fstack-protector-strong -Wformat -Werror=format-security -D_FORTIFY_SOURCE=2"
       --with-ld-opt="-Wl,-z,relro -Wl,-z,now -fPIC"
       --add-dynamic-module="$src/plugins/nginx")

tree=$bld/plugins/nginx/ngx-build
stamp="${flags[*]} | $libs"
if [ ! -f "$tree/objs/Makefile" ] || [ "$(cat "$tree/.pith-stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$tree"
    mkdir -p "$(dirname "$tree")"
    cp -R "$ngx" "$tree"
    chmod -R u+w "$tree"
    (cd "$tree" &&
     PITH_NGX_INCS="$src/include $src/plugins/common" \
     PITH_NGX_LIBS="$http $core $libs -Wl,--exclude-libs,ALL" \
     ./configure "${flags[@]}" >configure.log 2>&1) || {
        echo "build.sh: nginx's configure failed; the end of $tree/configure.log:" >&2
        tail -n 20 "$tree/configure.log" >&2
        exit 1
    }
    echo "$stamp" >"$tree/.pith-stamp"
fi
# rebuild the module's objects and relink every time: the static libraries
# and pith.h may have changed, and nginx's makefile does not follow headers
# outside its tree (an object built against an older pith_options would be
# refused by pith_new's ABI guard)
rm -f "$tree/objs/ngx_http_pith_filter_module.so"
find "$tree/objs/addon" -name '*.o' -delete 2>/dev/null || true
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$tree" -f objs/Makefile modules
cp "$tree/objs/ngx_http_pith_filter_module.so" "$out"
