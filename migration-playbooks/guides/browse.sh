#!/usr/bin/env bash
# Shoppers browsing the catalog through the proxy, for the guides: each visit logs a customer in (a
# session of their own, which is what a canary splits on), then views a product list, three products,
# a search and the categories. It views products ACME-00001 to ACME-00500 only: the guides check who
# served a request with products above those, which the proxy's response cache can't have kept.
# Prints how many answers of each status it got; exits 1 on any 5xx.
#   migration-playbooks/guides/browse.sh [SECONDS]     default 10; visits go on until then
# Settings: PROXY_URL (default http://127.0.0.1:8080, the lab's first proxy).
set -euo pipefail
proxy=${PROXY_URL:-http://127.0.0.1:8080}
seconds=${1:-10}
statuses=$(mktemp)
jar=$(mktemp)
trap 'rm -f "$statuses" "$jar"' EXIT
end=$((SECONDS + seconds))
visit=0
get() { curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" -c "$jar" "$proxy$1" >>"$statuses"; }
while [ "$SECONDS" -lt "$end" ]; do
  customer=$((visit % 100 + 1))
  : >"$jar"
  curl -s -o /dev/null -w '%{http_code}\n' -c "$jar" -X POST "$proxy/api/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"customer$(printf %03d "$customer")@acme.test\",\"password\":\"password123\"}" >>"$statuses"
  get "/api/products?page=$((visit % 50))&size=20"
  for n in 1 2 3; do get "/api/products/ACME-$(printf %05d $(((visit * 37 + n * 101) % 500 + 1)))"; done
  get "/api/products?q=speaker&size=5"
  get "/api/categories"
  visit=$((visit + 1))
done
summary=$(sort "$statuses" | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')
echo "browse: $visit visits, $(wc -l <"$statuses") requests: $summary"
! grep -q '^5' "$statuses"
