// The public menu, served from Redis for 5 minutes per restaurant (SPEC,
// issue 4). A hit is one Redis GET and no PostgreSQL. Every catalog or
// settings change calls invalidateMenus(tenantId): the next load is fresh.
// A load that started before an invalidation never writes its (maybe stale)
// result back. Redis unavailable: the menu comes from PostgreSQL.
import type { Redis } from '@upstash/redis';

/** What the cache needs of Redis: a client, or the Node runtime's batcher (server/ratelimit/redis-batcher.ts). */
export type MenuCacheRedis = Pick<Redis, 'get' | 'eval' | 'time' | 'del'>;
import { loadMenuForTable, type Menu } from '../domain/menu/get-menu';
import type { Db } from '../prisma-client';

export const MENU_TTL_SECONDS = 5 * 60;

const menuKey = (tableToken: string) => `tableside:menu:table:${tableToken}`;
const indexKey = (tenantId: string) => `tableside:menu:index:${tenantId}`;
const stampKey = (tenantId: string) => `tableside:menu:invalidated:${tenantId}`;

type Cached = { tenantId: string; menu: Menu };

/** KEYS: menu, index, stamp. ARGV: payload, ttl s, load-started ms (Redis time). Writes unless invalidated since the load began. */
const WRITE_UNLESS_INVALIDATED = `
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
redis.call('SADD', KEYS[2], KEYS[1])
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
return 1
`;

/** KEYS: index, stamp. ARGV: stamp ttl ms. Drops every cached menu of the restaurant; stamps Redis's time. */
const INVALIDATE = `
local keys = redis.call('SMEMBERS', KEYS[1])
for _, key in ipairs(keys) do redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
local now = redis.call('TIME')
redis.call('SET', KEYS[2], string.format('%.0f', now[1] * 1000 + math.floor(now[2] / 1000)), 'PX', tonumber(ARGV[1]))
return #keys
`;

export type MenuSource = 'cache' | 'database';

/** `redis` null: the cache is switched off (MENU_CACHE_ENABLED=false, for measurements). */
export async function getMenuCached(
  db: Db,
  redis: MenuCacheRedis | null,
  tableToken: string,
): Promise<{ menu: Menu; source: MenuSource }> {
  if (!redis) return { menu: (await loadMenuForTable(db, tableToken)).menu, source: 'database' };
  const hit = await redis.get<Cached>(menuKey(tableToken)).catch(() => null);
  if (hit) return { menu: hit.menu, source: 'cache' };
  // Redis's clock, like the invalidation stamp's: servers whose clocks disagree cannot let a stale menu in.
  const loadStartedMs = await redisNowMs(redis);
  const loaded = await loadMenuForTable(db, tableToken);
  await redis
    .eval(
      WRITE_UNLESS_INVALIDATED,
      [menuKey(tableToken), indexKey(loaded.tenantId), stampKey(loaded.tenantId)],
      [JSON.stringify(loaded), MENU_TTL_SECONDS, loadStartedMs],
    )
    .catch(() => 0);
  return { menu: loaded.menu, source: 'database' };
}

/** After any change to a restaurant's catalog, tables or settings. */
export async function invalidateMenus(redis: MenuCacheRedis, tenantId: string): Promise<void> {
  await redis.eval(INVALIDATE, [indexKey(tenantId), stampKey(tenantId)], [MENU_TTL_SECONDS * 2 * 1000]);
}

/** Redis's own time in ms; with Redis away, 0 (the write-back fails anyway). */
async function redisNowMs(redis: MenuCacheRedis): Promise<number> {
  const time = await redis.time().catch(() => null);
  return time ? Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000) : 0;
}

/**
 * Drops the cached menus of these tables. For a database that was seeded
 * afresh or restored while Redis kept its cache: the same table tokens may
 * now stand for other rows, which a tenant's invalidation cannot reach.
 */
export async function dropCachedMenus(redis: MenuCacheRedis, tableTokens: readonly string[]): Promise<number> {
  return tableTokens.length ? redis.del(...tableTokens.map(menuKey)) : 0;
}
