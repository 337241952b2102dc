import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { requireEnv } from '@/test/integration';
import { restaurants } from './seed-data';
import { seedDemoData } from './seed-lib';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
afterAll(() => db.$disconnect());

// Only what the seed owns: other test files add restaurants (sign-up) and scratch tables meanwhile.
const seeded = {
  tenant: { slug: { in: restaurants.map((r) => r.slug) } },
  table: { OR: restaurants.map((r) => ({ token: { startsWith: r.tablePrefix } })) },
};

async function snapshot() {
  return {
    tenants: await db.tenant.findMany({ where: seeded.tenant, orderBy: { id: 'asc' } }),
    users: await db.user.findMany({
      where: { OR: [{ tenant: seeded.tenant }, { isOperator: true }] },
      orderBy: { id: 'asc' },
    }),
    tables: await db.table.findMany({ where: seeded.table, orderBy: { id: 'asc' } }),
    categories: await db.category.findMany({ where: { tenant: seeded.tenant }, orderBy: { id: 'asc' } }),
    products: await db.product.findMany({ where: { tenant: seeded.tenant }, orderBy: { id: 'asc' } }),
  };
}

describe('demo seed', () => {
  it('is idempotent: a second run changes no row, timestamps included', async () => {
    await seedDemoData(db);
    const before = await snapshot();
    const summary = await seedDemoData(db);
    expect(summary.created).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('creates the restaurants, tables and sign-ins of SPEC §6', async () => {
    for (const restaurant of restaurants) {
      const tenant = await db.tenant.findUniqueOrThrow({
        where: { slug: restaurant.slug },
        include: { tables: { where: seeded.table }, categories: true, products: true, users: true },
      });
      expect(tenant.currency).toBe(restaurant.currency);
      expect(tenant.immediatePaymentRequired).toBe(restaurant.immediatePaymentRequired);
      expect(tenant.tables.map((t) => t.token).sort()).toEqual(
        Array.from({ length: restaurant.tableCount }, (_, i) => `${restaurant.tablePrefix}${i + 1}`).sort(),
      );
      expect(tenant.categories.length).toBeGreaterThanOrEqual(3);
      expect(tenant.products.length).toBeGreaterThanOrEqual(12);
      expect(tenant.products.filter((p) => !p.available).length).toBeGreaterThanOrEqual(1);
      expect(tenant.users).toEqual([expect.objectContaining({ email: restaurant.owner.email, role: 'OWNER' })]);
    }
    const operator = await db.user.findUniqueOrThrow({ where: { email: 'ops@tableside.test' } });
    expect(operator.isOperator).toBe(true);
    expect(operator.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
