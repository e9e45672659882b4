/**
 * The Lua every queue script starts with. Each script runs atomically in Redis, so an assignment (pick a
 * caller, pick agents, mark both, start the lease) is one step for every runtime process at once.
 *
 * KEYS[1] is the tenant's namespace (`acd:{tenant}:`, with the deployment prefix ioredis adds to KEYS); every
 * key is built from it, so every key carries that prefix too. KEYS[2] is the set of tenants with queue work.
 * KEYS[3] is the stream of every offer made (for any tenant), which the runtime's ringers read.
 * ARGV[1] is the clock's now (ms), ARGV[2] the tenant id, ARGV[3] the base of any offer ids the script makes,
 * ARGV[5] the tenant's real-time channel, where every event is also published.
 *
 * Keys under the namespace:
 *   q:{queue}   hash   configuration, round-robin turn, average handle time
 *   qw:{queue}  list   waiting entries in order (callers and callbacks; offered ones stay in place)
 *   qa:{queue}  zset   available member agents, scored by the queue's strategy (lowest first)
 *   qm:{queue}  set    member agents;  qs:{queue} set: members staffed;  qr:{queue} hash: agent -> turn
 *   c:{call}    hash   a waiting entry (reserved: agents held for its transfer);  a:{agent} hash: an agent
 *               (reserved: the call it is held for);  as:{agent} hash: skill -> level
 *   o:{offer}   hash   an offer: the lease of a caller to one or more agents until it expires
 *   timers      zset   o:{offer} ring timeouts, w:{agent} wrap-up ends, m:{call} maximum waits
 *   events      stream the queue events contract, one JSON per entry
 */
export const PRELUDE = `
local N = KEYS[1]
local NOW = tonumber(ARGV[1])
local TENANT = ARGV[2]
local OFFER_BASE = ARGV[3]
local offerSeq = 0
local EVENTS = {}
local OFFERS = {}
local TOUCHED = {}
local TOUCHED_SET = {}

local function emit(event)
  event.tenantId = TENANT
  event.at = NOW
  local json = cjson.encode(event)
  redis.call('XADD', N .. 'events', 'MAXLEN', '~', '100000', '*', 'e', json)
  redis.call('PUBLISH', ARGV[5], json)
  EVENTS[#EVENTS + 1] = event
end

-- What changed in a queue during the script; assignment runs on it before the script ends. One new caller
-- only needs agents for itself and one freed agent only a caller for itself (everything else was already
-- matched as far as it could be); anything more runs the full assignment.
local function touched(qid)
  local t = TOUCHED_SET[qid]
  if not t then
    t = { full = false, agents = {}, callers = {}, seen = {} }
    TOUCHED_SET[qid] = t
    TOUCHED[#TOUCHED + 1] = qid
  end
  return t
end

local function touch(qid) touched(qid).full = true end

local function touch_one(qid, list, id)
  local t = touched(qid)
  if t.seen[list .. id] then return end
  t.seen[list .. id] = true
  local ids = t[list]
  ids[#ids + 1] = id
end

-- Takes an entry out of its queue's list. The entry that moves into the lookahead window with it gets its
-- chance at agents who freed up while it was beyond the window (they looked only that far).
local function leave_list(qid, cid)
  local list = N .. 'qw:' .. qid
  redis.call('LREM', list, 1, cid)
  local lookahead = tonumber(redis.call('HGET', N .. 'q:' .. qid, 'lookahead') or '0')
  if lookahead > 0 then
    local entered = redis.call('LINDEX', list, lookahead - 1)
    if entered then touch_one(qid, 'callers', entered) end
  end
end

local function split(s)
  local out = {}
  if s then for part in string.gmatch(s, '[^,]+') do out[#out + 1] = part end end
  return out
end

-- Lists are stored as ',a,b,' so membership is one plain find.
local function has(list, item)
  return list ~= nil and list ~= false and string.find(list, ',' .. item .. ',', 1, true) ~= nil
end

local function agent_score(qid, strategy, aid)
  if strategy == 'round-robin' then
    return tonumber(redis.call('HGET', N .. 'qr:' .. qid, aid) or '0')
  end
  local a = N .. 'a:' .. aid
  local idle = tonumber(redis.call('HGET', a, 'idle') or '0')
  if strategy == 'fewest-calls' then
    -- Fewest calls first, then longest idle (exact while an agent has fewer than 900 calls).
    return tonumber(redis.call('HGET', a, 'calls') or '0') * 1e13 + idle
  end
  return idle
end

-- An agent is in the available index of each of its queues exactly while it is available.
local function index_agent(aid, state)
  for _, qid in ipairs(split(redis.call('HGET', N .. 'a:' .. aid, 'queues'))) do
    if state == 'available' then
      local strategy = redis.call('HGET', N .. 'q:' .. qid, 'strategy') or 'longest-idle'
      redis.call('ZADD', N .. 'qa:' .. qid, agent_score(qid, strategy, aid), aid)
      touch_one(qid, 'agents', aid)
    else
      redis.call('ZREM', N .. 'qa:' .. qid, aid)
    end
    -- Staffed: taking calls of this queue now or soon (not on a break, not signed out).
    if state == 'offline' or state == 'away' then
      redis.call('SREM', N .. 'qs:' .. qid, aid)
    else
      redis.call('SADD', N .. 'qs:' .. qid, aid)
    end
  end
end

local function set_agent(aid, state, reason, qid)
  local a = N .. 'a:' .. aid
  local previous, previousReason = unpack(redis.call('HMGET', a, 'state', 'reason'))
  -- Idle time runs from the end of the last call or break, not from an offer that rang out.
  if state == 'available' and previous ~= 'ringing' and previous ~= 'available' then
    redis.call('HSET', a, 'idle', NOW)
  end
  if state ~= 'wrap-up' then redis.call('ZREM', N .. 'timers', 'w:' .. aid) end
  redis.call('HSET', a, 'state', state, 'reason', reason or '', 'queue', qid or '')
  index_agent(aid, state)
  if previous ~= state or (previousReason or '') ~= (reason or '') then
    redis.call('HSET', a, 'since', NOW)
    emit({ type = 'agent.state-changed', agentId = aid, state = state, reason = reason or cjson.null,
      queueId = qid or cjson.null })
  end
end

-- The first of the agent's endpoint kinds (in the agent's order) that the caller's provider reaches.
local function endpoint_for(aid, reach)
  for _, kind in ipairs(split(redis.call('HGET', N .. 'a:' .. aid, 'kinds'))) do
    if has(reach, kind) then return kind end
  end
  return nil
end

local function has_skills(aid, skills)
  for skill, level in string.gmatch(skills, '([^,=]+)=(%d+)') do
    local own = redis.call('HGET', N .. 'as:' .. aid, skill)
    if not own or tonumber(own) < tonumber(level) then return false end
  end
  return true
end

local function skill_sum(aid, skills)
  local sum = 0
  for skill in string.gmatch(skills, '([^,=]+)=%d+') do
    sum = sum + tonumber(redis.call('HGET', N .. 'as:' .. aid, skill) or '0')
  end
  return sum
end

-- The agents to ring for a caller, as {agent, endpoint kind} pairs, or nil. Agents who already let this
-- caller ring out come last: they are rung again only when nobody else can take the call.
local function pick_agents(qid, strategy, c)
  local reach, skills, pref, tried = unpack(redis.call('HMGET', c, 'reach', 'skills', 'pref', 'tried'))
  local avail = N .. 'qa:' .. qid
  local function fits(aid)
    if not has_skills(aid, skills) then return nil end
    return endpoint_for(aid, reach)
  end
  if strategy == 'skills' then
    for _, aid in ipairs(split(pref)) do
      if redis.call('ZSCORE', avail, aid) and not has(tried, aid) then
        local kind = fits(aid)
        if kind then return { { aid, kind } } end
      end
    end
  end
  local chosen, again = {}, {}
  local best, bestSum = nil, -1
  local offset = 0
  while true do
    local page = redis.call('ZRANGE', avail, offset, offset + 99)
    if #page == 0 then break end
    for _, aid in ipairs(page) do
      local kind = fits(aid)
      if kind then
        if has(tried, aid) then
          again[#again + 1] = { aid, kind }
        elseif strategy == 'ring-all' then
          chosen[#chosen + 1] = { aid, kind }
        elseif strategy == 'skills' then
          local sum = skill_sum(aid, skills)
          if sum > bestSum then best, bestSum = { aid, kind }, sum end
        else
          return { { aid, kind } }
        end
      end
    end
    offset = offset + 100
  end
  if best then return { best } end
  if #chosen > 0 then return chosen end
  if #again == 0 then return nil end
  if strategy == 'ring-all' then return again end
  return { again[1] }
end

local function caller_event(c, cid, type)
  local qid, test = unpack(redis.call('HMGET', c, 'queue', 'test'))
  return { type = type, queueId = qid, callId = cid, test = test == '1' }
end

local function make_offer(qid, cid, agents, ringMs)
  offerSeq = offerSeq + 1
  local oid = OFFER_BASE .. '.' .. offerSeq
  local c = N .. 'c:' .. cid
  local expires = NOW + ringMs
  local ids, out, list = {}, {}, ','
  for _, pair in ipairs(agents) do
    local aid, kind = pair[1], pair[2]
    ids[#ids + 1] = aid
    list = list .. aid .. ','
    out[#out + 1] = { agentId = aid, kind = kind, address = redis.call('HGET', N .. 'a:' .. aid, 'ep:' .. kind) }
    redis.call('HSET', N .. 'qr:' .. qid, aid, redis.call('HINCRBY', N .. 'q:' .. qid, 'rr', 1))
    redis.call('HSET', N .. 'a:' .. aid, 'offer', oid)
    set_agent(aid, 'ringing', nil, qid)
  end
  redis.call('HSET', N .. 'o:' .. oid, 'caller', cid, 'queue', qid, 'agents', list, 'expires', expires)
  redis.call('ZADD', N .. 'timers', expires, 'o:' .. oid)
  redis.call('HSET', c, 'state', 'offered', 'offer', oid)
  local event = caller_event(c, cid, 'queue.offered')
  event.offerId = oid
  event.agentIds = ids
  emit(event)
  local kind, number = unpack(redis.call('HMGET', c, 'kind', 'number'))
  OFFERS[#OFFERS + 1] = { offerId = oid, queueId = qid, callId = cid, expiresAt = expires, agents = out,
    callbackNumber = (kind == 'callback' and number) or cjson.null }
end

-- One assignment on a queue: the first waiting entry (in queue order, within the lookahead) that an
-- available agent can take gets offered to the agent(s) the strategy picks. True when it made an offer.
local function dispatch_queue(qid)
  local avail = N .. 'qa:' .. qid
  if redis.call('ZCARD', avail) == 0 then return false end
  local strategy, ring, lookahead = unpack(redis.call('HMGET', N .. 'q:' .. qid, 'strategy', 'ringMs', 'lookahead'))
  if not strategy then return false end
  lookahead = tonumber(lookahead)
  local list = N .. 'qw:' .. qid
  local scanned, start = 0, 0
  while true do
    local page = redis.call('LRANGE', list, start, start + 99)
    if #page == 0 then return false end
    for _, cid in ipairs(page) do
      local c = N .. 'c:' .. cid
      if redis.call('HGET', c, 'state') == 'waiting' then
        local agents = pick_agents(qid, strategy, c)
        if agents then
          make_offer(qid, cid, agents, tonumber(ring))
          return true
        end
        scanned = scanned + 1
        if scanned >= lookahead then return false end
      end
    end
    start = start + 100
  end
end

local function release(aid, oid, away)
  local a = N .. 'a:' .. aid
  if redis.call('HGET', a, 'offer') ~= oid then return end
  redis.call('HDEL', a, 'offer')
  if away then set_agent(aid, 'away', 'no-answer', nil) else set_agent(aid, 'available', nil, nil) end
end

local function drop_offer(oid)
  redis.call('DEL', N .. 'o:' .. oid)
  redis.call('ZREM', N .. 'timers', 'o:' .. oid)
end

-- The caller goes back to its place (it never left the list), the agents are freed (or set away).
local function expire_offer(oid)
  local cid, qid, agents = unpack(redis.call('HMGET', N .. 'o:' .. oid, 'caller', 'queue', 'agents'))
  if not cid then return end
  drop_offer(oid)
  local away = redis.call('HGET', N .. 'q:' .. qid, 'away') == '1'
  local c = N .. 'c:' .. cid
  local tried = redis.call('HGET', c, 'tried') or ','
  for _, aid in ipairs(split(agents)) do
    release(aid, oid, away)
    if not has(tried, aid) then tried = tried .. aid .. ',' end
  end
  redis.call('HSET', c, 'state', 'waiting', 'offer', '', 'tried', tried)
  local event = caller_event(c, cid, 'queue.no-answer')
  event.offerId = oid
  event.agentIds = split(agents)
  emit(event)
  touch_one(qid, 'callers', cid)
end

local function status_of(cid)
  local c = N .. 'c:' .. cid
  local qid, state, kind, agent = unpack(redis.call('HMGET', c, 'queue', 'state', 'kind', 'agent'))
  if not qid then return { status = 'gone' } end
  if state == 'connected' then return { status = 'connected', queueId = qid, callId = cid, agentId = agent } end
  local position = (redis.call('LPOS', N .. 'qw:' .. qid, cid) or 0) + 1
  local staffed = redis.call('SCARD', N .. 'qs:' .. qid)
  local aht = tonumber(redis.call('HGET', N .. 'q:' .. qid, 'ahtMs'))
  local wait = cjson.null
  -- Callers ahead (and this one) shared among the staffed agents, each taking an average handle time.
  if staffed > 0 then wait = math.ceil(position * aht / staffed) end
  return { status = state, queueId = qid, callId = cid, position = position, estimatedWaitMs = wait,
    callback = kind == 'callback' }
end

-- The caller, if still waiting, offered to the agents the strategy picks among the available ones.
local function dispatch_caller(qid, cid)
  local c = N .. 'c:' .. cid
  if redis.call('HGET', c, 'state') ~= 'waiting' then return end
  local strategy, ring = unpack(redis.call('HMGET', N .. 'q:' .. qid, 'strategy', 'ringMs'))
  if not strategy then return end
  local agents = pick_agents(qid, strategy, c)
  if agents then make_offer(qid, cid, agents, tonumber(ring)) end
end

-- A freed agent offered the first waiting entry (within the lookahead) it can take; under skills-based
-- routing, entries that prefer this agent come first. An entry that rang this agent out keeps its place
-- here: it went to another agent first if it could (callers are assigned before agents).
local function dispatch_agent(qid, aid)
  if not redis.call('ZSCORE', N .. 'qa:' .. qid, aid) then return end
  local strategy, ring, lookahead = unpack(redis.call('HMGET', N .. 'q:' .. qid, 'strategy', 'ringMs', 'lookahead'))
  if not strategy then return end
  local list = N .. 'qw:' .. qid
  local passes = strategy == 'skills' and { true, false } or { false }
  for _, preferredOnly in ipairs(passes) do
    local scanned, start = 0, 0
    while scanned < tonumber(lookahead) do
      local page = redis.call('LRANGE', list, start, start + 99)
      if #page == 0 then break end
      for _, cid in ipairs(page) do
        local c = N .. 'c:' .. cid
        local state, reach, skills, pref = unpack(redis.call('HMGET', c, 'state', 'reach', 'skills', 'pref'))
        if state == 'waiting' then
          if (not preferredOnly or has(pref, aid)) and has_skills(aid, skills) then
            local kind = endpoint_for(aid, reach)
            if kind then
              make_offer(qid, cid, { { aid, kind } }, tonumber(ring))
              return
            end
          end
          scanned = scanned + 1
          if scanned >= tonumber(lookahead) then break end
        end
      end
      start = start + 100
    end
  end
end

-- A connected call's agent is done with it: into the queue's wrap-up (or straight back to available).
local function wrap_up(aid, qid)
  redis.call('HDEL', N .. 'a:' .. aid, 'caller')
  local wrapMs = tonumber(redis.call('HGET', N .. 'q:' .. qid, 'wrapMs') or '0')
  if wrapMs > 0 then
    set_agent(aid, 'wrap-up', nil, qid)
    redis.call('ZADD', N .. 'timers', NOW + wrapMs, 'w:' .. aid)
  else
    set_agent(aid, 'available', nil, nil)
  end
end

-- Agents held for a transfer, consultation or third party of this call and not handed it: free again.
local function release_reserved(cid)
  for _, aid in ipairs(split(redis.call('HGET', N .. 'c:' .. cid, 'reserved'))) do
    local a = N .. 'a:' .. aid
    if redis.call('HGET', a, 'reserved') == cid then
      redis.call('HDEL', a, 'reserved', 'caller')
      set_agent(aid, 'available', nil, nil)
    end
  end
end

-- The ',a,b,' list without one item (found as plain text: ids may hold pattern characters).
local function without(list, item)
  list = list or ','
  local from, to = string.find(list, ',' .. item .. ',', 1, true)
  if not from then return list end
  return string.sub(list, 1, from) .. string.sub(list, to + 1)
end

-- Runs assignment on every touched queue, and returns the result.
local function finish(result)
  for _, qid in ipairs(TOUCHED) do
    local t = TOUCHED_SET[qid]
    if t.full or #t.agents > 1 then
      local guard = 0
      while guard < 1000 and dispatch_queue(qid) do guard = guard + 1 end
    else
      for _, cid in ipairs(t.callers) do dispatch_caller(qid, cid) end
      if t.agents[1] then dispatch_agent(qid, t.agents[1]) end
    end
  end
  if #EVENTS > 0 and redis.call('ZCARD', N .. 'timers') > 0 then redis.call('SADD', KEYS[2], TENANT) end
  for _, offer in ipairs(OFFERS) do
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', '100000', '*', 't', TENANT, 'o', cjson.encode(offer))
  end
  result.offers = OFFERS
  result.events = EVENTS
  return cjson.encode(result)
end
`;
