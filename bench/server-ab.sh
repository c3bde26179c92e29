#!/usr/bin/env bash
# Runs two builds of the Cairn server side by side (each on its own port and store) and drives
# them in turn with the same load generator, printing each run's certificates/s and the server's
# CPU per certificate. Shows what one server change costs or saves. See docs/performance.md.
#
#   A_JAR=/tmp/before.jar bench/server-ab.sh                    # B_JAR: this checkout's jar
#   STORE=memory A_JAR=/tmp/before.jar bench/server-ab.sh       # in memory instead of SQLite
#
# Settings (environment): A_JAR (required), B_JAR (cairn-server/target/cairn.jar, also the load
# generator), STORE (sqlite: a fresh --data-dir per server; memory: --in-memory), ROUNDS (3),
# CLIENTS (8), DURATION (20s), WARMUP (30s untimed per server first), PORT (26100; A uses PORT and
# PORT+1, B PORT+100 and PORT+101).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A_JAR="${A_JAR:?set A_JAR to the other build of cairn.jar}"
B_JAR="${B_JAR:-$root/cairn-server/target/cairn.jar}"
STORE="${STORE:-sqlite}"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-8}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-30s}"
PORT="${PORT:-26100}"

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-server-ab.XXXXXX")"
declare -A pid port trust
cleanup() { for l in "${!pid[@]}"; do kill "${pid[$l]}" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # label jar port
    local store=(--in-memory)
    [[ "$STORE" == sqlite ]] && store=(--data-dir "$work/data-$1")
    java -XX:+UseSerialGC -Xmx512m -jar "$2" serve "${store[@]}" --always-valid --listen "127.0.0.1:$3" \
        --admin-listen "127.0.0.1:$(($3 + 1))" >"$work/server-$1.log" 2>&1 &
    pid[$1]=$!
    port[$1]=$3
    for _ in $(seq 1 300); do
        trust[$1]=$(sed -n 's/^TLS trust anchor (PEM) for both listeners: //p' "$work/server-$1.log")
        [[ -n "${trust[$1]}" ]] && curl -sf --cacert "${trust[$1]}" "https://127.0.0.1:$3/directory" >/dev/null && return
        sleep 0.1
    done
    echo "server-ab: server $1 did not start; see $work/server-$1.log" >&2
    exit 1
}

bench() { # label duration [more arguments]
    local label="$1" duration="$2"
    shift 2
    java -jar "$B_JAR" bench --directory "https://127.0.0.1:${port[$label]}/directory" --trust "${trust[$label]}" \
        --clients "$CLIENTS" --duration "$duration" "$@"
}

start A "$A_JAR" "$PORT"
start B "$B_JAR" "$((PORT + 100))"
echo "A: $A_JAR; B: $B_JAR; store $STORE; $CLIENTS clients, $DURATION runs; $(uptime)"
for label in A B; do bench "$label" "$WARMUP" >/dev/null 2>&1; done
for round in $(seq 1 "$ROUNDS"); do
    for label in A B; do
        out="$work/$label-$round.txt"
        bench "$label" "$DURATION" --warmup 5s --server-pid "${pid[$label]}" >"$out" 2>&1 || true
        echo "$label round $round: $(sed -n 's/^certificates *//p' "$out"), server" \
            "$(sed -n 's/.*= \([0-9.]*\) ms per certificate.*/\1/p' "$out") ms CPU per certificate"
    done
done
echo "raw outputs in $work"
