# Impress Admin: the loopback stack the load scripts share (bash, sourced by bench-peers.sh and
# soak): a work directory, every process started recorded and stopped on exit, nginx rendered
# from the shipped snippets, and the daemon on the embedded store with demo data and dev tokens.
#
# The sourcing script sets, before sourcing:
#   STACK_NAME   its name, for messages and the work directory
# and gets:
#   repo, work   the repository root and a fresh work directory (removed on exit)
#   fail MSG     prints "$STACK_NAME: MSG" and exits 1
#   stack_started PID      records a process to stop on exit (TERM, KILL after 5 s, newest first)
#   free_ports N           N free loopback ports, space-separated
#   wait_for_ok URL        waits up to 10 s for a 200
#   duration_seconds D     seconds in a wrk duration (10s, 2m, 1h)
#   stack_render_nginx PORT    nginx.conf for the daemon's socket under $work/nginx; extra servers
#                              may go into $work/nginx/conf.d/ before stack_start_nginx
#   stack_start_nginx          starts nginx and waits until it answers on $daemon_port (a 502
#                              while no daemon runs)
#   stack_demo_data ORG:EVENTS:SEED...   writes $DATA_FILE (unless set) with `demo-data`
#   stack_token ORG            a dev token for ORG (the key pair lives in $work/keys)
#   stack_start_daemon         starts `$BINARY serve` on $daemon_socket; sets daemon_pid and waits
#                              for /health through nginx on $daemon_port
# Settings read: BINARY, DATA_FILE, DAEMON_AUTH_ENV (extra VAR=value words that make the daemon
# accept the tokens; default the JWKS `dev-token` writes into $work/keys).

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/impress-$STACK_NAME.XXXXXX")
daemon_socket=$work/fcgi.sock
dev_keys=$work/keys
dev_issuer=https://clerk.impress.local
stack_pids=()

# Stops what was started, newest first: TERM, then KILL after 5 s.
stack_cleanup() {
    local pid i
    for ((i = ${#stack_pids[@]} - 1; i >= 0; i--)); do
        pid=${stack_pids[i]}
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stack_cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "$STACK_NAME: $*" >&2; exit 1; }
stack_started() { stack_pids+=("$1"); }

duration_seconds() {
    case "$1" in
        *m) echo $((${1%m} * 60)) ;;
        *h) echo $((${1%h} * 3600)) ;;
        *s) echo "${1%s}" ;;
        *) echo "$1" ;;
    esac
}

# Free loopback ports, found by binding port 0 (all held at once, so they differ).
free_ports() {
    python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

wait_for_ok() {
    for _ in $(seq 100); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" || true)" = 200 ] && return 0
        sleep 0.1
    done
    return 1
}

stack_render_nginx() {
    command -v nginx >/dev/null || fail "nginx is not installed"
    daemon_port=$1
    PREFIX=$work/nginx PORT=$daemon_port SOCKET=$daemon_socket "$repo/scripts/lib/render-local-nginx.sh" >/dev/null
}

stack_start_nginx() {
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
    stack_started $!
    for _ in $(seq 100); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$daemon_port/health" || true)" != 000 ] \
            && return 0
        sleep 0.1
    done
    fail "nginx did not start: $(tail -n 5 "$work/nginx/logs/error.log")"
}

stack_demo_data() {
    [ -n "${DATA_FILE:-}" ] && return 0
    [ -x "$BINARY" ] || fail "no daemon at $BINARY (swift build -c release, or set BINARY)"
    DATA_FILE=$work/events.jsonl
    local spec org events seed
    for spec in "$@"; do
        IFS=: read -r org events seed <<< "$spec"
        "$BINARY" demo-data --out "$work/$org.jsonl" --orgs "$org" --events "$events" --seed "$seed" >/dev/null
        cat "$work/$org.jsonl" >> "$DATA_FILE"
    done
}

# dev-token creates the key pair and JWKS in $dev_keys on first use, then mints tokens with it.
stack_token() {
    "$BINARY" dev-token --dir "$dev_keys" --org "$1" --issuer "$dev_issuer"
}

stack_start_daemon() {
    [ -x "$BINARY" ] || fail "no daemon at $BINARY (swift build -c release, or set BINARY)"
    DAEMON_AUTH_ENV=${DAEMON_AUTH_ENV:-"CLERK_JWKS_URL=file://$dev_keys/jwks.json CLERK_ISSUER=$dev_issuer"}
    # `env` execs the daemon, so $! is the daemon itself (its RSS is what soak samples).
    # shellcheck disable=SC2086 # DAEMON_AUTH_ENV is a list of VAR=value words
    env IMPRESS_LISTEN="unix:$daemon_socket" IMPRESS_STORE="file:$DATA_FILE" $DAEMON_AUTH_ENV \
        "$BINARY" serve 2> "$work/daemon.log" &
    daemon_pid=$!
    stack_started "$daemon_pid"
    wait_for_ok "http://127.0.0.1:$daemon_port/health" \
        || fail "the daemon did not answer /health: $(tail -n 5 "$work/daemon.log")"
}
