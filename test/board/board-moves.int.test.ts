// The board's moves against the real database, through the tRPC procedures
// staff call: two people moving the same order (or item) at once never both
// win, and the loser is told what it is now; cancel keeps its reason and
// where the order was, reopen goes back there; an order awaiting payment
// (Instant Café, pay-first) never reaches the kitchen by a staff move, and
// reopens awaiting payment with a fresh payment window.
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { AppError } from '@/server/domain/errors';
import { UNPAID_ORDER_TTL_MS } from '@/server/domain/orders/place-order';
import {
  callerAs,
  callerFor,
  SCRATCH_EMAIL_DOMAIN,
  scratchRestaurant,
  scratchTable,
  type Caller,
  type ScratchRestaurant,
} from '@/test/integration';

let bistro: ScratchRestaurant;
let first: Caller;
let second: Caller;
beforeAll(async () => {
  bistro = await scratchRestaurant({ label: 'board moves' });
  first = await callerAs((await bistro.addMember('STAFF')).id);
  second = await callerAs((await bistro.addMember('STAFF')).id);
});
afterAll(() => bistro?.remove());

/** The refusal of a settled call: its tRPC code and the domain's details (what the HTTP error data carries). */
function refusalOf(result: PromiseSettledResult<unknown>) {
  if (result.status !== 'rejected') throw new Error('expected a refusal');
  const error = result.reason as TRPCError;
  expect(error).toBeInstanceOf(TRPCError);
  return { code: error.code, details: error.cause instanceof AppError ? error.cause.details : null };
}

/** The order's own recorded changes (not its items'). */
const orderChanges = (orderId: string) =>
  db.orderStatusChange.findMany({
    where: { orderId, orderItemId: null },
    select: { fromStatus: true, toStatus: true, reason: true, actorUserId: true },
  });

describe('two staff moving the same thing at once', () => {
  const ROUNDS = 8;

  it('an order: exactly one move wins, the other is a conflict naming the status now; one change recorded', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const order = await bistro.order();
      const results = await Promise.allSettled([
        first.board.setOrderStatus({ orderId: order.id, from: 'PENDING', to: 'PREPARING' }),
        second.board.setOrderStatus({ orderId: order.id, from: 'PENDING', to: 'READY' }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      const now = (won[0] as PromiseFulfilledResult<{ status: string }>).value.status;
      expect(['PREPARING', 'READY']).toContain(now);
      const lost = results.find((r) => r.status === 'rejected')!;
      expect(refusalOf(lost)).toEqual({ code: 'CONFLICT', details: { field: 'status', currentStatus: now } });

      expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe(now);
      expect(await orderChanges(order.id)).toEqual([
        { fromStatus: 'PENDING', toStatus: now, reason: null, actorUserId: expect.any(String) },
      ]);
    }
  });

  it('an item: exactly one move wins, the other is a conflict naming the status now; one change recorded', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const order = await bistro.order();
      const itemId = order.items[0]!.id;
      const results = await Promise.allSettled([
        first.board.setItemStatus({ orderId: order.id, itemId, from: 'PENDING', to: 'PREPARING' }),
        second.board.setItemStatus({ orderId: order.id, itemId, from: 'PENDING', to: 'READY' }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won, `round ${round}`).toHaveLength(1);
      const item = await db.orderItem.findUniqueOrThrow({ where: { id: itemId } });
      expect(['PREPARING', 'READY']).toContain(item.status);
      const lost = results.find((r) => r.status === 'rejected')!;
      expect(refusalOf(lost)).toEqual({ code: 'CONFLICT', details: { field: 'status', currentStatus: item.status } });
      expect(
        await db.orderStatusChange.findMany({
          where: { orderItemId: itemId },
          select: { fromStatus: true, toStatus: true },
        }),
      ).toEqual([{ fromStatus: 'PENDING', toStatus: item.status }]);
      // The order itself did not move.
      expect(await orderChanges(order.id)).toEqual([]);
    }
  });
});

describe('cancel and reopen', () => {
  it('a preparing order cancelled with a reason reopens as preparing; reason and audit kept', async () => {
    const staffId = (await bistro.addMember('STAFF')).id;
    const staff = await callerAs(staffId);
    const order = await bistro.order();
    await staff.board.setOrderStatus({ orderId: order.id, from: 'PENDING', to: 'PREPARING' });

    // Cancelling needs a reason, and from the status shown.
    await expect(staff.board.cancelOrder({ orderId: order.id, from: 'PREPARING', reason: ' ' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const cancelled = await staff.board.cancelOrder({
      orderId: order.id,
      from: 'PREPARING',
      reason: 'The guest had to leave',
    });
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      statusBeforeCancel: 'PREPARING',
      cancelReason: 'The guest had to leave',
      moves: { statuses: [], canCancel: false, reopenTo: 'PREPARING' },
    });
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'CANCELLED',
      statusBeforeCancel: 'PREPARING',
      cancelReason: 'The guest had to leave',
    });
    // A cancelled order is not moved by `set`: it is reopened.
    await expect(
      staff.board.setOrderStatus({ orderId: order.id, from: 'CANCELLED', to: 'READY' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    const reopened = await staff.board.reopenOrder({ orderId: order.id });
    expect(reopened).toMatchObject({ status: 'PREPARING', statusBeforeCancel: null, cancelReason: null });
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'PREPARING',
      statusBeforeCancel: null,
      cancelReason: null,
    });
    // Items stay where they were through cancel and reopen.
    expect(reopened.items.map((i) => i.status)).toEqual(['PREPARING', 'PREPARING']);
    expect(await orderChanges(order.id)).toEqual([
      { fromStatus: 'PENDING', toStatus: 'PREPARING', reason: null, actorUserId: staffId },
      { fromStatus: 'PREPARING', toStatus: 'CANCELLED', reason: 'The guest had to leave', actorUserId: staffId },
      { fromStatus: 'CANCELLED', toStatus: 'PREPARING', reason: null, actorUserId: staffId },
    ]);
    // The history the board shows says the same, with who did it.
    const history = await staff.board.history({ orderId: order.id });
    expect(history.changes.filter((c) => c.orderItem === null)).toEqual([
      expect.objectContaining({ fromStatus: 'PENDING', toStatus: 'PREPARING', reason: null }),
      expect.objectContaining({ toStatus: 'CANCELLED', reason: 'The guest had to leave', actorKind: 'staff' }),
      expect.objectContaining({ fromStatus: 'CANCELLED', toStatus: 'PREPARING' }),
    ]);
  });
});

describe('an order awaiting payment (Instant Café pays first)', () => {
  let table: Awaited<ReturnType<typeof scratchTable>>;
  let staff: Caller;
  let staffId: string;
  beforeAll(async () => {
    table = await scratchTable('instant-cafe');
    const cafe = await db.tenant.findUniqueOrThrow({ where: { slug: 'instant-cafe' } });
    expect(cafe.immediatePaymentRequired).toBe(true);
    staffId = (
      await db.user.create({
        data: {
          email: `cafe-${randomUUID().slice(0, 8)}${SCRATCH_EMAIL_DOMAIN}`,
          passwordHash: 'never-signs-in',
          role: 'STAFF',
          tenantId: cafe.id,
        },
      })
    ).id;
    staff = await callerAs(staffId);
  });
  afterAll(async () => {
    await table?.remove();
    if (staffId) await db.user.delete({ where: { id: staffId } });
  });

  async function placeUnpaid() {
    const coffee = await db.product.findFirstOrThrow({ where: { tenant: { slug: 'instant-cafe' }, available: true } });
    const order = await (
      await callerFor()
    ).order.place({
      tableToken: table.token,
      customerName: 'Pays first',
      items: [{ productId: coffee.id, quantity: 1 }],
      idempotencyKey: randomUUID(),
    });
    expect(order.status).toBe('AWAITING_PAYMENT');
    return order;
  }

  it('staff cannot push it into the kitchen: a conflict, and the row is unchanged', async () => {
    const order = await placeUnpaid();
    const before = await db.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
    for (const to of ['PENDING', 'PREPARING', 'PAID'] as const) {
      const error = await staff.board
        .setOrderStatus({ orderId: order.id, from: 'AWAITING_PAYMENT', to })
        .catch((e: unknown) => e);
      expect(error, to).toBeInstanceOf(TRPCError);
      expect(error, to).toMatchObject({ code: 'CONFLICT' });
      expect((error as TRPCError).cause).toMatchObject({ details: { currentStatus: 'AWAITING_PAYMENT' } });
    }
    await expect(
      staff.board.setItemStatus({ orderId: order.id, itemId: order.items[0]!.id, from: 'PENDING', to: 'READY' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } })).toEqual(before);
    expect(await db.orderStatusChange.count({ where: { orderId: order.id } })).toBe(0);
    // The board keeps it apart from the kitchen's columns.
    const board = await staff.board.list({});
    expect(board.awaitingPayment.map((o) => o.id)).toContain(order.id);
    expect(board.open.map((o) => o.id)).not.toContain(order.id);
  });

  it('cancelled, then reopened: awaiting payment again (never pending), with a fresh payment window', async () => {
    const order = await placeUnpaid();
    await staff.board.cancelOrder({ orderId: order.id, from: 'AWAITING_PAYMENT', reason: 'Guest walked away' });
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: 'CANCELLED',
      statusBeforeCancel: 'AWAITING_PAYMENT',
      cancelReason: 'Guest walked away',
    });
    // The old payment window has run out while it was cancelled.
    await db.order.update({ where: { id: order.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    const reopenedAt = Date.now();
    const reopened = await staff.board.reopenOrder({ orderId: order.id });
    expect(reopened.status).toBe('AWAITING_PAYMENT');
    const row = await db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(row).toMatchObject({ status: 'AWAITING_PAYMENT', statusBeforeCancel: null, cancelReason: null });
    expect(row.expiresAt!.getTime()).toBeGreaterThanOrEqual(reopenedAt + UNPAID_ORDER_TTL_MS - 1_000);
    expect(row.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + UNPAID_ORDER_TTL_MS);
    expect(await orderChanges(order.id)).toEqual([
      { fromStatus: 'AWAITING_PAYMENT', toStatus: 'CANCELLED', reason: 'Guest walked away', actorUserId: staffId },
      { fromStatus: 'CANCELLED', toStatus: 'AWAITING_PAYMENT', reason: null, actorUserId: staffId },
    ]);
    // And still out of the kitchen's reach.
    await expect(
      staff.board.setOrderStatus({ orderId: order.id, from: 'AWAITING_PAYMENT', to: 'PENDING' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
