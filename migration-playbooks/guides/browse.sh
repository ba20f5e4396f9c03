#!/usr/bin/env bash
# Shoppers browsing the catalog through the proxy, for the guides: each visit logs a customer in (a
# session of their own, which is what a canary splits on), then views a product list, three products,
# a search and the categories. It views products ACME-00001 to ACME-00500 only: the guides check who
# served a request with products above those, which the proxy's response cache can't have kept.
# Prints how many answers of each status it got; exits 1 on any 5xx or request left unanswered (000).
#   migration-playbooks/guides/browse.sh [SECONDS]     default 10; visits go on until then, or until it is
#                                                      sent SIGTERM (kill): it then ends its visit and reports
# Settings: PROXY_URL (default http://127.0.0.1:8080, the lab's first proxy); BROWSE_MAX_VISITS (default 20 a second:
# well under the lab's rate limit on catalog reads, 200/s per address, on a machine fast enough to go beyond it).
# A visit is one curl: its requests share the visit's cookies (in curl's memory, no jar file) and a
# connection, like a browser's; a curl per request would make the shoppers' pace the machine's process start-up.
set -euo pipefail
proxy=${PROXY_URL:-http://127.0.0.1:8080}
seconds=${1:-10}
visit_micros=$((1000000 / ${BROWSE_MAX_VISITS:-20})) # the shortest a visit may take
statuses=$(mktemp)
trap 'rm -f "$statuses"' EXIT
trap 'seconds=0' TERM # ends the loop once the visit under way is done
# No command substitution ($(...)) runs in the loop: bash 5.2 may fail to parse one when the TERM trap runs in the middle of
# it ("unexpected EOF while looking for matching `)'", exit 2; seen in 12 of 60 kills here), so values go through REPLY
# and printf -v instead.
micros() { local now=${EPOCHREALTIME:-}; REPLY=${now/[.,]/}; } # bash 5; empty before (macOS's 3.2): no pacing then
# Each request's options: -b /dev/null turns on curl's cookie engine with no cookie to start from, so the login's
# session cookie goes with the visit's other requests.
each=(-s -b /dev/null -o /dev/null -w '%{http_code}\n')
start=$SECONDS
visit=0
while [ $((SECONDS - start)) -lt "$seconds" ]; do
  micros; began=$REPLY
  printf -v customer '%03d' $((visit % 100 + 1))
  printf -v first 'ACME-%05d' $(((visit * 37 + 101) % 500 + 1))
  printf -v second 'ACME-%05d' $(((visit * 37 + 202) % 500 + 1))
  printf -v third 'ACME-%05d' $(((visit * 37 + 303) % 500 + 1))
  requests=("${each[@]}" -X POST "$proxy/api/login" -H 'Content-Type: application/json'
    -d "{\"email\":\"customer$customer@acme.test\",\"password\":\"password123\"}")
  for path in "/api/products?page=$((visit % 50))&size=20" "/api/products/$first" "/api/products/$second" \
      "/api/products/$third" "/api/products?q=speaker&size=5" "/api/categories"; do
    requests+=(--next "${each[@]}" "$proxy$path")
  done
  curl "${requests[@]}" >>"$statuses" || true # a request that got no answer at all shows as 000
  visit=$((visit + 1))
  if [ -n "$began" ]; then
    micros
    early=$((began + visit_micros - REPLY))
    if [ "$early" -gt 0 ]; then printf -v pause '%d.%06d' $((early / 1000000)) $((early % 1000000)); sleep "$pause"; fi
  fi
done
summary=$(sort "$statuses" | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')
echo "browse: $visit visits, $(wc -l <"$statuses") requests: $summary"
! grep -qE '^(5|000)' "$statuses"
