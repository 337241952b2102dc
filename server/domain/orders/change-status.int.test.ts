// Staff status changes against the real database: items follow their order
// forward unless moved on their own, every change is recorded, and a move
// the lifecycle forbids is a conflict naming the field.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { requireEnv } from '@/test/integration';
import { AppError } from '../errors';
import { changeItemStatus, changeOrderStatus, type Actor } from './change-status';
import type { OrderChanged } from './events';
import { placeOrder } from './place-order';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 2);
afterAll(() => db.$disconnect());

const announced: OrderChanged[] = [];
const events = { changed: async (event: OrderChanged) => void announced.push(event) };
const system: Actor = { userId: null, kind: 'system' };

async function threeItemOrder() {
  const products = await db.product.findMany({
    where: { available: true, tenant: { slug: 'demo-bistro' } },
    take: 3,
    orderBy: { name: 'asc' },
  });
  const order = await placeOrder(db, events, randomUUID(), {
    tableToken: 'demo-t1',
    customerName: 'Items',
    items: products.map((p) => ({ productId: p.id, quantity: 1, note: undefined })),
    idempotencyKey: randomUUID(),
  });
  return { tenantId: products[0]!.tenantId, order };
}

describe('changeOrderStatus', () => {
  it('brings items behind the order along, leaves items ahead and cancelled ones alone', async () => {
    const { tenantId, order } = await threeItemOrder();
    const [ahead, cancelled, behind] = order.items.map((i) => i.id) as [string, string, string];
    await changeItemStatus(db, events, { tenantId, orderId: order.id, itemId: ahead, to: 'DELIVERED', actor: system });
    await changeItemStatus(db, events, {
      tenantId,
      orderId: order.id,
      itemId: cancelled,
      to: 'CANCELLED',
      actor: system,
    });

    const ready = await changeOrderStatus(db, events, { tenantId, orderId: order.id, to: 'READY', actor: system });
    expect(ready.status).toBe('READY');
    expect(Object.fromEntries(ready.items.map((i) => [i.id, i.status]))).toEqual({
      [ahead]: 'DELIVERED',
      [cancelled]: 'CANCELLED',
      [behind]: 'READY',
    });
    const history = await db.orderStatusChange.findMany({
      where: { orderId: order.id, orderItemId: behind },
      select: { fromStatus: true, toStatus: true, actorKind: true },
    });
    expect(history).toEqual([{ fromStatus: 'PENDING', toStatus: 'READY', actorKind: 'system' }]);

    // Moving the order back moves no item back.
    const back = await changeOrderStatus(db, events, { tenantId, orderId: order.id, to: 'PREPARING', actor: system });
    expect(back.items.find((i) => i.id === behind)!.status).toBe('READY');
    // Placed, two item moves, two order moves: each one announced once.
    expect(announced.filter((e) => e.orderId === order.id)).toHaveLength(5);
  });

  it('a paid order counts its items delivered', async () => {
    const { tenantId, order } = await threeItemOrder();
    const paid = await changeOrderStatus(db, events, { tenantId, orderId: order.id, to: 'PAID', actor: system });
    expect(paid.items.map((i) => i.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  it('refuses a move the lifecycle forbids, naming the field, and changes nothing', async () => {
    const { tenantId, order } = await threeItemOrder();
    const error = await changeOrderStatus(db, events, {
      tenantId,
      orderId: order.id,
      to: 'PENDING',
      actor: system,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'status' } });
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(0);
  });

  it('leaves the items of a cancelled order alone', async () => {
    const { tenantId, order } = await threeItemOrder();
    await changeOrderStatus(db, events, { tenantId, orderId: order.id, to: 'CANCELLED', actor: system });
    const itemId = order.items[0]!.id;
    const error = await changeItemStatus(db, events, {
      tenantId,
      orderId: order.id,
      itemId,
      to: 'PREPARING',
      actor: system,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'status' } });
    expect((error as Error).message).toMatch(/cancelled/);
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: itemId } })).status).toBe('PENDING');
  });

  it('an order move and item moves at the same time leave every change recorded truthfully', async () => {
    const { tenantId, order } = await threeItemOrder();
    const [first, second] = order.items.map((i) => i.id) as [string, string];
    const results = await Promise.allSettled([
      changeOrderStatus(db, events, { tenantId, orderId: order.id, to: 'PREPARING', actor: system }),
      changeItemStatus(db, events, { tenantId, orderId: order.id, itemId: first, to: 'READY', actor: system }),
      changeItemStatus(db, events, { tenantId, orderId: order.id, itemId: second, to: 'DELIVERED', actor: system }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    // Each item's recorded changes chain from PENDING to its final status: no step records a
    // "from" the item never had.
    const items = await db.orderItem.findMany({ where: { orderId: order.id }, select: { id: true, status: true } });
    for (const item of items) {
      const steps = await db.orderStatusChange.findMany({
        where: { orderItemId: item.id },
        select: { fromStatus: true, toStatus: true },
      });
      let status = 'PENDING';
      while (steps.length > 0) {
        const next = steps.findIndex((step) => step.fromStatus === status);
        expect(next).toBeGreaterThanOrEqual(0);
        status = steps.splice(next, 1)[0]!.toStatus;
      }
      expect(status).toBe(item.status);
    }
    expect(items.find((i) => i.id === first)!.status).toBe('READY');
    expect(items.find((i) => i.id === second)!.status).toBe('DELIVERED');
  });

  it('never reaches into another restaurant', async () => {
    const { order } = await threeItemOrder();
    const other = await db.tenant.findUniqueOrThrow({ where: { slug: 'sakura-sushi' } });
    const error = await changeOrderStatus(db, events, {
      tenantId: other.id,
      orderId: order.id,
      to: 'READY',
      actor: system,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PENDING');
  });

  it('asks a session whose account is gone, or belongs elsewhere, to sign in again, and changes nothing', async () => {
    const { tenantId, order } = await threeItemOrder();
    const itemId = order.items[0]!.id;
    const elsewhere = await db.user.findUniqueOrThrow({ where: { email: 'owner@sakura.test' } });
    for (const userId of ['cl000000000000000000deleted', elsewhere.id]) {
      const actor: Actor = { userId, kind: 'staff' };
      const moves = [
        changeOrderStatus(db, events, { tenantId, orderId: order.id, to: 'READY', actor }),
        changeItemStatus(db, events, { tenantId, orderId: order.id, itemId, to: 'READY', actor }),
      ];
      for (const error of await Promise.all(moves.map((move) => move.catch((e: unknown) => e)))) {
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/sign in again/) });
      }
    }
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(0);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PENDING');
  });
});
