import { describe, expect, it } from 'vitest';
import { describePlaceOrderError } from './place-order-error';

const names: Record<string, string> = { p1: 'Steak Frites', p2: 'Crème Brûlée' };
const toldAbout = (error: unknown) => describePlaceOrderError(error, ['p1', 'p2'], (id) => names[id] ?? id);

describe('what a guest is told when an order is refused', () => {
  it('names the unavailable product and marks its line', () => {
    const problem = toldAbout({
      message: 'Crème Brûlée is not available right now',
      data: { httpStatus: 400, field: 'items.1.productId', product: 'Crème Brûlée' },
    });
    expect(problem.message).toBe('Crème Brûlée is not available right now. Remove it to order the rest.');
    expect(problem.lineErrors).toEqual({ p2: 'Not available right now' });
  });

  it('names a product that left the menu', () => {
    const problem = toldAbout({ data: { httpStatus: 400, field: 'items.0.productId' } });
    expect(problem.message).toContain('Steak Frites is no longer on the menu');
    expect(problem.lineErrors).toEqual({ p1: 'No longer on the menu' });
  });

  it('puts field errors next to their field, and names the product in the summary', () => {
    const problem = toldAbout({
      data: {
        httpStatus: 400,
        fieldErrors: { customerName: ['enter your name'], 'items.0.note': ['must be at most 200 characters'] },
      },
    });
    expect(problem.nameError).toBe('Enter your name');
    expect(problem.lineErrors).toEqual({ p1: 'Note must be at most 200 characters' });
    expect(problem.message).toBe('Please check — Steak Frites: note must be at most 200 characters.');
  });

  it('leaves a name-only problem to the name field', () => {
    const problem = toldAbout({ data: { httpStatus: 400, fieldErrors: { customerName: ['enter your name'] } } });
    expect(problem.message).toBe('');
    expect(problem.nameError).toBe('Enter your name');
  });

  it('shows a limit as a wait, not an error', () => {
    const problem = toldAbout({ data: { httpStatus: 429, policy: 'menu', retryAfterSeconds: 12 } });
    expect(problem.retry).toEqual({ retryAfterSeconds: 12, policy: 'menu', status: 429 });
  });

  it('tells a guest with no connection that trying again is safe', () => {
    expect(toldAbout(new Error('Failed to fetch')).message).toContain('it will only be placed once');
  });

  it('starts a new intent when the key cannot be replayed', () => {
    expect(toldAbout({ data: { httpStatus: 409, field: 'idempotencyKey' } }).newIntent).toBe(true);
  });

  it('says so when the table stopped taking orders', () => {
    expect(toldAbout({ data: { httpStatus: 404, field: 'tableToken' } }).message).toContain('ask a member of staff');
  });

  it('a lost answer keeps the key; a replay that changed names the earlier order', () => {
    expect(toldAbout(new TypeError('Failed to fetch'))).toMatchObject({ unanswered: true });
    const problem = toldAbout({ data: { httpStatus: 409, code: 'CONFLICT', field: 'idempotencyKey', orderId: 'o1' } });
    expect(problem).toMatchObject({ earlierOrderId: 'o1', message: 'Your earlier order went through.' });
    expect(problem.newIntent).toBeUndefined();
    expect(toldAbout({ data: { httpStatus: 409, field: 'idempotencyKey' } })).toMatchObject({ newIntent: true });
  });
});
