import { describe, expect, it } from 'vitest';
import { headlineOf, STATUS_HEADLINE } from './order-labels';

describe('headlineOf', () => {
  it('tells a guest their pay-first order went for not being paid in time', () => {
    expect(
      headlineOf({ status: 'CANCELLED', statusBeforeCancel: 'AWAITING_PAYMENT', paymentStatus: 'UNPAID' }),
    ).toEqual({
      title: 'Cancelled',
      detail: 'It was not paid within 30 minutes, so the kitchen never started it. You can order again from the menu.',
    });
  });

  it('says the usual for any other cancellation, and for every other status', () => {
    expect(headlineOf({ status: 'CANCELLED', statusBeforeCancel: 'PREPARING', paymentStatus: 'UNPAID' })).toBe(
      STATUS_HEADLINE.CANCELLED,
    );
    expect(headlineOf({ status: 'PENDING', statusBeforeCancel: null, paymentStatus: 'PAID' })).toBe(
      STATUS_HEADLINE.PENDING,
    );
  });
});
