import { describe, expect, it } from 'vitest';
import { withoutSent, type CartLine } from './cart';

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
