#!/usr/bin/env bash
# The performance report, in one command: the Strangler proxy next to nginx and the backend reached directly
# (plain forwarding, with session resolution, with cache hits, with rate limiting, with 100 % shadowing, all
# measured in one run of bench/run.sh), then replay throughput, the outbox relay's throughput and lag, and the
# memory 10,000 idle connections cost. Writes bench/results/report-<stamp>.md (a markdown table) and .png (a
# chart), and the raw results of every part next to them. Loopback only; about 10 minutes with the defaults.
# Usage: bench/report.sh        (knobs: BENCH_REPORT_* below, and run.sh's BENCH_* for the proxy part)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
. "$REPO/bin/lib.sh"

REDIS_PORT=${BENCH_REPORT_REDIS_PORT:-18196}       # a private redis-server for sessions, cache, limits, shadow results
BACKEND_PORT=${BENCH_PORT_BACKEND:-18181}          # run.sh's nginx backend (the routes point at it)
REPLAY_PORT=${BENCH_REPORT_REPLAY_PORT:-18197}     # the replay's backend (both sides)
REPLAY_EXCHANGES=${BENCH_REPORT_REPLAY_EXCHANGES:-20000}
REPLAY_SESSIONS=${BENCH_REPORT_REPLAY_SESSIONS:-500}
REPLAY_CONCURRENCY=${BENCH_REPORT_REPLAY_CONCURRENCY:-32}
IDLE=${BENCH_REPORT_IDLE_CONNECTIONS:-10000}
SCENARIOS="plain session cached limited shadow"

log() { printf '[report %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

use_jdk || die "a JDK 21 or newer is needed (set JAVA_HOME)"
command -v redis-server >/dev/null || die "redis-server is needed (apt-get install redis-server)"
command -v redis-cli >/dev/null || die "redis-cli is needed (apt-get install redis-tools)"
if ! command -v gnuplot >/dev/null; then
  [ "$(id -u)" = 0 ] || die "gnuplot is needed for the chart (apt-get install gnuplot-nox)"
  log "installing gnuplot-nox with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
fi
for jar in strangler-proxy/target/strangler-proxy.jar strangler-cli/target/strangler.jar outbox-relay/target/outbox-relay.jar; do
  [ -f "$REPO/$jar" ] && continue
  log "building the jars"
  (cd "$REPO" && mvn -B -q -pl strangler-proxy,strangler-cli,outbox-relay -am package -DskipTests) || die "build failed"
  break
done
# Every part needs many descriptors: 10,000 idle connections on each side of a socket.
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((IDLE + 1000)) ] || die "open files limit $(ulimit -n) is too low for $IDLE idle connections (raise the hard limit)"

WORK=$(mktemp -d /tmp/strangler-report.XXXXXX)
PIDS=()
cleanup() {
  local rc=$? p
  trap - EXIT INT TERM
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=${BENCH_RESULTS_DIR:-$BENCH_DIR/results}
mkdir -p "$RESULTS"
MD=$RESULTS/report-$STAMP.md
PNG=$RESULTS/report-$STAMP.png
T0=$(date +%s)

# ---------------------------------------------------------------- 1. the proxy next to nginx and direct
port_open "$REDIS_PORT" && die "port $REDIS_PORT is in use (BENCH_REPORT_REDIS_PORT)"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no > "$WORK/redis.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do port_open "$REDIS_PORT" && break; sleep 0.1; done
port_open "$REDIS_PORT" || die "redis-server did not start: $(cat "$WORK/redis.log")"

# A logged-in customer's session as the monolith's Spring Session writes it (values are JSON).
SESSION_ID=$(cat /proc/sys/kernel/random/uuid)
NOW_MS=$(($(date +%s%N) / 1000000))
redis-cli -p "$REDIS_PORT" hset "bench:session:sessions:$SESSION_ID" creationTime "$NOW_MS" lastAccessedTime "$NOW_MS" \
  maxInactiveInterval 86400 sessionAttr:customerId 42 sessionAttr:customerEmail '"bench@example.com"' >/dev/null
redis-cli -p "$REDIS_PORT" expire "bench:session:sessions:$SESSION_ID" 86400 >/dev/null

cat > "$WORK/routes.yaml" <<YAML
apiVersion: strangler/v1
backends:
  legacy: {urls: [http://127.0.0.1:$BACKEND_PORT]}
  candidate: {urls: [http://127.0.0.1:$BACKEND_PORT]}
routes:
  - id: plain
    match: {path: /plain/**, methods: [GET, HEAD]}
    target: legacy
    rewrite: {stripPrefix: /plain}
  - id: session
    match: {path: /session/**, methods: [GET, HEAD]}
    target: legacy
    requireSession: true
    rewrite: {stripPrefix: /session}
  - id: cached
    match: {path: /cached/**, methods: [GET, HEAD]}
    target: legacy
    cache: {ttl: 600s}
    rewrite: {stripPrefix: /cached}
  - id: limited
    match: {path: /limited/**, methods: [GET, HEAD]}
    target: legacy
    rateLimit: {rate: 1000000/s, burst: 1000000, key: ip, onRedisDown: closed}
    rewrite: {stripPrefix: /limited}
  - id: shadow
    match: {path: /shadow/**, methods: [GET, HEAD]}
    target: {shadow: {primary: legacy, candidate: candidate, percent: 100}}
    rewrite: {stripPrefix: /shadow}
YAML

log "part 1: the proxy (run.sh: direct nginx $SCENARIOS, then $IDLE idle connections)"
R=redis://127.0.0.1:$REDIS_PORT     # the routes come from the file: each store is named on its own
STRANGLER_ENV="STRANGLER_ROUTES_FILE=$WORK/routes.yaml STRANGLER_SESSION_REDIS_URL=$R STRANGLER_CACHE_REDIS_URL=$R"
STRANGLER_ENV+=" STRANGLER_RATE_LIMIT_REDIS_URL=$R STRANGLER_SHADOW_RESULTS_REDIS_URL=$R"
STRANGLER_ENV+=" STRANGLER_IDENTITY_KEY=bench-identity-key-of-at-least-32-bytes STRANGLER_SESSION_NAMESPACE=bench:session"
STRANGLER_ENV+=" STRANGLER_IDLE_TIMEOUT_MS=600000 STRANGLER_MAX_CONNECTIONS=20000"   # room for the idle connections
SESSION_COOKIE=$(printf '%s' "$SESSION_ID" | base64 -w0)
STRANGLER_ENV="$STRANGLER_ENV" BENCH_PATHS="direct nginx $SCENARIOS" BENCH_SIZES=1k BENCH_BASELINE=plain \
  BENCH_HEADER_session="Cookie: SESSION=$SESSION_COOKIE" BENCH_IDLE_CONNECTIONS="$IDLE" BENCH_IDLE_PATHS="plain nginx" \
  BENCH_ROUNDS="${BENCH_ROUNDS:-1}" BENCH_LABEL="report-$STAMP" BENCH_PORT_BACKEND="$BACKEND_PORT" "$BENCH_DIR/run.sh" > "$WORK/proxy.txt"
PROXY_RESULTS=$(ls -t "$RESULTS"/*"report-$STAMP".txt | head -1)
# run.sh checked every path answers 200 with the right body (the session route: to the bench's cookie); the cache:
CACHE_KEYS=$(redis-cli -p "$REDIS_PORT" --scan --pattern "*cache*" | wc -l)
[ "$CACHE_KEYS" -gt 0 ] || die "no cache entry in the bench's Redis: the cached route did not use it"

# ---------------------------------------------------------------- 2. replay throughput
log "part 2: replaying $REPLAY_EXCHANGES exchanges ($REPLAY_SESSIONS sessions, concurrency $REPLAY_CONCURRENCY)"
# A catalog page of 20 products, the same on both sides: every exchange is compared in full.
{
  printf '{"page":1,"size":20,"items":['
  for i in $(seq 1 20); do
    [ "$i" -gt 1 ] && printf ','
    printf '{"sku":"ACME-%05d","name":"Product %d","price":%d.99,"stock":%d,"tags":["bench","t%d"]}' "$i" "$i" "$i" "$((i * 3))" "$i"
  done
  printf ']}'
} > "$WORK/page.json"
java "$BENCH_DIR/StaticBackend.java" "$REPLAY_PORT" 0 "$WORK/page.json" > "$WORK/replay-backend.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 300); do port_open "$REPLAY_PORT" && break; sleep 0.1; done
port_open "$REPLAY_PORT" || die "the replay's backend did not start"
# (the body through the environment: awk -v would undo its escapes)
BODY=$(sed 's/"/\\"/g' "$WORK/page.json") awk -v n="$REPLAY_EXCHANGES" -v s="$REPLAY_SESSIONS" 'BEGIN { body = ENVIRON["BODY"]
  for (i = 0; i < n; i++)
    printf "{\"v\":1,\"at\":\"2026-11-29T06:00:00.000Z\",\"route\":\"catalog-read\",\"epoch\":1,\"session\":\"s-%04d\",\"sideEffect\":\"safe\",\"request\":{\"method\":\"GET\",\"uri\":\"/api/products?page=%d\",\"headers\":{\"accept\":[\"application/json\"]}},\"response\":{\"status\":200,\"headers\":{\"content-type\":[\"application/json\"]},\"body\":\"%s\",\"latencyMs\":1.0,\"servedBy\":\"legacy\"}}\n", i % s, i % 50, body
}' > "$WORK/capture.jsonl"
R0=$(date +%s%N)
"$REPO/bin/strangler" replay --capture "$WORK/capture.jsonl" --legacy "http://127.0.0.1:$REPLAY_PORT" \
  --candidate "http://127.0.0.1:$REPLAY_PORT" --concurrency "$REPLAY_CONCURRENCY" --no-progress \
  --json "$WORK/replay.json" > "$WORK/replay.out" 2>&1 || { cat "$WORK/replay.out" >&2; die "the replay failed"; }
R1=$(date +%s%N)
REPLAY_MS=$(( (R1 - R0) / 1000000 ))
REPLAY_COMPARED=$(grep -o '"compared" *: *[0-9]*' "$WORK/replay.json" | head -1 | grep -o '[0-9]*$')
[ "${REPLAY_COMPARED:-0}" = "$REPLAY_EXCHANGES" ] || die "the replay compared ${REPLAY_COMPARED:-0} of $REPLAY_EXCHANGES exchanges"

# ---------------------------------------------------------------- 3. the outbox relay
log "part 3: the outbox relay (bench/relay.sh)"
BENCH_RELAY_BACKLOG=${BENCH_RELAY_BACKLOG:-50000} BENCH_RELAY_SECONDS=${BENCH_RELAY_SECONDS:-25} BENCH_RELAY_WARMUP=${BENCH_RELAY_WARMUP:-5} \
  "$BENCH_DIR/relay.sh" > "$WORK/relay.txt"
RELAY_RESULTS=$(ls -t "$RESULTS"/relay-*.txt | head -1)

# ---------------------------------------------------------------- the report
raw() { awk -v k="$1" -v p="$2" '$1 == k && $3 == p' "$PROXY_RESULTS" | head -1; }
peak() { raw peak "$1" | awk '{print $8}'; }                  # req/s (one round: that run)
fixed_p99() { raw fixed "$1" | awk '{printf "%.2f", $10 / 1000}'; }
us_req() { raw peak "$1" | awk '{ if ($16 == "-" || $8 <= 0) print "-"; else printf "%.0f", $16 * 10000 / $8 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
NGINX_RPS=$(peak nginx); DIRECT_RPS=$(peak direct)
label_of() { case $1 in direct) echo "direct (no proxy)";; nginx) echo "nginx proxy, plain";; plain) echo "Strangler, plain";;
  session) echo "Strangler, session resolution";; cached) echo "Strangler, cache hits";; limited) echo "Strangler, rate limiting";;
  shadow) echo "Strangler, 100 % shadow";; esac; }
FIXED_RATE=$(raw fixed nginx | awk '{print $7}')
RELAY_DRAIN=$(grep -m1 '^first append' "$RELAY_RESULTS" | grep -oE '[0-9]+ events/s')
RELAY_LAG=$(grep -m1 '^commit->stream lag' "$RELAY_RESULTS" | sed -E 's/^commit->stream lag ms: *//')
idle_line() { awk -v p="$1" '$1 == "idle" && $2 == p' "$PROXY_RESULTS"; }
idle_mib() { idle_line "$1" | awk '{printf "%.1f", ($7 - $6) / 1024}'; }
idle_heap() { idle_line "$1" | awk '{ if ($8 == "-") print "-"; else printf "%.1f MiB of heap after a full GC, %.2f KiB per connection", ($9 - $8) / 1024, ($9 - $8) / $4 }'; }
idle_open() { idle_line "$1" | awk '{print $4 " of " $3}'; }

{
  echo "# Strangler performance report $STAMP"
  echo
  echo "One run of \`bench/report.sh\` on $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(java -version 2>&1 | head -1)."
  echo "Load average at start and end of the proxy part: $(grep -m1 '^load average at start' "$PROXY_RESULTS" | sed 's/.*: //') / $(grep -m1 '^load average at end' "$PROXY_RESULTS" | sed 's/.*: //;s/;.*//')."
  echo "The proxy and nginx each get one core (one event loop, one worker); wrk and the backend share the other (see bench/README.md)."
  echo
  echo "## Proxying 1 KiB answers"
  echo
  echo "| scenario | req/s (peak) | × nginx | × direct | p99 at $FIXED_RATE req/s (ms) | achieved req/s | proxy CPU µs/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for p in direct nginx $SCENARIOS; do
    rps=$(peak "$p")
    echo "| $(label_of "$p") | $(printf '%.0f' "$rps") | $(ratio "$rps" "$NGINX_RPS") | $(ratio "$rps" "$DIRECT_RPS") | $(fixed_p99 "$p") | $(raw fixed "$p" | awk '{print $8}') | $(us_req "$p") |"
  done
  echo
  echo "Peak: wrk, 64 connections, closed loop. p99: h2load at a fixed rate of half nginx's peak; where a path"
  echo "achieved less than that rate it could not keep up and its p99 understates the wait (no coordinated-omission"
  echo "correction). Session: one Redis read per request"
  echo "(\`requireSession\`); cache hits: the answer from Redis; rate limiting: one GCRA script per request; shadow: a"
  echo "copy of every request to a second backend, compared off the event loop, results flushed to Redis."
  echo
  echo "## Replay, relay, idle connections"
  echo
  echo "| what | figure |"
  echo "|---|---|"
  echo "| replay: $REPLAY_EXCHANGES exchanges, $REPLAY_SESSIONS sessions, concurrency $REPLAY_CONCURRENCY (each: legacy twice + candidate, compared) | $(awk -v n="$REPLAY_EXCHANGES" -v ms="$REPLAY_MS" 'BEGIN{printf "%.0f exchanges/s (%.0f requests/s), %.1f s with JVM start", n*1000/ms, 3*n*1000/ms, ms/1000}') |"
  echo "| outbox relay: draining a backlog | $RELAY_DRAIN |"
  echo "| outbox relay: commit → stream at 1,000 rows/s (ms) | $RELAY_LAG |"
  echo "| memory for $IDLE idle connections, Strangler (RSS growth) | $(idle_mib plain) MiB ($(idle_open plain) open) |"
  echo "| memory for $IDLE idle connections, Strangler (heap) | $(idle_heap plain) |"
  echo "| memory for $IDLE idle connections, nginx (RSS growth) | $(idle_mib nginx) MiB ($(idle_open nginx) open) |"
  echo
  echo "Raw results: \`$(basename "$PROXY_RESULTS")\`, \`$(basename "$RELAY_RESULTS")\`; total time $(( $(date +%s) - T0 )) s."
} > "$MD"

# The chart: peak throughput per scenario, and p99 at the fixed rate.
for p in direct nginx $SCENARIOS; do
  printf '"%s" %s %s\n' "$(label_of "$p" | sed 's/Strangler, //')" "$(peak "$p")" "$(fixed_p99 "$p")"
done > "$WORK/chart.dat"
gnuplot <<GP
set terminal pngcairo size 1100,460 font "sans,10"
set output "$PNG"
set multiplot layout 1,2 title "Strangler proxy, 1 KiB answers ($STAMP, one core each)"
set style fill solid 0.8 border -1
set boxwidth 0.6
set grid ytics
set xtics rotate by -30
set yrange [0:*]
set offsets 0, 0, graph 0.1, 0
set title "peak throughput (req/s, higher is better)"
plot "$WORK/chart.dat" using 0:2:xtic(1) with boxes lc rgb "#3b7dd8" notitle, "" using 0:2:(sprintf("%.0f",\$2)) with labels offset 0,0.7 notitle
set title "p99 at $FIXED_RATE req/s (ms, lower is better)"
plot "$WORK/chart.dat" using 0:3:xtic(1) with boxes lc rgb "#d8843b" notitle, "" using 0:3:(sprintf("%.2f",\$3)) with labels offset 0,0.7 notitle
unset multiplot
GP
cat "$MD"
log "report: $MD and $PNG"
