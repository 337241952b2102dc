// The order state machine, move by move: every (from, to) of an order with
// `set`, cancel and reopen from every status, with and without a pay-first
// order that is not paid, and every (from, to) of an item under every order
// status. The expected answers are written out below as tables, not derived
// from the code under test, so a change to a rule shows up here as a diff.
import { describe, expect, it } from 'vitest';
import { ITEM_STATUSES, ORDER_STATUSES } from '../../shared/order-lifecycle';
import {
  allowedItemMoves,
  allowedOrderMoves,
  itemStatusesBehind,
  itemStatusFollowing,
  judgeItemMove,
  judgeOrderMove,
  reopenTarget,
  type ItemStatus,
  type OrderState,
  type OrderStatus,
} from './lifecycle';

/** Where staff may `set` an order, from each status: along the flow both ways; never out of payment or cancellation. */
const ORDER_SET: Record<OrderStatus, OrderStatus[]> = {
  AWAITING_PAYMENT: [],
  PENDING: ['PREPARING', 'READY', 'DELIVERED', 'PAID'],
  PREPARING: ['PENDING', 'READY', 'DELIVERED', 'PAID'],
  READY: ['PENDING', 'PREPARING', 'DELIVERED', 'PAID'],
  DELIVERED: ['PENDING', 'PREPARING', 'READY', 'PAID'],
  PAID: ['PENDING', 'PREPARING', 'READY', 'DELIVERED'],
  CANCELLED: [],
};

/** Which statuses an order may be cancelled from (with a reason): all but cancelled. */
const ORDER_CANCEL: Record<OrderStatus, boolean> = {
  AWAITING_PAYMENT: true,
  PENDING: true,
  PREPARING: true,
  READY: true,
  DELIVERED: true,
  PAID: true,
  CANCELLED: false,
};

/**
 * Where a cancelled order reopens, by where it was when cancelled (null: not
 * recorded) and whether it is a pay-first order not paid yet.
 */
const REOPEN: Array<[before: OrderStatus | null, mustPayFirst: boolean, to: OrderStatus]> = [
  [null, false, 'PENDING'],
  ['AWAITING_PAYMENT', false, 'PENDING'],
  ['PENDING', false, 'PENDING'],
  ['PREPARING', false, 'PREPARING'],
  ['READY', false, 'READY'],
  ['DELIVERED', false, 'DELIVERED'],
  ['PAID', false, 'PAID'],
  ['CANCELLED', false, 'PENDING'],
  [null, true, 'AWAITING_PAYMENT'],
  ['AWAITING_PAYMENT', true, 'AWAITING_PAYMENT'],
  ['PENDING', true, 'AWAITING_PAYMENT'],
  ['PREPARING', true, 'AWAITING_PAYMENT'],
  ['READY', true, 'AWAITING_PAYMENT'],
  ['DELIVERED', true, 'AWAITING_PAYMENT'],
  ['PAID', true, 'AWAITING_PAYMENT'],
  ['CANCELLED', true, 'AWAITING_PAYMENT'],
];

/** Where staff may `set` an item of an order whose items can move: any other status but cancelled (that is `cancel`). */
const ITEM_SET: Record<ItemStatus, ItemStatus[]> = {
  PENDING: ['PREPARING', 'READY', 'DELIVERED'],
  PREPARING: ['PENDING', 'READY', 'DELIVERED'],
  READY: ['PENDING', 'PREPARING', 'DELIVERED'],
  DELIVERED: ['PENDING', 'PREPARING', 'READY'],
  // A cancelled item may be brought back to any step.
  CANCELLED: ['PENDING', 'PREPARING', 'READY', 'DELIVERED'],
};

/** Whether an order's items can move at all: not while awaiting payment (the kitchen must not see it) or cancelled. */
const ITEMS_MOVABLE: Record<OrderStatus, boolean> = {
  AWAITING_PAYMENT: false,
  PENDING: true,
  PREPARING: true,
  READY: true,
  DELIVERED: true,
  PAID: true,
  CANCELLED: false,
};

const BEFORE_CANCEL: Array<OrderStatus | null> = [null, ...ORDER_STATUSES];
/** Every state an order of this status can be judged in: where it was before a cancel × pay-first unpaid or not. */
const statesOf = (status: OrderStatus): OrderState[] =>
  BEFORE_CANCEL.flatMap((statusBeforeCancel) =>
    [false, true].map((mustPayFirst) => ({ status, statusBeforeCancel, mustPayFirst })),
  );
const describeState = (s: OrderState) =>
  `${s.status} (before cancel ${s.statusBeforeCancel ?? 'none'}${s.mustPayFirst ? ', unpaid pay-first' : ''})`;

describe('order moves', () => {
  it('the tables name every status', () => {
    expect(Object.keys(ORDER_SET).sort()).toEqual([...ORDER_STATUSES].sort());
    expect(Object.keys(ITEM_SET).sort()).toEqual([...ITEM_STATUSES].sort());
    expect(REOPEN.map(([before, payFirst]) => `${before}/${payFirst}`).sort()).toEqual(
      BEFORE_CANCEL.flatMap((b) => [`${b}/false`, `${b}/true`]).sort(),
    );
  });

  it.each(ORDER_STATUSES)('set from %s: exactly the table’s statuses, with or without payment first', (status) => {
    for (const state of statesOf(status)) {
      const allowed = ORDER_STATUSES.filter((to) => {
        const verdict = judgeOrderMove(state, { kind: 'set', to });
        if (verdict.ok) expect(verdict.to, describeState(state)).toBe(to);
        else expect(verdict.why, describeState(state)).toEqual(expect.any(String));
        return verdict.ok;
      });
      expect(allowed, describeState(state)).toEqual(ORDER_SET[status]);
    }
  });

  it.each(ORDER_STATUSES)('cancel from %s: allowed unless already cancelled, and leads to cancelled', (status) => {
    for (const state of statesOf(status)) {
      const verdict = judgeOrderMove(state, { kind: 'cancel' });
      expect(verdict.ok, describeState(state)).toBe(ORDER_CANCEL[status]);
      if (verdict.ok) expect(verdict.to).toBe('CANCELLED');
    }
  });

  it.each(ORDER_STATUSES.filter((status) => status !== 'CANCELLED'))(
    'reopen from %s is refused: only a cancelled order is reopened',
    (status) => {
      for (const state of statesOf(status)) {
        expect(judgeOrderMove(state, { kind: 'reopen' }), describeState(state)).toEqual({
          ok: false,
          why: expect.stringMatching(/cancelled/),
        });
      }
    },
  );

  it.each(REOPEN)(
    'reopen of an order cancelled from %s (unpaid pay-first: %s) goes to %s',
    (statusBeforeCancel, mustPayFirst, to) => {
      const state: OrderState = { status: 'CANCELLED', statusBeforeCancel, mustPayFirst };
      expect(judgeOrderMove(state, { kind: 'reopen' })).toEqual({ ok: true, to });
      expect(reopenTarget(state)).toBe(to);
    },
  );

  it('awaiting payment: only cancel, never into the kitchen', () => {
    for (const mustPayFirst of [false, true]) {
      const state: OrderState = { status: 'AWAITING_PAYMENT', statusBeforeCancel: null, mustPayFirst };
      expect(allowedOrderMoves(state)).toEqual({ statuses: [], canCancel: true, reopenTo: null });
      expect(judgeOrderMove(state, { kind: 'set', to: 'PENDING' })).toEqual({
        ok: false,
        why: expect.stringMatching(/waiting for payment/),
      });
    }
  });

  it('cancelled: only reopen; cancelling needs its own move (with a reason), never `set`', () => {
    const cancelled: OrderState = { status: 'CANCELLED', statusBeforeCancel: 'READY', mustPayFirst: false };
    expect(allowedOrderMoves(cancelled)).toEqual({ statuses: [], canCancel: false, reopenTo: 'READY' });
    const open: OrderState = { status: 'READY', statusBeforeCancel: null, mustPayFirst: false };
    expect(judgeOrderMove(open, { kind: 'set', to: 'CANCELLED' })).toEqual({
      ok: false,
      why: expect.stringMatching(/needs a reason/),
    });
  });

  it('an unpaid pay-first order never reopens as pending, wherever it was cancelled from', () => {
    for (const statusBeforeCancel of BEFORE_CANCEL) {
      const state: OrderState = { status: 'CANCELLED', statusBeforeCancel, mustPayFirst: true };
      expect(reopenTarget(state)).toBe('AWAITING_PAYMENT');
      expect(allowedOrderMoves(state).reopenTo).toBe('AWAITING_PAYMENT');
    }
  });

  it.each(ORDER_STATUSES)('allowedOrderMoves agrees with the judge and the tables for %s', (status) => {
    for (const state of statesOf(status)) {
      const moves = allowedOrderMoves(state);
      const reopen = judgeOrderMove(state, { kind: 'reopen' });
      const expectedReopen =
        status === 'CANCELLED'
          ? REOPEN.find(([b, p]) => b === state.statusBeforeCancel && p === state.mustPayFirst)![2]
          : null;
      expect(moves, describeState(state)).toEqual({
        statuses: ORDER_SET[status],
        canCancel: ORDER_CANCEL[status],
        reopenTo: expectedReopen,
      });
      expect(moves.statuses).toEqual(ORDER_STATUSES.filter((to) => judgeOrderMove(state, { kind: 'set', to }).ok));
      expect(moves.canCancel).toBe(judgeOrderMove(state, { kind: 'cancel' }).ok);
      expect(moves.reopenTo).toBe(reopen.ok ? reopen.to : null);
    }
  });
});

const itemsOf = (orderStatus: OrderStatus) => ITEM_STATUSES.map((status) => ({ status, orderStatus }));
const describeItem = (item: { status: ItemStatus; orderStatus: OrderStatus }) =>
  `an item ${item.status} in an order ${item.orderStatus}`;

describe('item moves', () => {
  it.each(ORDER_STATUSES)('set of each item of an order that is %s: exactly the table’s statuses', (orderStatus) => {
    for (const item of itemsOf(orderStatus)) {
      const allowed = ITEM_STATUSES.filter((to) => {
        const verdict = judgeItemMove(item, { kind: 'set', to });
        if (verdict.ok) expect(verdict.to, describeItem(item)).toBe(to);
        return verdict.ok;
      });
      expect(allowed, describeItem(item)).toEqual(ITEMS_MOVABLE[orderStatus] ? ITEM_SET[item.status] : []);
    }
  });

  it.each(ORDER_STATUSES)('cancel of each item of an order that is %s', (orderStatus) => {
    for (const item of itemsOf(orderStatus)) {
      const verdict = judgeItemMove(item, { kind: 'cancel' });
      expect(verdict.ok, describeItem(item)).toBe(ITEMS_MOVABLE[orderStatus] && item.status !== 'CANCELLED');
      if (verdict.ok) expect(verdict.to).toBe('CANCELLED');
    }
  });

  it('an item of an order awaiting payment or cancelled cannot change, saying why', () => {
    for (const orderStatus of ['AWAITING_PAYMENT', 'CANCELLED'] as const) {
      expect(judgeItemMove({ status: 'PENDING', orderStatus }, { kind: 'set', to: 'READY' })).toEqual({
        ok: false,
        why: expect.stringMatching(/cannot change/),
      });
    }
  });

  it.each(ORDER_STATUSES)(
    'allowedItemMoves agrees with the judge and the tables in an order that is %s',
    (orderStatus) => {
      for (const item of itemsOf(orderStatus)) {
        const moves = allowedItemMoves(item);
        expect(moves, describeItem(item)).toEqual({
          statuses: ITEMS_MOVABLE[orderStatus] ? ITEM_SET[item.status] : [],
          canCancel: ITEMS_MOVABLE[orderStatus] && item.status !== 'CANCELLED',
        });
        expect(moves.statuses).toEqual(ITEM_STATUSES.filter((to) => judgeItemMove(item, { kind: 'set', to }).ok));
        expect(moves.canCancel).toBe(judgeItemMove(item, { kind: 'cancel' }).ok);
      }
    },
  );
});

describe('items catching up with their order', () => {
  const FOLLOWING: Record<OrderStatus, ItemStatus | null> = {
    AWAITING_PAYMENT: null,
    PENDING: 'PENDING',
    PREPARING: 'PREPARING',
    READY: 'READY',
    DELIVERED: 'DELIVERED',
    // Paid counts as delivered.
    PAID: 'DELIVERED',
    CANCELLED: null,
  };
  it.each(ORDER_STATUSES)('an order set to %s pulls its items to the table’s status', (status) => {
    expect(itemStatusFollowing(status)).toBe(FOLLOWING[status]);
  });

  it('only items behind the target catch up; cancelled items never do', () => {
    expect(itemStatusesBehind('PENDING')).toEqual([]);
    expect(itemStatusesBehind('PREPARING')).toEqual(['PENDING']);
    expect(itemStatusesBehind('READY')).toEqual(['PENDING', 'PREPARING']);
    expect(itemStatusesBehind('DELIVERED')).toEqual(['PENDING', 'PREPARING', 'READY']);
  });
});
