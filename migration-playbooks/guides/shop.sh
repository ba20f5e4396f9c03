#!/usr/bin/env bash
# Shoppers checking out through the proxy, for the guides: each logs a customer in, puts an in-stock
# product in the cart, checks out with an Idempotency-Key, then retries with the same key (as a client
# whose connection dropped would), which must answer the same order without placing a second one.
# Prints how many checkouts each status got and the order ids placed; exits 1 on a 5xx or on a retry that
# was not answered with the original order.
#   migration-playbooks/guides/shop.sh [SHOPPERS]     default 10; customers 1..SHOPPERS (at most 100)
# Settings: PROXY_URL (default http://127.0.0.1:8080, the lab's first proxy), FIRST_CUSTOMER (default 1).
set -euo pipefail
proxy=${PROXY_URL:-http://127.0.0.1:8080}
shoppers=${1:-10}
first=${FIRST_CUSTOMER:-1}
jar=$(mktemp); answer=$(mktemp); retry=$(mktemp); statuses=$(mktemp)
trap 'rm -f "$jar" "$answer" "$retry" "$statuses"' EXIT
skus=($(curl -sf "$proxy/api/products?inStock=true&sort=stock,desc&size=50" | grep -oE '"sku":"ACME-[0-9]+"' | cut -d'"' -f4))
failed=0
for n in $(seq 0 $((shoppers - 1))); do
  customer=$(((first + n - 1) % 100 + 1))
  : >"$jar"
  curl -sf -o /dev/null -c "$jar" -X POST "$proxy/api/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"customer$(printf %03d "$customer")@acme.test\",\"password\":\"password123\"}"
  curl -sf -o /dev/null -b "$jar" -c "$jar" -X POST "$proxy/api/cart/items" -H 'Content-Type: application/json' \
    -d "{\"sku\":\"${skus[$((n % ${#skus[@]}))]}\",\"quantity\":1}"
  key=$(cat /proc/sys/kernel/random/uuid)
  status=$(curl -s -o "$answer" -w '%{http_code}' -b "$jar" -c "$jar" -X POST "$proxy/api/orders" -H "Idempotency-Key: $key")
  echo "$status" >>"$statuses"
  case "$status" in 5*) failed=1 ;; esac
  if [ "$status" = 201 ]; then
    grep -oE '^\{"id":[0-9]+' "$answer" | cut -d: -f2 | tr '\n' ' '
    replay=$(curl -s -D - -o "$retry" -b "$jar" -c "$jar" -X POST "$proxy/api/orders" -H "Idempotency-Key: $key")
    if ! cmp -s "$answer" "$retry" || ! grep -qi '^Idempotent-Replayed: true' <<<"$replay"; then
      echo; echo "shop: the retry of customer $customer's checkout was not answered with the same order" >&2; failed=1
    fi
  fi
done
echo
echo "shop: $shoppers checkouts: $(sort "$statuses" | uniq -c | awk '{printf "%s%s×%s", sep, $2, $1; sep=", "}')"
exit "$failed"
