#!/usr/bin/env bash
# Runs the same load against Cairn (--always-valid) and Debian's Pebble (PEBBLE_VA_ALWAYS_VALID=1),
# alternating Cairn, Pebble, Cairn, Pebble... and prints every figure as Cairn, Pebble and the
# Cairn/Pebble ratio (medians over rounds). Everything is on loopback. See docs/performance.md.
#
#   bench/side-by-side.sh                 # 3 rounds at 8 and 32 clients, 20 s each, wrk 10 s
#   ROUNDS=1 CLIENTS="8" DURATION=20s bench/side-by-side.sh
#   BENCH_ARGS="--max-poll 50ms" bench/side-by-side.sh   # extra arguments for cairn bench
#
# Settings (environment): ROUNDS (3), CLIENTS ("8 32"), DURATION (20s), WARMUP (60s, one untimed
# run per server first: Cairn's JIT compilers settle after about a minute of load, and what a
# long-running CA spends per certificate is the figure compared), CLIENT_WARMUP (5s: each bench run warms its own JVM first), WRK_DURATION (10s), WRK_CONNECTIONS (64), WRK_THREADS (2), BENCH_ARGS,
# CAIRN_PORT (24000), PEBBLE_PORT (24100), SKIP_WRK (unset).
# Needs: java, maven (for the jar), pebble, wrk, ab (apache2-utils), openssl, curl, python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-8 32}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-60s}"
WRK_DURATION="${WRK_DURATION:-10s}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
BENCH_ARGS="${BENCH_ARGS:-}"
CLIENT_WARMUP="${CLIENT_WARMUP:-5s}"
CAIRN_PORT="${CAIRN_PORT:-24000}"
PEBBLE_PORT="${PEBBLE_PORT:-24100}"

for tool in java pebble wrk ab openssl curl python3; do
    command -v "$tool" >/dev/null || { echo "side-by-side: $tool is not installed" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-side-by-side.XXXXXX")"
cairn_pid=""
pebble_pid=""

stop() {
    local pid="$1"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
}
cleanup() {
    stop "$cairn_pid"
    stop "$pebble_pid"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

jar="$root/cairn-server/target/cairn.jar"
if [[ ! -f "$jar" ]]; then
    (cd "$root" && mvn -q -B -DskipTests -pl cairn-server -am package)
fi

# Pebble's listener certificate: Debian's package ships the example config but not its certs.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$work/pebble-key.pem" -out "$work/pebble-cert.pem" 2>/dev/null
cat > "$work/pebble-config.json" <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:$PEBBLE_PORT",
    "managementListenAddress": "127.0.0.1:$((PEBBLE_PORT + 1000))",
    "certificate": "$work/pebble-cert.pem",
    "privateKey": "$work/pebble-key.pem",
    "httpPort": 5002,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
JSON

pebble_cmd=(env PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 pebble -config "$work/pebble-config.json")
# The JVM options ./cairn uses by default (CAIRN_JAVA_OPTS overrides, as there).
# shellcheck source=bench/jvm-options.sh
source "$root/bench/jvm-options.sh"
# shellcheck disable=SC2206
cairn_cmd=(java $CAIRN_JVM_OPTS -jar "$jar" serve --in-memory --always-valid --listen "127.0.0.1:$CAIRN_PORT"
    --admin-listen "127.0.0.1:$((CAIRN_PORT + 1000))")
cairn_dir="https://127.0.0.1:$CAIRN_PORT/directory"
pebble_dir="https://127.0.0.1:$PEBBLE_PORT/dir"

wait_for() { # url cafile
    for _ in $(seq 1 100); do
        curl -sf --cacert "$2" "$1" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "side-by-side: $1 did not answer" >&2
    exit 1
}

start_pebble() {
    "${pebble_cmd[@]}" >>"$work/pebble.log" 2>&1 &
    pebble_pid=$!
    wait_for "$pebble_dir" "$work/pebble-cert.pem"
}

start_cairn() {
    local started
    started=$(date +%s%N)
    local log="$work/cairn-$started.log"
    "${cairn_cmd[@]}" >"$log" 2>&1 &
    cairn_pid=$!
    cairn_trust=""
    for _ in $(seq 1 200); do
        cairn_trust=$(sed -n 's/^TLS trust anchor (PEM) for both listeners: //p' "$log")
        [[ -n "$cairn_trust" ]] && break
        sleep 0.05
    done
    wait_for "$cairn_dir" "$cairn_trust"
    echo "$(( ($(date +%s%N) - started) / 1000000 ))" >>"$work/cairn-startup-ms.txt"
    echo "Cairn answered its directory $(tail -1 "$work/cairn-startup-ms.txt") ms after launch"
}

start_pebble
start_cairn

nonce_url() { # directory cafile
    curl -sf --cacert "$2" "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["newNonce"])'
}
cairn_nonce=$(nonce_url "$cairn_dir" "$cairn_trust")
pebble_nonce=$(nonce_url "$pebble_dir" "$work/pebble-cert.pem")

bench() { # server clients duration out.json
    local server="$1" clients="$2" duration="$3" out="$4" dir trust pid
    if [[ "$server" == cairn ]]; then dir="$cairn_dir"; trust="$cairn_trust"; pid="$cairn_pid"
    else dir="$pebble_dir"; trust="$work/pebble-cert.pem"; pid="$pebble_pid"; fi
    local status=0
    # shellcheck disable=SC2086
    java -jar "$jar" bench --directory "$dir" --trust "$trust" --clients "$clients" --duration "$duration" \
        --server-pid "$pid" --json "$out" --warmup "$CLIENT_WARMUP" $BENCH_ARGS >"${out%.json}.txt" 2>&1 || status=$?
    echo "  $server, $clients clients: $(sed -n 's/^certificates *//p' "${out%.json}.txt")$([[ $status == 2 ]] && echo ' STALL')"
    if [[ $status == 2 ]]; then # a deadlocked server stays deadlocked: restart it for the next run
        if [[ "$server" == cairn ]]; then stop "$cairn_pid"; start_cairn; else stop "$pebble_pid"; start_pebble; fi
    fi
}

echo "Warm-up ($WARMUP of issuance and 5 s of newNonce per server, not recorded)"
for server in cairn pebble; do
    bench "$server" "${CLIENTS%% *}" "$WARMUP" "$work/warmup-$server.json"
done
wrk -H "User-Agent: wrk" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d5s "$cairn_nonce" >/dev/null 2>&1 || true
wrk -H "User-Agent: wrk" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d5s "$pebble_nonce" >/dev/null 2>&1 || true

for round in $(seq 1 "$ROUNDS"); do
    echo "Round $round"
    for c in $CLIENTS; do
        for server in cairn pebble; do
            bench "$server" "$c" "$DURATION" "$work/load-$server-c$c-r$round.json"
        done
    done
done

printf 'wrk.method = "HEAD"\n' >"$work/head.lua"
# wrk sends no User-Agent unless told; every ACME client must (RFC 8555 §6.1), and Cairn notes
# each request without one in its conformance report, which a real client never costs it.
# ab sends its own (ApacheBench/2.3).
secs="${WRK_DURATION%s}"
ab_connections=$((WRK_CONNECTIONS / WRK_THREADS))

# The server's user + system CPU time in clock ticks, from /proc/PID/stat (fields 14 and 15).
cpu_ticks() {
    local stat
    stat="$(</proc/"$1"/stat)"
    stat="${stat##*) }"
    read -r -a fields <<<"$stat"
    echo $((fields[11] + fields[12]))
}

# Runs one newNonce measurement ($3: the command, as an array name) and records the server's CPU
# over it in $work/cpu-$1-$2-r$round.txt ("ticks ticks_per_second").
measured() {
    local server="$1" kind="$2" pid before after
    shift 2
    pid="$cairn_pid"; [[ "$server" == pebble ]] && pid="$pebble_pid"
    before="$(cpu_ticks "$pid")"
    "$@" || true
    after="$(cpu_ticks "$pid")"
    echo "$((after - before)) $(getconf CLK_TCK)" >"$work/cpu-$server-$kind-r$round.txt"
}

# HEAD: wrk does not know its request was HEAD, so it waits for a body when a HEAD answer has no
# Content-Length (Pebble's has none). ab -i handles HEAD but is single-threaded, and one ab
# process saturates a core before either server does; so HEAD runs WRK_THREADS ab processes of
# WRK_CONNECTIONS/WRK_THREADS connections each, as wrk runs WRK_THREADS threads. wrk's HEAD
# (Lua) is kept for Cairn alone.
ab_head() {
    local server="$1" url="$2" k pids=()
    for k in $(seq 1 "$WRK_THREADS"); do
        ab -i -k -q -c "$ab_connections" -t "$secs" -n 100000000 "$url" \
            >"$work/ab-$server-HEAD-r$round-p$k.txt" 2>&1 &
        pids+=("$!")
    done
    wait "${pids[@]}" || true
}

if [[ -z "${SKIP_WRK:-}" ]]; then
    for round in $(seq 1 "$ROUNDS"); do
        echo "newNonce round $round ($WRK_CONNECTIONS connections, $WRK_DURATION each)"
        for server in cairn pebble; do
            url="$cairn_nonce"; [[ "$server" == pebble ]] && url="$pebble_nonce"
            measured "$server" GET wrk -H "User-Agent: wrk" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" \
                --latency "$url" >"$work/wrk-$server-GET-r$round.txt" 2>&1
            echo "  $server GET (wrk): $(sed -n 's/^Requests\/sec: *//p' "$work/wrk-$server-GET-r$round.txt") req/s"
        done
        measured cairn HEADwrk wrk -H "User-Agent: wrk" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$WRK_DURATION" \
            --latency -s "$work/head.lua" "$cairn_nonce" >"$work/wrkhead-cairn-HEAD-r$round.txt" 2>&1
        echo "  cairn HEAD (wrk): $(sed -n 's/^Requests\/sec: *//p' "$work/wrkhead-cairn-HEAD-r$round.txt") req/s"
        for server in cairn pebble; do
            url="$cairn_nonce"; [[ "$server" == pebble ]] && url="$pebble_nonce"
            measured "$server" HEAD ab_head "$server" "$url"
            echo "  $server HEAD (ab x$WRK_THREADS): $(cat "$work"/ab-"$server"-HEAD-r"$round"-p*.txt \
                | awk '/^Requests per second:/ {s += $4} END {printf "%.0f", s}') req/s"
        done
    done
fi

sha=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
out="$root/bench/results/$(date +%Y-%m-%d-%H%M)-$sha.md"
commands=$(printf '%s\n' "ROUNDS=$ROUNDS CLIENTS=\"$CLIENTS\" DURATION=$DURATION WARMUP=$WARMUP CLIENT_WARMUP=$CLIENT_WARMUP WRK_DURATION=$WRK_DURATION BENCH_ARGS=\"$BENCH_ARGS\" bench/side-by-side.sh" \
    "${pebble_cmd[*]}" "${cairn_cmd[*]}" \
    "java -jar cairn-server/target/cairn.jar bench --directory URL --trust PEM --clients C --duration $DURATION --warmup $CLIENT_WARMUP --server-pid PID --json F $BENCH_ARGS" \
    "wrk -H 'User-Agent: wrk' -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency NEWNONCE-URL          # GET, both" \
    "wrk -H 'User-Agent: wrk' -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency -s head.lua NEWNONCE-URL  # HEAD, Cairn only (head.lua: wrk.method = \"HEAD\")" \
    "ab -i -k -q -c $ab_connections -t $secs -n 100000000 NEWNONCE-URL    # HEAD, both: $WRK_THREADS of these at once")
python3 "$root/bench/side_by_side_report.py" "$work" "$sha" "$(uptime)" "$commands" "pebble $(dpkg-query -W -f '${Version}' pebble 2>/dev/null || echo unknown) (Debian)" \
    "$(java -version 2>&1 | head -1)" | tee "$out"
echo "Written to $out (raw outputs in $work)"
