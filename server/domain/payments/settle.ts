// What a Checkout Session's news does to its payment and order: the one
// transition shared by the webhook and `payment.confirm` (whichever comes
// first wins; the other finds nothing left to do). Runs inside the caller's
// transaction with the order's row locked, so two deliveries, or a delivery
// and a confirm, never both apply.
import type { OrderStatus, PaymentStatus, Prisma } from '../../generated/prisma/client';
import { formatMoney } from '../../shared/money';
import { statusAfterRefunds, wasPaid } from '../../shared/payment-status';
import { changeRecord } from '../orders/history';
import type { CheckoutSession } from './gateway';

export type Tx = Prisma.TransactionClient;
export type Changed = { orderId: string; tenantId: string };

/** Locks the order's row until the transaction ends: payment changes of one order go one at a time. */
export async function lockOrder(tx: Tx, orderId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Order" WHERE id = ${orderId} FOR UPDATE`;
}

/** What the payment use-cases read of an order. */
export const paymentOrderSelect = {
  id: true,
  tenantId: true,
  status: true,
  paymentStatus: true,
  totalMinor: true,
  currency: true,
  refundedMinor: true,
  expiresAt: true,
} as const;
export type PaymentOrder = Prisma.OrderGetPayload<{ select: typeof paymentOrderSelect }>;

type Change =
  | { field: 'payment'; from: PaymentStatus; to: PaymentStatus }
  | { field: 'status'; from: OrderStatus; to: OrderStatus };

/** A change of the order's status or payment, in its history: by staff (recorded who) or by the system. */
export async function recordChange(
  tx: Tx,
  order: { id: string; tenantId: string },
  change: Change,
  reason: string,
  actorUserId: string | null = null,
): Promise<void> {
  const actor = { userId: actorUserId, kind: actorUserId ? ('staff' as const) : ('system' as const) };
  await tx.orderStatusChange.create({
    data: {
      ...changeRecord({ tenantId: order.tenantId, orderId: order.id, actor }),
      field: change.field,
      fromStatus: change.from,
      toStatus: change.to,
      reason,
    },
  });
}

/** A payment-status change, beside the order's status changes. */
export const recordPaymentChange = (
  tx: Tx,
  order: { id: string; tenantId: string },
  from: PaymentStatus,
  to: PaymentStatus,
  reason: string,
  actorUserId: string | null = null,
) => recordChange(tx, order, { field: 'payment', from, to }, reason, actorUserId);

export const recordStatusChange = (
  tx: Tx,
  order: { id: string; tenantId: string },
  from: OrderStatus,
  to: OrderStatus,
  reason: string,
  actorUserId: string | null = null,
) => recordChange(tx, order, { field: 'status', from, to }, reason, actorUserId);

/**
 * Money has been taken for the order: the order is paid (in the same
 * transaction as the payment row), and a pay-first order leaves awaiting
 * payment for the kitchen's queue. Money taken for an order that is already
 * paid or was cancelled is never lost: it is recorded and flagged to staff.
 */
export async function markOrderPaid(
  tx: Tx,
  order: PaymentOrder,
  how: { reason: string; actorUserId?: string | null; now: Date },
): Promise<void> {
  const actor = how.actorUserId ?? null;
  if (wasPaid(order.paymentStatus)) {
    await flag(tx, order.id, `Paid twice (${how.reason}): the order was already paid. Refund one payment.`);
    return;
  }
  const paymentStatus = statusAfterRefunds('PAID', order.refundedMinor, order.totalMinor);
  const toKitchen = order.status === 'AWAITING_PAYMENT' && paymentStatus !== 'REFUNDED';
  await tx.order.update({
    where: { id: order.id },
    data: {
      paymentStatus,
      paidAt: how.now,
      ...(toKitchen ? { status: 'PENDING' } : {}),
      ...(order.status === 'CANCELLED'
        ? { paymentIssue: 'Paid after the order was cancelled: refund the guest, or reopen the order.' }
        : {}),
    },
  });
  await recordPaymentChange(tx, order, order.paymentStatus, paymentStatus, how.reason, actor);
  if (toKitchen) await recordStatusChange(tx, order, 'AWAITING_PAYMENT', 'PENDING', 'Paid', actor);
}

async function flag(tx: Tx, orderId: string, issue: string): Promise<void> {
  await tx.order.update({ where: { id: orderId }, data: { paymentIssue: issue } });
}

/** What the session says happened. */
export type SessionNews = 'paid' | 'processing' | 'failed' | 'expired';

export function newsOf(session: CheckoutSession, eventType?: string): SessionNews | null {
  if (eventType === 'checkout.session.async_payment_failed') return 'failed';
  if (session.status === 'expired') return 'expired';
  if (session.status !== 'complete') return null;
  return session.paymentStatus === 'unpaid' ? 'processing' : 'paid';
}

/** The payment a session belongs to: by its id, else by the order and attempt it was made for. */
async function paymentOf(tx: Tx, session: CheckoutSession) {
  const select = { id: true, orderId: true, status: true, amountMinor: true, currency: true, attempt: true } as const;
  const bySession = await tx.payment.findUnique({ where: { stripeSessionId: session.id }, select });
  if (bySession) return bySession;
  const orderId = session.metadata.orderId;
  const attempt = Number(session.metadata.attempt);
  if (!orderId || !Number.isInteger(attempt)) return null;
  // Stripe answered, but the session's id never reached our row (the request failed after Stripe made it).
  const byAttempt = await tx.payment.findUnique({ where: { orderId_attempt: { orderId, attempt } }, select });
  if (!byAttempt) return null;
  await tx.payment.update({
    where: { id: byAttempt.id },
    data: { stripeSessionId: session.id, checkoutUrl: session.url },
  });
  return byAttempt;
}

/**
 * Applies a session's news. Returns the order it changed (to announce after
 * the commit), or null when there was nothing to do: already applied, or not
 * a session of ours.
 */
export async function applySessionNews(
  tx: Tx,
  session: CheckoutSession,
  news: SessionNews,
  now: Date,
  log: { warn(entry: Record<string, unknown>): void },
): Promise<Changed | null> {
  const found = await paymentOf(tx, session);
  if (!found) {
    log.warn({ msg: 'stripe session of no known payment', sessionId: session.id, metadata: session.metadata });
    return null;
  }
  await lockOrder(tx, found.orderId);
  // Read again under the lock: a concurrent delivery may have applied it meanwhile.
  const payment = await tx.payment.findUniqueOrThrow({ where: { id: found.id }, select: { status: true, id: true } });
  const order = await tx.order.findUniqueOrThrow({ where: { id: found.orderId }, select: paymentOrderSelect });
  const changed = { orderId: order.id, tenantId: order.tenantId };

  switch (news) {
    case 'paid': {
      if (payment.status === 'SUCCEEDED') return null;
      const mismatch = amountMismatch(session, found, order);
      if (mismatch) {
        log.warn({ msg: 'stripe amount mismatch', orderId: order.id, sessionId: session.id, mismatch });
        if (payment.status === 'FAILED') return null;
        await tx.payment.update({ where: { id: payment.id }, data: { status: 'FAILED' } });
        await flag(tx, order.id, mismatch);
        return changed;
      }
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: 'SUCCEEDED', stripePaymentIntentId: session.paymentIntentId },
      });
      await markOrderPaid(tx, order, { reason: 'Card payment (Stripe Checkout)', now });
      return changed;
    }
    case 'processing': {
      if (payment.status !== 'OPEN' || order.paymentStatus !== 'UNPAID') return null;
      await tx.payment.update({
        where: { id: payment.id },
        data: { stripePaymentIntentId: session.paymentIntentId },
      });
      await tx.order.update({ where: { id: order.id }, data: { paymentStatus: 'PROCESSING' } });
      await recordPaymentChange(tx, order, 'UNPAID', 'PROCESSING', 'Bank payment started; waiting for it to clear');
      return changed;
    }
    case 'failed': {
      if (payment.status === 'FAILED' || payment.status === 'SUCCEEDED') return null;
      await tx.payment.update({ where: { id: payment.id }, data: { status: 'FAILED' } });
      if (order.paymentStatus !== 'PROCESSING') return changed;
      await tx.order.update({ where: { id: order.id }, data: { paymentStatus: 'FAILED' } });
      await recordPaymentChange(tx, order, 'PROCESSING', 'FAILED', 'The bank payment failed');
      return changed;
    }
    case 'expired': {
      if (payment.status !== 'OPEN') return null;
      await tx.payment.update({ where: { id: payment.id }, data: { status: 'EXPIRED' } });
      return changed;
    }
  }
}

/** Stripe's amount and currency against ours: any difference is a problem for staff, never "paid". */
function amountMismatch(
  session: CheckoutSession,
  payment: { amountMinor: number; currency: string },
  order: { totalMinor: number; currency: string },
): string | null {
  const currency = session.currency?.toUpperCase() ?? null;
  const amount = session.amountTotal;
  if (currency === order.currency && amount === order.totalMinor && amount === payment.amountMinor) return null;
  const reported = currency && amount !== null ? formatMoney(amount, currency) : 'an unknown amount';
  return `Stripe reported ${reported} paid for an order of ${formatMoney(order.totalMinor, order.currency)}: check the payment in Stripe before serving; the order is not marked paid.`;
}

/**
 * Raises the order's refunded total to at least `atLeast` (never past what it
 * cost) and its payment status with it. Only ever up: repeated and reordered
 * reports of the same refunds end in the same state.
 */
export async function raiseRefunded(tx: Tx, order: PaymentOrder, atLeast: number) {
  const refundedMinor = Math.min(Math.max(order.refundedMinor, atLeast), order.totalMinor);
  const paymentStatus = statusAfterRefunds(order.paymentStatus, refundedMinor, order.totalMinor);
  const raised = refundedMinor !== order.refundedMinor;
  if (raised) await tx.order.update({ where: { id: order.id }, data: { refundedMinor, paymentStatus } });
  return { refundedMinor, paymentStatus, raised };
}

/**
 * A charge's refunds, as Stripe reports them (cumulative): the order's refunded
 * total only grows to Stripe's figure, so repeated and out-of-order reports
 * end in the same state; an order not yet marked paid keeps the figure until
 * its payment is settled.
 */
export async function applyChargeRefunds(
  tx: Tx,
  charge: { paymentIntentId: string | null; amountRefunded: number; metadata: Record<string, string> },
  log: { warn(entry: Record<string, unknown>): void },
): Promise<Changed | null> {
  const byIntent = charge.paymentIntentId
    ? await tx.payment.findUnique({
        where: { stripePaymentIntentId: charge.paymentIntentId },
        select: { orderId: true },
      })
    : null;
  const orderId = byIntent?.orderId ?? charge.metadata.orderId;
  if (!orderId) {
    log.warn({ msg: 'stripe refund of no known order', paymentIntentId: charge.paymentIntentId });
    return null;
  }
  await lockOrder(tx, orderId);
  const order = await tx.order.findUnique({ where: { id: orderId }, select: paymentOrderSelect });
  if (!order) return null;
  const { refundedMinor, paymentStatus, raised } = await raiseRefunded(tx, order, charge.amountRefunded);
  if (!raised) return null;
  await recordPaymentChange(
    tx,
    order,
    order.paymentStatus,
    paymentStatus,
    `Refunded ${formatMoney(refundedMinor, order.currency)} in all (Stripe)`,
  );
  return { orderId: order.id, tenantId: order.tenantId };
}
