// The local Stripe emulator, exercised by the real `stripe` SDK as the app
// uses it, with a small HTTP server standing in for the app's webhook route.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseParams, startStripeEmulator, type StripeEmulator } from './stripe-emulator';

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

let emulator: StripeEmulator;
let stripe: Stripe;
let receiver: Server;
let appUrl: string;
let received: Received[] = [];
/** How the stand-in app answers the next webhook. */
let respond: (delivery: Received) => number = () => 200;

const sdk = (options: Partial<Stripe.StripeConfig> = {}, key = emulator.secretKey) =>
  new Stripe(key, {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    telemetry: false,
    maxNetworkRetries: 0,
    ...options,
  });

async function control<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/_emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

type EventSummary = {
  id: string;
  type: string;
  account: string | null;
  objectId: string;
  url: string;
  deliveries: { status: number | null }[];
};
const eventsOf = async (session: string, type?: string) =>
  (await control<{ data: EventSummary[] }>(`events?session=${session}${type ? `&type=${type}` : ''}`)).data;

/** The webhooks the stand-in app received, verified as the app verifies them. */
const webhooks = () =>
  received.map((r) =>
    stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, emulator.webhookSecret),
  );

const euroLines = [{ quantity: 2, price_data: { currency: 'eur', unit_amount: 725, product_data: { name: 'Ramen' } } }];

function createSession(
  params: Partial<Stripe.Checkout.SessionCreateParams> = {},
  options: Stripe.RequestOptions = {},
  client = stripe,
) {
  return client.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: euroLines,
      success_url: `${appUrl}/orders/o1/paid?session={CHECKOUT_SESSION_ID}`,
      cancel_url: `${appUrl}/orders/o1`,
      metadata: { orderId: 'o1' },
      payment_intent_data: { metadata: { orderId: 'o1', restaurant: 'r1' } },
      client_reference_id: 'o1',
      ...params,
    },
    options,
  );
}

/** The hosted page's form, posted as a browser posts it (no redirect followed). */
const submit = (session: Stripe.Checkout.Session, fields: Record<string, string>) =>
  fetch(session.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });

async function paidSession() {
  const session = await createSession();
  await control(`sessions/${session.id}/pay`, { outcome: 'paid' });
  return stripe.checkout.sessions.retrieve(session.id);
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const delivery = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(delivery);
      res.writeHead(respond(delivery)).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  emulator = await startStripeEmulator({ port: 0, retryDelaysMs: [50, 100, 150] });
  stripe = sdk();
});

afterAll(async () => {
  await emulator.stop();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(async () => {
  await control('reset', {});
  received = [];
  respond = () => 200;
});

describe('form parameters', () => {
  it('decodes Stripe’s bracket encoding into hashes and arrays', () => {
    expect(parseParams('a[b][0][c]=x&a[b][1][c]=y&expand[]=p&expand[]=q&metadata[0]=zero&s=a+b%26')).toEqual({
      a: { b: [{ c: 'x' }, { c: 'y' }] },
      expand: ['p', 'q'],
      metadata: { 0: 'zero' },
      s: 'a b&',
    });
  });
});

describe('Checkout Sessions', () => {
  it('creates, retrieves and lists sessions, amounts in EUR minor units', async () => {
    const session = await createSession();
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 1450,
      amount_total: 1450,
      currency: 'eur',
      metadata: { orderId: 'o1' },
      client_reference_id: 'o1',
      payment_intent: null,
      livemode: false,
      url: `${emulator.url}/c/pay/${session.id}`,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.expires_at - session.created).toBe(24 * 3600);
    expect(session.lastResponse.requestId).toMatch(/^req_/);

    expect(await stripe.checkout.sessions.retrieve(session.id)).toEqual(session);
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data).toMatchObject([
      { object: 'item', description: 'Ramen', quantity: 2, amount_total: 1450, price: { unit_amount: 725 } },
    ]);
    const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(expanded.line_items?.data[0]?.description).toBe('Ramen');

    const second = await createSession();
    const third = await createSession();
    await stripe.checkout.sessions.expire(second.id);
    const page = await stripe.checkout.sessions.list({ limit: 2 });
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/checkout/sessions' });
    expect(page.data.map((s) => s.id)).toEqual([third.id, second.id]);
    const open = await stripe.checkout.sessions.list({ status: 'open' });
    expect(open.data.map((s) => s.id)).toEqual([third.id, session.id]);
    const all: string[] = [];
    for await (const s of stripe.checkout.sessions.list({ limit: 1 })) all.push(s.id);
    expect(all).toEqual([third.id, second.id, session.id]);
  });

  it('totals JPY, a currency without minor units', async () => {
    const session = await createSession({
      line_items: [{ quantity: 2, price_data: { currency: 'jpy', unit_amount: 600, product_data: { name: 'Gyoza' } } }],
    });
    expect(session).toMatchObject({ amount_total: 1200, currency: 'jpy' });
  });

  it('refuses invalid parameters as Stripe does, naming the parameter', async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = async (params: Partial<Stripe.Checkout.SessionCreateParams>) => {
      const error = await createSession(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
      return error as Stripe.errors.StripeError;
    };
    expect(await refused({ expires_at: now + 10 * 60 })).toMatchObject({
      param: 'expires_at',
      message: expect.stringMatching(/at least 30 minutes/),
    });
    expect(await refused({ expires_at: now + 25 * 3600 })).toMatchObject({
      param: 'expires_at',
      message: expect.stringMatching(/less than 24 hours/),
    });
    await createSession({ expires_at: now + 31 * 60 }); // within the bounds
    expect(await refused({ line_items: [] })).toMatchObject({ param: 'line_items' });
    expect(await refused({ line_items: undefined })).toMatchObject({ param: 'line_items', code: 'parameter_missing' });
    expect(
      await refused({
        line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 12.5, product_data: { name: 'x' } } }],
      }),
    ).toMatchObject({ param: 'line_items[0][price_data][unit_amount]', code: 'parameter_invalid_integer' });
    expect(
      await refused({
        line_items: [{ quantity: 0, price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'x' } } }],
      }),
    ).toMatchObject({ param: 'line_items[0][quantity]' });
    expect(
      await refused({
        line_items: [
          ...euroLines,
          { quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } },
        ],
      }),
    ).toMatchObject({ param: 'line_items' });
    expect(
      await refused({
        line_items: [{ quantity: 1, price_data: { currency: 'xyz', unit_amount: 100, product_data: { name: 'x' } } }],
      }),
    ).toMatchObject({ param: 'line_items[0][price_data][currency]' });
    expect(await refused({ success_url: 'not a url' })).toMatchObject({ param: 'success_url' });
    expect(await refused({ submit_type: 'pay' })).toMatchObject({ param: 'submit_type', code: 'parameter_unknown' });
    expect((await control<{ data: unknown[] }>('sessions')).data).toHaveLength(1);
  });

  it('expires an open session once, then refuses with Stripe’s message', async () => {
    const session = await createSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null, payment_status: 'unpaid' });
    const error = (await stripe.checkout.sessions
      .expire(session.id)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toBe(
      'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "expired".',
    );
    expect(error.code).toBeUndefined();
    const events = await eventsOf(session.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.session.expired']);
    await expect.poll(() => webhooks().map((e) => e.type)).toEqual(['checkout.session.expired']);
    // An event caused by an API request names it.
    expect(webhooks()[0]?.request).toMatchObject({ id: expect.stringMatching(/^req_/) });
  });

  it('expires a session past its expires_at when the clock moves, with one event', async () => {
    const session = await createSession({ expires_at: Math.floor(Date.now() / 1000) + 31 * 60 });
    await control('clock', { advanceSeconds: 30 * 60 });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    await control('clock', { advanceSeconds: 2 * 60 });
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
    expect((await eventsOf(session.id)).map((e) => e.type)).toEqual(['checkout.session.expired']);
    const later = await createSession();
    expect(later.created - session.created).toBeGreaterThanOrEqual(32 * 60);
  });

  it('answers a wrong key with StripeAuthenticationError', async () => {
    const error = (await createSession({}, {}, sdk({}, 'sk_test_not_the_key_1234')).catch(
      (e: unknown) => e,
    )) as Stripe.errors.StripeError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toBe('Invalid API Key provided: sk_test_************1234');
  });

  it('answers unknown ids and routes as Stripe does', async () => {
    const error = (await stripe.checkout.sessions
      .retrieve('cs_test_nope')
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such checkout.session: 'cs_test_nope'",
    });
    const response = await fetch(`${emulator.url}/v1/xyz`, {
      headers: { authorization: `Bearer ${emulator.secretKey}` },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^Unrecognized request URL \(GET: \/v1\/xyz\)\./,
    );
  });

  it('scopes objects to the account named by Stripe-Account', async () => {
    const onA = await createSession({}, { stripeAccount: 'acct_A1' });
    expect((await stripe.checkout.sessions.retrieve(onA.id, {}, { stripeAccount: 'acct_A1' })).id).toBe(onA.id);
    for (const options of [{}, { stripeAccount: 'acct_B2' }]) {
      await expect(stripe.checkout.sessions.retrieve(onA.id, {}, options)).rejects.toMatchObject({
        code: 'resource_missing',
        statusCode: 404,
      });
    }
    expect((await stripe.checkout.sessions.list()).data).toEqual([]);
    await expect(stripe.checkout.sessions.retrieve(onA.id, {}, { stripeAccount: 'nope' })).rejects.toBeInstanceOf(
      Stripe.errors.StripePermissionError,
    );

    await control(`sessions/${onA.id}/pay`, { outcome: 'paid' });
    const paid = await stripe.checkout.sessions.retrieve(onA.id, {}, { stripeAccount: 'acct_A1' });
    await expect(stripe.paymentIntents.retrieve(paid.payment_intent as string)).rejects.toMatchObject({
      code: 'resource_missing',
    });
    await expect(stripe.refunds.create({ payment_intent: paid.payment_intent as string })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'payment_intent',
    });
    await stripe.refunds.create({ payment_intent: paid.payment_intent as string }, { stripeAccount: 'acct_A1' });
    const events = await eventsOf(onA.id);
    expect(events.map((e) => [e.type, e.account])).toEqual([
      ['checkout.session.completed', 'acct_A1'],
      ['charge.refunded', 'acct_A1'],
    ]);
    await expect.poll(() => webhooks().map((e) => e.account)).toEqual(['acct_A1', 'acct_A1']);
  });
});

describe('idempotency', () => {
  it('replays the saved answer for the same key and parameters, and refuses other parameters', async () => {
    const first = await createSession({}, { idempotencyKey: 'order-o1-attempt-1' });
    const replay = await createSession({}, { idempotencyKey: 'order-o1-attempt-1' });
    expect(replay).toEqual(first);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    // The same key on another account is another key.
    const elsewhere = await createSession({}, { idempotencyKey: 'order-o1-attempt-1', stripeAccount: 'acct_A1' });
    expect(elsewhere.id).not.toBe(first.id);

    const error = (await createSession({ client_reference_id: 'o2' }, { idempotencyKey: 'order-o1-attempt-1' }).catch(
      (e: unknown) => e,
    )) as Stripe.errors.StripeError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.type).toBe('StripeIdempotencyError');
    expect(error).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(error.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters/);
    const sessions = await control<{ data: { account: string | null }[] }>('sessions?metadata[orderId]=o1');
    expect(sessions.data.map((s) => s.account)).toEqual([null, 'acct_A1']);
  });

  it('saves no error against a key, so a corrected request may use it', async () => {
    const key = 'order-o3-attempt-1';
    await expect(createSession({ expires_at: 1 }, { idempotencyKey: key })).rejects.toMatchObject({
      param: 'expires_at',
    });
    expect((await createSession({}, { idempotencyKey: key })).status).toBe('open');
  });

  it('answers 409 while the first request is in progress; the SDK’s retries then get the replay', async () => {
    await control('latency', { ms: 700 });
    const key = 'order-o4-attempt-1';
    const first = createSession({}, { idempotencyKey: key });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const error = (await createSession({}, { idempotencyKey: key }).catch(
      (e: unknown) => e,
    )) as Stripe.errors.StripeError;
    // The SDK maps a 409 to StripeAPIError whatever its type: the code tells.
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use', rawType: 'idempotency_error' });
    const retried = await createSession({}, { idempotencyKey: key }, sdk({ maxNetworkRetries: 3 }));
    expect(retried.id).toBe((await first).id);
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
  });
});

describe('hosted checkout page', () => {
  it('renders the line items and total in the currency’s units, under a strict CSP', async () => {
    const session = await createSession();
    const response = await fetch(session.url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy');
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toContain(`form-action 'self' ${appUrl}`);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Test checkout</title>');
    expect(html).toContain("Test mode</strong> — Tableside's local Stripe emulator. No real money moves.");
    expect(html).toContain('Ramen × 2');
    expect(html).toContain('€14.50');
    expect(html).toContain('Pay €14.50</button>');
    expect(html).toContain('<label for="card">Card number</label>');
    expect(html).toContain('4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined');
    expect(html).toContain(`href="${appUrl}/orders/o1">Cancel and go back</a>`);
    expect(html).not.toMatch(/<script|https:\/\//);

    const yen = await createSession({
      cancel_url: undefined,
      line_items: [{ quantity: 2, price_data: { currency: 'jpy', unit_amount: 600, product_data: { name: 'Gyoza' } } }],
    });
    const yenHtml = await (await fetch(yen.url!)).text();
    expect(yenHtml).toContain('Pay ¥1,200</button>');
    expect(yenHtml).not.toContain('Cancel and go back');
  });

  it('pays with 4242: redirects to success_url and sends a signed checkout.session.completed', async () => {
    const session = await createSession();
    const response = await submit(session, { card: '4242 4242 4242 4242', email: 'guest@example.com' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${appUrl}/orders/o1/paid?session=${session.id}`);

    const paid = await stripe.checkout.sessions.retrieve(session.id);
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    expect(paid.customer_details?.email).toBe('guest@example.com');
    const intent = await stripe.paymentIntents.retrieve(paid.payment_intent as string, { expand: ['latest_charge'] });
    expect(intent).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 1450,
      currency: 'eur',
      metadata: { orderId: 'o1', restaurant: 'r1' },
    });
    expect(intent.latest_charge).toMatchObject({
      object: 'charge',
      paid: true,
      metadata: { orderId: 'o1', restaurant: 'r1' },
    });

    await expect.poll(() => received.length).toBe(1);
    const [delivery] = received;
    expect(delivery).toMatchObject({
      path: '/api/stripe/webhook',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
    });
    const header = delivery!.headers['stripe-signature'] as string;
    const event = stripe.webhooks.constructEvent(delivery!.body, header, emulator.webhookSecret);
    expect(event).toMatchObject({
      object: 'event',
      type: 'checkout.session.completed',
      livemode: false,
      pending_webhooks: 1,
      api_version: session.lastResponse.apiVersion,
      request: { id: null, idempotency_key: null },
      data: { object: { id: session.id, status: 'complete', payment_status: 'paid', amount_total: 1450 } },
    });
    expect(event).not.toHaveProperty('account');
    // Signed exactly as Stripe signs: the SDK's own test header for the same payload and time matches.
    const timestamp = Number(/t=(\d+)/.exec(header)![1]);
    expect(
      stripe.webhooks.generateTestHeaderString({ payload: delivery!.body, secret: emulator.webhookSecret, timestamp }),
    ).toBe(header);
    expect(() => stripe.webhooks.constructEvent(delivery!.body, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('declines 4000 0000 0000 0002 with an alert, and refuses other numbers; the session stays open', async () => {
    const session = await createSession();
    const declined = await submit(session, { card: '4000000000000002', email: 'guest@example.com' });
    expect(declined.status).toBe(402);
    const html = await declined.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Your card was declined. Try another card.');
    expect(html).toContain('value="guest@example.com"');
    const wrong = await submit(session, { card: '1234' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Your card number is invalid.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect(await eventsOf(session.id)).toEqual([]);
  });

  it('goes back to cancel_url; a paid or expired session says so', async () => {
    const session = await createSession();
    const cancelled = await submit(session, { action: 'cancel' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe(`${appUrl}/orders/o1`);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    await submit(session, { card: '4242424242424242' });
    expect(await (await fetch(session.url!)).text()).toContain('This checkout session has already been paid.');
    const again = await submit(session, { card: '4242424242424242' });
    expect(again.status).toBe(409);
    expect(await eventsOf(session.id, 'checkout.session.completed')).toHaveLength(1);

    const other = await createSession();
    await stripe.checkout.sessions.expire(other.id);
    expect(await (await fetch(other.url!)).text()).toContain('This checkout session has expired.');
    expect((await submit(other, { card: '4242424242424242' })).status).toBe(409);
    expect((await fetch(`${emulator.url}/c/pay/cs_test_nope`)).status).toBe(404);
  });
});

describe('refunds', () => {
  it('refunds in parts, then refuses more, with charge.refunded carrying the cumulative amount', async () => {
    const session = await paidSession();
    const intent = session.payment_intent as string;
    const partial = await stripe.refunds.create({
      payment_intent: intent,
      amount: 500,
      reason: 'requested_by_customer',
      metadata: { by: 'staff' },
    });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 500,
      currency: 'eur',
      status: 'succeeded',
      payment_intent: intent,
      reason: 'requested_by_customer',
      metadata: { by: 'staff' },
    });
    expect(partial.charge).toMatch(/^ch_/);
    expect(await stripe.refunds.retrieve(partial.id)).toEqual(partial);

    const tooMuch = (await stripe.refunds
      .create({ payment_intent: intent, amount: 2000 })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({
      param: 'amount',
      message: 'Refund amount (€20.00) is greater than unrefunded amount on charge (€9.50)',
    });
    const rest = await stripe.refunds.create({ payment_intent: intent });
    expect(rest.amount).toBe(950);
    const again = (await stripe.refunds
      .create({ payment_intent: intent })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    expect(again.message).toBe(`Charge ${partial.charge as string} has already been refunded.`);
    await expect(stripe.refunds.create({ payment_intent: 'pi_nope' })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'payment_intent',
      message: "No such payment_intent: 'pi_nope'",
    });
    expect((await stripe.refunds.list({ payment_intent: intent })).data.map((r) => r.id)).toEqual([
      rest.id,
      partial.id,
    ]);

    await expect.poll(() => webhooks().filter((e) => e.type === 'charge.refunded').length).toBe(2);
    const charges = webhooks()
      .filter((e): e is Stripe.ChargeRefundedEvent => e.type === 'charge.refunded')
      .map((e) => e.data.object)
      .sort((a, b) => a.amount_refunded - b.amount_refunded);
    expect(charges).toMatchObject([
      { amount: 1450, amount_refunded: 500, refunded: false, payment_intent: intent, metadata: { orderId: 'o1' } },
      { amount: 1450, amount_refunded: 1450, refunded: true, payment_intent: intent, metadata: { orderId: 'o1' } },
    ]);
  });
});

describe('webhook delivery', () => {
  it('holds events, then delivers one as often as asked (in turn or at once)', async () => {
    await control('delivery', { mode: 'hold' });
    const session = await paidSession();
    const [event] = await eventsOf(session.id);
    expect(event).toMatchObject({
      type: 'checkout.session.completed',
      deliveries: [],
      url: `${appUrl}/api/stripe/webhook`,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([]);

    expect(await control(`events/${event!.id}/deliver`, { times: 5 })).toEqual({ statuses: [200, 200, 200, 200, 200] });
    expect(await control(`events/${event!.id}/deliver`, { times: 3, concurrent: true })).toEqual({
      statuses: [200, 200, 200],
    });
    expect(new Set(webhooks().map((e) => e.id))).toEqual(new Set([event!.id]));
    expect(new Set(received.map((r) => r.body)).size).toBe(1); // the same payload each time
    expect((await eventsOf(session.id))[0]!.deliveries).toHaveLength(8);
  });

  it('retries a delivery the app refused, with back-off, and gives up after three retries', async () => {
    let refusals = 2;
    respond = () => (refusals-- > 0 ? 500 : 200);
    const first = await paidSession();
    await expect
      .poll(async () => (await eventsOf(first.id))[0]!.deliveries.map((d) => d.status))
      .toEqual([500, 500, 200]);

    respond = () => 503;
    const second = await paidSession();
    await expect
      .poll(async () => (await eventsOf(second.id))[0]!.deliveries.map((d) => d.status))
      .toEqual([503, 503, 503, 503]);
  });

  it('goes to webhookUrl when given, and records an app that does not answer', async () => {
    const other = await startStripeEmulator({ port: 0, webhookUrl: 'http://127.0.0.1:9/hooks', retryDelaysMs: [] });
    try {
      const client = sdk({ port: other.port }, other.secretKey);
      const session = await createSession({}, {}, client);
      await fetch(`${other.url}/_emulator/sessions/${session.id}/pay`, { method: 'POST', body: '{"outcome":"paid"}' });
      const events = async () =>
        ((await (await fetch(`${other.url}/_emulator/events`)).json()) as { data: EventSummary[] }).data;
      await expect.poll(async () => (await events())[0]?.deliveries.length).toBe(1);
      expect((await events())[0]).toMatchObject({ url: 'http://127.0.0.1:9/hooks', deliveries: [{ status: null }] });
    } finally {
      await other.stop();
    }
  });

  it('settles an async payment: processing, then succeeded or failed', async () => {
    const good = await createSession();
    await control(`sessions/${good.id}/pay`, { outcome: 'processing' });
    const processing = await stripe.checkout.sessions.retrieve(good.id);
    expect(processing).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect((await stripe.paymentIntents.retrieve(processing.payment_intent as string)).status).toBe('processing');
    await expect(stripe.refunds.create({ payment_intent: processing.payment_intent as string })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
    await control(`sessions/${good.id}/async-result`, { succeeded: true });
    expect((await stripe.checkout.sessions.retrieve(good.id)).payment_status).toBe('paid');
    expect((await stripe.paymentIntents.retrieve(processing.payment_intent as string)).status).toBe('succeeded');

    const bad = await createSession();
    await control(`sessions/${bad.id}/pay`, { outcome: 'processing' });
    await control(`sessions/${bad.id}/async-result`, { succeeded: false });
    const failed = await stripe.checkout.sessions.retrieve(bad.id);
    expect(failed).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect((await stripe.paymentIntents.retrieve(failed.payment_intent as string)).status).toBe(
      'requires_payment_method',
    );

    expect(await control(`sessions/${bad.id}/pay`, { outcome: 'declined' }).catch((e: Error) => e.message)).toMatch(
      /409/,
    );
    await expect.poll(() => webhooks().length).toBe(4);
    const seen = webhooks().map((e) => [e.type, (e.data.object as Stripe.Checkout.Session).payment_status]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['checkout.session.completed', 'unpaid'],
        ['checkout.session.async_payment_succeeded', 'paid'],
        ['checkout.session.completed', 'unpaid'],
        ['checkout.session.async_payment_failed', 'unpaid'],
      ]),
    );
  });

  it('reports a tampered amount and currency, in the API and in events', async () => {
    const session = await createSession();
    expect(await control(`sessions/${session.id}/pay`, { outcome: 'declined' })).toMatchObject({ declined: true });
    await control(`sessions/${session.id}/tamper`, { amount_total: 1, currency: 'usd' });
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ amount_total: 1, currency: 'usd' });
    await control(`sessions/${session.id}/pay`, { outcome: 'paid' });
    await expect.poll(() => webhooks().length).toBe(1);
    expect(webhooks()[0]!.data.object).toMatchObject({ amount_total: 1, currency: 'usd' });
  });
});
