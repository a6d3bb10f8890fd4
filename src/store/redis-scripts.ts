// Lua scripts for the writes that must happen together. Redis runs a script without interleaving
// other commands, so no reader ever sees half of one of these writes.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, falling back to EVAL once when the server has not cached the script yet. */
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
        return await redis.eval(this.source, keys.length, ...keys, ...args);
      }
      throw err;
    }
  }
}

// Aggregates of one record (ARGV[5] date score YYYYMMDD, ARGV[6] criteria "3,7", ARGV[7] "1" for
// 走基层, ARGV[8] its 三会一课 field "m:<kind>:<YYYY-MM>" or '') applied to KEYS[5] stats hash,
// KEYS[6] dates zset, KEYS[7] walks zset, with sign d.
const STATS_APPLY = `
local function stats(id, d)
  redis.call('HINCRBY', KEYS[5], 'n', d)
  if ARGV[8] ~= '' then redis.call('HINCRBY', KEYS[5], ARGV[8], d) end
  for c in string.gmatch(ARGV[6], '%d+') do redis.call('HINCRBY', KEYS[5], 'c' .. c, d) end
  if d > 0 then
    redis.call('ZADD', KEYS[6], ARGV[5], id)
    if ARGV[7] == '1' then redis.call('ZADD', KEYS[7], ARGV[5], string.format('%010d', id)) end
  else
    redis.call('ZREM', KEYS[6], id)
    redis.call('ZREM', KEYS[7], string.format('%010d', id))
  end
end
`;

/**
 * KEYS: message index, seq, id index, branches set, stats hash, dates zset, walks zset.
 * ARGV: key prefix, encoded branch, branch name, report JSON without `id` (an object, never empty),
 * date score, criteria list, 走基层 flag, 三会一课 field.
 * Returns {1, json} when created, {0, json} when the message was already stored.
 * The record key is derived from the new id, so it cannot be passed in KEYS (fine on one node).
 */
export const addReportScript = new LuaScript(`${STATS_APPLY}
local ref = redis.call('GET', KEYS[1])
if ref then
  local existing = redis.call('GET', ARGV[1] .. 'r:' .. ref)
  if existing then return {0, existing} end
end
local id = redis.call('INCR', KEYS[2])
local json = '{"id":' .. id .. ',' .. string.sub(ARGV[4], 2)
redis.call('SET', ARGV[1] .. 'r:' .. ARGV[2] .. ':' .. id, json)
redis.call('ZADD', KEYS[3], id, id)
redis.call('SET', KEYS[1], ARGV[2] .. ':' .. id)
redis.call('SADD', KEYS[4], ARGV[3])
stats(id, 1)
-- A branch's first record: its aggregates are complete from the start, never to be rebuilt.
if id == 1 then redis.call('HSET', KEYS[5], 'v', 2) end
return {1, json}
`);

/**
 * KEYS: record, id index, message index, audit list, stats hash, dates zset, walks zset.
 * ARGV: the record JSON read before, id, report ref, audit entry JSON ('' for none), date score,
 * criteria, 走基层 flag, 三会一课 field.
 * Deletes only if the record is still the one read (a mismatch means another caller deleted or
 * changed it first). Returns 1 when deleted.
 */
export const deleteReportScript = new LuaScript(`${STATS_APPLY}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
if redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('DEL', KEYS[3]) end
stats(tonumber(ARGV[2]), -1)
if ARGV[4] ~= '' then redis.call('RPUSH', KEYS[4], ARGV[4]) end
return 1
`);

/**
 * Rebuilds one branch's aggregates from its records (once, for data written before aggregates
 * existed). Atomic per branch, so writes racing with it are never counted twice.
 * KEYS: id index, stats hash, dates zset, walks zset. ARGV: key prefix, encoded branch.
 */
export const rebuildStatsScript = new LuaScript(`
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('HSET', KEYS[2], 'v', 2)
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local json = redis.call('GET', ARGV[1] .. 'r:' .. ARGV[2] .. ':' .. id)
  if json then
    local r = cjson.decode(json)
    local score = tonumber((string.gsub(r.date, '-', '')))
    redis.call('HINCRBY', KEYS[2], 'n', 1)
    local walk = false
    for _, c in ipairs(r.criteria) do
      redis.call('HINCRBY', KEYS[2], 'c' .. string.format('%d', c), 1)
      if c == 7 then walk = true end
    end
    if type(r.meeting) == 'string' then redis.call('HINCRBY', KEYS[2], 'm:' .. r.meeting .. ':' .. string.sub(r.date, 1, 7), 1) end
    redis.call('ZADD', KEYS[3], score, id)
    if walk then redis.call('ZADD', KEYS[4], score, string.format('%010d', tonumber(id))) end
  end
end
return 1
`);

/**
 * KEYS: record, audit list, stats hash, dates zset, walks zset.
 * ARGV: the record JSON read before, the new JSON, audit entry JSON, id, old criteria, new date
 * score, new criteria, new 走基层 flag, old and new 三会一课 field ('' for none).
 * Compare-and-set: writes only if the record is still the one read, moving its aggregates from
 * the old criteria and date to the new ones. Returns 1 when written.
 */
export const updateReportScript = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[3])
local id = tonumber(ARGV[4])
for c in string.gmatch(ARGV[5], '%d+') do redis.call('HINCRBY', KEYS[3], 'c' .. c, -1) end
for c in string.gmatch(ARGV[7], '%d+') do redis.call('HINCRBY', KEYS[3], 'c' .. c, 1) end
if ARGV[9] ~= '' then redis.call('HINCRBY', KEYS[3], ARGV[9], -1) end
if ARGV[10] ~= '' then redis.call('HINCRBY', KEYS[3], ARGV[10], 1) end
redis.call('ZADD', KEYS[4], ARGV[6], id)
redis.call('ZREM', KEYS[5], string.format('%010d', id))
if ARGV[8] == '1' then redis.call('ZADD', KEYS[5], ARGV[6], string.format('%010d', id)) end
return 1
`);

/**
 * Every named branch's aggregates in one round trip (standings of 1,000 branches would otherwise
 * be 5,000 commands). KEYS: per branch its stats hash, dates zset, walks zset. ARGV: 走基层 range
 * start, end and dated range start, end as date scores ('' when not asked).
 * Returns per branch one string: last date score or '', walks in range or -1, first walk member or
 * '', its score or '', records in the dated range or -1, then the hash's fields and values, all
 * separated by \x1f. One string per branch instead of nested arrays: the client parses 1,000 of
 * them, not 60,000 reply elements.
 */
export const branchStatsScript = new LuaScript(`
local out = {}
for i = 1, #KEYS, 3 do
  local last = redis.call('ZRANGE', KEYS[i + 1], -1, -1, 'WITHSCORES')
  local walks, first, firstScore, dated = -1, '', '', -1
  if ARGV[1] ~= '' then
    walks = redis.call('ZCOUNT', KEYS[i + 2], ARGV[1], ARGV[2])
    local f = redis.call('ZRANGEBYSCORE', KEYS[i + 2], ARGV[1], ARGV[2], 'WITHSCORES', 'LIMIT', 0, 1)
    if f[1] then first, firstScore = f[1], f[2] end
  end
  if ARGV[3] ~= '' then dated = redis.call('ZCOUNT', KEYS[i + 1], ARGV[3], ARGV[4]) end
  local parts = {last[2] or '', walks, first, firstScore, dated}
  for _, v in ipairs(redis.call('HGETALL', KEYS[i])) do parts[#parts + 1] = v end
  out[#out + 1] = table.concat(parts, '\\31')
end
return out
`);

/** KEYS: marker. ARGV: ttl ms. Returns 'sent', 'busy' or 'claimed'. */
export const claimReminderScript = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if v == 'sent' then return 'sent' end
if v then return 'busy' end
redis.call('SET', KEYS[1], 'busy', 'PX', ARGV[1])
return 'claimed'
`);

/** KEYS: push hash. ARGV: dead JSON. Marks only an existing record. */
export const markDeadScript = new LuaScript(`
if redis.call('HEXISTS', KEYS[1], 'record') == 1 then
  redis.call('HSET', KEYS[1], 'dead', ARGV[1])
  return 1
end
return 0
`);

/**
 * KEYS: claim key, reply key. ARGV: lease ms. The claim key holds 'p' (in progress, expiring with
 * the lease) or 'd' (done). Returns {'claimed'}, {'busy'} or {'done', reply or false}.
 */
export const claimMessageScript = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], 'p', 'PX', ARGV[1])
  return {'claimed'}
end
if v == 'p' then return {'busy'} end
return {'done', redis.call('GET', KEYS[2])}
`);

/**
 * KEYS: window zset. ARGV: limit, window ms, unique member. Uses the server's clock, so every
 * instance shares one time line. Returns 0 when counted, else the ms until a place frees.
 */
export const takeRateScript = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now + 1)
`);

/** KEYS: lease key. ARGV: owner, ttl ms. 1 when the owner holds it afterwards (taken or extended). */
export const HOLD_LEASE = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
  return 1
end
return 0
`);

/**
 * KEYS: key. ARGV: value. Deletes the key only while it holds that value: a lease its owner holds,
 * a reminder claim still 'busy' (a 'sent' marker stays), a message claim still 'p' (a done one stays).
 */
export const DELETE_IF = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);
