// What staff do with money on the board: record a cash payment, and refund
// a paid order in full or in part (owners). Every change is recorded in the
// order's history with who made it. A refund is one row per request key
// (the console's, per dialog): a retried request resumes the same refund,
// and a card refund reaches Stripe under that row's idempotency key, so it
// is made once however often it is retried.
import { formatMoney } from '../../shared/money';
import { refundableMinor, wasPaid } from '../../shared/payment-status';
import { AppError } from '../errors';
import { announce } from './announce';
import type { PaymentDeps } from './deps';
import { PaymentRefused } from './gateway';
import {
  lockOrder,
  markOrderPaid,
  paymentOrderSelect,
  raiseRefunded,
  recordPaymentChange,
  type PaymentOrder,
  type Tx,
} from './settle';

/** The restaurant's order, its row locked until the transaction ends. */
export async function lockedOrder(tx: Tx, tenantId: string, orderId: string): Promise<PaymentOrder> {
  await lockOrder(tx, orderId);
  const order = await tx.order.findFirst({ where: { id: orderId, tenantId }, select: paymentOrderSelect });
  if (!order) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
  return order;
}

/**
 * Records the order as paid in cash by this member of staff, in the caller's
 * transaction (the board's move to "Paid" uses it too). The order must not
 * be paid already, nor have a card payment clearing.
 */
export async function recordCashPayment(tx: Tx, order: PaymentOrder, actorUserId: string, now: Date): Promise<void> {
  if (wasPaid(order.paymentStatus)) throw new AppError('CONFLICT', 'This order is already paid', { field: 'orderId' });
  if (order.paymentStatus === 'PROCESSING') {
    throw new AppError('CONFLICT', 'A card payment for this order is clearing; wait for it before taking cash', {
      field: 'orderId',
    });
  }
  const last = await tx.payment.aggregate({ where: { orderId: order.id }, _max: { attempt: true } });
  await tx.payment.create({
    data: {
      orderId: order.id,
      method: 'CASH',
      status: 'SUCCEEDED',
      amountMinor: order.totalMinor,
      currency: order.currency,
      attempt: (last._max.attempt ?? 0) + 1,
      recordedById: actorUserId,
    },
  });
  await markOrderPaid(tx, order, { reason: 'Paid in cash', actorUserId, now });
}

/** The open Checkout Sessions of an order that is settled some other way: closed, so nobody pays twice. */
async function closeOpenSessions(deps: PaymentDeps, orderId: string): Promise<void> {
  const open = await deps.db.payment.findMany({
    where: { orderId, method: 'CARD', status: 'OPEN', stripeSessionId: { not: null } },
    select: { id: true, stripeSessionId: true, stripeAccountId: true },
  });
  for (const payment of open) {
    try {
      await deps.gateway?.expireCheckout(payment.stripeSessionId!, payment.stripeAccountId);
      await deps.db.payment.updateMany({ where: { id: payment.id, status: 'OPEN' }, data: { status: 'EXPIRED' } });
    } catch (error) {
      // A guest who pays it anyway is recorded and flagged "paid twice"; nothing is lost.
      deps.log.warn({ msg: 'could not expire checkout session', orderId, err: String(error) });
    }
  }
}

export async function markPaidInCash(
  deps: PaymentDeps,
  change: { tenantId: string; orderId: string; actorUserId: string },
  now: () => Date = () => new Date(),
): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const order = await lockedOrder(tx, change.tenantId, change.orderId);
    if (order.status === 'CANCELLED') {
      throw new AppError('CONFLICT', 'This order is cancelled: reopen it before taking payment', { field: 'orderId' });
    }
    await recordCashPayment(tx, order, change.actorUserId, now());
  });
  await closeOpenSessions(deps, change.orderId);
  await announce(deps.events, { orderId: change.orderId, tenantId: change.tenantId }, deps.log);
}

export type RefundChange = {
  tenantId: string;
  orderId: string;
  amountMinor: number;
  requestKey: string;
  reason?: string;
  actorUserId: string;
};

export type RefundResult = { refundId: string; amountMinor: number; status: 'SUCCEEDED' | 'PENDING' };

export async function refundOrder(deps: PaymentDeps, change: RefundChange): Promise<RefundResult> {
  const { db } = deps;
  const claimed = await db.$transaction(async (tx) => {
    const order = await lockedOrder(tx, change.tenantId, change.orderId);
    const again = await tx.refund.findUnique({
      where: { orderId_requestKey: { orderId: order.id, requestKey: change.requestKey } },
      include: { payment: true },
    });
    if (again) {
      if (again.amountMinor !== change.amountMinor) {
        throw new AppError('CONFLICT', 'This refund was already made for another amount', { field: 'requestKey' });
      }
      return { refund: again, payment: again.payment, order, fresh: false };
    }
    if (!wasPaid(order.paymentStatus))
      throw new AppError('CONFLICT', 'Only a paid order can be refunded', { field: 'orderId' });
    const payment = await tx.payment.findFirst({
      where: { orderId: order.id, status: 'SUCCEEDED' },
      orderBy: { attempt: 'desc' },
    });
    if (!payment) throw new AppError('CONFLICT', 'This order has no payment to refund', { field: 'orderId' });
    const pending = await tx.refund.aggregate({
      where: { orderId: order.id, status: 'PENDING' },
      _sum: { amountMinor: true },
    });
    const refundable = refundableMinor(order, pending._sum.amountMinor ?? 0);
    if (change.amountMinor > refundable) {
      throw new AppError(
        'BAD_INPUT',
        refundable > 0
          ? `amountMinor: at most ${formatMoney(refundable, order.currency)} can still be refunded`
          : 'amountMinor: this order has been refunded in full',
        { field: 'amountMinor', refundableMinor: refundable },
      );
    }
    const refund = await tx.refund.create({
      data: {
        tenantId: order.tenantId,
        orderId: order.id,
        paymentId: payment.id,
        amountMinor: change.amountMinor,
        currency: order.currency,
        requestKey: change.requestKey,
        reason: change.reason ?? null,
        createdById: change.actorUserId,
      },
    });
    // Cash goes back by hand: recorded at once.
    if (payment.method === 'CASH') await settleRefund(tx, refund.id, null, 'in cash', change.actorUserId);
    return { refund, payment, order, fresh: true };
  });

  const { refund, payment } = claimed;
  const changed = { orderId: change.orderId, tenantId: change.tenantId };
  if (payment.method === 'CASH' || refund.status === 'SUCCEEDED') {
    if (claimed.fresh) await announce(deps.events, changed, deps.log);
    return { refundId: refund.id, amountMinor: refund.amountMinor, status: 'SUCCEEDED' };
  }
  if (refund.status === 'FAILED') {
    throw new AppError('CONFLICT', `Stripe refused this refund: ${refund.failure ?? 'no reason given'}`, {
      field: 'amountMinor',
    });
  }
  if (!deps.gateway || !payment.stripePaymentIntentId) {
    throw new AppError(
      'UNAVAILABLE',
      'Card refunds are not available right now; the refund is kept and can be retried',
    );
  }
  let made: { id: string };
  try {
    made = await deps.gateway.refund({
      idempotencyKey: `tableside-refund-${refund.id}`,
      account: payment.stripeAccountId,
      paymentIntentId: payment.stripePaymentIntentId,
      amount: refund.amountMinor,
      metadata: { orderId: change.orderId, refundId: refund.id },
    });
  } catch (error) {
    if (error instanceof PaymentRefused) {
      await db.refund.update({ where: { id: refund.id }, data: { status: 'FAILED', failure: error.message } });
      throw new AppError('CONFLICT', `Stripe refused this refund: ${error.message}`, { field: 'amountMinor' });
    }
    deps.log.warn({ msg: 'stripe refund failed', orderId: change.orderId, refundId: refund.id, err: String(error) });
    // Kept pending: the same request (same key) tries again, under the same Stripe idempotency key.
    throw new AppError(
      'UNAVAILABLE',
      'Stripe did not answer; try the refund again in a minute (it will not be made twice)',
    );
  }
  await db.$transaction(async (tx) => {
    await lockOrder(tx, change.orderId);
    await settleRefund(tx, refund.id, made.id, 'by card (Stripe)', change.actorUserId);
  });
  await announce(deps.events, changed, deps.log);
  return { refundId: refund.id, amountMinor: refund.amountMinor, status: 'SUCCEEDED' };
}

/**
 * A refund went through: its row settled and the order's refunded total
 * raised to at least the sum of its settled refunds (Stripe's
 * `charge.refunded` may have raised it already; the total never counts one
 * refund twice).
 */
async function settleRefund(
  tx: Tx,
  refundId: string,
  stripeRefundId: string | null,
  how: string,
  actorUserId: string,
): Promise<void> {
  const settled = await tx.refund.updateMany({
    where: { id: refundId, status: 'PENDING' },
    data: { status: 'SUCCEEDED', stripeRefundId },
  });
  if (settled.count === 0) return;
  const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId } });
  const order = await tx.order.findUniqueOrThrow({ where: { id: refund.orderId }, select: paymentOrderSelect });
  const ours = await tx.refund.aggregate({
    where: { orderId: order.id, status: 'SUCCEEDED' },
    _sum: { amountMinor: true },
  });
  const { paymentStatus } = await raiseRefunded(tx, order, ours._sum.amountMinor ?? 0);
  await recordPaymentChange(
    tx,
    order,
    order.paymentStatus,
    paymentStatus,
    `Refunded ${formatMoney(refund.amountMinor, refund.currency)} ${how}${refund.reason ? `: ${refund.reason}` : ''}`,
    actorUserId,
  );
}
