import { PRELUDE } from "./prelude.ts";

/**
 * The queue engine's scripts, by command name. Each is the prelude plus its body; ARGV[4] is the JSON of
 * the operation's input (parsed with zod before it is sent).
 */
const bodies = {
  configureQueue: `
local cfg = cjson.decode(ARGV[4])
local qid = cfg.queueId
local q = N .. 'q:' .. qid
local old = redis.call('HGET', q, 'strategy')
redis.call('HSET', q, 'strategy', cfg.strategy, 'maxSize', cfg.maxSize, 'maxWaitMs', cfg.maxWaitSeconds * 1000,
  'ringMs', cfg.ringTimeoutSeconds * 1000, 'away', cfg.awayOnNoAnswer and '1' or '0',
  'wrapMs', cfg.wrapUpSeconds * 1000, 'overtakes', cfg.maxOvertakes, 'lookahead', cfg.lookahead)
redis.call('HSETNX', q, 'ahtMs', cfg.defaultHandleSeconds * 1000)
if old ~= cfg.strategy then
  for _, aid in ipairs(redis.call('ZRANGE', N .. 'qa:' .. qid, 0, -1)) do
    redis.call('ZADD', N .. 'qa:' .. qid, agent_score(qid, cfg.strategy, aid), aid)
  end
end
touch(qid)
return finish({ status = 'ok' })
`,
  configureAgent: `
local cfg = cjson.decode(ARGV[4])
local aid = cfg.agentId
local a = N .. 'a:' .. aid
local state = redis.call('HGET', a, 'state')
if not state then
  state = 'offline'
  redis.call('HSET', a, 'state', state, 'since', NOW, 'idle', NOW, 'calls', 0)
end
local queues = ','
for _, qid in ipairs(cfg.queueIds) do queues = queues .. qid .. ',' end
for _, qid in ipairs(split(redis.call('HGET', a, 'queues'))) do
  if not has(queues, qid) then
    redis.call('SREM', N .. 'qm:' .. qid, aid)
    redis.call('SREM', N .. 'qs:' .. qid, aid)
    redis.call('ZREM', N .. 'qa:' .. qid, aid)
  end
end
for _, kind in ipairs(split(redis.call('HGET', a, 'kinds'))) do redis.call('HDEL', a, 'ep:' .. kind) end
local kinds = ','
for _, endpoint in ipairs(cfg.endpoints) do
  if not has(kinds, endpoint.kind) then
    kinds = kinds .. endpoint.kind .. ','
    redis.call('HSET', a, 'ep:' .. endpoint.kind, endpoint.address)
  end
end
redis.call('HSET', a, 'kinds', kinds, 'queues', queues)
redis.call('DEL', N .. 'as:' .. aid)
for skill, level in pairs(cfg.skills) do redis.call('HSET', N .. 'as:' .. aid, skill, level) end
for _, qid in ipairs(cfg.queueIds) do redis.call('SADD', N .. 'qm:' .. qid, aid) end
index_agent(aid, state)
return finish({ status = 'ok' })
`,
  setAgentState: `
local input = cjson.decode(ARGV[4])
local aid = input.agentId
local current = redis.call('HGET', N .. 'a:' .. aid, 'state')
if not current then return finish({ status = 'unknown-agent' }) end
-- One call at a time: an agent who is being rung or is on a call changes state through the call.
if current == 'ringing' or current == 'on-call' then return finish({ status = 'busy', agentState = current }) end
set_agent(aid, input.state, input.reason, nil)
return finish({ status = 'ok', agentState = input.state })
`,
  enqueue: `
local input = cjson.decode(ARGV[4])
local cid, qid, prio = input.callId, input.queueId, input.priority
local q = N .. 'q:' .. qid
local maxSize, maxWait, overtakes = unpack(redis.call('HMGET', q, 'maxSize', 'maxWaitMs', 'overtakes'))
if not maxSize then return finish({ status = 'unknown-queue' }) end
-- The caller's own maximum wait (the Enqueue block's) when it is shorter than the queue's.
local own = (input.maxWaitSeconds or 0) * 1000
if own > 0 and (tonumber(maxWait) == 0 or own < tonumber(maxWait)) then maxWait = own end
local c = N .. 'c:' .. cid
-- A replayed request gets the entry's status, and changes nothing.
if redis.call('EXISTS', c) == 1 then return finish(status_of(cid)) end
local list = N .. 'qw:' .. qid
local len = redis.call('LLEN', list)
if tonumber(maxSize) > 0 and len >= tonumber(maxSize) then
  emit({ type = 'queue.overflowed', queueId = qid, callId = cid, test = input.test, reason = 'queue-full', waitMs = 0 })
  return finish({ status = 'overflow', queueId = qid, callId = cid, reason = 'queue-full' })
end
-- The new entry goes behind every entry of equal or higher priority, and behind any entry that later
-- arrivals have already passed maxOvertakes times; the entries it passes count one more overtake.
local limit = tonumber(overtakes)
local passed, pivot = {}, nil
local stop = len
while stop > 0 and not pivot do
  local from = math.max(0, stop - 100)
  local page = redis.call('LRANGE', list, from, stop - 1)
  for j = #page, 1, -1 do
    local other = page[j]
    local otherPrio, over = unpack(redis.call('HMGET', N .. 'c:' .. other, 'prio', 'over'))
    if tonumber(otherPrio) < prio and tonumber(over) < limit then
      passed[#passed + 1] = other
    else
      pivot = other
      break
    end
  end
  stop = from
end
if pivot then redis.call('LINSERT', list, 'AFTER', pivot, cid) else redis.call('LPUSH', list, cid) end
for _, other in ipairs(passed) do redis.call('HINCRBY', N .. 'c:' .. other, 'over', 1) end
local skills = ''
for skill, level in pairs(input.requiredSkills) do skills = skills .. skill .. '=' .. level .. ',' end
local reach, pref = ',', ','
for _, kind in ipairs(input.reaches) do reach = reach .. kind .. ',' end
for _, aid in ipairs(input.preferredAgentIds) do pref = pref .. aid .. ',' end
redis.call('HSET', c, 'queue', qid, 'prio', prio, 'entered', NOW, 'state', 'waiting', 'kind', 'call', 'over', 0,
  'reach', reach, 'skills', skills, 'pref', pref, 'tried', ',', 'test', input.test and '1' or '0')
if tonumber(maxWait) > 0 then redis.call('ZADD', N .. 'timers', NOW + tonumber(maxWait), 'm:' .. cid) end
emit({ type = 'queue.entered', queueId = qid, callId = cid, test = input.test, priority = prio })
touch_one(qid, 'callers', cid)
return finish(status_of(cid))
`,
  status: `
return finish(status_of(ARGV[4]))
`,
  requestCallback: `
local input = cjson.decode(ARGV[4])
local c = N .. 'c:' .. input.callId
if redis.call('HGET', c, 'state') ~= 'waiting' then return finish(status_of(input.callId)) end
-- The entry keeps its place in the list; it no longer overflows, there is nobody on the line to send there.
redis.call('HSET', c, 'kind', 'callback', 'number', input.number)
redis.call('ZREM', N .. 'timers', 'm:' .. input.callId)
local requested = caller_event(c, input.callId, 'queue.callback-requested')
requested.number = input.number
emit(requested)
return finish(status_of(input.callId))
`,
  accept: `
local input = cjson.decode(ARGV[4])
local oid, aid = input.offerId, input.agentId
local cid, qid, agents, expires = unpack(redis.call('HMGET', N .. 'o:' .. oid, 'caller', 'queue', 'agents', 'expires'))
if not cid then return finish({ status = 'gone' }) end
if not has(agents, aid) then return finish({ status = 'not-offered' }) end
if tonumber(expires) <= NOW then
  expire_offer(oid)
  return finish({ status = 'expired' })
end
drop_offer(oid)
for _, other in ipairs(split(agents)) do
  if other ~= aid then release(other, oid, false) end
end
local c = N .. 'c:' .. cid
redis.call('HSET', c, 'state', 'connected', 'agent', aid, 'answered', NOW, 'offer', '')
leave_list(qid, cid)
redis.call('ZREM', N .. 'timers', 'm:' .. cid)
local a = N .. 'a:' .. aid
redis.call('HDEL', a, 'offer')
redis.call('HINCRBY', a, 'calls', 1)
redis.call('HSET', a, 'caller', cid)
set_agent(aid, 'on-call', nil, qid)
local event = caller_event(c, cid, 'queue.answered')
event.agentId = aid
event.waitMs = NOW - tonumber(redis.call('HGET', c, 'entered'))
emit(event)
local kind, number = unpack(redis.call('HMGET', c, 'kind', 'number'))
return finish({ status = 'connected', queueId = qid, callId = cid, agentId = aid,
  callbackNumber = (kind == 'callback' and number) or cjson.null })
`,
  decline: `
local input = cjson.decode(ARGV[4])
local oid, aid = input.offerId, input.agentId
local o = N .. 'o:' .. oid
local cid, qid, agents = unpack(redis.call('HMGET', o, 'caller', 'queue', 'agents'))
if not cid then return finish({ status = 'gone' }) end
if not has(agents, aid) then return finish({ status = 'not-offered' }) end
local left = ','
for _, other in ipairs(split(agents)) do
  if other ~= aid then left = left .. other .. ',' end
end
release(aid, oid, false)
local c = N .. 'c:' .. cid
redis.call('HSET', c, 'tried', (redis.call('HGET', c, 'tried') or ',') .. aid .. ',')
local event = caller_event(c, cid, 'queue.no-answer')
event.offerId = oid
event.agentIds = { aid }
emit(event)
if left == ',' then
  drop_offer(oid)
  redis.call('HSET', c, 'state', 'waiting', 'offer', '')
  touch_one(qid, 'callers', cid)
else
  redis.call('HSET', o, 'agents', left)
end
return finish({ status = 'ok' })
`,
  abandon: `
local cid = ARGV[4]
local c = N .. 'c:' .. cid
local qid, state, oid, entered = unpack(redis.call('HMGET', c, 'queue', 'state', 'offer', 'entered'))
if not qid then return finish({ status = 'gone' }) end
if state == 'connected' then return finish(status_of(cid)) end
if state == 'offered' then
  local agents = redis.call('HGET', N .. 'o:' .. oid, 'agents')
  drop_offer(oid)
  for _, aid in ipairs(split(agents)) do release(aid, oid, false) end
end
local event = caller_event(c, cid, 'queue.abandoned')
event.waitMs = NOW - tonumber(entered)
leave_list(qid, cid)
redis.call('ZREM', N .. 'timers', 'm:' .. cid)
release_reserved(cid)
redis.call('DEL', c)
emit(event)
return finish({ status = 'gone', queueId = qid, callId = cid })
`,
  complete: `
local cid = ARGV[4]
local c = N .. 'c:' .. cid
local qid, state, aid, answered = unpack(redis.call('HMGET', c, 'queue', 'state', 'agent', 'answered'))
if state ~= 'connected' then return finish(status_of(cid)) end
release_reserved(cid)
redis.call('DEL', c)
local q = N .. 'q:' .. qid
local wrapMs, aht = unpack(redis.call('HMGET', q, 'wrapMs', 'ahtMs'))
-- A moving average of talk plus wrap-up time: what the estimated wait is made of.
local handle = NOW - tonumber(answered) + tonumber(wrapMs)
redis.call('HSET', q, 'ahtMs', math.floor(tonumber(aht) * 0.9 + handle * 0.1))
wrap_up(aid, qid)
return finish({ status = 'gone', queueId = qid, callId = cid, agentId = aid })
`,
  reserveAgent: `
local input = cjson.decode(ARGV[4])
local aid, cid = input.agentId, input.callId
local a = N .. 'a:' .. aid
local state, reserved = unpack(redis.call('HMGET', a, 'state', 'reserved'))
if not state then return finish({ status = 'unknown-agent', agentId = aid }) end
-- A retried request finds its own hold on the agent.
if reserved == cid then return finish({ status = 'ok', agentId = aid, agentState = state }) end
if state ~= 'available' then return finish({ status = 'busy', agentId = aid, agentState = state }) end
local c = N .. 'c:' .. cid
local qid = redis.call('HGET', c, 'queue')
if qid then redis.call('HSET', c, 'reserved', (redis.call('HGET', c, 'reserved') or ',') .. aid .. ',') end
redis.call('HSET', a, 'reserved', cid, 'caller', cid)
set_agent(aid, 'on-call', nil, qid or nil)
return finish({ status = 'ok', agentId = aid, agentState = 'on-call' })
`,
  handOver: `
local input = cjson.decode(ARGV[4])
local aid, cid = input.agentId, input.callId
local c = N .. 'c:' .. cid
local qid, state, old = unpack(redis.call('HMGET', c, 'queue', 'state', 'agent'))
if state ~= 'connected' then return finish(status_of(cid)) end
if old == aid then return finish({ status = 'connected', queueId = qid, callId = cid, agentId = aid }) end
local a = N .. 'a:' .. aid
if redis.call('HGET', a, 'reserved') ~= cid then return finish({ status = 'not-offered', agentId = aid }) end
redis.call('HDEL', a, 'reserved')
redis.call('HINCRBY', a, 'calls', 1)
redis.call('HSET', c, 'agent', aid, 'reserved', without(redis.call('HGET', c, 'reserved'), aid))
wrap_up(old, qid)
local event = caller_event(c, cid, 'queue.transferred')
event.fromAgentId = old
event.agentId = aid
emit(event)
return finish({ status = 'connected', queueId = qid, callId = cid, agentId = aid })
`,
  releaseAgent: `
local input = cjson.decode(ARGV[4])
local aid, cid = input.agentId, input.callId
local a = N .. 'a:' .. aid
if redis.call('HGET', a, 'reserved') ~= cid then return finish({ status = 'gone', agentId = aid }) end
redis.call('HDEL', a, 'reserved', 'caller')
local c = N .. 'c:' .. cid
if redis.call('EXISTS', c) == 1 then redis.call('HSET', c, 'reserved', without(redis.call('HGET', c, 'reserved'), aid)) end
set_agent(aid, 'available', nil, nil)
return finish({ status = 'ok', agentId = aid, agentState = 'available' })
`,
  removeQueue: `
local qid = ARGV[4]
local q = N .. 'q:' .. qid
local waiting = redis.call('LLEN', N .. 'qw:' .. qid)
-- Callers waiting (or being rung): the queue stays, the caller of removeQueue says so.
if waiting > 0 then return finish({ status = 'busy', queueId = qid, position = waiting }) end
for _, aid in ipairs(redis.call('SMEMBERS', N .. 'qm:' .. qid)) do
  local a = N .. 'a:' .. aid
  redis.call('HSET', a, 'queues', without(redis.call('HGET', a, 'queues'), qid))
end
redis.call('DEL', q, N .. 'qw:' .. qid, N .. 'qa:' .. qid, N .. 'qm:' .. qid, N .. 'qs:' .. qid, N .. 'qr:' .. qid)
return finish({ status = 'ok', queueId = qid })
`,
  agentStatus: `
local aid = ARGV[4]
local state = redis.call('HGET', N .. 'a:' .. aid, 'state')
if not state then return finish({ status = 'unknown-agent', agentId = aid }) end
return finish({ status = 'ok', agentId = aid, agentState = state })
`,
  tick: `
local due = redis.call('ZRANGEBYSCORE', N .. 'timers', '-inf', NOW, 'LIMIT', 0, 200)
local overflowed = {}
for _, member in ipairs(due) do
  local kind, id = string.sub(member, 1, 1), string.sub(member, 3)
  redis.call('ZREM', N .. 'timers', member)
  if kind == 'o' then
    expire_offer(id)
  elseif kind == 'w' then
    if redis.call('HGET', N .. 'a:' .. id, 'state') == 'wrap-up' then set_agent(id, 'available', nil, nil) end
  else
    local c = N .. 'c:' .. id
    local qid, state, oid, entered = unpack(redis.call('HMGET', c, 'queue', 'state', 'offer', 'entered'))
    if state == 'waiting' then
      local event = caller_event(c, id, 'queue.overflowed')
      event.reason = 'max-wait'
      event.waitMs = NOW - tonumber(entered)
      leave_list(qid, id)
      redis.call('DEL', c)
      emit(event)
      overflowed[#overflowed + 1] = id
    elseif state == 'offered' then
      -- Being rung at its maximum wait: decided when the offer ends.
      local expires = redis.call('HGET', N .. 'o:' .. oid, 'expires')
      redis.call('ZADD', N .. 'timers', tonumber(expires or NOW), member)
    end
  end
end
-- A tenant with no timers left needs no ticks until a script records an event again (which re-adds it).
if redis.call('ZCARD', N .. 'timers') == 0 then redis.call('SREM', KEYS[2], TENANT) end
return finish({ status = 'ok', overflowed = overflowed, more = #due == 200 })
`,
} as const;

export type QueueScript = keyof typeof bodies;

export const QUEUE_SCRIPTS = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [name, PRELUDE + body]),
) as Record<QueueScript, string>;
