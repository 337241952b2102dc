// Lua for what sliding windows cannot promise: exact counts of events
// (a sliding log in a sorted set) and the abuse memory that turns repeated
// violations into a block. Each runs atomically in Redis; plain EVAL, since
// Redis caches compiled scripts by text anyway.

/**
 * Sliding log. KEYS[1] the log; ARGV now-ms, window-ms, limit, member, mode.
 * mode "admit": add only while under the limit (a request-gating count).
 * mode "record": always add (counting failures, whose limit gates elsewhere).
 * Returns { admitted 0|1, count after, oldest event ms }.
 */
export const SLIDING_LOG = `
local key, now, window, limit, member, mode = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local admitted = 0
if mode == 'record' or count < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  count = count + 1
  admitted = 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2] or now
return { admitted, count, tonumber(oldest) }
`;

/** Read-only count of a sliding log. KEYS[1]; ARGV now-ms, window-ms. */
export const SLIDING_LOG_COUNT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
return redis.call('ZCARD', KEYS[1])
`;

/**
 * One violation by a subject. KEYS[1] its violation log, KEYS[2] its block,
 * KEYS[3] how many times it was blocked today. ARGV now-ms, window-ms,
 * threshold, base-block-ms, max-block-ms, member. At the threshold the
 * subject is blocked for base × 2^(blocks today − 1), capped at max.
 * Returns { violations in window, block ms (0 = not blocked now) }.
 */
export const RECORD_VIOLATION = `
local now, window, threshold = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local base, max = tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], window)
local count = redis.call('ZCARD', KEYS[1])
if count < threshold then return { count, 0 } end
local times = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], 86400)
local duration = math.min(base * 2 ^ (times - 1), max)
redis.call('SET', KEYS[2], tostring(now + duration), 'PX', duration)
redis.call('DEL', KEYS[1])
return { count, duration }
`;

/**
 * A slot among `limit` open at once. KEYS[1] the holder set (member → lease
 * end); ARGV now-ms, lease-ms, limit, member. Expired leases (a crashed
 * instance's connections) are dropped first; holders renew by acquiring again.
 * Returns { acquired 0|1, holders }.
 */
export const ACQUIRE_SLOT = `
local key, now, lease, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZSCORE', key, member) or redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now + lease, member)
  redis.call('PEXPIRE', key, lease)
  return { 1, redis.call('ZCARD', key) }
end
return { 0, redis.call('ZCARD', key) }
`;
