#!/usr/bin/env bash
# Runs two builds of the load generator (cairn bench) in turn against one Cairn server and prints,
# per run, what the server spent per certificate: CPU time, read and write system calls
# (/proc/PID/io syscr, syscw) and context switches (all its threads). Shows how much of the
# server's cost a client causes. See docs/performance.md, "The load generator".
#
#   A_JAR=/tmp/old-cairn.jar bench/generator-ab.sh          # B_JAR defaults to this checkout's jar
#
# Settings (environment): A_JAR (required), B_JAR (cairn-server/target/cairn.jar, also the server),
# ROUNDS (3), CLIENTS (8), DURATION (20s), WARMUP (40s, untimed, with B), PORT (24000).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
A_JAR="${A_JAR:?set A_JAR to the other build of cairn.jar}"
B_JAR="${B_JAR:-$root/cairn-server/target/cairn.jar}"
ROUNDS="${ROUNDS:-3}"
CLIENTS="${CLIENTS:-8}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-40s}"
PORT="${PORT:-24000}"

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-generator-ab.XXXXXX")"
# shellcheck source=bench/jvm-options.sh
source "$root/bench/jvm-options.sh"
# shellcheck disable=SC2086
java $CAIRN_JVM_OPTS -jar "$B_JAR" serve --in-memory --always-valid --listen "127.0.0.1:$PORT" \
    --admin-listen "127.0.0.1:$((PORT + 1000))" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
trust=""
for _ in $(seq 1 200); do
    trust=$(sed -n 's/^TLS trust anchor (PEM) for both listeners: //p' "$work/server.log")
    [[ -n "$trust" ]] && curl -sf --cacert "$trust" "https://127.0.0.1:$PORT/directory" >/dev/null && break
    sleep 0.1
done
dir="https://127.0.0.1:$PORT/directory"

counters() { # read syscalls, write syscalls, context switches of every thread
    awk '/^syscr|^syscw/ {printf "%s ", $2}' "/proc/$pid/io"
    cat /proc/"$pid"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}'
}

echo "server: $B_JAR (pid $pid); A: $A_JAR; B: $B_JAR; $CLIENTS clients, $DURATION runs; $(uptime)"
java -jar "$B_JAR" bench --directory "$dir" --trust "$trust" --clients "$CLIENTS" --duration "$WARMUP" >/dev/null 2>&1
for round in $(seq 1 "$ROUNDS"); do
    for label in A B; do
        jar="$A_JAR"; [[ "$label" == B ]] && jar="$B_JAR"
        out="$work/$label-$round.txt"
        read -r r0 w0 c0 < <(counters)
        java -jar "$jar" bench --directory "$dir" --trust "$trust" --clients "$CLIENTS" --duration "$DURATION" \
            --server-pid "$pid" >"$out" 2>&1
        read -r r1 w1 c1 < <(counters)
        certs=$(sed -n 's/^certificates *\([0-9]*\) .*/\1/p' "$out")
        python3 - "$label" "$round" "$certs" "$((r1 - r0))" "$((w1 - w0))" "$((c1 - c0))" "$out" <<'PY'
import re, sys
label, rnd, certs, reads, writes, switches, out = sys.argv[1:]
text = open(out).read()
rate = re.search(r"^certificates .*= ([\d.]+)/s", text, re.M).group(1)
server = re.search(r"= ([\d.]+) ms per certificate; peak", text).group(1)
client = re.search(r"^client CPU +([\d.]+)", text, re.M).group(1)
n = int(certs)
print(f"{label} round {rnd}: {rate} certificates/s, server {server} ms CPU per certificate, client {client} ms; "
      f"server per certificate: {int(reads) / n:.1f} reads, {int(writes) / n:.1f} writes, "
      f"{int(switches) / n:.1f} context switches")
PY
    done
done
echo "raw outputs in $work"
