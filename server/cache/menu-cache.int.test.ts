// The menu cache against the real Redis (through the REST endpoint) and
// database: a hit touches no PostgreSQL; a catalog change is visible on the
// very next load.
import { Redis } from '@upstash/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { setProductAvailability } from '@/server/domain/catalog/set-availability';
import { createPrismaClient } from '@/server/prisma-client';
import { dropCachedMenusOfTables } from '@/prisma/seed-lib';
import { requireEnv, scratchTable } from '@/test/integration';
import { getMenuCached, invalidateMenus } from './menu-cache';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
// A database nobody listens on: any query through it fails.
const noDatabase = createPrismaClient('postgresql://nobody@127.0.0.1:9/none', 1);
const redis = new Redis({
  url: requireEnv('UPSTASH_REDIS_REST_URL'),
  token: requireEnv('UPSTASH_REDIS_REST_TOKEN'),
  enableTelemetry: false,
});
afterAll(() => Promise.all([db.$disconnect(), noDatabase.$disconnect()]));

const products = (menu: Awaited<ReturnType<typeof getMenuCached>>['menu']) =>
  menu.categories.flatMap((c) => c.products);

describe('menu cache', () => {
  it('misses, then serves hits without PostgreSQL', async () => {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'sakura-sushi' } });
    await invalidateMenus(redis, tenant.id);
    const miss = await getMenuCached(db, redis, 'sakura-t2');
    expect(miss.source).toBe('database');
    const hit = await getMenuCached(noDatabase, redis, 'sakura-t2');
    expect(hit.source).toBe('cache');
    expect(hit.menu).toEqual(miss.menu);
  });

  it('an availability change is on the next load, for every table of the restaurant', async () => {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'sakura-sushi' } });
    const product = await db.product.findFirstOrThrow({ where: { tenantId: tenant.id, available: true } });
    await getMenuCached(db, redis, 'sakura-t1');
    await getMenuCached(db, redis, 'sakura-t3');
    try {
      await setProductAvailability(db, tenant.id, { productId: product.id, available: false });
      await invalidateMenus(redis, tenant.id);
      for (const table of ['sakura-t1', 'sakura-t3']) {
        const next = await getMenuCached(db, redis, table);
        expect(next.source).toBe('database');
        expect(products(next.menu).find((p) => p.id === product.id)?.available).toBe(false);
      }
    } finally {
      await setProductAvailability(db, tenant.id, { productId: product.id, available: true });
      await invalidateMenus(redis, tenant.id);
    }
  });

  it('an unknown table is not found, and nothing is cached for it', async () => {
    await expect(getMenuCached(db, redis, 'no-such-table')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getMenuCached(noDatabase, redis, 'no-such-table')).rejects.toThrow();
  });

  it('seeding drops menus cached for its tables, whichever database filled them', async () => {
    const table = await scratchTable('sakura-sushi');
    try {
      // A menu cached under this token, as if by another database that used the same token.
      await getMenuCached(db, redis, table.token);
      expect((await getMenuCached(noDatabase, redis, table.token)).source).toBe('cache');
      expect(await dropCachedMenusOfTables(db, process.env)).toBeGreaterThanOrEqual(1);
      expect((await getMenuCached(db, redis, table.token)).source).toBe('database');
    } finally {
      await table.remove();
    }
  });
});
