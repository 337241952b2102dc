// Payments over HTTP against the production build: the Stripe emulator the
// test command started (STRIPE_API_URL), webhooks delivered by it to this
// server, and the attacker's side: forged, stale and oversized webhooks, a
// flood of them (never rate limited, never applied), someone else's order,
// and `payment-order` counting exactly across window edges.
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { MAX_WEBHOOK_BYTES } from '@/server/ratelimit/guards';
import { startAppServer, type AppServer } from '@/test/app-server';
import { guestCookieFrom, trpcMutation, type TrpcErrorBody } from '@/test/http';
import { randomClientIp, requireEnv, scratchRestaurant, type ScratchRestaurant } from '@/test/integration';
import { eventually } from './support';

const ORDER_WINDOW_SECONDS = 4;
let server: AppServer;
let r: ScratchRestaurant;
const webhookSecret = requireEnv('STRIPE_WEBHOOK_SECRET');
const emulatorUrl = requireEnv('STRIPE_API_URL');

beforeAll(async () => {
  [server, r] = await Promise.all([
    startAppServer({ RATE_LIMIT_PAYMENT_ORDER_WINDOW: String(ORDER_WINDOW_SECONDS) }),
    scratchRestaurant({ label: 'http payments', payFirst: true }),
  ]);
});
afterAll(async () => {
  await server?.stop();
  await r?.remove();
});

/** A guest at the scratch table: their cookie (from a menu view), their address, and an order placed over HTTP. */
async function guestWithOrder() {
  const ip = randomClientIp();
  const view = await fetch(`${server.url}/menu/${r.tableToken}`, { headers: { 'x-forwarded-for': ip } });
  expect(view.status).toBe(200);
  const headers = { cookie: guestCookieFrom(view)!, 'x-forwarded-for': ip };
  const placed = await trpcMutation(
    server.url,
    'order.place',
    {
      tableToken: r.tableToken,
      customerName: 'Payer',
      items: [{ productId: r.productIds[0], quantity: 2 }],
      idempotencyKey: randomUUID(),
    },
    headers,
  );
  expect(placed.status).toBe(200);
  const order = ((await placed.json()) as { result: { data: { json: { id: string; totalMinor: number } } } }).result
    .data.json;
  return { headers, order };
}

/** The hosted checkout page's form, as the guest's browser posts it. */
const payWith = (url: string, card: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ card }).toString(),
    redirect: 'manual',
  });

const checkout = (orderId: string, headers: Record<string, string>) =>
  trpcMutation(server.url, 'payment.createCheckout', { orderId }, headers);

const webhook = (body: string, signature: string | null, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/stripe/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'stripe-signature': signature } : {}),
      ...headers,
    },
    body,
  });

const sign = (payload: string, secret = webhookSecret, timestamp?: number) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

describe('paying by card, over HTTP', () => {
  it('goes to the hosted checkout, pays, comes back to the order page, and the webhook marks it paid', async () => {
    const { headers, order } = await guestWithOrder();
    const answer = await checkout(order.id, headers);
    expect(answer.status).toBe(200);
    const { url } = ((await answer.json()) as { result: { data: { json: { url: string } } } }).result.data.json;
    expect(url.startsWith(`${emulatorUrl}/c/pay/`)).toBe(true);

    const paid = await payWith(url, '4242 4242 4242 4242');
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get('location')!);
    expect(back.origin).toBe(server.url);
    expect(back.pathname).toBe(`/menu/${r.tableToken}/orders/${order.id}`);
    expect(back.searchParams.get('checkout')).toBe('success');
    expect(back.searchParams.get('session_id')).toMatch(/^cs_test_/);

    const row = await eventually(async () => {
      const current = await db.order.findUniqueOrThrow({ where: { id: order.id } });
      expect(current.paymentStatus).toBe('PAID');
      return current;
    });
    expect(row.status).toBe('PENDING');
    const confirmed = await trpcMutation(server.url, 'payment.confirm', { orderId: order.id }, headers);
    expect(confirmed.status).toBe(200);
  });

  it('a declined card leaves the order unpaid and the session open to try again', async () => {
    const { headers, order } = await guestWithOrder();
    const { url } = (
      (await (await checkout(order.id, headers)).json()) as { result: { data: { json: { url: string } } } }
    ).result.data.json;
    const declined = await payWith(url, '4000000000000002');
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined');
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).paymentStatus).toBe('UNPAID');
    const again = (
      (await (await checkout(order.id, headers)).json()) as { result: { data: { json: { url: string } } } }
    ).result.data.json;
    expect(again.url).toBe(url);
  });

  it('refuses someone else’s order as not found, and a caller with no guest cookie', async () => {
    const { order } = await guestWithOrder();
    const stranger = await guestWithOrder();
    const refused = await checkout(order.id, stranger.headers);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as TrpcErrorBody).error.json.message).toBe('Order not found');
    const anonymous = await checkout(order.id, { 'x-forwarded-for': randomClientIp() });
    expect(anonymous.status).toBe(401);
    expect(await db.payment.count({ where: { orderId: order.id } })).toBe(0);
  });

  it('`payment-order` answers 429 at its count, even paced across window edges', async () => {
    const { headers, order } = await guestWithOrder();
    const windowMs = ORDER_WINDOW_SECONDS * 1000;
    // Two calls just before a window's edge, the third and fourth just after it: all four within one
    // window of each other. A sliding-window estimate would weigh the first two down and let the
    // fourth through; the exact count must not.
    const toEdge = windowMs - (Date.now() % windowMs);
    await new Promise((resolve) => setTimeout(resolve, (toEdge < 700 ? toEdge + windowMs : toEdge) - 600));
    expect((await checkout(order.id, headers)).status).toBe(200);
    expect((await checkout(order.id, headers)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 100));
    expect((await checkout(order.id, headers)).status).toBe(200);
    const fourth = await checkout(order.id, headers);
    expect(fourth.status).toBe(429);
    const retryAfter = Number(fourth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(fourth.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await fourth.json()) as TrpcErrorBody).error.json.data).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      policy: 'payment-order',
      retryAfterSeconds: retryAfter,
    });
  });
});

describe('POST /api/stripe/webhook', () => {
  const ignored = JSON.stringify({
    id: `evt_${randomUUID()}`,
    object: 'event',
    type: 'customer.created',
    data: { object: { id: 'cus_1', object: 'customer' } },
  });

  it('answers a signed event 200 (an unknown type is ignored) and refuses forged ones 400', async () => {
    const ok = await webhook(ignored, sign(ignored));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, outcome: 'ignored' });

    const tampered = await webhook(ignored.replace('customer.created', 'checkout.session.completed'), sign(ignored));
    const wrongSecret = await webhook(ignored, sign(ignored, 'whsec_not_ours'));
    const stale = await webhook(ignored, sign(ignored, webhookSecret, Math.floor(Date.now() / 1000) - 6 * 60));
    const unsigned = await webhook(ignored, null);
    for (const refused of [tampered, wrongSecret, stale, unsigned]) {
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: 'invalid_signature' });
    }
  });

  it('never applies a forged `completed` for a real order', async () => {
    const { order } = await guestWithOrder();
    const forged = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'checkout.session.completed',
      data: {
        object: {
          id: 'cs_forged',
          object: 'checkout.session',
          status: 'complete',
          payment_status: 'paid',
          amount_total: order.totalMinor,
          currency: 'eur',
          metadata: { orderId: order.id, attempt: '1' },
          expires_at: 0,
        },
      },
    });
    expect((await webhook(forged, sign(forged, 'whsec_guessed'))).status).toBe(400);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).paymentStatus).toBe('UNPAID');
  });

  it('is outside the global limits: 40 forged posts from one address are all refused 400, none 429', async () => {
    const ip = randomClientIp();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => webhook(ignored, sign(ignored, 'whsec_x'), { 'x-forwarded-for': ip })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(400));
  });

  it('only the webhook itself is outside the limits: paths near it are limited like any other', async () => {
    // Under it, or in other capitals: neither is the excluded path.
    for (const path of ['/api/stripe/webhook/x', '/API/stripe/webhook', '/Api/Stripe/Webhook']) {
      const ip = randomClientIp();
      const answers = await Promise.all(
        Array.from({ length: 25 }, () =>
          fetch(`${server.url}${path}`, { method: 'POST', headers: { 'x-forwarded-for': ip }, redirect: 'manual' }),
        ),
      );
      expect(answers.filter((a) => a.status === 429).length, path).toBeGreaterThan(0);
    }
    // A trailing or doubled slash never reaches the app: Next answers with a redirect to the exact path.
    for (const path of ['/api/stripe/webhook/', '/api/stripe//webhook']) {
      const redirected = await fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual' });
      expect(redirected.status, path).toBe(308);
      expect(new URL(redirected.headers.get('location')!, server.url).pathname).toBe('/api/stripe/webhook');
    }
  });

  it('bounds its body (413) and answers only POST', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(MAX_WEBHOOK_BYTES) });
    const tooBig = await webhook(big, sign(big));
    expect(tooBig.status).toBe(413);
    expect((await fetch(`${server.url}/api/stripe/webhook`)).status).toBe(405);
  });
});
