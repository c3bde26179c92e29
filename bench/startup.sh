#!/usr/bin/env bash
# Start-up time: launches a server RUNS times and measures, each time, from launch until its ACME
# directory first answers over HTTPS (curl -k, polled every 10 ms), and the CPU time the server had
# used by then. Prints min / median / max per variant and writes
# bench/results/<date>-startup-<sha>.md with the load (uptime) and commands.
# Everything is on loopback, on free ports. See docs/performance.md ("Start-up").
#
#   bench/startup.sh                              # 10 runs each of: cairn jar pebble
#   RUNS=5 VARIANTS="cairn pebble" bench/startup.sh
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup.sh   # another JDK (its java first on PATH)
#
# Variants:
#   cairn   ./cairn serve --test                  (the launcher: its JVM options, C1 only for --test, and
#                                                   its class-data-sharing archive or AOT cache; one
#                                                   untimed run first creates it)
#   jar     java -XX:+UseSerialGC -Xmx512m -jar cairn-server/target/cairn.jar serve --test   (no archive)
#   pebble  pebble -config <generated>            (Debian's Pebble, PEBBLE_VA_NOSLEEP=1)
# Settings (environment): RUNS (10), VARIANTS ("cairn jar pebble"), TIMEOUT_S (30), NO_RECORD (unset:
# write the results file), LABEL (a note for the results file), LABEL_FILE (a suffix for its name).
# Needs: java, maven (for the jar), curl, python3; pebble and openssl for the pebble variant.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-10}"
VARIANTS="${VARIANTS:-cairn jar pebble}"
TIMEOUT_S="${TIMEOUT_S:-30}"
LABEL="${LABEL:-}"
if [[ -n "${JAVA_HOME:-}" ]]; then
    export PATH="$JAVA_HOME/bin:$PATH"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-startup.XXXXXX")"
server_pid=""

stop() { # pid [seconds to wait for it to exit before SIGKILL, default 5]
    local pid="$1" grace="${2:-5}"
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 $((grace * 20))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    if [[ -n "$pid" ]]; then wait "$pid" 2>/dev/null || true; fi
}
cleanup() {
    stop "$server_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_ports() { # prints two free loopback ports
    python3 - <<'PY'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

jar="$root/cairn-server/target/cairn.jar"
if [[ ! -f "$jar" ]]; then
    (cd "$root" && mvn -q -B -DskipTests -pl cairn-server -am package)
fi

# Pebble's listener certificate: Debian's package ships the example config but not its certs.
if [[ " $VARIANTS " == *" pebble "* ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
        -keyout "$work/pebble-key.pem" -out "$work/pebble-cert.pem" 2>/dev/null
fi

# Sets cmd (an array) and url for a variant on ports $1 and $2.
command_for() { # variant port adminPort
    local variant="$1" port="$2" admin="$3"
    case "$variant" in
        cairn)
            cmd=("$root/cairn" serve --test --listen "127.0.0.1:$port" --admin-listen "127.0.0.1:$admin")
            url="https://127.0.0.1:$port/directory" ;;
        jar)
            cmd=(java -XX:+UseSerialGC -Xmx512m -jar "$jar" serve --test
                --listen "127.0.0.1:$port" --admin-listen "127.0.0.1:$admin")
            url="https://127.0.0.1:$port/directory" ;;
        pebble)
            cat > "$work/pebble-config.json" <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:$port",
    "managementListenAddress": "127.0.0.1:$admin",
    "certificate": "$work/pebble-cert.pem",
    "privateKey": "$work/pebble-key.pem",
    "httpPort": 5002,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
JSON
            cmd=(env PEBBLE_VA_NOSLEEP=1 pebble -config "$work/pebble-config.json")
            url="https://127.0.0.1:$port/dir" ;;
        *) echo "startup: unknown variant $variant" >&2; exit 2 ;;
    esac
}

# One launch: prints the milliseconds from launch to the first 200 from the directory, and the CPU
# milliseconds. The JVM writes a class-data-sharing archive or AOT cache as it exits, which can take
# a while: GRACE seconds (default 5) before it is killed.
measure() { # variant
    local ports port admin started now deadline
    ports=$(free_ports)
    port=${ports% *}
    admin=${ports#* }
    command_for "$1" "$port" "$admin"
    started=$(date +%s%N)
    deadline=$((started + TIMEOUT_S * 1000000000))
    "${cmd[@]}" >"$work/server.log" 2>&1 &
    server_pid=$!
    while true; do
        if curl -skf --max-time 1 -o /dev/null "$url" 2>/dev/null; then
            now=$(date +%s%N)
            cpu=$(cpu_ms "$server_pid")
            break
        fi
        now=$(date +%s%N)
        if ((now > deadline)) || ! kill -0 "$server_pid" 2>/dev/null; then
            echo "startup: $1 did not answer $url within ${TIMEOUT_S}s; its output:" >&2
            cat "$work/server.log" >&2
            exit 1
        fi
        sleep 0.01
    done
    stop "$server_pid" "${GRACE:-5}"
    server_pid=""
    echo "$(((now - started) / 1000000)) $cpu"
}

cpu_ms() { # pid -> its CPU time so far (user + system, all threads) in ms
    local ticks
    ticks=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
    echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

summary() { # numbers... -> "min median max"
    printf '%s\n' "$@" | sort -n | python3 -c '
import statistics, sys
v = [int(x) for x in sys.stdin.read().split()]
print(min(v), int(statistics.median(v)), max(v))'
}

load_before="$(uptime)"
java_version="$(java -version 2>&1 | head -1)"
declare -A results cpu_results
for variant in $VARIANTS; do
    if [[ "$variant" == cairn ]]; then
        GRACE=300 measure cairn >/dev/null # untimed: creates the CDS archive or AOT cache if it is missing
        if [[ ! -f "$root/cairn-server/target/cairn.jsa" && ! -f "$root/cairn-server/target/cairn.aot" ]]; then
            echo "startup: ./cairn wrote no cairn.jsa or cairn.aot; the cairn runs will each record one" >&2
        fi
    fi
    times=()
    cpus=()
    for i in $(seq 1 "$RUNS"); do
        read -r t c <<<"$(measure "$variant")"
        times+=("$t")
        cpus+=("$c")
        echo "$variant run $i: $t ms (CPU $c ms)" >&2
    done
    results[$variant]="${times[*]}"
    cpu_results[$variant]="${cpus[*]}"
done
load_after="$(uptime)"

sha="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git -C "$root" diff --quiet HEAD -- cairn-server/src/main cairn 2>/dev/null; then sha="$sha+dirty"; fi
report="| variant | min ms | median ms | max ms | median CPU ms | runs (ms) |"$'\n'"|---|---:|---:|---:|---:|---|"
for variant in $VARIANTS; do
    # shellcheck disable=SC2086
    read -r lo mid hi <<<"$(summary ${results[$variant]})"
    # shellcheck disable=SC2086
    read -r _ cpu_mid _ <<<"$(summary ${cpu_results[$variant]})"
    report+=$'\n'"| $variant | $lo | $mid | $hi | $cpu_mid | ${results[$variant]} |"
done
echo "$report"

if [[ -z "${NO_RECORD:-}" ]]; then
    out="$root/bench/results/$(date -u +%Y-%m-%d-%H%M)-startup-$sha${LABEL_FILE:+-$LABEL_FILE}.md"
    n=2
    while [[ -e "$out" ]]; do # two recordings in one minute: keep both
        out="${out%.md}"
        out="${out%-run[0-9]*}-run$n.md"
        n=$((n + 1))
    done
    {
        echo "# Start-up, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $sha${LABEL:+ ($LABEL)}"
        echo
        echo "Time from launch until \`GET /directory\` first answers (curl -k, polled every 10 ms), $RUNS runs each;"
        echo "CPU = the server process's user + system time (all threads) at that moment."
        echo
        echo "$report"
        echo
        echo "- load before: \`$load_before\`"
        echo "- load after: \`$load_after\`"
        echo "- java: \`$java_version\`; cairn: \`./cairn serve --test\` (CAIRN_JAVA_OPTS=${CAIRN_JAVA_OPTS:-default})"
        echo "- pebble: $(dpkg-query -W -f '${Version}' pebble 2>/dev/null || echo unknown) (Debian), \`PEBBLE_VA_NOSLEEP=1 pebble -config …\`"
        echo "- command: \`RUNS=$RUNS VARIANTS=\"$VARIANTS\" bench/startup.sh\`"
    } >"$out"
    echo "written: $out" >&2
fi
