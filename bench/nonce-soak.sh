#!/usr/bin/env bash
# Issues NONCES newNonce answers (default 10 million) from one Cairn process with wrk and
# records the server's RSS after every chunk, to show that nonce state is bounded (issue 5:
# "RSS flat after 10 million nonces"). See docs/performance.md.
#
#   bench/nonce-soak.sh                        # 10 million, 64 connections, 15 s chunks
#   NONCES=1000000 bench/nonce-soak.sh
#
# Settings (environment): NONCES (10000000), MAX_SECONDS (none: stop after the chunk that
# passes it, and report how many were issued), CONNECTIONS (64), THREADS (2), CHUNK (15s),
# CAIRN_PORT (24200), CAIRN_JAR (cairn-server/target/cairn.jar), CAIRN_JAVA_OPTS (as ./cairn: -XX:+UseSerialGC -Xmx256m ...).
# Writes bench/results/<date>-<sha>-nonce-soak.md. Needs: java, wrk, curl.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NONCES="${NONCES:-10000000}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
CHUNK="${CHUNK:-15s}"
CAIRN_PORT="${CAIRN_PORT:-24200}"
# shellcheck source=bench/jvm-options.sh
source "$root/bench/jvm-options.sh"

for tool in java wrk curl; do
    command -v "$tool" >/dev/null || { echo "nonce-soak: $tool is not installed" >&2; exit 1; }
done
jar="${CAIRN_JAR:-$root/cairn-server/target/cairn.jar}"
[[ -f "$jar" ]] || (cd "$root" && mvn -q -B -DskipTests -pl cairn-server -am package)

work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-nonce-soak.XXXXXX")"
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; true' EXIT
trap 'exit 130' INT TERM

load_before="$(uptime)"
# shellcheck disable=SC2206
cmd=(java $CAIRN_JVM_OPTS -jar "$jar" serve --in-memory --always-valid --listen "127.0.0.1:$CAIRN_PORT"
    --admin-listen "127.0.0.1:$((CAIRN_PORT + 1000))")
"${cmd[@]}" >"$work/cairn.log" 2>&1 &
pid=$!
trust=""
for _ in $(seq 1 300); do
    trust=$(sed -n 's/^TLS trust anchor (PEM) for both listeners: //p' "$work/cairn.log")
    [[ -n "$trust" ]] && curl -sf --cacert "$trust" "https://127.0.0.1:$CAIRN_PORT/directory" >/dev/null && break
    sleep 0.1
done
url="https://127.0.0.1:$CAIRN_PORT/acme/new-nonce"
rss() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
hwm() { awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }

rows="| nonces issued | RSS (MiB) | VmHWM (MiB) | chunk req/s |"$'\n'"|---:|---:|---:|---:|"$'\n'
rows+="| 0 | $(rss) | $(hwm) | |"$'\n'
total=0
started=$(date +%s)
while (( total < NONCES )) && [[ -z "${MAX_SECONDS:-}" || $(( $(date +%s) - started )) -lt $MAX_SECONDS ]]; do
    # with a User-Agent, as every ACME client sends (RFC 8555 §6.1); without one each request is
    # noted in the conformance report
    out=$(wrk -H "User-Agent: wrk" -t"$THREADS" -c"$CONNECTIONS" -d"$CHUNK" "$url" 2>&1)
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
    [[ -n "$errors" ]] && echo "nonce-soak: $errors" >&2
    total=$((total + n))
    line="| $(printf "%'d" "$total") | $(rss) | $(hwm) | $(sed -n 's/^Requests\/sec: *//p' <<<"$out") |"
    echo "$line"
    rows+="$line"$'\n'
done
elapsed=$(( $(date +%s) - started ))

sha=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
out="$root/bench/results/$(date +%Y-%m-%d-%H%M)-$sha-nonce-soak.md"
{
    echo "# newNonce soak: $(printf "%'d" "$total") nonces from one Cairn process, $(date -u '+%Y-%m-%d %H:%M') UTC, commit $sha"
    echo
    echo "- load before: \`$load_before\`; after: \`$(uptime)\`"
    echo "- $elapsed s in all; $(java -version 2>&1 | head -1)"
    echo
    echo "Commands:"
    echo
    echo '```'
    echo "NONCES=$NONCES MAX_SECONDS=${MAX_SECONDS:-} CONNECTIONS=$CONNECTIONS CHUNK=$CHUNK bench/nonce-soak.sh"
    echo "${cmd[*]}"
    echo "wrk -H 'User-Agent: wrk' -t$THREADS -c$CONNECTIONS -d$CHUNK $url   # repeated until $NONCES; RSS from /proc/PID/status after each"
    echo '```'
    echo
    echo "$rows"
} >"$out"
echo "Written to $out"
