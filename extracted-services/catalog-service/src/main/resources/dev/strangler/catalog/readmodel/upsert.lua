-- Applies one product snapshot to the read model, atomically (a script runs alone) and idempotently.
-- Which of two states is newer is decided by version first (see the README, "Events and backfill"):
--   an event's version is its outbox sequence: it applies only above the version held (so events apply in
--   sequence order whatever their updatedAt, which is their transaction's start, says);
--   a backfilled snapshot's version is the stream's last sequence when its page was read (every event up to it
--   was committed before the read, so the snapshot holds them all): it applies at or above the version held,
--   and at an equal version only if its updatedAt is not older (snapshots without events all have version 0).
-- A snapshot older than the product's deletion is ignored.
-- ARGV: prefix, sku, updatedMicros, json, name, category, stock, priceCents, tsv, terms (JSON array), grams (JSON array),
--       version, kind ('event' or 'snapshot')
local p, sku, micros = ARGV[1], ARGV[2], tonumber(ARGV[3])
local version, kind = tonumber(ARGV[12]), ARGV[13]
local key = p .. 'product:' .. sku
local tomb = redis.call('GET', p .. 'tombstone:' .. sku)
if tomb and tonumber(tomb) >= micros then
  return 'stale'
end
local held = redis.call('HMGET', key, 'updated', 'name', 'category', 'terms', 'grams', 'version')
if held[1] then
  local heldVersion = tonumber(held[6] or '0')
  if kind == 'event' then
    if version <= heldVersion then return 'stale' end
  elseif version < heldVersion or (version == heldVersion and tonumber(held[1]) > micros) then
    return 'stale'
  end
end

-- Name order: every distinct name gets a score between its neighbours' (the lexicographic set 'names'
-- holds name\0sku, so ties on the name are ordered by SKU); when doubles run out of room between two
-- neighbours, all names are renumbered.
local STEP = 1048576
local function nameOf(member) return string.sub(member, 1, string.find(member, '\0', 1, true) - 1) end
local function skuOf(member) return string.sub(member, string.find(member, '\0', 1, true) + 1) end
local function setNameScore(s, score)
  redis.call('ZADD', p .. 'sort:name:asc', score, s)
  redis.call('ZADD', p .. 'sort:name:desc', -score, s)
end
local function renumber()
  local members = redis.call('ZRANGE', p .. 'names', 0, -1)
  local score, last = 0, nil
  for _, m in ipairs(members) do
    local n = nameOf(m)
    if last ~= nil and n ~= last then score = score + STEP end
    last = n
    setNameScore(skuOf(m), score)
  end
end
local function placeName(name)
  local member = name .. '\0' .. sku
  redis.call('ZADD', p .. 'names', 0, member)
  local before = redis.call('ZREVRANGEBYLEX', p .. 'names', '(' .. member, '-', 'LIMIT', 0, 1)[1]
  local after = redis.call('ZRANGEBYLEX', p .. 'names', '(' .. member, '+', 'LIMIT', 0, 1)[1]
  local lo = before and tonumber(redis.call('ZSCORE', p .. 'sort:name:asc', skuOf(before)))
  local hi = after and tonumber(redis.call('ZSCORE', p .. 'sort:name:asc', skuOf(after)))
  local score
  if before and nameOf(before) == name then score = lo
  elseif after and nameOf(after) == name then score = hi
  elseif lo and hi then score = (lo + hi) / 2
  elseif lo then score = lo + STEP
  elseif hi then score = hi - STEP
  else score = 0 end
  if lo and hi and nameOf(before) ~= name and nameOf(after) ~= name and (score <= lo or score >= hi) then
    renumber()
  else
    setNameScore(sku, score)
  end
end

-- An update moves only the index entries that change: most events change a price or a stock, and taking out
-- and putting back the ~100 unchanged text and substring entries cost ~0.4 ms of Redis per event (now ~0.1 ms;
-- bench/projection.sh), time in which Redis serves nobody else.
local function move(kind, old, new)
  if old == new then return end
  local add = {}
  for _, x in ipairs(cjson.decode(new)) do add[x] = true end
  for _, x in ipairs(old and cjson.decode(old) or {}) do
    if add[x] then add[x] = nil else redis.call('SREM', p .. kind .. x, sku) end
  end
  for x in pairs(add) do redis.call('SADD', p .. kind .. x, sku) end
end

local name, category, stock, cents = ARGV[5], ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
redis.call('HSET', key, 'json', ARGV[4], 'updated', ARGV[3], 'name', name, 'category', category,
  'stock', ARGV[7], 'tsv', ARGV[9], 'terms', ARGV[10], 'grams', ARGV[11], 'version', ARGV[12])
redis.call('SADD', p .. 'products', sku)
if held[3] and held[3] ~= category then redis.call('SREM', p .. 'category:' .. held[3], sku) end
redis.call('SADD', p .. 'category:' .. category, sku)
redis.call('SREM', p .. (stock > 0 and 'stock:out' or 'stock:in'), sku)
redis.call('SADD', p .. (stock > 0 and 'stock:in' or 'stock:out'), sku)
-- ZADD replaces a member's score: no need to take it out first
redis.call('ZADD', p .. 'sort:price:asc', cents, sku)
redis.call('ZADD', p .. 'sort:price:desc', -cents, sku)
redis.call('ZADD', p .. 'sort:stock:asc', stock, sku)
redis.call('ZADD', p .. 'sort:stock:desc', -stock, sku)
redis.call('ZADD', p .. 'sort:updatedAt:asc', micros, sku)
redis.call('ZADD', p .. 'sort:updatedAt:desc', -micros, sku)
redis.call('ZADD', p .. 'sort:sku', 0, sku)
move('term:', held[4], ARGV[10])
move('gram:', held[5], ARGV[11])
-- An unchanged name keeps its place (and score) among the names
if held[2] ~= name then
  if held[2] then redis.call('ZREM', p .. 'names', held[2] .. '\0' .. sku) end
  placeName(name)
end
return held[1] and 'updated' or 'created'
