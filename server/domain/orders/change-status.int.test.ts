// Staff status changes against the real database: items follow their order
// forward unless moved on their own, every change is recorded, a move the
// state machine forbids is a conflict naming the field, and a move from a
// status that is no longer the order's is a conflict naming the status now.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { requireEnv } from '@/test/integration';
import { AppError } from '../errors';
import { moveItem, moveOrder, type Actor } from './change-status';
import type { OrderChanged } from './events';
import type { ItemStatus, OrderMove, OrderStatus } from './lifecycle';
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

/** A move by the system: judged from the status it finds. */
const setOrder = (tenantId: string, orderId: string, to: OrderStatus, actor: Actor = system) =>
  moveOrder(db, events, { tenantId, orderId, expected: null, move: { kind: 'set', to }, actor });
const setItem = (tenantId: string, orderId: string, itemId: string, to: ItemStatus, actor: Actor = system) =>
  moveItem(db, events, { tenantId, orderId, itemId, expected: null, move: { kind: 'set', to }, actor });

describe('moveOrder', () => {
  it('brings items behind the order along, leaves items ahead and cancelled ones alone', async () => {
    const { tenantId, order } = await threeItemOrder();
    const [ahead, cancelled, behind] = order.items.map((i) => i.id) as [string, string, string];
    await setItem(tenantId, order.id, ahead, 'DELIVERED');
    await moveItem(db, events, {
      tenantId,
      orderId: order.id,
      itemId: cancelled,
      expected: 'PENDING',
      move: { kind: 'cancel' },
      reason: 'out of stock',
      actor: system,
    });

    const ready = await setOrder(tenantId, order.id, 'READY');
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
    // The cancelled item's change carries its reason.
    expect(
      await db.orderStatusChange.findMany({
        where: { orderItemId: cancelled },
        select: { fromStatus: true, toStatus: true, reason: true },
      }),
    ).toEqual([{ fromStatus: 'PENDING', toStatus: 'CANCELLED', reason: 'out of stock' }]);

    // Moving the order back moves no item back.
    const back = await setOrder(tenantId, order.id, 'PREPARING');
    expect(back.items.find((i) => i.id === behind)!.status).toBe('READY');
    // Placed, two item moves, two order moves: each one announced once.
    expect(announced.filter((e) => e.orderId === order.id)).toHaveLength(5);
  });

  it('a paid order counts its items delivered', async () => {
    const { tenantId, order } = await threeItemOrder();
    const paid = await setOrder(tenantId, order.id, 'PAID');
    expect(paid.items.map((i) => i.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  it('refuses a move the state machine forbids, naming the field and the status now, and changes nothing', async () => {
    const { tenantId, order } = await threeItemOrder();
    const refusals: Array<[OrderMove, RegExp]> = [
      [{ kind: 'set', to: 'PENDING' }, /already pending/],
      // Cancelling is its own move, with a reason; reopening is only for what was cancelled.
      [{ kind: 'set', to: 'CANCELLED' }, /needs a reason/],
      [{ kind: 'set', to: 'AWAITING_PAYMENT' }, /payment/],
      [{ kind: 'reopen' }, /Only a cancelled order/],
    ];
    for (const [move, why] of refusals) {
      const error = await moveOrder(db, events, {
        tenantId,
        orderId: order.id,
        expected: 'PENDING',
        move,
        actor: system,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'status', currentStatus: 'PENDING' } });
      expect((error as Error).message).toMatch(why);
    }
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(0);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PENDING');
  });

  it('a cancelled order is reopened, not moved: set is refused, reopen goes back where it was', async () => {
    const { tenantId, order } = await threeItemOrder();
    await setOrder(tenantId, order.id, 'PREPARING');
    await moveOrder(db, events, {
      tenantId,
      orderId: order.id,
      expected: 'PREPARING',
      move: { kind: 'cancel' },
      reason: 'guest left',
      actor: system,
    });
    const cancelled = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      statusBeforeCancel: 'PREPARING',
      cancelReason: 'guest left',
    });

    const error = await setOrder(tenantId, order.id, 'READY').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'status', currentStatus: 'CANCELLED' } });
    expect((error as Error).message).toMatch(/use reopen/);

    const reopened = await moveOrder(db, events, {
      tenantId,
      orderId: order.id,
      expected: 'CANCELLED',
      move: { kind: 'reopen' },
      actor: system,
    });
    expect(reopened).toMatchObject({ status: 'PREPARING', statusBeforeCancel: null, cancelReason: null });
    expect(
      await db.orderStatusChange.findMany({
        where: { orderId: order.id, orderItemId: null },
        orderBy: { createdAt: 'asc' },
        select: { fromStatus: true, toStatus: true, reason: true },
      }),
    ).toEqual([
      { fromStatus: 'PENDING', toStatus: 'PREPARING', reason: null },
      { fromStatus: 'PREPARING', toStatus: 'CANCELLED', reason: 'guest left' },
      { fromStatus: 'CANCELLED', toStatus: 'PREPARING', reason: null },
    ]);
  });

  it('a move from a status the order no longer has is a conflict naming the status now, and changes nothing', async () => {
    const { tenantId, order } = await threeItemOrder();
    await setOrder(tenantId, order.id, 'READY');
    const before = await db.orderStatusChange.count({ where: { orderId: order.id } });
    const error = await moveOrder(db, events, {
      tenantId,
      orderId: order.id,
      expected: 'PENDING',
      move: { kind: 'set', to: 'PREPARING' },
      actor: system,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'status', currentStatus: 'READY' } });
    expect((error as Error).message).toMatch(/"Ready"/);
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(before);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('READY');

    const itemId = order.items[0]!.id;
    const itemError = await moveItem(db, events, {
      tenantId,
      orderId: order.id,
      itemId,
      expected: 'PENDING',
      move: { kind: 'set', to: 'PREPARING' },
      actor: system,
    }).catch((e: unknown) => e);
    expect(itemError).toMatchObject({ code: 'CONFLICT', details: { field: 'status', currentStatus: 'READY' } });
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(before);
  });

  it('leaves the items of a cancelled order alone', async () => {
    const { tenantId, order } = await threeItemOrder();
    await moveOrder(db, events, {
      tenantId,
      orderId: order.id,
      expected: null,
      move: { kind: 'cancel' },
      reason: 'duplicate order',
      actor: system,
    });
    const itemId = order.items[0]!.id;
    const error = await setItem(tenantId, order.id, itemId, 'PREPARING').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'status' } });
    expect((error as Error).message).toMatch(/cancelled/);
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: itemId } })).status).toBe('PENDING');
  });

  it('an order move and item moves at the same time leave every change recorded truthfully', async () => {
    const { tenantId, order } = await threeItemOrder();
    const [first, second] = order.items.map((i) => i.id) as [string, string];
    const results = await Promise.allSettled([
      setOrder(tenantId, order.id, 'PREPARING'),
      setItem(tenantId, order.id, first, 'READY'),
      setItem(tenantId, order.id, second, 'DELIVERED'),
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
    const error = await setOrder(other.id, order.id, 'READY').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    const itemError = await setItem(other.id, order.id, order.items[0]!.id, 'READY').catch((e: unknown) => e);
    expect(itemError).toMatchObject({ code: 'NOT_FOUND' });
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PENDING');
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(0);
  });

  it('asks a session whose account is gone, inactive, or belongs elsewhere, to sign in again, and changes nothing', async () => {
    const { tenantId, order } = await threeItemOrder();
    const itemId = order.items[0]!.id;
    const elsewhere = await db.user.findUniqueOrThrow({ where: { email: 'owner@sakura.test' } });
    const inactive = await db.user.create({
      data: { email: `${randomUUID()}@inactive.test`, passwordHash: 'never-signs-in', tenantId, active: false },
    });
    try {
      for (const userId of ['cl000000000000000000deleted', elsewhere.id, inactive.id]) {
        const actor: Actor = { userId, kind: 'staff' };
        const moves = [
          setOrder(tenantId, order.id, 'READY', actor),
          setItem(tenantId, order.id, itemId, 'READY', actor),
        ];
        for (const error of await Promise.all(moves.map((move) => move.catch((e: unknown) => e)))) {
          expect(error).toBeInstanceOf(AppError);
          expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/sign in again/) });
        }
      }
      expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(0);
      expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe('PENDING');
    } finally {
      await db.user.delete({ where: { id: inactive.id } });
    }
  });
});
