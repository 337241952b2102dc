// A write that committed answers success even when its side effect fails
// afterwards (the live push through Redis, the menu cache): the order is
// returned, the row is there, and the failure is logged with the order id.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { requireEnv, scratchTable } from '@/test/integration';
import { setProductAvailability } from './catalog/set-availability';
import { moveItem, moveOrder } from './orders/change-status';
import type { OrderEvents } from './orders/events';
import { placeOrder } from './orders/place-order';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
let table: Awaited<ReturnType<typeof scratchTable>>;
beforeAll(async () => {
  table = await scratchTable();
});
afterAll(async () => {
  await table.remove();
  await db.$disconnect();
});

function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: { error: (entry: Record<string, unknown>) => void lines.push(entry) } };
}

/** The live-update port with Redis gone: every publish fails. */
const redisDown: OrderEvents = {
  changed: async () => {
    throw new Error('fetch failed: connect ECONNREFUSED 127.0.0.1:8079');
  },
};
const system = { userId: null, kind: 'system' as const };

async function place(log = recordingLog().log) {
  const soup = await db.product.findFirstOrThrow({
    where: { tenant: { slug: 'demo-bistro' }, available: true },
    orderBy: { name: 'asc' },
  });
  const order = await placeOrder(
    db,
    redisDown,
    randomUUID(),
    {
      tableToken: table.token,
      customerName: 'Offline',
      items: [{ productId: soup.id, quantity: 2, note: undefined }],
      idempotencyKey: randomUUID(),
    },
    log,
  );
  return { order, tenantId: soup.tenantId };
}

describe('side effects after a commit never fail the request', () => {
  it('placeOrder returns the order, which is saved, when the live push fails; the failure is logged with the order id', async () => {
    const { lines, log } = recordingLog();
    const { order } = await place(log);
    expect(order.status).toBe('PENDING');
    expect(await db.order.findUnique({ where: { id: order.id }, select: { customerName: true } })).toEqual({
      customerName: 'Offline',
    });
    expect(await db.orderItem.count({ where: { orderId: order.id } })).toBe(1);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'after_commit_effect_failed',
        effect: 'order.changed',
        orderId: order.id,
        attempts: 3,
        error: expect.stringMatching(/ECONNREFUSED/),
      }),
    ]);
  });

  it('moveOrder and moveItem return the moved order, and the move is recorded', async () => {
    const { order, tenantId } = await place();
    const { lines, log } = recordingLog();
    const moved = await moveOrder(
      db,
      redisDown,
      { tenantId, orderId: order.id, expected: 'PENDING', move: { kind: 'set', to: 'PREPARING' }, actor: system },
      log,
    );
    expect(moved.status).toBe('PREPARING');
    const itemId = order.items[0]!.id;
    const item = await moveItem(
      db,
      redisDown,
      { tenantId, orderId: order.id, itemId, expected: 'PREPARING', move: { kind: 'set', to: 'READY' }, actor: system },
      log,
    );
    expect(item.items[0]!.status).toBe('READY');
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } })).toEqual({
      status: 'PREPARING',
    });
    expect(
      await db.orderStatusChange.findMany({
        where: { orderId: order.id },
        orderBy: { createdAt: 'asc' },
        select: { orderItemId: true, toStatus: true },
      }),
    ).toEqual([
      { orderItemId: null, toStatus: 'PREPARING' },
      { orderItemId: itemId, toStatus: 'PREPARING' },
      { orderItemId: itemId, toStatus: 'READY' },
    ]);
    expect(lines.map((line) => [line.effect, line.orderId])).toEqual([
      ['order.changed', order.id],
      ['order.changed', order.id],
    ]);
  });

  it('catalog availability is saved and answered when dropping the cached menus fails', async () => {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo-bistro' } });
    const category = await db.category.create({ data: { tenantId: tenant.id, name: `Scratch ${randomUUID()}` } });
    const product = await db.product.create({
      data: { tenantId: tenant.id, categoryId: category.id, name: 'Scratch dish', priceMinor: 100 },
    });
    try {
      const { lines, log } = recordingLog();
      const menus = {
        invalidate: async () => {
          throw new Error('Redis timed out');
        },
      };
      const answer = await setProductAvailability(
        db,
        tenant.id,
        { productId: product.id, available: false },
        { menus, log },
      );
      expect(answer).toEqual({ productId: product.id, available: false });
      expect(await db.product.findUniqueOrThrow({ where: { id: product.id }, select: { available: true } })).toEqual({
        available: false,
      });
      expect(lines).toEqual([
        expect.objectContaining({ effect: 'menu.invalidate', tenantId: tenant.id, productId: product.id }),
      ]);
    } finally {
      await db.product.delete({ where: { id: product.id } });
      await db.category.delete({ where: { id: category.id } });
    }
  });
});
