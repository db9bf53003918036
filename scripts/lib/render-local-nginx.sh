#!/bin/sh
# Renders nginx/local.conf.template into $PREFIX/nginx.conf (see the template's header).
# Usage: PREFIX=/tmp/x PORT=8080 SOCKET=/tmp/x/fcgi.sock scripts/lib/render-local-nginx.sh
# Prints the path of the rendered config. Then: nginx -p "$PREFIX" -c "$PREFIX/nginx.conf" -g 'daemon off;'
set -eu

: "${PREFIX:?PREFIX: the directory to render into}"
: "${PORT:?PORT: the loopback port nginx listens on}"
: "${SOCKET:?SOCKET: the daemon's FastCGI unix socket path}"

repo=$(cd "$(dirname "$0")/../.." && pwd)
# nginx distributions keep fastcgi_params next to their nginx.conf.
fastcgi_params=${FASTCGI_PARAMS:-/etc/nginx/fastcgi_params}
[ -r "$fastcgi_params" ] || { echo "render-local-nginx: no $fastcgi_params (set FASTCGI_PARAMS)" >&2; exit 1; }

mkdir -p "$PREFIX/logs" "$PREFIX/temp" "$PREFIX/conf.d"
ln -sfn "$repo/nginx/snippets" "$PREFIX/snippets"
ln -sfn "$fastcgi_params" "$PREFIX/fastcgi_params"

# `|` cannot occur in the values we substitute: reject it rather than corrupt the config.
case "$PREFIX$PORT$SOCKET" in *'|'*) echo "render-local-nginx: '|' in a value" >&2; exit 1 ;; esac
sed -e "s|\${PREFIX}|$PREFIX|g" -e "s|\${PORT}|$PORT|g" -e "s|\${SOCKET}|$SOCKET|g" \
    "$repo/nginx/local.conf.template" > "$PREFIX/nginx.conf"
echo "$PREFIX/nginx.conf"
