-- Trims a stream below its safe trim point: never an entry some consumer group has not acknowledged
-- (its oldest pending entry, else the one after its last-delivered-id), never one the relay has not
-- marked published yet (its duplicate check needs it), and nothing at all while no group exists.
-- KEYS[1] lease, KEYS[2] stream; ARGV[1] owner:token, ARGV[2] ceiling id (first sequence not marked)
-- Returns {entries trimmed, length after, safe trim point or ''}.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('FENCED the lease is no longer ' .. ARGV[1])
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  return {0, 0, ''}
end
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return {tonumber(ms), tonumber(seq)}
end
local function lower(a, b)
  local x, y = parse(a), parse(b)
  if x[1] ~= y[1] then
    return x[1] < y[1]
  end
  return x[2] < y[2]
end
local groups = redis.call('XINFO', 'GROUPS', KEYS[2])
if #groups == 0 then
  return {0, redis.call('XLEN', KEYS[2]), ''}
end
local safe = ARGV[2]
for _, flat in ipairs(groups) do
  local group = {}
  for j = 1, #flat, 2 do
    group[flat[j]] = flat[j + 1]
  end
  local point
  if tonumber(group['pending']) > 0 then
    point = redis.call('XPENDING', KEYS[2], group['name'])[2]
  else
    local last = parse(group['last-delivered-id'])
    point = string.format('%d-%d', last[1], last[2] + 1)
  end
  if lower(point, safe) then
    safe = point
  end
end
local trimmed = redis.call('XTRIM', KEYS[2], 'MINID', safe)
return {trimmed, redis.call('XLEN', KEYS[2]), safe}
