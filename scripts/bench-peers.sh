#!/bin/bash
# Impress Admin: throughput and latency against its peers, in one run, on 127.0.0.1.
#
# Every row goes through one nginx (the shipped snippets, rendered from nginx/local.conf.template;
# HTTP/1.1 keep-alive from wrk, FastCGI keep-conn with upstream keepalive 16) and is measured
# with `wrk --latency`:
#   ceiling  nginx `return 200` (no upstream): the most any row can reach
#   php      php-fpm hello world (pm = static, opcache on), the usual FastCGI peer
#   health   the daemon's GET /health (no auth, no data)
#   small    the daemon's authenticated GET /fraud/stats on an organization of ~100 events
#   large    the same on an organization of 10,000 events
# and prints req/s, p50, p99 and each row's throughput relative to php-fpm.
#
# Settings (environment):
#   ROWS         rows to run, default "ceiling php health small large"
#   DURATION     wrk duration per row, default 10s; WARMUP before it, default 2s
#   THREADS, CONNECTIONS   wrk -t / -c, default 2 / 64
#   BINARY       the daemon, default .build/release/impress-admin (only for the daemon rows)
#   PHP_FPM      php-fpm executable, default the newest php-fpm* found
#   PHP_CHILDREN php-fpm's static pool size, default 16 x cores + CONNECTIONS: a php-fpm child
#                stays bound to its kept connection, and nginx caches up to 16 idle ones per worker
#                (one worker per core) besides those in use, so a smaller pool leaves requests
#                waiting in the backlog behind idle connections (wrk then reports timeouts)
#   DATA_FILE    events for the embedded store; default: written by `impress-admin demo-data`
#   ORG_SMALL, ORG_LARGE   default org_bench_small, org_bench_large (the demo-data orgs)
#   TOKEN_SMALL, TOKEN_LARGE   bearer tokens for them; default: minted by `impress-admin dev-token`
#   BENCH_VERBOSE=1  also print wrk's own output
#   DAEMON_AUTH_ENV  extra VAR=value words for the daemon's environment that make it accept those
#                tokens; default: the JWKS `dev-token` writes into the run's key directory
# Bounded: every wrk is killed after its duration plus 30 s; every process started here is
# stopped on exit, whatever the exit.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${ROWS:-"ceiling php health small large"}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
BINARY=${BINARY:-$repo/.build/release/impress-admin}
PHP_CHILDREN=${PHP_CHILDREN:-$((16 * $(nproc) + CONNECTIONS))}
ORG_SMALL=${ORG_SMALL:-org_bench_small}
ORG_LARGE=${ORG_LARGE:-org_bench_large}

work=$(mktemp -d "${TMPDIR:-/tmp}/impress-bench.XXXXXX")
started_pids=()

# Stops what this script started, newest first: TERM, then KILL after 5 s.
cleanup() {
    local pid i
    for ((i = ${#started_pids[@]} - 1; i >= 0; i--)); do
        pid=${started_pids[i]}
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "bench-peers: $*" >&2; exit 1; }
wants() { [[ " $ROWS " == *" $1 "* ]]; }
wants_daemon() { wants health || wants small || wants large; }

# Seconds in a wrk duration ("10s", "2m", "500ms" is not accepted by wrk either).
seconds() {
    case "$1" in
        *m) echo $((${1%m} * 60)) ;;
        *h) echo $((${1%h} * 3600)) ;;
        *s) echo "${1%s}" ;;
        *) echo "$1" ;;
    esac
}

# Three free loopback ports, found by binding port 0.
free_ports() {
    python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))'
}

# Waits (up to 10 s) until a URL answers 200.
wait_for_ok() {
    for _ in $(seq 100); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" || true)" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}

command -v wrk >/dev/null || fail "wrk is not installed"
command -v nginx >/dev/null || fail "nginx is not installed"
read -r port_daemon port_ceiling port_php < <(free_ports)
socket_daemon=$work/fcgi.sock
socket_php=$work/php.sock
prefix=$work/nginx

# --- nginx: the shipped local config, plus the peers' servers in conf.d/ ----------------------
PREFIX=$prefix PORT=$port_daemon SOCKET=$socket_daemon "$repo/scripts/lib/render-local-nginx.sh" >/dev/null
mkdir -p "$work/www"
cat > "$work/www/hello.php" <<'EOF'
<?php
header('Content-Type: application/json; charset=utf-8');
echo "{\"status\":\"ok\"}\n";
EOF
cat > "$work/www/opcache.php" <<'EOF'
<?php
$status = function_exists('opcache_get_status') ? opcache_get_status(false) : false;
echo ($status && $status['opcache_enabled']) ? "on\n" : "off\n";
EOF
cat > "$prefix/conf.d/peers.conf" <<EOF
# The benchmark's peers, with the FastCGI settings of snippets/impress-api.conf.
upstream php_fpm {
    server unix:$socket_php;
    keepalive 16;
    keepalive_timeout 60s;
}
server {
    listen 127.0.0.1:$port_ceiling;
    access_log $prefix/logs/access.log impress_json buffer=64k flush=1s;
    location / {
        default_type "application/json; charset=utf-8";
        return 200 '{"status":"ok"}\n';
    }
}
server {
    listen 127.0.0.1:$port_php;
    access_log $prefix/logs/access.log impress_json buffer=64k flush=1s;
    location / {
        fastcgi_pass php_fpm;
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME $work/www/hello.php;
        fastcgi_param REQUEST_ID \$request_id;
        fastcgi_keep_conn on;
        fastcgi_buffer_size 16k;
        fastcgi_buffers 32 16k;
    }
    location = /opcache {
        fastcgi_pass php_fpm;
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME $work/www/opcache.php;
    }
}
EOF
nginx -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' &
started_pids+=($!)
wait_for_ok "http://127.0.0.1:$port_ceiling/" || fail "nginx did not start: $(tail -n 5 "$prefix/logs/error.log")"

# --- php-fpm: its own config and socket ------------------------------------------------------
if wants php; then
    php_fpm=${PHP_FPM:-$(compgen -c php-fpm | sort -V | tail -n 1)}
    [ -n "$php_fpm" ] && command -v "$php_fpm" >/dev/null || fail "no php-fpm found (set PHP_FPM)"
    as_root=()
    pool_user=""
    # php-fpm refuses to run as root unless told, and then needs a pool user.
    if [ "$(id -u)" = 0 ]; then as_root=(-R); pool_user="user = root"; fi
    cat > "$work/php-fpm.conf" <<EOF
[global]
pid = $work/php-fpm.pid
error_log = $work/php-fpm.log
daemonize = no

[bench]
$pool_user
listen = $socket_php
listen.mode = 0600
pm = static
pm.max_children = $PHP_CHILDREN
pm.max_requests = 0
php_admin_value[opcache.enable] = 1
php_admin_value[opcache.validate_timestamps] = 0
EOF
    "$php_fpm" -F "${as_root[@]}" -y "$work/php-fpm.conf" &
    started_pids+=($!)
    wait_for_ok "http://127.0.0.1:$port_php/" || fail "php-fpm did not answer: $(tail -n 5 "$work/php-fpm.log")"
    opcache=$(curl -s "http://127.0.0.1:$port_php/opcache")
    [ "$opcache" = on ] || fail "opcache is not on in php-fpm ($opcache)"
fi

# --- the daemon, on the embedded store --------------------------------------------------------
if wants_daemon; then
    [ -x "$BINARY" ] || fail "no daemon at $BINARY (swift build -c release, or set BINARY)"
    if [ -z "${DATA_FILE:-}" ]; then
        DATA_FILE=$work/events.jsonl
        "$BINARY" demo-data --out "$work/small.jsonl" --orgs "$ORG_SMALL" --events 100 --seed 1 >/dev/null
        "$BINARY" demo-data --out "$work/large.jsonl" --orgs "$ORG_LARGE" --events 10000 --seed 2 >/dev/null
        cat "$work/small.jsonl" "$work/large.jsonl" > "$DATA_FILE"
    fi
    # dev-token creates the key pair and JWKS in $keys on first use, then mints tokens with it.
    keys=$work/keys
    dev_issuer=https://clerk.impress.local
    DAEMON_AUTH_ENV=${DAEMON_AUTH_ENV:-"CLERK_JWKS_URL=file://$keys/jwks.json CLERK_ISSUER=$dev_issuer"}
    TOKEN_SMALL=${TOKEN_SMALL:-$("$BINARY" dev-token --dir "$keys" --org "$ORG_SMALL" --issuer "$dev_issuer")}
    TOKEN_LARGE=${TOKEN_LARGE:-$("$BINARY" dev-token --dir "$keys" --org "$ORG_LARGE" --issuer "$dev_issuer")}
    # shellcheck disable=SC2086 # DAEMON_AUTH_ENV is a list of VAR=value words
    env IMPRESS_LISTEN="unix:$socket_daemon" IMPRESS_STORE="file:$DATA_FILE" $DAEMON_AUTH_ENV \
        "$BINARY" serve 2> "$work/daemon.log" &
    started_pids+=($!)
    wait_for_ok "http://127.0.0.1:$port_daemon/health" || fail "the daemon did not answer /health: $(tail -n 5 "$work/daemon.log")"
fi

# --- measure ----------------------------------------------------------------------------------
# Latency in wrk's units (us, ms, s) to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; printf "%.2f", n }'; }

declare -A rps p50 p99 bad
run_row() {
    local row=$1 url=$2; shift 2
    local bound=$(($(seconds "$DURATION") + 30)) out
    timeout -k 5 "$(($(seconds "$WARMUP") + 30))" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null
    out=$(timeout -k 5 "$bound" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
    [ -z "${BENCH_VERBOSE:-}" ] || echo "$out" >&2
    rps[$row]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<< "$out")
    p50[$row]=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<< "$out")")
    p99[$row]=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$out")")
    # Responses that were not 2xx/3xx, plus socket errors: a fast row of errors is no result.
    bad[$row]=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) n += $i } END { print n + 0 }' <<< "$out")
}

declare -A label=(
    [ceiling]="nginx return 200 (ceiling)"
    [php]="php-fpm hello world"
    [health]="impress-admin /health"
    [small]="impress-admin /fraud/stats, 100 events"
    [large]="impress-admin /fraud/stats, 10,000 events"
)
for row in $ROWS; do
    case "$row" in
        ceiling) run_row ceiling "http://127.0.0.1:$port_ceiling/" ;;
        php) run_row php "http://127.0.0.1:$port_php/" ;;
        health) run_row health "http://127.0.0.1:$port_daemon/health" ;;
        small) run_row small "http://127.0.0.1:$port_daemon/fraud/stats" \
            -H "Authorization: Bearer $TOKEN_SMALL" -H "x-organization-id: $ORG_SMALL" ;;
        large) run_row large "http://127.0.0.1:$port_daemon/fraud/stats" \
            -H "Authorization: Bearer $TOKEN_LARGE" -H "x-organization-id: $ORG_LARGE" ;;
        *) fail "unknown row '$row' (ceiling php health small large)" ;;
    esac
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, through nginx on 127.0.0.1 ($(nproc) cores)"
printf '%-42s %10s %9s %9s %8s %11s\n' row "req/s" "p50 ms" "p99 ms" errors "vs php-fpm"
for row in $ROWS; do
    ratio="-"
    if [ -n "${rps[php]:-}" ] && [ "${rps[php]}" -gt 0 ]; then
        ratio=$(awk -v a="${rps[$row]}" -v b="${rps[php]}" 'BEGIN { printf "%.2fx", a / b }')
    fi
    printf '%-42s %10s %9s %9s %8s %11s\n' "${label[$row]}" "${rps[$row]}" "${p50[$row]}" "${p99[$row]}" "${bad[$row]}" "$ratio"
done
