#!/usr/bin/env bash
# Outbox relay benchmark, on the real PostgreSQL and Redis (loopback only):
#  1. throughput: a backlog of BENCH_RELAY_BACKLOG rows drained by one relay (events/s);
#  2. latency: commit -> appended to the stream (as a stream reader sees it), p50/p99, while a load
#     generator inserts BENCH_RELAY_RATE rows/s (each its own transaction, 8 connections).
# It uses a database and a Redis key prefix of its own and removes both on exit.
# Usage: bench/relay.sh        (BENCH_RELAY_* knobs below; results in bench/results/relay-<timestamp>.txt)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

BACKLOG=${BENCH_RELAY_BACKLOG:-100000}      # rows drained in phase 1
RATE=${BENCH_RELAY_RATE:-1000}              # rows/s inserted in phase 2
SECONDS_STEADY=${BENCH_RELAY_SECONDS:-40}   # length of phase 2
WARMUP=${BENCH_RELAY_WARMUP:-10}            # first seconds of phase 2 left out of the figures
BATCH=${BENCH_RELAY_BATCH_SIZE:-500}        # RELAY_BATCH_SIZE
PG_URL=${BENCH_DATABASE_URL:-${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}}
REDIS_URL=${BENCH_REDIS_URL:-${REDIS_URL:-redis://127.0.0.1:6379/0}}
RELAY_JAR=${RELAY_JAR:-$REPO/outbox-relay/target/outbox-relay.jar}
HTTP_PORT=${BENCH_RELAY_HTTP_PORT:-18195}
DB=relay_bench_$$
PREFIX="bench:relay:$$:"
MIGRATIONS=$REPO/legacy-monolith/src/main/resources/db/migration

log() { printf '[relay-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

. "$REPO/bin/lib.sh"
use_jdk || die "a JDK 21 or newer is needed (set JAVA_HOME)"
command -v psql >/dev/null || die "psql is needed (apt-get install postgresql-client)"
command -v redis-cli >/dev/null || die "redis-cli is needed (apt-get install redis-tools)"
case "$PG_URL" in postgres://*|postgresql://*) ;; *) die "BENCH_DATABASE_URL must be postgresql://user@host:port/db" ;; esac
case "$REDIS_URL" in redis://127.0.0.1*|redis://localhost*) ;; *) die "only a Redis on loopback (got $REDIS_URL)" ;; esac
ADMIN_URL=$PG_URL
BENCH_URL=${PG_URL%/*}/$DB
PG_USER=$(echo "$PG_URL" | sed -E 's#^[a-z]+://([^:@/]+)[:@].*#\1#; t; s#.*#postgres#')
JDBC_URL="jdbc:postgresql://$(echo "${BENCH_URL#*://}" | sed -E 's#^[^@/]*@##')"

if [ ! -f "$RELAY_JAR" ]; then
  log "building $RELAY_JAR"
  (cd "$REPO" && mvn -B -q -pl outbox-relay -am -DskipTests package) || die "build failed"
fi

WORK=$(mktemp -d)
RELAY_PID=""
cleanup() {
  trap - EXIT INT TERM
  [ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null || true
  psql -q "$ADMIN_URL" -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  redis-cli -u "$REDIS_URL" --scan --pattern "${PREFIX}*" | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
stream_len() { redis-cli -u "$REDIS_URL" xlen "${PREFIX}events:product"; }

start_relay() {
  RELAY_DATABASE_URL="$JDBC_URL" RELAY_DATABASE_USER="$PG_USER" RELAY_REDIS_URL="$REDIS_URL" RELAY_KEY_PREFIX="$PREFIX" \
    RELAY_HTTP_PORT="$HTTP_PORT" RELAY_BATCH_SIZE="$BATCH" RELAY_INSTANCE_ID="bench-$1" \
    java -Xmx512m --sun-misc-unsafe-memory-access=allow -jar "$RELAY_JAR" >>"$WORK/relay.log" 2>&1 &
  RELAY_PID=$!
}
stop_relay() { kill "$RELAY_PID"; wait "$RELAY_PID" 2>/dev/null || true; RELAY_PID=""; }
reset_outbox() {
  psql -q "$BENCH_URL" -c "truncate outbox restart identity" >/dev/null
  redis-cli -u "$REDIS_URL" --scan --pattern "${PREFIX}*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null
}

log "database $DB, key prefix $PREFIX"
psql -q "$ADMIN_URL" -c "create database $DB" >/dev/null
psql -q "$BENCH_URL" -f "$MIGRATIONS/V1__shop_schema.sql" -f "$MIGRATIONS/V2__outbox_notify.sql" >/dev/null
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- 1. draining a backlog
log "phase 1: inserting a backlog of $BACKLOG rows"
psql -q "$BENCH_URL" -c "insert into outbox (event_id, aggregate_type, aggregate_id, event_type, payload)
  select gen_random_uuid(), 'Product', 'ACME-' || lpad((i % 1000)::text, 5, '0'), 'PriceChanged',
         jsonb_build_object('sku', 'ACME-' || lpad((i % 1000)::text, 5, '0'), 'name', 'Bench product', 'price', 19.99, 'stock', 7)
  from generate_series(1, $BACKLOG) i" >/dev/null
T_START=$(now_ms)
start_relay drain
T_FIRST=""
until [ "$(stream_len)" -ge "$BACKLOG" ]; do
  kill -0 "$RELAY_PID" 2>/dev/null || { tail -20 "$WORK/relay.log" >&2; die "the relay exited"; }
  [ -z "$T_FIRST" ] && [ "$(stream_len)" -gt 0 ] && T_FIRST=$(now_ms)
  [ $(( $(now_ms) - T_START )) -lt 600000 ] || die "backlog not drained within 10 minutes"
  sleep 0.05
done
T_END=$(now_ms)
RELAY_CPU_TICKS=$(awk '{print $14 + $15}' /proc/"$RELAY_PID"/stat)
METRICS=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics" || true)
stop_relay
UNPUBLISHED=$(psql -qAt "$BENCH_URL" -c "select count(*) from outbox where published_at is null")
DRAIN_MS=$(( T_END - T_FIRST ))
DRAIN_RATE=$(( BACKLOG * 1000 / (DRAIN_MS > 0 ? DRAIN_MS : 1) ))
TOTAL_MS=$(( T_END - T_START ))
CPU_S=$(awk -v t="$RELAY_CPU_TICKS" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t / hz}')
BATCH_MEAN=$(echo "$METRICS" | awk '/^relay_batch_seconds_sum/ {s=$2} /^relay_batch_seconds_count/ {c=$2} END {if (c) printf "%.2f", s / c * 1000}')
log "drained $BACKLOG rows in $DRAIN_MS ms from the first append ($DRAIN_RATE events/s); $TOTAL_MS ms from the relay's start"

# ---------------------------------------------------------------- 2. latency at a steady rate
# Twice: the writers committing as an application does (synchronous_commit on: each commit waits
# for the disk, and a row waits for every earlier-sequence commit), then with it off (the relay's own latency).
steady() {
  reset_outbox
  log "phase 2 ($1): $RATE rows/s for $SECONDS_STEADY s (first $WARMUP s not measured), writers' synchronous_commit $1"
  start_relay "steady-$1"
  until curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null; do sleep 0.2; done
  local out metrics batches mean gaps
  out=$(java -Xmx256m -cp "$RELAY_JAR" "$BENCH_DIR/RelayLoad.java" "$JDBC_URL" "$PG_USER" "$REDIS_URL" \
    "${PREFIX}events:product" "$RATE" "$SECONDS_STEADY" "$WARMUP" "$1" 2>>"$WORK/load.err")
  metrics=$(curl -s "http://127.0.0.1:$HTTP_PORT/metrics" || true)
  stop_relay
  batches=$(echo "$metrics" | awk '/^relay_batch_seconds_count/ {printf "%d", $2}')
  mean=$(echo "$metrics" | awk '/^relay_batch_seconds_sum/ {s=$2} /^relay_batch_seconds_count/ {c=$2} END {if (c) printf "%.2f", s / c * 1000}')
  gaps=$(echo "$metrics" | awk '/^relay_gaps_skipped_total/ {printf "%d", $2}')
  printf '%s\nrelay: %s batches (mean %s rows, %s ms each), %s sequence gaps passed as permanent\n' "$out" "${batches:-0}" \
    "$(( RATE * SECONDS_STEADY / (${batches:-0} > 0 ? ${batches:-1} : 1) ))" "${mean:-?}" "${gaps:-0}" >"$WORK/steady-$1.txt"
  log "$(cat "$WORK/steady-$1.txt")"
}
steady on
steady off
STEADY_ON=$(cat "$WORK/steady-on.txt")
STEADY_OFF=$(cat "$WORK/steady-off.txt")

# ---------------------------------------------------------------- report
mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/relay-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# outbox relay benchmark $(date -Is)"
  echo "host: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load average before: $LOAD_BEFORE"
  echo "java: $(java -version 2>&1 | head -1); jar: $RELAY_JAR"
  echo "postgres: $(psql -qAt "$BENCH_URL" -c 'show server_version'); redis: $(redis-cli -u "$REDIS_URL" info server | awk -F: '/redis_version/ {print $2}' | tr -d '\r')"
  echo "relay: RELAY_BATCH_SIZE=$BATCH, notify on (V2 trigger), other settings default"
  echo
  echo "## 1. draining a backlog of $BACKLOG rows (one stream)"
  echo "first append -> last append: $DRAIN_MS ms = $DRAIN_RATE events/s"
  echo "relay start -> last append:  $TOTAL_MS ms (JVM start included)"
  echo "relay CPU: $CPU_S s; mean batch (read + append + mark of $BATCH rows): ${BATCH_MEAN:-?} ms; rows left unpublished: $UNPUBLISHED"
  echo
  echo "## 2. commit -> stream at $RATE rows/s for $SECONDS_STEADY s (8 writer connections, one transaction per row)"
  echo "$STEADY_ON"
  echo "$STEADY_OFF"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
log "results in $OUT"
