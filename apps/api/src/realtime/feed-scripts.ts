/**
 * The desktop feed in Redis, one namespace per tenant (`rt:{tenant}:`, under the deployment prefix):
 *
 *   seq                 the tenant's last sequence number
 *   backlog             sorted set: the last messages, scored by their sequence number
 *   seen:<id>           a source event already applied (every API process hears it; one applies it)
 *   e:<entity>:<id>     hash: an entity's fields, each a JSON value     i:<entity>   set of the entities' ids
 *   w:<queue>           sorted set: callers waiting in a queue, scored by when they entered
 *   n:<entity>          hash: open sockets per user (presence)
 *   sockets             sorted set: open sockets ('<socket>|<user>|<agent>'), scored by when their heartbeat
 *                       expires (Redis' own clock); the process holding a socket refreshes it
 *   lost                sorted set: agents whose last socket closed or expired, scored by when they go offline
 *
 * Applying a change, numbering it, keeping it in the backlog and publishing it is one script, so the
 * order of the backlog, of the published messages and of the snapshots is the same for every socket.
 */

/** KEYS[1] namespace; ARGV dedupe id ('' none), channel, backlog size, changes (JSON). Returns the messages published. */
export const APPLY = `
local ns = KEYS[1]
local dedupe, channel, keep = ARGV[1], ARGV[2], tonumber(ARGV[3])
if dedupe ~= '' and not redis.call('SET', ns .. 'seen:' .. dedupe, '1', 'NX', 'EX', 600) then return {} end
local out = {}
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
for _, c in ipairs(cjson.decode(ARGV[4])) do
  local publish = true
  -- A socket's heartbeat entry: opening adds it, closing or expiring removes it; the second removal of one
  -- socket (its process closing it as another reaps it) changes nothing.
  local applies = true
  if c.socketRemove then applies = redis.call('ZREM', ns .. 'sockets', c.socketRemove) == 1 end
  if c.socketAdd then redis.call('ZADD', ns .. 'sockets', now + c.socketTtl, c.socketAdd) end
  if not applies then
    publish = false
  elseif c.count then
    local counts = ns .. 'n:' .. c.entity
    local n = redis.call('HINCRBY', counts, c.id, c.count)
    if n <= 0 then redis.call('HDEL', counts, c.id) end
    publish = (c.count > 0 and n == 1) or (c.count < 0 and n == 0)
    if c.lostAgent then
      if n <= 0 then
        redis.call('ZADD', ns .. 'lost', now + c.lostAfter, c.lostAgent)
      elseif c.count > 0 then
        redis.call('ZREM', ns .. 'lost', c.lostAgent)
      end
    end
  end
  if publish and c.onlyWhile then
    local held = redis.call('HGET', ns .. 'e:' .. c.entity .. ':' .. c.id, c.onlyWhile)
    publish = held ~= false and held ~= 'null'
  end
  if publish then
    local key = ns .. 'e:' .. c.entity .. ':' .. c.id
    local args = {}
    for _, pair in ipairs(c.set) do
      args[#args + 1] = pair[1]
      args[#args + 1] = pair[2]
    end
    if c.entity == 'queue' then
      local waiting = ns .. 'w:' .. c.id
      if c.waitingAdd then redis.call('ZADD', waiting, 'NX', c.waitingSince, c.waitingAdd) end
      if c.waitingRemove then redis.call('ZREM', waiting, c.waitingRemove) end
      local oldest = redis.call('ZRANGE', waiting, 0, 0, 'WITHSCORES')
      args[#args + 1] = 'waiting'
      args[#args + 1] = redis.call('ZCARD', waiting)
      args[#args + 1] = 'oldestEnteredAt'
      args[#args + 1] = oldest[2] or 'null'
    end
    if #args > 0 then redis.call('HSET', key, unpack(args)) end
    local fields = redis.call('HGETALL', key)
    local parts = {}
    for i = 1, #fields, 2 do parts[#parts + 1] = '"' .. fields[i] .. '":' .. fields[i + 1] end
    local remove = c.remove
    if remove and c.keepWhile then
      -- The entity outlives its end while this field holds a value (a callback's caller hung up, still waits).
      local held = redis.call('HGET', key, c.keepWhile)
      remove = not held or held == 'null'
    end
    if remove then
      redis.call('DEL', key)
      redis.call('SREM', ns .. 'i:' .. c.entity, c.id)
    else
      redis.call('SADD', ns .. 'i:' .. c.entity, c.id)
      if c.ttl > 0 then redis.call('EXPIRE', key, c.ttl) end
    end
    local seq = redis.call('INCR', ns .. 'seq')
    local message = '{"seq":' .. seq .. ',"event":{' .. c.header .. ',"' .. c.entity .. '":{' ..
      table.concat(parts, ',') .. '}}}'
    redis.call('ZADD', ns .. 'backlog', seq, message)
    redis.call('ZREMRANGEBYRANK', ns .. 'backlog', 0, -(keep + 1))
    redis.call('PUBLISH', channel, message)
    out[#out + 1] = message
  end
end
return out
`;

/** KEYS[1] namespace. Returns { seq, calls, agents, queues, presence } with each entity as JSON text. */
export const SNAPSHOT = `
local ns = KEYS[1]
local seq = tonumber(redis.call('GET', ns .. 'seq') or '0')
local out = { seq }
for _, entity in ipairs({ 'call', 'agent', 'queue', 'presence' }) do
  local list = {}
  local index = ns .. 'i:' .. entity
  for _, id in ipairs(redis.call('SMEMBERS', index)) do
    local fields = redis.call('HGETALL', ns .. 'e:' .. entity .. ':' .. id)
    if #fields == 0 then
      redis.call('SREM', index, id)
    else
      local parts = {}
      for i = 1, #fields, 2 do parts[#parts + 1] = '"' .. fields[i] .. '":' .. fields[i + 1] end
      list[#list + 1] = '{' .. table.concat(parts, ',') .. '}'
    end
  end
  out[#out + 1] = list
end
return out
`;

/**
 * KEYS[1] namespace; ARGV after-seq. Returns { seq, 1, messages after it } or { seq, 0 } when the backlog
 * no longer holds all of them (or the number is from a feed that was reset): a snapshot is needed.
 */
export const SINCE = `
local ns = KEYS[1]
local seq = tonumber(redis.call('GET', ns .. 'seq') or '0')
local after = tonumber(ARGV[1])
if after > seq then return { seq, 0 } end
if after == seq then return { seq, 1, {} } end
local oldest = redis.call('ZRANGE', ns .. 'backlog', 0, 0, 'WITHSCORES')
if not oldest[2] or tonumber(oldest[2]) > after + 1 then return { seq, 0 } end
return { seq, 1, redis.call('ZRANGEBYSCORE', ns .. 'backlog', '(' .. after, '+inf') }
`;

/**
 * KEYS[1] namespace; ARGV heartbeat lifetime (ms), then sockets. Extends each socket's heartbeat; returns the
 * sockets that no longer had one (reaped as lost: their process must close them).
 */
export const REFRESH = `
local ns = KEYS[1]
local clock = redis.call('TIME')
local expires = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) + tonumber(ARGV[1])
local gone = {}
for i = 2, #ARGV do
  if redis.call('ZADD', ns .. 'sockets', 'XX', 'CH', expires, ARGV[i]) == 0 then gone[#gone + 1] = ARGV[i] end
end
return gone
`;

/**
 * KEYS[1] namespace. Returns { sockets whose heartbeat expired, agents due to go offline, 1 when the tenant has
 * neither sockets nor lost agents left (else 0) }, at most 100 of each.
 */
export const DUE = `
local ns = KEYS[1]
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local sockets = redis.call('ZRANGEBYSCORE', ns .. 'sockets', '-inf', now, 'LIMIT', 0, 100)
local lost = redis.call('ZRANGEBYSCORE', ns .. 'lost', '-inf', now, 'LIMIT', 0, 100)
local empty = redis.call('ZCARD', ns .. 'sockets') + redis.call('ZCARD', ns .. 'lost') == 0
return { sockets, lost, empty and 1 or 0 }
`;
