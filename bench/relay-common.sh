# Shared by bench/relay.sh and bench/projection.sh: source it after setting BENCH_NAME. It reads the
# BENCH_RELAY_* knobs, checks the tools, creates a database of the run's own with the monolith's
# migrations (create_database), starts and stops the relay jar, runs the load generator, and on exit
# stops the relay and every process in BENCH_PIDS (last started first), drops the database and deletes
# the run's keys. Functions and settings only, no measuring.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)

RATE=${BENCH_RELAY_RATE:-1000}              # rows/s inserted at a steady rate
SECONDS_STEADY=${BENCH_RELAY_SECONDS:-40}   # length of a steady run
WARMUP=${BENCH_RELAY_WARMUP:-10}            # first seconds of a steady run left out of the figures
BATCH=${BENCH_RELAY_BATCH_SIZE:-500}        # RELAY_BATCH_SIZE
# BENCH_RELAY_DUMP=<path>: every steady run also writes each event's times to <path>-<on|off>.csv
PG_URL=${BENCH_DATABASE_URL:-${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}}
REDIS_URL=${BENCH_REDIS_URL:-${REDIS_URL:-redis://127.0.0.1:6379/0}}
RELAY_JAR=${RELAY_JAR:-$REPO/outbox-relay/target/outbox-relay.jar}
HTTP_PORT=${BENCH_RELAY_HTTP_PORT:-18195}
DB=${BENCH_NAME}_bench_$$
PREFIX="bench:$BENCH_NAME:$$:"
MIGRATIONS=$REPO/legacy-monolith/src/main/resources/db/migration

log() { printf '[%s-bench %s] %s\n' "$BENCH_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
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

# Builds a jar the run needs when it is missing: build_jar <jar> <maven module>
build_jar() {
  [ -f "$1" ] && return 0
  log "building $1"
  (cd "$REPO" && mvn -B -q -pl "$2" -am -DskipTests package) || die "build failed"
}
build_jar "$RELAY_JAR" outbox-relay

WORK=$(mktemp -d)
RELAY_PID=""
BENCH_PIDS=()
DB_CREATED=""
cleanup() {
  trap - EXIT INT TERM
  local i
  [ -n "$RELAY_PID" ] && kill "$RELAY_PID" 2>/dev/null && wait "$RELAY_PID" 2>/dev/null || true
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do   # last started, first stopped
    kill "${BENCH_PIDS[i]}" 2>/dev/null && wait "${BENCH_PIDS[i]}" 2>/dev/null || true
  done
  [ -n "$DB_CREATED" ] && { psql -q "$ADMIN_URL" -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true; }
  delete_keys
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
delete_keys() { redis-cli -u "$REDIS_URL" --scan --pattern "${PREFIX}*" 2>/dev/null | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null || true; }
stream_len() { redis-cli -u "$REDIS_URL" xlen "${PREFIX}events:product"; }
# CPU seconds a process has used so far (user + system)
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
# The first free port from $1 on
free_port() { local p=$1; while port_open "$p"; do p=$((p + 1)); done; echo "$p"; }
# A counter's or gauge's value (summed over its tags) from a Prometheus text page: metric <page> <name>
metric() { echo "$1" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 {s += $2; f = 1} END {if (f) printf "%d", s; else print "?"}'; }

create_database() {
  log "database $DB, key prefix $PREFIX"
  psql -q "$ADMIN_URL" -c "create database $DB" >/dev/null
  DB_CREATED=1
  psql -q "$BENCH_URL" -f "$MIGRATIONS/V1__shop_schema.sql" -f "$MIGRATIONS/V2__outbox_notify.sql" >/dev/null
}

start_relay() {
  RELAY_DATABASE_URL="$JDBC_URL" RELAY_DATABASE_USER="$PG_USER" RELAY_REDIS_URL="$REDIS_URL" RELAY_KEY_PREFIX="$PREFIX" \
    RELAY_HTTP_PORT="$HTTP_PORT" RELAY_BATCH_SIZE="$BATCH" RELAY_INSTANCE_ID="bench-$1" \
    java -Xmx512m --sun-misc-unsafe-memory-access=allow -jar "$RELAY_JAR" >>"$WORK/relay.log" 2>&1 &
  RELAY_PID=$!
}
await_relay_ready() {
  until curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null; do
    kill -0 "$RELAY_PID" 2>/dev/null || { tail -20 "$WORK/relay.log" >&2; die "the relay exited"; }
    sleep 0.2
  done
}
stop_relay() { kill "$RELAY_PID"; wait "$RELAY_PID" 2>/dev/null || true; RELAY_PID=""; }
reset_outbox() {
  psql -q "$BENCH_URL" -c "truncate outbox restart identity" >/dev/null
  delete_keys
}
relay_metrics() { curl -s "http://127.0.0.1:$HTTP_PORT/metrics" || true; }
# "<batches> <mean rows per batch> <mean ms per batch> <gaps passed>" from the relay's metrics page
relay_batches() {
  echo "$1" | awk -v rows="$((RATE * SECONDS_STEADY))" '/^relay_batch_seconds_sum/ {s=$2} /^relay_batch_seconds_count/ {c=$2}
    /^relay_gaps_skipped_total/ {g=$2} END {printf "%d %d %s %d\n", c, c ? rows / c : 0, c ? sprintf("%.2f", s / c * 1000) : "?", g}'
}

# Inserts RATE rows/s for SECONDS_STEADY s and prints its figures: run_load <synchronous_commit on|off> [<keyspace channel prefix>]
run_load() {
  java -Xmx256m ${BENCH_RELAY_DUMP:+"-Dbench.dump=$BENCH_RELAY_DUMP-$1.csv"} -cp "$RELAY_JAR" "$BENCH_DIR/RelayLoad.java" "$JDBC_URL" "$PG_USER" "$REDIS_URL" \
    "${PREFIX}events:product" "$RATE" "$SECONDS_STEADY" "$WARMUP" "$1" ${2:+"$2"} 2>>"$WORK/load.err" \
    || { tail -20 "$WORK/load.err" >&2; die "the load generator failed"; }
}

host_line() {
  echo "host: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; load average before: $1"
  echo "java: $(java -version 2>&1 | head -1); relay jar: $RELAY_JAR"
  echo "postgres: $(psql -qAt "$BENCH_URL" -c 'show server_version'); redis: $(redis-cli -u "$REDIS_URL" info server | awk -F: '/redis_version/ {print $2}' | tr -d '\r')"
}
