#!/usr/bin/env bash
# Commit -> projection benchmark: the real relay jar and a real catalog-service jar (product events on, an
# empty read model under a key prefix of its own) while bench/RelayLoad.java inserts BENCH_RELAY_RATE
# product events/s into an outbox on the real PostgreSQL. For every event after the warm-up it times
# commit -> in the stream (a stream reader) and commit -> applied to the read model (the keyspace
# notification of the consumer's guard key, SET in the same script as the projection's write), so the
# consumer's share shows per event. See bench/README.md for the method and its error.
# Redis is a redis-server of the run's own (same binary, persistence off like the shared one), started
# with keyspace notifications for string commands: that setting is server-wide, so the shared Redis is
# never reconfigured. The database, the server and its data are removed on exit.
# Usage: bench/projection.sh   (BENCH_RELAY_* knobs as for relay.sh, here 50 s of which the first 20 s warm up;
#        CATALOG_JAVA_OPTS e.g. a JFR recording; results in bench/results/projection-<timestamp>.txt)
set -euo pipefail

BENCH_NAME=projection
# A cold catalog-service JVM falls seconds behind at first and catches up within ~15 s: a longer warm-up than relay.sh's
: "${BENCH_RELAY_SECONDS:=50}" "${BENCH_RELAY_WARMUP:=20}"
. "$(dirname "${BASH_SOURCE[0]}")/relay-common.sh"
REDIS_PORT=$(free_port "${BENCH_PROJECTION_REDIS_PORT:-16479}")
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0   # every helper reads it when called
CATALOG_JAR=${CATALOG_JAR:-$REPO/extracted-services/catalog-service/target/catalog-service.jar}
CATALOG_PORT=$(free_port "${BENCH_CATALOG_HTTP_PORT:-18182}")
CATALOG_PREFIX="${PREFIX}catalog:"
GROUP=catalog-service
# The guard key of a product is <CATALOG_KEY_PREFIX>applied:<group>:Product:<sku> (service-kit's EventConsumer)
CHANNEL_PREFIX="__keyspace@0__:${CATALOG_PREFIX}applied:$GROUP:Product:"
build_jar "$CATALOG_JAR" extracted-services/catalog-service

REDIS_DIR=$WORK/redis
mkdir -p "$REDIS_DIR"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --save '' --appendonly no \
  --notify-keyspace-events 'K$' --logfile "$REDIS_DIR/redis.log" &
REDIS_PID=$!
BENCH_PIDS+=("$REDIS_PID")
until redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1; do
  kill -0 "$REDIS_PID" 2>/dev/null || { cat "$REDIS_DIR/redis.log" >&2; die "redis-server did not start"; }
  sleep 0.1
done
log "redis-server of its own on port $REDIS_PORT (notify-keyspace-events K\$)"

create_database
LOAD_BEFORE=$(loadavg)

CATALOG_HTTP_HOST=127.0.0.1 CATALOG_HTTP_PORT="$CATALOG_PORT" CATALOG_REDIS_URL="$REDIS_URL" CATALOG_KEY_PREFIX="$CATALOG_PREFIX" \
  CATALOG_EVENTS_REDIS_URL="$REDIS_URL" CATALOG_EVENTS_PREFIX="$PREFIX" CATALOG_EVENTS_GROUP="$GROUP" CATALOG_EVENTS_CONSUMER=bench-1 \
  java -Xmx512m ${CATALOG_JAVA_OPTS:-} --sun-misc-unsafe-memory-access=allow -jar "$CATALOG_JAR" serve >"$WORK/catalog.log" 2>&1 &
CATALOG_PID=$!
BENCH_PIDS+=("$CATALOG_PID")
# Consuming once its group exists on the stream (it creates both)
until redis-cli -u "$REDIS_URL" xinfo groups "${PREFIX}events:product" 2>/dev/null | grep -qx "$GROUP"; do
  kill -0 "$CATALOG_PID" 2>/dev/null || { tail -20 "$WORK/catalog.log" >&2; die "catalog-service exited"; }
  sleep 0.2
done
start_relay steady
await_relay_ready

log "$RATE product events/s for $SECONDS_STEADY s (first $WARMUP s not measured), writers' synchronous_commit on"
CPU0="$(cpu_seconds "$CATALOG_PID") $(cpu_seconds "$RELAY_PID") $(cpu_seconds "$REDIS_PID")"
T0=$(now_ms)
OUT_LOAD=$(run_load on "$CHANNEL_PREFIX")
T1=$(now_ms)
CPU1="$(cpu_seconds "$CATALOG_PID") $(cpu_seconds "$RELAY_PID") $(cpu_seconds "$REDIS_PID")"
read -r BATCHES ROWS MEAN GAPS <<<"$(relay_batches "$(relay_metrics)")"
CATALOG_METRICS=$(curl -s "http://127.0.0.1:$CATALOG_PORT/metrics" || true)
# CPU in % of one core over the load generator's run (which includes the wait for the last events), per process
CPU_LINE=$(awk -v a="$CPU0" -v b="$CPU1" -v ms="$((T1 - T0))" -v n="$((RATE * SECONDS_STEADY))" 'BEGIN {
  split(a, x, " "); split(b, y, " "); split("catalog-service relay redis-server", name, " ");
  for (i = 1; i <= 3; i++) printf "%s%s %.0f%% (%.0f us/event)", (i > 1 ? ", " : ""), name[i], 100 * (y[i] - x[i]) * 1000 / ms, (y[i] - x[i]) * 1e6 / n }')

mkdir -p "$BENCH_DIR/results"
OUT="$BENCH_DIR/results/projection-$(date +%Y%m%d-%H%M%S)${BENCH_LABEL:+-$BENCH_LABEL}.txt"
{
  echo "# commit -> projection benchmark $(date -Is)"
  host_line "$LOAD_BEFORE"
  echo "catalog jar: $CATALOG_JAR; redis-server of the run's own (notify-keyspace-events K\$, no persistence)"
  echo "relay: RELAY_BATCH_SIZE=$BATCH, notify on (V2 trigger), other settings default; catalog-service: events on, CATALOG_EVENTS_* default, empty read model"
  echo
  echo "## commit -> stream and commit -> read model at $RATE product events/s for $SECONDS_STEADY s (8 writer connections, one transaction per event, $((RATE * SECONDS_STEADY)) events over 1,000 products)"
  echo "$OUT_LOAD"
  echo "relay: $BATCHES batches (mean $ROWS rows, $MEAN ms each), $GAPS sequence gaps passed as permanent"
  echo "catalog-service consumer: applied $(metric "$CATALOG_METRICS" strangler_events_applied_total), skipped $(metric "$CATALOG_METRICS" strangler_events_skipped_total)," \
    "failed $(metric "$CATALOG_METRICS" strangler_events_failed_total), dead-lettered $(metric "$CATALOG_METRICS" strangler_events_dead_lettered_total)"
  echo "CPU during the run: $CPU_LINE"
  echo "redis-server, the costliest commands of the run (INFO commandstats, microseconds per call):"
  redis-cli -u "$REDIS_URL" info commandstats | tr -d '\r' | awk -F'[:=,]' '/^cmdstat_/ {printf "  %-16s %8d calls %8.1f us/call %6.1f s in all\n", substr($1, 9), $3, $7, $5 / 1e6}' \
    | sort -k6 -g -r | head -6
  echo "load average after: $(loadavg)"
} | tee "$OUT"
log "results in $OUT"
