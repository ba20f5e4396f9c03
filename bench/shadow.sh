#!/usr/bin/env bash
# Does shadowing cost the primary? One Strangler JVM, one run, three routes to the same nginx backend, measured
# interleaved by bench/run.sh: "plain" (no shadow), "shadowslow" (100 % shadowed to a candidate that answers after
# 2 s) and "shadowdown" (100 % shadowed to a port where nothing listens). The target: the primary's throughput and
# its p99 at a fixed rate within 10 % of "plain". Usage: bench/shadow.sh  (BENCH_* knobs as for run.sh)
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SLOW_PORT=${BENCH_PORT_SLOW:-18184}
DOWN_PORT=${BENCH_PORT_DOWN:-18185}     # nothing listens here
BACKEND_PORT=${BENCH_PORT_BACKEND:-18181}
LEARN_NOISE=${BENCH_SHADOW_LEARN_NOISE:-false}
WORK=$(mktemp -d /tmp/strangler-shadow-bench.XXXXXX)
SLOW_PID=""
cleanup() { [ -n "$SLOW_PID" ] && kill "$SLOW_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

. "$BENCH_DIR/../bin/lib.sh"
use_jdk || { echo "no JDK >= 21" >&2; exit 1; }
if (exec 3<>"/dev/tcp/127.0.0.1/$DOWN_PORT") 2>/dev/null; then echo "port $DOWN_PORT must be free (the 'down' candidate)" >&2; exit 1; fi

java "$BENCH_DIR/StaticBackend.java" "$SLOW_PORT" 2000 > "$WORK/slow.log" 2>&1 &
SLOW_PID=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SLOW_PORT") 2>/dev/null && break; sleep 0.1; done

# Every route strips its prefix, so all three ask nginx for the same file; only the shadow differs.
cat > "$WORK/routes.yaml" <<YAML
apiVersion: strangler/v1
backends:
  legacy: {urls: [http://127.0.0.1:$BACKEND_PORT]}
  slow: {urls: [http://127.0.0.1:$SLOW_PORT]}
  down: {urls: [http://127.0.0.1:$DOWN_PORT]}
routes:
  - id: plain
    match: {path: /plain/**}
    target: legacy
    rewrite: {stripPrefix: /plain}
  - id: shadowslow
    match: {path: /shadowslow/**}
    target: {shadow: {primary: legacy, candidate: slow, percent: 100}}
    rewrite: {stripPrefix: /shadowslow}
    shadow: {learnNoise: $LEARN_NOISE}
  - id: shadowdown
    match: {path: /shadowdown/**}
    target: {shadow: {primary: legacy, candidate: down, percent: 100}}
    rewrite: {stripPrefix: /shadowdown}
    shadow: {learnNoise: $LEARN_NOISE}
YAML

export STRANGLER_ENV="STRANGLER_ROUTES_FILE=$WORK/routes.yaml"
export BENCH_PATHS="plain shadowslow shadowdown" BENCH_BASELINE=plain
export BENCH_SIZES=${BENCH_SIZES:-1k} BENCH_ROUNDS=${BENCH_ROUNDS:-3} BENCH_LABEL=${BENCH_LABEL:-shadow}
export BENCH_PORT_BACKEND=$BACKEND_PORT
out=$("$BENCH_DIR/run.sh" | tee /dev/stderr | grep -E 'throughput =|p99 =' || true)

echo
echo "## Shadowing vs no shadowing (target: within 10 %)"
verdict=0
while read -r pair metric _ ratio; do
  [ -n "$ratio" ] || continue
  # Only a loss counts: throughput may not fall below 0.9x, p99 may not rise above 1.1x.
  ok=$(awk -v r="$ratio" -v m="$metric" 'BEGIN{print ((m == "throughput" && r >= 0.9) || (m == "p99" && r <= 1.1)) ? "within" : "OUTSIDE"}')
  [ "$ok" = within ] || verdict=1
  echo "$pair $metric = $ratio  -> $ok 10 %"
done <<<"$(echo "$out" | grep -oE '[a-z]+/plain (throughput|p99) = [0-9]+(\.[0-9]+)?')"
exit $verdict
