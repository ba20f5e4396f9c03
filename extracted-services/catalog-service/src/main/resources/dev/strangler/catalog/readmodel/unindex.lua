-- Put in front of delete.lua by the loader (upsert.lua moves only what changes): takes one product out
-- of every index, given what its hash holds (HMGET updated, name, category, terms, grams).
local function unindex(p, sku, held)
  for _, t in ipairs(cjson.decode(held[4])) do redis.call('SREM', p .. 'term:' .. t, sku) end
  for _, g in ipairs(cjson.decode(held[5])) do redis.call('SREM', p .. 'gram:' .. g, sku) end
  redis.call('SREM', p .. 'category:' .. held[3], sku)
  redis.call('SREM', p .. 'stock:in', sku)
  redis.call('SREM', p .. 'stock:out', sku)
  for _, s in ipairs({'price', 'stock', 'updatedAt', 'name'}) do
    redis.call('ZREM', p .. 'sort:' .. s .. ':asc', sku)
    redis.call('ZREM', p .. 'sort:' .. s .. ':desc', sku)
  end
  redis.call('ZREM', p .. 'sort:sku', sku)
  redis.call('ZREM', p .. 'names', held[2] .. '\0' .. sku)
  redis.call('SREM', p .. 'products', sku)
end
