-- Acquires the relay's lease, or renews it for its holder. A new holder gets the next fencing token.
-- KEYS[1] lease, KEYS[2] fencing counter; ARGV[1] owner, ARGV[2] ttl ms, ARGV[3] token held ('0': none)
-- Returns the token now held, or 0 when another instance holds the lease.
local held = redis.call('GET', KEYS[1])
if held then
  if held == ARGV[1] .. ':' .. ARGV[3] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(ARGV[3])
  end
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
return token
