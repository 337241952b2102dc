// An order's payment status (Order.paymentStatus), as guests and staff read
// it. Browser-safe: the guest's order page and the board use it; the payment
// use-cases (server/domain/payments) decide every change.
export const PAYMENT_STATUSES = ['UNPAID', 'PROCESSING', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED', 'FAILED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Money was taken for the order (some or all of it may have been given back since). */
export function wasPaid(status: PaymentStatus | string): boolean {
  return status === 'PAID' || status === 'PARTIALLY_REFUNDED' || status === 'REFUNDED';
}

/** A guest may start (or restart) a card payment: nothing taken, nothing settling. */
export function awaitsPayment(status: PaymentStatus | string): boolean {
  return status === 'UNPAID' || status === 'FAILED';
}

/** Whether the guest can pay this order by card now: not cancelled, nothing taken, nothing settling. */
export function canPayNow(order: { status: string; paymentStatus: string }): boolean {
  return order.status !== 'CANCELLED' && awaitsPayment(order.paymentStatus);
}

/** What can still be given back of a paid order (refunds under way count as given). */
export function refundableMinor(order: { totalMinor: number; refundedMinor: number }, pendingMinor = 0): number {
  return Math.max(0, order.totalMinor - order.refundedMinor - pendingMinor);
}

/** The status after a refund total changed: refunds never make an unpaid order paid. */
export function statusAfterRefunds(status: PaymentStatus, refundedMinor: number, totalMinor: number): PaymentStatus {
  if (!wasPaid(status)) return status;
  if (refundedMinor <= 0) return 'PAID';
  return refundedMinor >= totalMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
}

export const PAYMENT_STATUS_LABEL: Record<PaymentStatus, string> = {
  UNPAID: 'Unpaid',
  PROCESSING: 'Payment processing',
  PAID: 'Paid',
  PARTIALLY_REFUNDED: 'Partly refunded',
  REFUNDED: 'Refunded',
  FAILED: 'Payment failed',
};
