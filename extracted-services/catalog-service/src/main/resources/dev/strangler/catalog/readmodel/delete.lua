-- Removes one product from the read model and leaves a tombstone, so a snapshot older than the
-- deletion arriving late cannot bring it back. A deletion older than the snapshot held is ignored.
-- ARGV: prefix, sku, deletedMicros
local p, sku, micros = ARGV[1], ARGV[2], tonumber(ARGV[3])
local key = p .. 'product:' .. sku
local tombKey = p .. 'tombstone:' .. sku
local tomb = redis.call('GET', tombKey)
if not tomb or tonumber(tomb) < micros then
  redis.call('SET', tombKey, ARGV[3])
end
local held = redis.call('HMGET', key, 'updated', 'name', 'category', 'terms', 'grams')
if not held[1] then
  return 'absent'
end
if tonumber(held[1]) > micros then
  return 'stale'
end
unindex(p, sku, held)
redis.call('DEL', key)
return 'deleted'
