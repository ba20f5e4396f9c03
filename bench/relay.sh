#!/usr/bin/env bash
# Outbox relay benchmark, on the real PostgreSQL and Redis (loopback only):
#  1. throughput: a backlog of BENCH_RELAY_BACKLOG rows drained by one relay (events/s);
#  2. latency: commit -> appended to the stream (as a stream reader sees it), p50/p99, while a load
#     generator inserts BENCH_RELAY_RATE rows/s (each its own transaction, 8 connections).
# It uses a database and a Redis key prefix of its own and removes both on exit.
# Usage: bench/relay.sh        (BENCH_RELAY_* knobs in relay-common.sh; results in bench/results/relay-<timestamp>.txt)
set -euo pipefail

BENCH_NAME=relay
. "$(dirname "${BASH_SOURCE[0]}")/relay-common.sh"
BACKLOG=${BENCH_RELAY_BACKLOG:-100000}      # rows drained in phase 1

create_database
LOAD_BEFORE=$(loadavg)

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
CPU_S=$(cpu_seconds "$RELAY_PID")
METRICS=$(relay_metrics)
stop_relay
UNPUBLISHED=$(psql -qAt "$BENCH_URL" -c "select count(*) from outbox where published_at is null")
DRAIN_MS=$(( T_END - T_FIRST ))
DRAIN_RATE=$(( BACKLOG * 1000 / (DRAIN_MS > 0 ? DRAIN_MS : 1) ))
TOTAL_MS=$(( T_END - T_START ))
BATCH_MEAN=$(echo "$METRICS" | awk '/^relay_batch_seconds_sum/ {s=$2} /^relay_batch_seconds_count/ {c=$2} END {if (c) printf "%.2f", s / c * 1000}')
log "drained $BACKLOG rows in $DRAIN_MS ms from the first append ($DRAIN_RATE events/s); $TOTAL_MS ms from the relay's start"

# ---------------------------------------------------------------- 2. latency at a steady rate
# Twice: the writers committing as an application does (synchronous_commit on: each commit waits
# for the disk, and a row waits for every earlier-sequence commit), then with it off (the relay's own latency).
steady() {
  reset_outbox
  log "phase 2 ($1): $RATE rows/s for $SECONDS_STEADY s (first $WARMUP s not measured), writers' synchronous_commit $1"
  start_relay "steady-$1"
  await_relay_ready
  local out batches rows mean gaps
  out=$(run_load "$1")
  read -r batches rows mean gaps <<<"$(relay_batches "$(relay_metrics)")"
  stop_relay
  printf '%s\nrelay: %s batches (mean %s rows, %s ms each), %s sequence gaps passed as permanent\n' "$out" "$batches" \
    "$rows" "$mean" "$gaps" >"$WORK/steady-$1.txt"
  log "$(cat "$WORK/steady-$1.txt")"
}
steady on
steady off
STEADY_ON=$(cat "$WORK/steady-on.txt")
STEADY_OFF=$(cat "$WORK/steady-off.txt")

# ---------------------------------------------------------------- report
mkdir -p "${BENCH_RESULTS_DIR:-$BENCH_DIR/results}"
OUT="${BENCH_RESULTS_DIR:-$BENCH_DIR/results}/relay-$(date +%Y%m%d-%H%M%S).txt"
{
  echo "# outbox relay benchmark $(date -Is)"
  host_line "$LOAD_BEFORE"
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
  echo "load average after: $(loadavg)"
} | tee "$OUT"
log "results in $OUT"
