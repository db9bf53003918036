# Impress Admin: one bounded wrk measurement and its figures (bash, sourced after
# loopback-stack.sh, which provides fail and duration_seconds).
#
#   wrk_measure DURATION URL [wrk options...]
# runs `wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency`, killed 30 s after its duration,
# and sets:
#   wrk_rps       requests/s, whole
#   wrk_p50, wrk_p99      latency in ms, 2 decimals
#   wrk_non2xx    responses that were not 2xx/3xx
#   wrk_socket_errors     connect, read, write and timeout errors together
#   wrk_output    wrk's own output
# THREADS and CONNECTIONS default to 2 and 64. A wrk that fails or prints no rate stops the script.

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}

# Latency in wrk's units (us, ms, s) to milliseconds.
wrk_to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; printf "%.2f", n }'; }

wrk_measure() {
    local duration=$1 url=$2
    shift 2
    command -v wrk >/dev/null || fail "wrk is not installed"
    wrk_output=$(timeout -k 5 "$(($(duration_seconds "$duration") + 30))" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "$@" "$url") || fail "wrk failed on $url"
    [ -z "${BENCH_VERBOSE:-}" ] || echo "$wrk_output" >&2
    wrk_rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<< "$wrk_output")
    [ -n "$wrk_rps" ] || fail "wrk printed no rate for $url: $wrk_output"
    wrk_p50=$(wrk_to_ms "$(awk '$1 == "50%" { print $2 }' <<< "$wrk_output")")
    wrk_p99=$(wrk_to_ms "$(awk '$1 == "99%" { print $2 }' <<< "$wrk_output")")
    wrk_non2xx=$(awk '/Non-2xx/ { n += $NF } END { print n + 0 }' <<< "$wrk_output")
    wrk_socket_errors=$(awk '/Socket errors/ { gsub(/[^0-9 ]/, " "); for (i = 1; i <= NF; i++) n += $i } END { print n + 0 }' \
        <<< "$wrk_output")
}
