// Payments end to end below HTTP: the app's gateway on the real Stripe SDK
// against the local emulator, webhooks signed by it and verified by the app,
// the real database. Exactly-once holds for duplicate, concurrent, late and
// out-of-order deliveries; amounts are exact in EUR and JPY; the expiry job
// cancels once across instances.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { AppError } from '@/server/domain/errors';
import { moveOrder } from '@/server/domain/orders/change-status';
import { confirmPayment, createCheckout } from '@/server/domain/payments/checkout';
import { expireUnpaidOrders } from '@/server/domain/payments/expiry';
import { InvalidWebhook } from '@/server/domain/payments/gateway';
import { markPaidInCash, refundOrder } from '@/server/domain/payments/staff-payments';
import { UNPAID_ORDER_TTL_MS } from '@/server/domain/orders/place-order';
import { scratchRestaurant, type ScratchRestaurant } from '@/test/integration';
import { eventually, quietLog, returnUrls, startPayments, type EventSummary, type PaymentsHarness } from './support';

let pay: PaymentsHarness;
const restaurants: ScratchRestaurant[] = [];
beforeAll(async () => {
  pay = await startPayments();
});
afterAll(async () => {
  await pay.stop();
  for (const r of restaurants) await r.remove();
});

async function restaurant(options: Parameters<typeof scratchRestaurant>[0] = {}) {
  const r = await scratchRestaurant({ label: 'payments', ...options });
  restaurants.push(r);
  return r;
}

const guestOf = async (orderId: string) =>
  (await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { guestId: true } })).guestId;

async function checkout(orderId: string) {
  return createCheckout(pay.deps, { guestId: await guestOf(orderId), staffTenantId: null }, orderId, returnUrls);
}

const orderRow = (id: string) =>
  db.order.findUniqueOrThrow({ where: { id }, include: { payments: true, changes: true } });

const sessionsOf = (orderId: string) =>
  pay.control<{
    data: { id: string; status: string; amount_total: number; currency: string; account: string | null }[];
  }>(`sessions?metadata[orderId]=${orderId}`);

const eventsOf = async (query: string) => (await pay.control<{ data: EventSummary[] }>(`events?${query}`)).data;

describe('createCheckout', () => {
  it('charges the order total in minor units, in EUR and in JPY', async () => {
    for (const currency of ['EUR', 'JPY']) {
      const r = await restaurant({ currency });
      const order = await r.order();
      const { url, sessionId } = await checkout(order.id);
      expect(url).toContain(`${pay.emulator.url}/c/pay/`);
      const [session] = (await sessionsOf(order.id)).data;
      expect(session).toMatchObject({
        id: sessionId,
        amount_total: order.totalMinor,
        currency: currency.toLowerCase(),
      });
      expect(order.totalMinor).toBe(650 + 300);
      const page = await (await fetch(url)).text();
      expect(page).toContain(currency === 'JPY' ? '¥950' : '€9.50');
    }
  });

  it('gives 20 concurrent callers one open session, and the payment marks the order paid once', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkout(order.id)));
    expect(new Set(answers.map((a) => a.url)).size).toBe(1);
    const sessions = (await sessionsOf(order.id)).data;
    expect(sessions.filter((s) => s.status === 'open')).toHaveLength(1);
    expect(await db.payment.count({ where: { orderId: order.id } })).toBe(1);

    await pay.control(`sessions/${answers[0]!.sessionId}/pay`, { outcome: 'paid' });
    const paid = await eventually(async () => {
      const row = await orderRow(order.id);
      expect(row.paymentStatus).toBe('PAID');
      return row;
    });
    expect(paid.status).toBe('PENDING');
    expect(paid.changes.filter((c) => c.fromStatus === 'AWAITING_PAYMENT' && c.toStatus === 'PENDING')).toHaveLength(1);
    // Paid: no more checkouts.
    await expect(checkout(order.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This order is already paid.',
    });
  });

  it('uses the restaurant’s connected account', async () => {
    const r = await restaurant({ stripeAccountId: 'acct_1TablesideTest' });
    const order = await r.order();
    await checkout(order.id);
    expect((await sessionsOf(order.id)).data[0]!.account).toBe('acct_1TablesideTest');
    const payment = await db.payment.findFirstOrThrow({ where: { orderId: order.id } });
    expect(payment.stripeAccountId).toBe('acct_1TablesideTest');
  });

  it('refuses cancelled orders and other guests’ orders', async () => {
    const r = await restaurant();
    const order = await r.order();
    await expect(
      createCheckout(pay.deps, { guestId: randomUUID(), staffTenantId: null }, order.id, returnUrls),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Staff of the restaurant may; staff of another may not.
    await expect(
      createCheckout(pay.deps, { guestId: null, staffTenantId: r.tenantId }, order.id, returnUrls),
    ).resolves.toHaveProperty('url');
    await moveOrder(db, pay.events, {
      tenantId: r.tenantId,
      orderId: order.id,
      expected: null,
      move: { kind: 'cancel' },
      reason: 'guest left',
      actor: { userId: null, kind: 'system' },
    });
    await expect(checkout(order.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'This order was cancelled, so there is nothing to pay.',
    });
  });
});

describe('the webhook', () => {
  it('verifies the signature on the raw body: tampered, stale and wrongly signed events are refused', () => {
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: {} },
    });
    const sign = (body: string, secret = pay.emulator.webhookSecret, timestamp?: number) =>
      Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
    expect(() => pay.gateway.readWebhook(payload, sign(payload))).not.toThrow();
    expect(() => pay.gateway.readWebhook(payload.replace('evt_1', 'evt_2'), sign(payload))).toThrow(InvalidWebhook);
    expect(() => pay.gateway.readWebhook(payload, sign(payload, 'whsec_other'))).toThrow(InvalidWebhook);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect(() => pay.gateway.readWebhook(payload, sign(payload, undefined, sixMinutesAgo))).toThrow(InvalidWebhook);
    expect(() => pay.gateway.readWebhook(payload, null)).toThrow(InvalidWebhook);
  });

  it('applies one event delivered five times (and five at once) exactly once', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    const { sessionId } = await checkout(order.id);
    await pay.holdingDeliveries(async () => {
      await pay.control(`sessions/${sessionId}/pay`, { outcome: 'paid' });
      const [completed] = await eventsOf(`session=${sessionId}&type=checkout.session.completed`);
      const sequential = await pay.control<{ statuses: number[] }>(`events/${completed!.id}/deliver`, { times: 5 });
      const concurrent = await pay.control<{ statuses: number[] }>(`events/${completed!.id}/deliver`, {
        times: 5,
        concurrent: true,
      });
      expect([...sequential.statuses, ...concurrent.statuses]).toEqual(Array(10).fill(200));
    });
    const row = await orderRow(order.id);
    // Applied once: paid, in the kitchen, and nothing flagged (a second application would flag "paid twice").
    expect(row).toMatchObject({ paymentStatus: 'PAID', status: 'PENDING', paymentIssue: null });
    expect(row.payments.filter((p) => p.status === 'SUCCEEDED')).toHaveLength(1);
    expect(row.changes.filter((c) => c.field === 'payment' && c.toStatus === 'PAID')).toHaveLength(1);
    expect(row.changes.filter((c) => c.toStatus === 'PENDING')).toHaveLength(1);
  });

  it('ends paid when an old session’s `expired` arrives after the new one’s `completed`', async () => {
    const r = await restaurant();
    const order = await r.order();
    await pay.holdingDeliveries(async () => {
      const first = await checkout(order.id);
      await pay.gateway.expireCheckout(first.sessionId, null);
      const second = await checkout(order.id);
      expect(second.sessionId).not.toBe(first.sessionId);
      await pay.control(`sessions/${second.sessionId}/pay`, { outcome: 'paid' });
      const [completed] = await eventsOf(`session=${second.sessionId}&type=checkout.session.completed`);
      const [expired] = await eventsOf(`session=${first.sessionId}&type=checkout.session.expired`);
      await pay.control(`events/${completed!.id}/deliver`, {});
      await pay.control(`events/${expired!.id}/deliver`, {});
    });
    const row = await orderRow(order.id);
    expect(row.paymentStatus).toBe('PAID');
    expect(row.status).toBe('PENDING');
    expect(row.payments.map((p) => p.status).sort()).toEqual(['EXPIRED', 'SUCCEEDED']);
  });

  it('ends refunded when `charge.refunded` arrives before `completed`', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    const { sessionId } = await checkout(order.id);
    await pay.holdingDeliveries(async () => {
      const paid = await pay.control<{ session: { payment_intent: string } }>(`sessions/${sessionId}/pay`, {
        outcome: 'paid',
      });
      // A partial refund made in Stripe's dashboard, reported first.
      const stripe = new Stripe(pay.emulator.secretKey, {
        host: '127.0.0.1',
        port: pay.emulator.port,
        protocol: 'http',
      });
      await stripe.refunds.create({ payment_intent: paid.session.payment_intent, amount: 300 });
      const [refunded] = await eventsOf(`type=charge.refunded&payment_intent=${paid.session.payment_intent}`);
      const [completed] = await eventsOf(`session=${sessionId}&type=checkout.session.completed`);
      await pay.control(`events/${refunded!.id}/deliver`, {});
      expect((await orderRow(order.id)).paymentStatus).toBe('UNPAID');
      await pay.control(`events/${completed!.id}/deliver`, {});
    });
    const row = await orderRow(order.id);
    expect(row).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refundedMinor: 300, status: 'PENDING' });
  });

  it('never marks paid on an amount or currency mismatch, and flags it to staff', async () => {
    for (const tamper of [{ amount_total: 1 }, { currency: 'usd' }]) {
      const r = await restaurant({ payFirst: true });
      const order = await r.order();
      const { sessionId } = await checkout(order.id);
      await pay.control(`sessions/${sessionId}/tamper`, tamper);
      await pay.control(`sessions/${sessionId}/pay`, { outcome: 'paid' });
      const row = await eventually(async () => {
        const current = await orderRow(order.id);
        expect(current.paymentIssue).toMatch(/^Stripe reported .* paid for an order of €9\.50/);
        return current;
      });
      expect(row).toMatchObject({ paymentStatus: 'UNPAID', status: 'AWAITING_PAYMENT' });
      expect(row.payments[0]!.status).toBe('FAILED');
    }
  });

  it('follows a bank payment that clears late, or fails', async () => {
    for (const succeeded of [true, false]) {
      const r = await restaurant({ payFirst: true });
      const order = await r.order();
      const { sessionId } = await checkout(order.id);
      await pay.control(`sessions/${sessionId}/pay`, { outcome: 'processing' });
      await eventually(async () => expect((await orderRow(order.id)).paymentStatus).toBe('PROCESSING'));
      await pay.control(`sessions/${sessionId}/async-result`, { succeeded });
      await eventually(async () =>
        expect(await orderRow(order.id)).toMatchObject(
          succeeded
            ? { paymentStatus: 'PAID', status: 'PENDING' }
            : { paymentStatus: 'FAILED', status: 'AWAITING_PAYMENT' },
        ),
      );
    }
  });
});

describe('payment.confirm', () => {
  it('settles on the guest’s return when the webhook is late; the webhook then changes nothing', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    const guestId = await guestOf(order.id);
    const { sessionId } = await checkout(order.id);
    await pay.holdingDeliveries(async () => {
      await pay.control(`sessions/${sessionId}/pay`, { outcome: 'paid' });
      const view = await confirmPayment(pay.deps, { guestId, staffTenantId: null }, order.id);
      expect(view).toMatchObject({ paymentStatus: 'PAID', status: 'PENDING' });
      const [completed] = await eventsOf(`session=${sessionId}&type=checkout.session.completed`);
      expect((await pay.control<{ statuses: number[] }>(`events/${completed!.id}/deliver`, {})).statuses).toEqual([
        200,
      ]);
      // A second confirm is a no-op too.
      await confirmPayment(pay.deps, { guestId, staffTenantId: null }, order.id);
    });
    const row = await orderRow(order.id);
    expect(row.paymentIssue).toBeNull();
    expect(row.changes.filter((c) => c.field === 'payment')).toHaveLength(1);
    expect(row.changes.filter((c) => c.toStatus === 'PENDING')).toHaveLength(1);
  });
});

describe('the expiry job', () => {
  it('cancels an unpaid pay-first order at 30 minutes, once, with two instances sweeping', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    const { sessionId } = await checkout(order.id);
    const placed = (await db.order.findUniqueOrThrow({ where: { id: order.id } })).createdAt.getTime();
    const sweep = (at: number) => expireUnpaidOrders(db, pay.gateway, pay.events, quietLog, new Date(at));

    await sweep(placed + UNPAID_ORDER_TTL_MS - 60_000);
    expect((await orderRow(order.id)).status).toBe('AWAITING_PAYMENT');

    const at = placed + UNPAID_ORDER_TTL_MS + 1_000;
    const [a, b] = await Promise.all([sweep(at), sweep(at)]);
    // Other tests' orders may be due too; this order was cancelled by exactly one of them.
    const row = await orderRow(order.id);
    expect(row).toMatchObject({ status: 'CANCELLED', cancelReason: 'Not paid within 30 minutes' });
    expect(row.changes.filter((c) => c.toStatus === 'CANCELLED')).toHaveLength(1);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const [session] = (await sessionsOf(order.id)).data;
    expect(session).toMatchObject({ id: sessionId, status: 'expired' });
    await sweep(at + 60_000);
    expect((await orderRow(order.id)).changes.filter((c) => c.toStatus === 'CANCELLED')).toHaveLength(1);
  });

  it('settles instead of cancelling when the session was paid at the last moment', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    const { sessionId } = await checkout(order.id);
    await pay.holdingDeliveries(async () => {
      await pay.control(`sessions/${sessionId}/pay`, { outcome: 'paid' });
      const placed = (await db.order.findUniqueOrThrow({ where: { id: order.id } })).createdAt.getTime();
      await expireUnpaidOrders(db, pay.gateway, pay.events, quietLog, new Date(placed + UNPAID_ORDER_TTL_MS + 1_000));
    });
    expect(await orderRow(order.id)).toMatchObject({ status: 'PENDING', paymentStatus: 'PAID' });
  });
});

describe('staff: cash and refunds', () => {
  it('records cash under the member of staff; a pay-first order goes to the kitchen', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    await checkout(order.id);
    await markPaidInCash(pay.deps, { tenantId: r.tenantId, orderId: order.id, actorUserId: r.owner.id });
    const row = await orderRow(order.id);
    expect(row).toMatchObject({ paymentStatus: 'PAID', status: 'PENDING' });
    expect(row.payments.find((p) => p.method === 'CASH')).toMatchObject({
      status: 'SUCCEEDED',
      recordedById: r.owner.id,
    });
    // Its open Checkout Session is closed, so the guest cannot pay twice.
    expect(row.payments.find((p) => p.method === 'CARD')!.status).toBe('EXPIRED');
    expect((await sessionsOf(order.id)).data[0]!.status).toBe('expired');
    await expect(
      markPaidInCash(pay.deps, { tenantId: r.tenantId, orderId: order.id, actorUserId: r.owner.id }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('records cash when staff close an unpaid order as paid on the board', async () => {
    const r = await restaurant();
    const order = await r.order();
    const moved = await moveOrder(db, pay.events, {
      tenantId: r.tenantId,
      orderId: order.id,
      expected: 'PENDING',
      move: { kind: 'set', to: 'PAID' },
      actor: { userId: r.owner.id, kind: 'staff' },
    });
    expect(moved).toMatchObject({ status: 'PAID', paymentStatus: 'PAID' });
    expect((await orderRow(order.id)).payments).toMatchObject([{ method: 'CASH', recordedById: r.owner.id }]);
  });

  it('refunds a card payment in part, then the rest; a retried request is the same refund; never more than paid', async () => {
    const r = await restaurant();
    const order = await r.order();
    const { sessionId } = await checkout(order.id);
    await pay.control(`sessions/${sessionId}/pay`, { outcome: 'paid' });
    await eventually(async () => expect((await orderRow(order.id)).paymentStatus).toBe('PAID'));
    const refund = (amountMinor: number, requestKey = randomUUID()) =>
      refundOrder(pay.deps, {
        tenantId: r.tenantId,
        orderId: order.id,
        amountMinor,
        requestKey,
        actorUserId: r.owner.id,
      });

    const key = randomUUID();
    const first = await refund(300, key);
    const again = await refund(300, key);
    expect(again.refundId).toBe(first.refundId);
    expect(await orderRow(order.id)).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refundedMinor: 300 });
    await expect(refund(651)).rejects.toMatchObject({ code: 'BAD_INPUT', details: { field: 'amountMinor' } });
    await refund(650);
    // Stripe's own report of the refunds (cumulative) agrees, and counts nothing twice.
    await eventually(async () => {
      const events = await eventsOf('type=charge.refunded');
      const ours = events.filter((e) => e.deliveries.some((d) => d.status === 200));
      expect(ours.length).toBeGreaterThanOrEqual(2);
    });
    const row = await orderRow(order.id);
    expect(row).toMatchObject({ paymentStatus: 'REFUNDED', refundedMinor: 950 });
    expect(await db.refund.count({ where: { orderId: order.id, status: 'SUCCEEDED' } })).toBe(2);
    await expect(refund(1)).rejects.toBeInstanceOf(AppError);
  });
});

describe('when Stripe has forgotten a session (test data wiped, a demo restarted)', () => {
  it('a new checkout replaces it at once, and the expiry job still cancels', async () => {
    const r = await restaurant({ payFirst: true });
    const order = await r.order();
    const other = await r.order('Other');
    const first = await checkout(order.id);
    await checkout(other.id);
    await pay.control('reset', {});

    const second = await checkout(order.id);
    expect(second.sessionId).not.toBe(first.sessionId);
    const attempts = (await orderRow(order.id)).payments.sort((a, b) => a.attempt - b.attempt);
    expect(attempts.map((p) => [p.attempt, p.status])).toEqual([
      [1, 'FAILED'],
      [2, 'OPEN'],
    ]);
    await pay.control('reset', {});
    const placed = (await db.order.findUniqueOrThrow({ where: { id: other.id } })).createdAt.getTime();
    await expireUnpaidOrders(db, pay.gateway, pay.events, quietLog, new Date(placed + UNPAID_ORDER_TTL_MS + 1_000));
    expect((await orderRow(other.id)).status).toBe('CANCELLED');
  });
});
