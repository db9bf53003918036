#!/bin/bash
# Impress Admin: throughput and latency against its peers, in one run, on 127.0.0.1.
#
# Every row goes through one nginx (the shipped snippets, rendered from nginx/local.conf.template;
# HTTP/1.1 keep-alive from wrk, FastCGI keep-conn with upstream keepalive 64) and is measured
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
#                stays bound to its kept connection. With keepalive 64 nginx never closes one
#                while wrk's CONNECTIONS (<= 64) are in flight, so it opens at most CONNECTIONS in
#                all; a smaller pool leaves requests waiting in the backlog behind idle
#                connections (wrk then reports timeouts); the 16 per core are slack
#   DATA_FILE    events for the embedded store; default: written by `impress-admin demo-data`
#   ORG_SMALL, ORG_LARGE   default org_bench_small, org_bench_large (the demo-data orgs)
#   TOKEN_SMALL, TOKEN_LARGE   bearer tokens for them; default: minted by `impress-admin dev-token`
#   BENCH_VERBOSE=1  also print wrk's own output
#   DAEMON_AUTH_ENV  extra VAR=value words for the daemon's environment that make it accept those
#                tokens; default: the JWKS `dev-token` writes into the run's key directory
# Bounded: every wrk is killed after its duration plus 30 s; every process started here is
# stopped on exit, whatever the exit.
set -euo pipefail

STACK_NAME=bench-peers
# shellcheck source=lib/loopback-stack.sh
. "$(dirname "$0")/lib/loopback-stack.sh"
# shellcheck source=lib/wrk-measure.sh
. "$repo/scripts/lib/wrk-measure.sh"
ROWS=${ROWS:-"ceiling php health small large"}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
BINARY=${BINARY:-$repo/.build/release/impress-admin}
PHP_CHILDREN=${PHP_CHILDREN:-$((16 * $(nproc) + CONNECTIONS))}
ORG_SMALL=${ORG_SMALL:-org_bench_small}
ORG_LARGE=${ORG_LARGE:-org_bench_large}

wants() { [[ " $ROWS " == *" $1 "* ]]; }
wants_daemon() { wants health || wants small || wants large; }

read -r port_daemon port_ceiling port_php < <(free_ports 3)
socket_php=$work/php.sock
prefix=$work/nginx

# --- nginx: the shipped local config, plus the peers' servers in conf.d/ ----------------------
stack_render_nginx "$port_daemon"
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
    keepalive 64;
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
stack_start_nginx

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
    stack_started $!
    wait_for_ok "http://127.0.0.1:$port_php/" || fail "php-fpm did not answer: $(tail -n 5 "$work/php-fpm.log")"
    opcache=$(curl -s "http://127.0.0.1:$port_php/opcache")
    [ "$opcache" = on ] || fail "opcache is not on in php-fpm ($opcache)"
fi

# --- the daemon, on the embedded store --------------------------------------------------------
if wants_daemon; then
    stack_demo_data "$ORG_SMALL:100:1" "$ORG_LARGE:10000:2"
    TOKEN_SMALL=${TOKEN_SMALL:-$(stack_token "$ORG_SMALL")}
    TOKEN_LARGE=${TOKEN_LARGE:-$(stack_token "$ORG_LARGE")}
    stack_start_daemon
fi

# --- measure ----------------------------------------------------------------------------------
declare -A rps p50 p99 bad
run_row() {
    local row=$1
    shift
    wrk_measure "$WARMUP" "$@"
    wrk_measure "$DURATION" "$@"
    rps[$row]=$wrk_rps
    p50[$row]=$wrk_p50
    p99[$row]=$wrk_p99
    # Responses that were not 2xx/3xx, plus socket errors: a fast row of errors is no result.
    bad[$row]=$((wrk_non2xx + wrk_socket_errors))
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
