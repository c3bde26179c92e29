#!/usr/bin/env bash
# Issuance throughput and cost against databases that already hold SIZES certificates, on
# SQLite and PostgreSQL (issue 5, "Scale"; docs/performance.md). One always-valid Cairn per
# (backend, size) runs for the whole script, so all are equally warm; the load runs alternate
# between sizes (the order flips every round), so the machine's drift hits all sizes alike, and
# the report gives every figure relative to the empty database of the same backend and clients.
#
#   bench/scale.sh                                              # SQLite + PostgreSQL, 0 and 1M, 8 and 32 clients
#   SIZES="0 100000 1000000" CLIENTS="1 8 32 128" ROUNDS=1 bench/scale.sh   # how cost grows
#   BACKENDS=sqlite SIZES="0 10000" CLIENTS=8 DURATION=10s ROUNDS=1 bench/scale.sh   # quick look
#
# Settings (environment): BACKENDS ("sqlite postgres"), SIZES ("0 1000000"), CLIENTS ("8 32"),
# ROUNDS (2), DURATION (30s), WARMUP (20s: one untimed run per server first, so no JIT is cold),
# CLIENT_WARMUP (10s, each run), STALL_AFTER (60s: a loaded machine is slow, not stalled), SCALE_DIR (/tmp/cairn-scale: data
# directories, seeded once and reused), PG_URL (jdbc:postgresql://127.0.0.1:55432; database
# cairn_SIZE), PG_USER (cairn; created
# when missing), PG_DATA (the cluster's data
# directory, to read PostgreSQL's own CPU from /proc; optional), BASE_PORT (25000), BENCH_ARGS.
# Missing datasets are seeded with `cairn seed` first (SQLite: about 3-15 min per million).
# Needs: java, curl, python3; psql for PostgreSQL.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BACKENDS="${BACKENDS:-sqlite postgres}"
SIZES="${SIZES:-0 1000000}"
CLIENTS="${CLIENTS:-8 32}"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-30s}"
CLIENT_WARMUP="${CLIENT_WARMUP:-10s}"
WARMUP="${WARMUP:-20s}"
STALL_AFTER="${STALL_AFTER:-60s}"
SCALE_DIR="${SCALE_DIR:-/tmp/cairn-scale}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:55432}"
PG_USER="${PG_USER:-cairn}"
PG_DATA="${PG_DATA:-}"
BASE_PORT="${BASE_PORT:-25000}"
BENCH_ARGS="${BENCH_ARGS:-}"

jar="$root/cairn-server/target/cairn.jar"
if [[ ! -f "$jar" ]]; then
    (cd "$root" && mvn -q -B -DskipTests -pl cairn-server -am package)
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/cairn-scale-run.XXXXXX")"
mkdir -p "$SCALE_DIR"
declare -A pid dir trust
commands=()

cleanup() {
    for key in "${!pid[@]}"; do
        local p="${pid[$key]}"
        kill "$p" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

psql_url() { # jdbc:postgresql://host:port/db -> psql connection arguments
    local rest="${1#jdbc:postgresql://}"
    local hostport="${rest%%/*}"
    echo "-h ${hostport%%:*} -p ${hostport##*:} -U $PG_USER -d ${rest#*/}"
}

stored() { # backend size -> certificates now stored (0 when the schema is missing)
    if [[ "$1" == sqlite ]]; then
        local db="$SCALE_DIR/sqlite-$2/cairn.db"
        [[ -f "$db" ]] && python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from certificates").fetchone()[0])' "$db" 2>/dev/null || echo 0
    else
        # shellcheck disable=SC2046
        psql $(psql_url "$PG_URL/cairn_$2") -Atc 'select count(*) from certificates' 2>/dev/null || echo 0
    fi
}

ensure_database() { # size: creates cairn_SIZE when it is missing
    local args
    args="$(psql_url "$PG_URL/postgres")"
    # shellcheck disable=SC2086
    if [[ -z "$(psql $args -Atc "select 1 from pg_database where datname = 'cairn_$1'")" ]]; then
        psql $args -qc "create database cairn_$1" >/dev/null
    fi
}

seed_args() { # backend size
    if [[ "$1" == sqlite ]]; then echo "--data-dir $SCALE_DIR/sqlite-$2"
    else echo "--data-dir $SCALE_DIR/postgres-ca --database $PG_URL/cairn_$2 --database-user $PG_USER"; fi
}

start() { # backend size port
    local key="$1-$2" log="$work/cairn-$1-$2.log" args
    args="$(seed_args "$1" "$2")"
    # shellcheck disable=SC2086,SC2206
    local cmd=(java ${CAIRN_JAVA_OPTS:--XX:+UseSerialGC -Xmx512m} -jar "$jar" serve $args --always-valid
        --listen "127.0.0.1:$3" --admin-listen "127.0.0.1:$(($3 + 1))")
    commands+=("${cmd[*]}")
    "${cmd[@]}" >"$log" 2>&1 &
    pid[$key]=$!
    dir[$key]="https://127.0.0.1:$3/directory"
    for _ in $(seq 1 3000); do # up to 10 min: a first start migrates a big database
        trust[$key]=$(sed -n 's/^TLS trust anchor (PEM) for both listeners: //p' "$log")
        [[ -n "${trust[$key]}" ]] && curl -sf --cacert "${trust[$key]}" "${dir[$key]}" >/dev/null 2>&1 && return 0
        kill -0 "${pid[$key]}" 2>/dev/null || { echo "scale: Cairn $key did not start:" >&2; cat "$log" >&2; exit 1; }
        sleep 0.2
    done
    echo "scale: Cairn $key did not answer" >&2
    exit 1
}

pg_cpu_ticks() { # utime + stime of the PostgreSQL cluster's processes, or empty
    [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]] || return 0
    local master total=0
    master=$(head -1 "$PG_DATA/postmaster.pid")
    for p in "$master" $(pgrep -P "$master"); do
        [[ -r /proc/$p/stat ]] || continue
        total=$((total + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
    done
    echo "$total"
}

run() { # backend size clients round [duration warm-up file-prefix]
    local key="$1-$2" out="$work/${7:-load}-$1-$2-c$3-r$4.json" status=0 before after
    before=$(pg_cpu_ticks)
    # shellcheck disable=SC2086
    java -jar "$jar" bench --directory "${dir[$key]}" --trust "${trust[$key]}" --clients "$3" \
        --duration "${5:-$DURATION}" --warmup "${6:-$CLIENT_WARMUP}" --stall-after "$STALL_AFTER" --server-pid "${pid[$key]}" --json "$out" \
        $BENCH_ARGS >"${out%.json}.txt" 2>&1 || status=$?
    after=$(pg_cpu_ticks)
    if [[ "$1" == postgres && -n "$before" && -n "$after" ]]; then
        echo "$((after - before)) $(getconf CLK_TCK)" >"${out%.json}.pgcpu"
    fi
    echo "  $key, $3 clients: $(sed -n 's/^certificates *//p' "${out%.json}.txt")$([[ $status != 0 ]] && echo " (exit $status)")"
}

uptime_before="$(uptime)"
port="$BASE_PORT"
for backend in $BACKENDS; do
    for size in $SIZES; do
        [[ "$backend" == postgres ]] && ensure_database "$size"
        have=$(stored "$backend" "$size")
        if (( size > 0 && have < size )); then
            echo "Seeding $backend with $size certificates (has $have)"
            # shellcheck disable=SC2046
            java -jar "$jar" seed $(seed_args "$backend" "$size") --certificates $((size - have)) \
                --seed "$size$have" | tail -1
        fi
        echo "$backend-$size: $(stored "$backend" "$size") certificates stored before the runs" | tee -a "$work/stored.txt"
        start "$backend" "$size" "$port"
        port=$((port + 10))
    done
done

echo "Warm-up: $WARMUP per server at ${CLIENTS%% *} clients, not recorded"
for backend in $BACKENDS; do
    for size in $SIZES; do
        run "$backend" "$size" "${CLIENTS%% *}" 0 "$WARMUP" 0s warmup
    done
done

for round in $(seq 1 "$ROUNDS"); do
    echo "Round $round"
    order="$SIZES"
    (( round % 2 == 0 )) && order="$(echo "$SIZES" | tr ' ' '\n' | tac | tr '\n' ' ')"
    for c in $CLIENTS; do
        for backend in $BACKENDS; do
            for size in $order; do
                run "$backend" "$size" "$c" "$round"
            done
        done
    done
done
for backend in $BACKENDS; do
    for size in $SIZES; do
        echo "$backend-$size: $(stored "$backend" "$size") certificates stored after the runs" >>"$work/stored.txt"
    done
done

sha="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
mkdir -p "$root/bench/results"
report="$root/bench/results/scale-$(date -u +%Y-%m-%d-%H%M)-$sha.md"
printf '%s\n' "${commands[@]}" >"$work/commands.txt"
python3 "$root/bench/scale_report.py" "$work" "$sha" "$uptime_before" "$(uptime)" \
    "BACKENDS=\"$BACKENDS\" SIZES=\"$SIZES\" CLIENTS=\"$CLIENTS\" ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP CLIENT_WARMUP=$CLIENT_WARMUP STALL_AFTER=$STALL_AFTER bench/scale.sh" \
    "$(java -version 2>&1 | head -1)" >"$report"
cat "$report"
echo "Report: $report (raw outputs in $work)"
