#!/usr/bin/env bash
# How fast one AccountingConsumer process applies a backlog: N events (over 500 aggregates) appended in
# the wire format to a fresh stream, then the time from its readiness line until every one is applied.
# Needs redis-cli and a Redis at REDIS_HOST:REDIS_PORT (default 127.0.0.1:6379); uses keys under bench-consumer-<pid>:
# only, and deletes them afterwards. Build first: mvn -pl extracted-services/service-kit -am test-compile
# Usage: extracted-services/service-kit/bench/consumer-throughput.sh [events, default 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
HOST=${REDIS_HOST:-127.0.0.1}
PORT=${REDIS_PORT:-6379}
P="bench-consumer-$$:"
R=(redis-cli -h "$HOST" -p "$PORT")
trap '"${R[@]}" --scan --pattern "$P*" | xargs -r "${R[@]}" del >/dev/null' EXIT

mvn -B -o -q -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
python3 - "$N" "$P" <<'PY' | "${R[@]}" >/dev/null
import sys, uuid
n, p = int(sys.argv[1]), sys.argv[2]
for i in range(1, n + 1):
    print("XADD %ss %d-0 eventId %s type Counted aggregateType Thing aggregateId thing-%d sequence %d "
          "occurredAt 2025-03-01T10:00:00Z payload '{\"n\":%d}'" % (p, i, uuid.uuid4(), i % 500, i, i))
PY
echo "stream ${P}s: $("${R[@]}" xlen "${P}s") entries"

LOG=$(mktemp)
ACCOUNTING_REDIS_URL="redis://$HOST:$PORT" ACCOUNTING_KEY_PREFIX="${P}acct:" ACCOUNTING_STREAMS="${P}s" ACCOUNTING_CONSUMER=bench \
  java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.strangler.servicekit.events.AccountingConsumer \
  >"$LOG" 2>&1 &
PID=$!
until grep -q "accounting consumer ready" "$LOG"; do sleep 0.05; done
START=$(date +%s.%N)
until [ "$("${R[@]}" get "${P}acct:total")" = "$N" ]; do sleep 0.05; done
END=$(date +%s.%N)
kill "$PID"; wait "$PID" || true
python3 -c "print('%d events applied in %.2f s: %.0f events/s' % ($N, $END - $START, $N / ($END - $START)))"
echo "violations: $("${R[@]}" llen "${P}acct:violations"), pending: $("${R[@]}" xpending "${P}s" accounting | head -1)"
rm -f "$LOG"
