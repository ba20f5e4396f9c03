-- The accounting consumer's effect: counts each applied event per aggregate and records its sequence, and
-- writes down anything that should never happen: an event applied twice, or one applied after a later one.
-- ARGV: prefix, aggregate (type:id), sequence, eventId
local p, agg, seq, id = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
if redis.call('SADD', p .. 'seen', id) == 0 then
  redis.call('RPUSH', p .. 'violations', 'duplicate ' .. id .. ' ' .. agg .. ' ' .. ARGV[3])
end
local last = redis.call('HGET', p .. 'last', agg)
if last and tonumber(last) >= seq then
  redis.call('RPUSH', p .. 'violations', 'out-of-order ' .. agg .. ' ' .. ARGV[3] .. ' after ' .. last)
end
redis.call('HINCRBY', p .. 'applied', agg, 1)
redis.call('HSET', p .. 'last', agg, ARGV[3])
redis.call('INCR', p .. 'total')
return 'counted'
