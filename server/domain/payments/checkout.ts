// Paying an order by card through Stripe Checkout (SPEC §3, §7).
//
// `createCheckout` gives the payer the order's one open Checkout Session, or
// makes one. The attempt is claimed in a short transaction with the order's
// row locked (reuse the open attempt, else number a new one); the session is
// then created outside it under the Stripe idempotency key of that attempt,
// so every concurrent caller of one attempt gets the same session from
// Stripe, and a lost answer is retried into the same session, never a
// second one. `confirmPayment` applies a completed session on the guest's
// return, when the webhook is late; whichever comes first wins.
import type { Db } from '../../prisma-client';
import { awaitsPayment, wasPaid } from '../../shared/payment-status';
import { AppError } from '../errors';
import { findOrderView, type OrderView } from '../orders/views';
import { announce } from './announce';
import type { PaymentDeps } from './deps';
import { PaymentRefused, PaymentUnavailable, type CheckoutSession, type PaymentGateway } from './gateway';
import { applySessionNews, lockOrder, newsOf } from './settle';

/** Who asks: the guest who placed the order, or staff of its restaurant. */
export type Payer = { guestId: string | null; staffTenantId: string | null };

export type ReturnUrls = (order: { tableToken: string; orderId: string }) => { success: string; cancel: string };

/** Stripe keeps a Checkout Session open at least 30 minutes and at most 24 hours after it is made. */
const STRIPE_MIN_OPEN_MS = 30 * 60 * 1000;
/** A session for an order paid at the end of the meal: an hour is plenty; a new one is made after. */
const PAY_LATER_SESSION_MS = 60 * 60 * 1000;
/** A session with less time left than this is not offered again: the guest might not finish in time. */
const REUSE_MARGIN_MS = 5 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

export const PAYMENTS_NOT_SET_UP =
  'Card payments are not set up for this restaurant yet: please pay a member of staff.';

const itemOrder: { createdAt?: 'asc'; id?: 'asc' }[] = [{ createdAt: 'asc' }, { id: 'asc' }];

const orderSelect = {
  id: true,
  tenantId: true,
  guestId: true,
  status: true,
  paymentStatus: true,
  totalMinor: true,
  currency: true,
  expiresAt: true,
  table: { select: { token: true } },
  tenant: { select: { stripeAccountId: true } },
  // Every line the total was made of (the amount Stripe takes must be the order's total, to the minor unit).
  items: { orderBy: itemOrder, select: { name: true, unitPriceMinor: true, quantity: true } },
} as const;

async function payableOrder(db: Db, payer: Payer, orderId: string) {
  const order = await db.order.findUnique({ where: { id: orderId }, select: orderSelect });
  const mine =
    order &&
    ((payer.guestId !== null && order.guestId === payer.guestId) ||
      (payer.staffTenantId !== null && order.tenantId === payer.staffTenantId));
  // Someone else's order is, to this caller, an order that does not exist.
  if (!order || !mine) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
  return order;
}

/** Why this order can't be paid by card now, or null. */
function refusal(order: { status: string; paymentStatus: string }): AppError | null {
  if (order.status === 'CANCELLED')
    return new AppError('CONFLICT', 'This order was cancelled, so there is nothing to pay.', { field: 'orderId' });
  if (wasPaid(order.paymentStatus))
    return new AppError('CONFLICT', 'This order is already paid.', { field: 'orderId', paid: true });
  if (!awaitsPayment(order.paymentStatus))
    return new AppError('CONFLICT', 'Your payment is being processed; this page updates when it clears.', {
      field: 'orderId',
    });
  return null;
}

/**
 * When the attempt's session closes: with the order's own expiry for a
 * pay-first order (Stripe's minimum permitting; the expiry job closes the
 * session with the order either way), else in an hour. Whole minutes, so a
 * retry of the attempt asks Stripe for exactly the same.
 */
export function sessionExpiry(orderExpiresAt: Date | null, now: Date): Date {
  const earliest = now.getTime() + STRIPE_MIN_OPEN_MS + MINUTE_MS;
  const wanted = orderExpiresAt ? Math.max(orderExpiresAt.getTime(), earliest) : now.getTime() + PAY_LATER_SESSION_MS;
  return new Date(Math.ceil(wanted / MINUTE_MS) * MINUTE_MS);
}

export function checkoutIdempotencyKey(orderId: string, attempt: number): string {
  return `tableside-checkout-${orderId}-${attempt}`;
}

type Attempt = {
  id: string;
  attempt: number;
  stripeSessionId: string | null;
  stripeAccountId: string | null;
  checkoutUrl: string | null;
  expiresAt: Date | null;
  amountMinor: number;
};

/** The order's open attempt if it has time left, else a new one; under the order's lock. */
async function claimAttempt(db: Db, orderId: string, now: Date, retire: string | null): Promise<Attempt> {
  return db.$transaction(async (tx) => {
    await lockOrder(tx, orderId);
    const order = await tx.order.findUniqueOrThrow({
      where: { id: orderId },
      select: {
        status: true,
        paymentStatus: true,
        totalMinor: true,
        currency: true,
        expiresAt: true,
        tenant: { select: { stripeAccountId: true } },
      },
    });
    const refused = refusal(order);
    if (refused) throw refused;
    if (retire) await tx.payment.updateMany({ where: { id: retire, status: 'OPEN' }, data: { status: 'EXPIRED' } });
    const open = await tx.payment.findFirst({
      where: { orderId, method: 'CARD', status: 'OPEN' },
      orderBy: { attempt: 'desc' },
    });
    const usable =
      open &&
      open.amountMinor === order.totalMinor &&
      open.expiresAt !== null &&
      open.expiresAt.getTime() - now.getTime() > REUSE_MARGIN_MS;
    if (usable) return open;
    // The old attempt is out of time (or of date): it makes way, and its session expires on its own.
    if (open) await tx.payment.update({ where: { id: open.id }, data: { status: 'EXPIRED' } });
    const last = await tx.payment.aggregate({ where: { orderId }, _max: { attempt: true } });
    return tx.payment.create({
      data: {
        orderId,
        method: 'CARD',
        status: 'OPEN',
        amountMinor: order.totalMinor,
        currency: order.currency,
        attempt: (last._max.attempt ?? 0) + 1,
        stripeAccountId: order.tenant.stripeAccountId,
        expiresAt: sessionExpiry(order.expiresAt, now),
      },
    });
  });
}

function requireGateway(gateway: PaymentGateway | null): PaymentGateway {
  if (!gateway) throw new AppError('UNAVAILABLE', PAYMENTS_NOT_SET_UP);
  return gateway;
}

function unavailable(error: unknown): AppError {
  return new AppError(
    'UNAVAILABLE',
    error instanceof PaymentUnavailable
      ? 'Card payments are not answering right now. Please try again in a minute.'
      : 'The card payment could not be started. Please try again, or pay a member of staff.',
  );
}

export async function createCheckout(
  deps: PaymentDeps,
  payer: Payer,
  orderId: string,
  returnUrls: ReturnUrls,
  now: () => Date = () => new Date(),
): Promise<{ url: string; sessionId: string }> {
  const { db, log } = deps;
  const order = await payableOrder(db, payer, orderId);
  const refused = refusal(order);
  if (refused) throw refused;
  const gateway = requireGateway(deps.gateway);
  const urls = returnUrls({ tableToken: order.table.token, orderId: order.id });

  let retire: string | null = null;
  // At most twice: the second time after retiring an attempt whose session can no longer be paid.
  for (let round = 0; round < 2; round++) {
    const attempt = await claimAttempt(db, order.id, now(), retire);
    let session: CheckoutSession;
    try {
      session =
        attempt.stripeSessionId !== null
          ? await gateway.retrieveCheckout(attempt.stripeSessionId, attempt.stripeAccountId)
          : await gateway.createCheckout({
              idempotencyKey: checkoutIdempotencyKey(order.id, attempt.attempt),
              account: attempt.stripeAccountId,
              currency: order.currency,
              lineItems: order.items.map((item) => ({
                name: item.name,
                unitAmount: item.unitPriceMinor,
                quantity: item.quantity,
              })),
              metadata: { orderId: order.id, tenantId: order.tenantId, attempt: String(attempt.attempt) },
              successUrl: urls.success,
              cancelUrl: urls.cancel,
              expiresAt: attempt.expiresAt!,
            });
    } catch (error) {
      log.warn({ msg: 'stripe checkout failed', orderId: order.id, attempt: attempt.attempt, err: String(error) });
      if (!(error instanceof PaymentRefused)) throw unavailable(error);
      // Refused for good: the attempt makes way. A session Stripe no longer knows (say, test data
      // wiped) is replaced at once; refused parameters mean the next call numbers a new attempt.
      await db.payment.updateMany({ where: { id: attempt.id, status: 'OPEN' }, data: { status: 'FAILED' } });
      if (attempt.stripeSessionId === null) throw unavailable(error);
      continue;
    }
    if (attempt.stripeSessionId === null) {
      await db.payment.updateMany({
        where: { id: attempt.id, stripeSessionId: null },
        data: { stripeSessionId: session.id, checkoutUrl: session.url },
      });
    }
    if (session.status === 'open' && session.url) return { url: session.url, sessionId: session.id };
    const news = newsOf(session);
    if (news === 'paid' || news === 'processing') {
      // Paid meanwhile (the webhook is on its way): settle now and say so.
      const changed = await db.$transaction((tx) => applySessionNews(tx, session, news, now(), log));
      if (changed) await announce(deps.events, changed, log);
      throw refusal({ status: order.status, paymentStatus: news === 'paid' ? 'PAID' : 'PROCESSING' })!;
    }
    retire = attempt.id;
  }
  throw unavailable(new PaymentUnavailable('no open session after retiring an expired one'));
}

/**
 * The guest is back from Checkout: the session as Stripe has it now, applied
 * if the webhook has not been yet. Answers the order as it is.
 */
export async function confirmPayment(
  deps: PaymentDeps,
  payer: Payer,
  orderId: string,
  now: () => Date = () => new Date(),
): Promise<OrderView> {
  const { db, log } = deps;
  const order = await payableOrder(db, payer, orderId);
  const latest = await db.payment.findFirst({
    where: { orderId: order.id, method: 'CARD', stripeSessionId: { not: null }, status: 'OPEN' },
    orderBy: { attempt: 'desc' },
    select: { stripeSessionId: true, stripeAccountId: true },
  });
  if (latest && deps.gateway) {
    let session: CheckoutSession | null = null;
    try {
      session = await deps.gateway.retrieveCheckout(latest.stripeSessionId!, latest.stripeAccountId);
    } catch (error) {
      // The webhook settles it anyway; the guest sees the order as it stands.
      log.warn({ msg: 'stripe confirm failed', orderId: order.id, err: String(error) });
    }
    const news = session && newsOf(session);
    if (session && news) {
      const changed = await db.$transaction((tx) => applySessionNews(tx, session, news, now(), log));
      if (changed) await announce(deps.events, changed, log);
    }
  }
  const view = await findOrderView(db, { id: order.id });
  if (!view) throw new AppError('NOT_FOUND', 'Order not found', { field: 'orderId' });
  return view;
}
