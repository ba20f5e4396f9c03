-- Appends outbox rows to their streams with the explicit id <sequence>-0, only while the caller
-- still holds the lease (checked in the same atomic step: a paused former leader can't append).
-- KEYS[1] lease, KEYS[2] position (last sequence appended), KEYS[3] the set of streams appended to (what retention
-- trims), KEYS[4..] the stream of each row
-- ARGV[1] owner:token, ARGV[2] stream cap, ARGV[3] the position the caller knows Redis holds at least ('-1': none
-- yet), then 9 values per row:
--   id, sequence, eventId, type, aggregateType, aggregateId, occurredAt, payload, correlationId ('' for none:
--   the optional field is then left out)
-- Returns one status per row handled: 1 appended, 2 already in the stream (a re-publish), 3 late
-- (below the stream's top and never appended: copied to <stream>:late). Fewer statuses than rows
-- means the next row's stream is at its cap: back-pressure, nothing dropped.
-- A position below ARGV[3] means Redis lost writes the relay made (a failover promoted a replica that had
-- not received them): error ROLLEDBACK <position held, or 'none'>, nothing appended, so the relay re-publishes
-- the lost tail before anything lands above it. The position is written in this same script, so it is
-- replicated together with the entries: it is lost exactly when they are.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return redis.error_reply('FENCED the lease is no longer ' .. ARGV[1])
end
local cap = tonumber(ARGV[2])
local held = redis.call('GET', KEYS[2])
local expected = tonumber(ARGV[3])
if expected >= 0 and (not held or tonumber(held) < expected) then
  return redis.error_reply('ROLLEDBACK ' .. (held or 'none'))
end
local position = tonumber(held or '0')
local statuses = {}
for i = 4, #KEYS do
  local key = KEYS[i]
  local a = 4 + (i - 4) * 9
  local id = ARGV[a]
  local fields = {'eventId', ARGV[a + 2], 'type', ARGV[a + 3], 'aggregateType', ARGV[a + 4],
    'aggregateId', ARGV[a + 5], 'sequence', ARGV[a + 1], 'occurredAt', ARGV[a + 6], 'payload', ARGV[a + 7]}
  if ARGV[a + 8] ~= '' then
    fields[#fields + 1] = 'correlationId'
    fields[#fields + 1] = ARGV[a + 8]
  end
  local status
  if #redis.call('XRANGE', key, id, id) > 0 then
    status = 2
  else
    if redis.call('XLEN', key) >= cap then
      break
    end
    local added = redis.pcall('XADD', key, id, unpack(fields))
    if type(added) == 'table' and added.err then
      if not string.find(added.err, 'equal or smaller', 1, true) then
        return redis.error_reply(added.err)
      end
      redis.call('XADD', key .. ':late', '*', unpack(fields))
      status = 3
    else
      status = 1
    end
  end
  statuses[#statuses + 1] = status
  redis.call('SADD', KEYS[3], key)
  local sequence = tonumber(ARGV[a + 1])
  if sequence > position then
    position = sequence
  end
end
redis.call('SET', KEYS[2], position)
return statuses
