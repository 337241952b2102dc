import { TRPCError } from '@trpc/server';
import { afterAll, describe, expect, it } from 'vitest';
import { restaurants } from '@/prisma/seed-data';
import { createPrismaClient } from '@/server/prisma-client';
import { callerFor, requireEnv } from '@/test/integration';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
afterAll(() => db.$disconnect());

describe('menu.get', () => {
  for (const restaurant of restaurants) {
    for (let n = 1; n <= restaurant.tableCount; n++) {
      const token = `${restaurant.tablePrefix}${n}`;
      it(`serves ${restaurant.name}'s menu at ${token}`, async () => {
        const menu = await (await callerFor()).menu.get({ tableToken: token });
        expect(menu.restaurant).toMatchObject({
          name: restaurant.name,
          currency: restaurant.currency,
          immediatePaymentRequired: restaurant.immediatePaymentRequired,
        });
        expect(menu.table.name).toBe(`Table ${n}`);
        expect(menu.categories.map((c) => c.name)).toEqual(restaurant.categories.map((c) => c.name));
        const products = menu.categories.flatMap((c) => c.products);
        expect(products.length).toBe(restaurant.categories.flatMap((c) => c.products).length);
        expect(products.length).toBeGreaterThanOrEqual(12);
        expect(products.some((p) => !p.available)).toBe(true);
        expect(products.every((p) => Number.isInteger(p.priceMinor) && p.priceMinor > 0)).toBe(true);
      });
    }
  }

  it('answers NOT_FOUND for an unknown token', async () => {
    const error = await (await callerFor()).menu.get({ tableToken: 'no-such-table' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
    expect((error as TRPCError).message).toBe('No table with that token');
  });

  it('treats a deactivated table exactly like a missing one', async () => {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo-bistro' } });
    const table = await db.table.create({
      data: { tenantId: tenant.id, name: `Retired ${Date.now()}`, token: `retired-${Date.now()}`, active: false },
    });
    try {
      const error = await (await callerFor()).menu.get({ tableToken: table.token }).catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe('NOT_FOUND');
    } finally {
      await db.table.delete({ where: { id: table.id } });
    }
  });

  it('names the field when the token is malformed', async () => {
    const error = await (await callerFor()).menu.get({ tableToken: 'bad token!' }).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toMatch(/tableToken/);
  });
});
