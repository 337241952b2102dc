import { describe, expect, it } from 'vitest';
import { formatAge, isLate, shareUnchanged, withOrder, type BoardList, type BoardOrder } from './board-state';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 12, minute));

function order(id: string, status: BoardOrder['status'], minute: number, table = 't1', updated = minute): BoardOrder {
  return {
    id,
    status,
    createdAt: at(minute),
    updatedAt: at(updated),
    table: { id: table, name: table },
  } as BoardOrder;
}

const board = (open: BoardOrder[], awaitingPayment: BoardOrder[] = []): BoardList =>
  ({ currency: 'EUR', open, awaitingPayment, openTruncated: false, tables: [] }) as BoardList;

describe('withOrder', () => {
  it('puts a new order in arrival order and keeps the others as they were (same objects)', () => {
    const a = order('a', 'PENDING', 1);
    const c = order('c', 'READY', 3);
    const next = withOrder(board([a, c]), order('b', 'PENDING', 2), undefined);
    expect(next.open.map((o) => o.id)).toEqual(['a', 'b', 'c']);
    expect(next.open[0]).toBe(a);
    expect(next.open[2]).toBe(c);
  });

  it('moves an order between the kitchen and payment, and off the board once closed', () => {
    const start = board([order('a', 'PENDING', 1)], [order('p', 'AWAITING_PAYMENT', 2)]);
    const paid = withOrder(start, order('p', 'PENDING', 2, 't1', 5), undefined);
    expect(paid.open.map((o) => o.id)).toEqual(['a', 'p']);
    expect(paid.awaitingPayment).toEqual([]);
    const closed = withOrder(paid, order('a', 'CANCELLED', 1, 't1', 6), undefined);
    expect(closed.open.map((o) => o.id)).toEqual(['p']);
  });

  it('honours the table filter: an order of another table is not shown, and leaves when moved elsewhere', () => {
    const start = board([order('a', 'PENDING', 1, 't1')]);
    expect(withOrder(start, order('x', 'PENDING', 2, 't2'), 't1').open.map((o) => o.id)).toEqual(['a']);
  });

  it('never replaces a newer version with an older one (a late event after a mutation answer)', () => {
    const newer = order('a', 'READY', 1, 't1', 9);
    const start = board([newer]);
    expect(withOrder(start, order('a', 'PREPARING', 1, 't1', 5), undefined).open[0]).toBe(newer);
  });
});

describe('formatAge and isLate', () => {
  it('reads as the pass says it', () => {
    const now = at(0).getTime();
    expect(formatAge(new Date(now - 30_000), now)).toBe('just now');
    expect(formatAge(new Date(now - 4 * 60_000), now)).toBe('4 min');
    expect(formatAge(new Date(now - 65 * 60_000), now)).toBe('1 h 05 min');
    expect(formatAge(new Date(now - 49 * 3_600_000), now)).toBe('2 d');
    expect(formatAge(new Date(now + 60_000), now)).toBe('just now');
  });

  it('marks pending and preparing orders late after 20 minutes, not ready ones', () => {
    const now = at(30).getTime();
    expect(isLate(order('a', 'PENDING', 10), now)).toBe(true);
    expect(isLate(order('a', 'PREPARING', 11), now)).toBe(false);
    expect(isLate(order('a', 'READY', 0), now)).toBe(false);
  });
});

describe('shareUnchanged', () => {
  it('keeps the objects of orders whose version did not change, and takes the changed ones', () => {
    const a = order('a', 'PENDING', 1);
    const b = order('b', 'PENDING', 2);
    const shared = shareUnchanged(
      board([a, b]),
      board([order('a', 'PENDING', 1), order('b', 'READY', 2, 't1', 7)]),
    ) as BoardList;
    expect(shared.open[0]).toBe(a);
    expect(shared.open[1]).not.toBe(b);
    expect(shared.open[1]!.status).toBe('READY');
  });
});
