// The board's live stream (board.onChange) through the in-process caller,
// over the real Redis pub/sub: `sync` first, then each order of the
// restaurant as it is after a guest places it and after a status change;
// an order of another restaurant never arrives; and a stream whose account
// was deactivated ends instead of sending more.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardEvent } from '@/server/api/routers/board';
import { callerAs, callerFor, scratchRestaurant, type ScratchRestaurant } from '@/test/integration';

let a: ScratchRestaurant;
let b: ScratchRestaurant;
beforeAll(async () => {
  [a, b] = [await scratchRestaurant({ label: 'stream A' }), await scratchRestaurant({ label: 'stream B' })];
});
afterAll(async () => {
  await a?.remove();
  await b?.remove();
});

/** A guest's order at the restaurant's table, placed the way guests place them (and announced). */
async function guestOrder(restaurant: ScratchRestaurant, customerName: string) {
  return (await callerFor()).order.place({
    tableToken: restaurant.tableToken,
    customerName,
    items: [{ productId: restaurant.productIds[0]!, quantity: 2 }],
    idempotencyKey: randomUUID(),
  });
}

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('board.onChange', () => {
  it('says sync first, then brings the restaurant’s orders as they change, and never another restaurant’s', async () => {
    const controller = new AbortController();
    const staff = await callerAs((await a.addMember('STAFF')).id, { signal: controller.signal });
    const otherStaff = await callerAs((await b.addMember('STAFF')).id);
    const stream = (await staff.board.onChange())[Symbol.asyncIterator]();
    const seen: BoardEvent[] = [];
    /** Reads events until one carries this order in this status; every event read is kept. */
    async function untilOrder(orderId: string, status: string) {
      for (;;) {
        const { value, done } = await within(5_000, stream.next(), `event with ${status} order ${orderId}`);
        expect(done).toBe(false);
        seen.push(value as BoardEvent);
        const event = value as BoardEvent;
        if (event.type === 'orders' && event.orders.some((o) => o.id === orderId && o.status === status)) {
          return event.orders.find((o) => o.id === orderId)!;
        }
      }
    }
    try {
      const first = await within(5_000, stream.next(), 'first event');
      expect(first.value).toEqual({ type: 'sync' });

      // Another restaurant's order first: if it leaked, it would arrive before (or with) ours.
      const elsewhere = await guestOrder(b, 'Elsewhere');
      const placed = await guestOrder(a, 'Ada');
      const arrived = await untilOrder(placed.id, 'PENDING');
      expect(arrived).toMatchObject({
        customerName: 'Ada',
        table: { id: a.tableId },
        moves: { statuses: expect.arrayContaining(['PREPARING']), canCancel: true, reopenTo: null },
      });

      // A change in the other restaurant, then one here: only ours arrives.
      await otherStaff.board.setOrderStatus({ orderId: elsewhere.id, from: 'PENDING', to: 'READY' });
      await staff.board.setOrderStatus({ orderId: placed.id, from: 'PENDING', to: 'PREPARING' });
      const moved = await untilOrder(placed.id, 'PREPARING');
      expect(moved.items.map((i) => i.status)).toEqual(['PREPARING']);

      const arrivedIds = seen.flatMap((event) => (event.type === 'orders' ? event.orders.map((o) => o.id) : []));
      expect(arrivedIds).toContain(placed.id);
      expect(arrivedIds).not.toContain(elsewhere.id);
      expect(
        seen.flatMap((event) => (event.type === 'orders' ? event.orders.map((o) => o.table.id) : [])),
      ).not.toContain(b.tableId);
    } finally {
      controller.abort();
      await stream.return?.(undefined);
    }
  });

  it('ends, asking to sign in again, once the account is deactivated', async () => {
    const controller = new AbortController();
    const member = await a.addMember('STAFF');
    const staff = await callerAs(member.id, { signal: controller.signal });
    const stream = (await staff.board.onChange())[Symbol.asyncIterator]();
    try {
      expect((await within(5_000, stream.next(), 'first event')).value).toEqual({ type: 'sync' });
      await (await callerAs(a.owner.id)).staff.setActive({ userId: member.id, active: false });
      // The next change would be sent to an account that is no longer active: the stream ends instead.
      await guestOrder(a, 'After hours');
      const next = await within(5_000, stream.next(), 'the end of the stream').then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      expect(next).toEqual({ error: expect.objectContaining({ code: 'UNAUTHORIZED' }) });
    } finally {
      controller.abort();
      await stream.return?.(undefined);
    }
  });
});
