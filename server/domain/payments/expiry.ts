// SPEC §3: an order that must be paid first and is still unpaid 30 minutes
// after it was placed is cancelled, its open Checkout Sessions expired at
// Stripe first (a session that turns out paid settles the order instead).
// Safe with several instances: the cancel is a conditional change under the
// order's row lock, so exactly one sweep (or the `expired` webhook) makes it.
import type { Db } from '../../prisma-client';
import { UNPAID_ORDER_TTL_MINUTES } from '../../shared/order-lifecycle';
import { awaitsPayment } from '../../shared/payment-status';
import type { OrderEvents } from '../orders/events';
import { PaymentRefused, type PaymentGateway } from './gateway';
import { applySessionNews, lockOrder, newsOf, recordStatusChange, type Changed, type Tx } from './settle';
import { announce, type WarnLog } from './announce';

export const EXPIRED_ORDER_REASON = `Not paid within ${UNPAID_ORDER_TTL_MINUTES} minutes`;

/** Orders one sweep handles at most; the next sweep takes the rest. */
const SWEEP_BATCH = 50;

/** Cancels the order if it is due: awaiting payment, past its expiry, nothing paid or settling. */
export async function cancelExpiredOrder(tx: Tx, orderId: string, now: Date): Promise<Changed | null> {
  await lockOrder(tx, orderId);
  const order = await tx.order.findUnique({
    where: { id: orderId },
    select: { id: true, tenantId: true, status: true, paymentStatus: true, expiresAt: true },
  });
  if (!order || order.status !== 'AWAITING_PAYMENT' || !awaitsPayment(order.paymentStatus)) return null;
  if (!order.expiresAt || order.expiresAt > now) return null;
  await tx.order.update({
    where: { id: order.id },
    data: { status: 'CANCELLED', statusBeforeCancel: 'AWAITING_PAYMENT', cancelReason: EXPIRED_ORDER_REASON },
  });
  await tx.payment.updateMany({ where: { orderId, method: 'CARD', status: 'OPEN' }, data: { status: 'EXPIRED' } });
  await recordStatusChange(tx, order, 'AWAITING_PAYMENT', 'CANCELLED', EXPIRED_ORDER_REASON);
  return { orderId: order.id, tenantId: order.tenantId };
}

/** One sweep: every due order expired (its sessions first). Returns how many orders this sweep cancelled. */
export async function expireUnpaidOrders(
  db: Db,
  gateway: PaymentGateway | null,
  events: OrderEvents,
  log: WarnLog,
  now: Date = new Date(),
): Promise<number> {
  const due = await db.order.findMany({
    where: { status: 'AWAITING_PAYMENT', expiresAt: { lte: now }, paymentStatus: { in: ['UNPAID', 'FAILED'] } },
    orderBy: { expiresAt: 'asc' },
    take: SWEEP_BATCH,
    select: {
      id: true,
      payments: { where: { method: 'CARD', status: 'OPEN', stripeSessionId: { not: null } } },
    },
  });
  let cancelled = 0;
  for (const order of due) {
    try {
      // The sessions first: once expired at Stripe nobody can pay for an order we then cancel.
      let paid = false;
      for (const payment of order.payments) {
        if (!gateway) break;
        let session;
        try {
          session = await gateway.expireCheckout(payment.stripeSessionId!, payment.stripeAccountId);
        } catch (error) {
          // A session Stripe does not know cannot be paid: nothing holds the cancel. Stripe away: next sweep.
          if (error instanceof PaymentRefused) continue;
          throw error;
        }
        const news = newsOf(session);
        if (news === 'paid' || news === 'processing') {
          paid = true;
          const changed = await db.$transaction((tx) => applySessionNews(tx, session, news, now, log));
          if (changed) await announce(events, changed, log);
        }
      }
      if (paid) continue;
      const changed = await db.$transaction((tx) => cancelExpiredOrder(tx, order.id, now));
      if (changed) {
        cancelled++;
        await announce(events, changed, log);
      }
    } catch (error) {
      // One order's trouble (Stripe unreachable) does not hold up the others; the next sweep tries again.
      log.error({ msg: 'unpaid order expiry failed', orderId: order.id, err: (error as Error).message });
    }
  }
  return cancelled;
}
