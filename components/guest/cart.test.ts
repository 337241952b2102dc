import { describe, expect, it } from 'vitest';
import { ORDER_LIMITS } from '@/server/shared/order-limits';
import { roomFor, withinLimits, withoutSent, type CartLine } from './cart';

const line = (productId: string, quantity: number, note = ''): CartLine => ({ productId, quantity, note });

describe('the cart once an order is in', () => {
  it('is empty when everything in it was sent', () => {
    const cart = [line('p1', 2, ' Medium rare '), line('p2', 1)];
    expect(
      withoutSent(cart, [
        { productId: 'p1', quantity: 2 },
        { productId: 'p2', quantity: 1 },
      ]),
    ).toEqual([]);
  });

  it('keeps a line added while the order was on its way', () => {
    const cart = [line('p1', 1), line('p3', 1)];
    expect(withoutSent(cart, [{ productId: 'p1', quantity: 1 }])).toEqual([line('p3', 1)]);
  });

  it('keeps what was added on top of a line that was sent', () => {
    const cart = [line('p1', 5, 'no salt')];
    expect(withoutSent(cart, [{ productId: 'p1', quantity: 2 }])).toEqual([line('p1', 3, 'no salt')]);
  });

  it('drops a line taken down below what was sent: it was sent all the same', () => {
    expect(withoutSent([line('p1', 1)], [{ productId: 'p1', quantity: 3 }])).toEqual([]);
  });

  it('ignores a line whose product has left the catalog', () => {
    expect(withoutSent([line('p1', 1)], [{ productId: null, quantity: 1 }])).toEqual([line('p1', 1)]);
  });

  it('drops a line whose note changed after it was sent: the dish is ordered, keeping it would order it twice', () => {
    expect(withoutSent([line('p1', 1, 'no onions')], [{ productId: 'p1', quantity: 1 }])).toEqual([]);
  });
});

describe('the cart keeps to what one order may hold (ORDER_LIMITS)', () => {
  const full = (count: number, quantity: number) => Array.from({ length: count }, (_, i) => line(`p${i}`, quantity));

  it('has room for more of a dish up to its line cap', () => {
    expect(roomFor([line('p1', ORDER_LIMITS.quantity - 1)], 'p1')).toBe(1);
    expect(roomFor([line('p1', ORDER_LIMITS.quantity)], 'p1')).toBe(0);
  });

  it('has no room once the order holds its total, even on a line below its own cap', () => {
    const lines = full(ORDER_LIMITS.totalQuantity / 20, 20);
    expect(lines.reduce((n, l) => n + l.quantity, 0)).toBe(ORDER_LIMITS.totalQuantity);
    expect(roomFor(lines, 'p0')).toBe(0);
    expect(roomFor(lines, 'new')).toBe(0);
  });

  it('has no room for a new dish once the order has as many lines as it may', () => {
    const lines = full(ORDER_LIMITS.lines, 1);
    expect(roomFor(lines, 'new')).toBe(0);
    expect(roomFor(lines, 'p0')).toBeGreaterThan(0);
  });

  it('cuts a stored cart from before a limit down to what order.place takes, last lines first', () => {
    const stored = [line('p1', 50), line('p2', 40), line('p3', 30, 'n'.repeat(500))];
    expect(withinLimits(stored)).toEqual([
      line('p1', 50),
      line('p2', 40),
      line('p3', 10, 'n'.repeat(ORDER_LIMITS.note)),
    ]);
    expect(withinLimits([line('p1', 500)])).toEqual([line('p1', ORDER_LIMITS.quantity)]);
  });
});
