// A small local stand-in for Stripe: its API, its hosted Checkout page and its
// signed webhooks, for the real `stripe` SDK pointed here with
// `{ host, port, protocol: 'http' }`. Never imported by app code; started by
// the demo and test commands (scripts/lib/services.ts). It must answer as
// Stripe does (shapes, statuses, errors) for the calls Tableside makes, or
// tests pass here that fail in production. Written by hand: no npm package
// emulates Checkout Sessions (stripe-stateful-mock has none; Stripe's own
// stripe-mock is a stateless Go binary).
//
// Served on one port:
// - `/v1/…` (Bearer secret key, form-encoded bodies as the SDK sends them,
//   optional `Stripe-Account`): Checkout Sessions (create, retrieve, list,
//   expire, line items), refunds (create, retrieve, list), PaymentIntents and
//   charges (retrieve). Objects are scoped per account; errors are Stripe's
//   `{ error: { type, code?, message, param? } }`; `Idempotency-Key` works as
//   Stripe's (replay, mismatch, in progress); every answer carries a
//   `Request-Id`.
// - `/c/pay/<session>`: the hosted checkout page, a plain HTML form (no
//   JavaScript, a strict CSP). Card 4242 4242 4242 4242 pays, 4000 0000 0000
//   0002 is declined.
// - Webhooks: events signed exactly as Stripe signs them (`Stripe-Signature:
//   t=…,v1=…`), delivered asynchronously, retried with back-off.
// - `/_emulator/…`: a JSON control API for tests (see `control` below): hold
//   and replay deliveries, async payment outcomes, tampering, a movable clock.
//
// Deliberate simplifications:
// - Webhooks go to `webhookUrl` when given, else to the origin of the
//   session's `success_url` + `/api/stripe/webhook`. Real Stripe sends to the
//   endpoints registered in the dashboard; deriving the target lets one
//   emulator serve several app instances on different ports in tests.
// - Only the event types Tableside subscribes to are generated:
//   checkout.session.completed / async_payment_succeeded /
//   async_payment_failed / expired, and charge.refunded.
// - Only `mode=payment` with `price_data` line items, paid by card. A
//   parameter outside what is implemented is refused as Stripe refuses an
//   unknown one (`parameter_unknown`), never silently ignored.
// - Every error is found before anything changes, so no error is saved
//   against an idempotency key (Stripe saves a result only once the endpoint
//   has begun executing). Keys never expire.
// - The clock can be moved forward (`created`, `expires_at`), but webhook
//   signatures carry the real time: the app checks them against its own clock.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export type StripeEmulatorOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Default: `sk_test_emulator_` + random. */
  secretKey?: string;
  /** Default: `whsec_` + random. */
  webhookSecret?: string;
  /** Where every event goes; default: the origin of the session's success_url + `/api/stripe/webhook`. */
  webhookUrl?: string;
  /** Processing time of each API request, after its idempotency key is claimed (so a 409 can be seen). */
  latencyMs?: number;
  /** Waits before the retries of a failed webhook delivery; default 1 s, 3 s, 9 s. */
  retryDelaysMs?: number[];
  log?: (line: string) => void;
};

export type StripeEmulator = {
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  stop(): Promise<void>;
};

/** What the SDK (stripe@23) sends; answered when a request names none, and used for events. */
const DEFAULT_API_VERSION = '2026-10-28.endive';
const SUPPORT = 'Please see https://stripe.com/docs or we can help at https://support.stripe.com/.';
const DEFAULT_RETRY_DELAYS_MS = [1_000, 3_000, 9_000];
const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;
const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;
const PAYS = '4242424242424242';
const DECLINED = '4000000000000002';
const ACCOUNT = /^acct_[A-Za-z0-9]+$/;
const LOCALES = (
  'auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hr hu id it ja ko lt lv ms mt nb nl pl pt ' +
  'pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW'
).split(' ');
const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'];
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

// ——— Objects, as Stripe shapes them (the fields Tableside or a reader may look at) ———

type Metadata = Record<string, string>;
/** null: the platform account; else the connected account (`acct_…`). */
type Account = string | null;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Session = {
  id: string;
  object: 'checkout.session';
  livemode: false;
  created: number;
  mode: 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  metadata: Metadata;
  client_reference_id: string | null;
  customer: null;
  customer_email: string | null;
  customer_details: { email: string | null; name: null; phone: null; address: null; tax_exempt: 'none' } | null;
  success_url: string;
  cancel_url: string | null;
  expires_at: number;
  /** Only while the session is open, as on Stripe. */
  url: string | null;
  payment_intent: string | null;
  payment_method_types: ['card'];
  locale: string | null;
  ui_mode: 'hosted';
  total_details: { amount_discount: 0; amount_shipping: 0; amount_tax: 0 };
};

type LineItem = {
  id: string;
  object: 'item';
  amount_discount: 0;
  amount_subtotal: number;
  amount_tax: 0;
  amount_total: number;
  currency: string;
  description: string;
  quantity: number;
  price: {
    id: string;
    object: 'price';
    active: false;
    currency: string;
    livemode: false;
    product: string;
    type: 'one_time';
    unit_amount: number;
    unit_amount_decimal: string;
  };
};

type PaymentIntent = {
  id: string;
  object: 'payment_intent';
  livemode: false;
  created: number;
  amount: number;
  amount_received: number;
  currency: string;
  status: 'succeeded' | 'processing' | 'requires_payment_method';
  metadata: Metadata;
  latest_charge: string | null;
  payment_method_types: ['card'];
  capture_method: 'automatic_async';
};

type Charge = {
  id: string;
  object: 'charge';
  livemode: false;
  created: number;
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  captured: boolean;
  paid: boolean;
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  payment_intent: string;
  metadata: Metadata;
  billing_details: { email: string | null };
  payment_method_details: { type: 'card'; card: { brand: 'visa'; last4: string } };
  balance_transaction: null;
};

type Refund = {
  id: string;
  object: 'refund';
  livemode: false;
  created: number;
  amount: number;
  currency: string;
  status: 'succeeded';
  payment_intent: string;
  charge: string;
  metadata: Metadata;
  reason: string | null;
  balance_transaction: null;
};

type StripeObject = Session | PaymentIntent | Charge | Refund;

type SessionRecord = {
  account: Account;
  seq: number;
  apiVersion: string;
  session: Session;
  lineItems: LineItem[];
  /** What the guest really pays: the line items' sum, whatever `tamper` makes the session report. */
  amount: number;
  currency: string;
  intentMetadata: Metadata;
};
type Owned<T> = { account: Account; seq: number; sessionId: string; object: T };

/** A request with an Idempotency-Key: what it was, and its answer once it has one. */
type IdempotentRequest = {
  method: string;
  path: string;
  params: string;
  requestId: string;
  done?: { status: number; body: string };
};

/** The API request behind an event, named in the event as Stripe names it. */
type Caller = { id: string; idempotencyKey: string | null };

type Delivery = { status: number | null; at: string; error?: string };
type EventRecord = {
  id: string;
  type: string;
  created: number;
  account: Account;
  objectId: string;
  sessionId: string;
  paymentIntentId: string | null;
  url: string;
  /** The event exactly as delivered (pretty-printed, as Stripe sends it): the object as it was then. */
  payload: string;
  deliveries: Delivery[];
};

// ——— Errors ———

type ErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error';

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly extra: { code?: string; param?: string } = {},
  ) {
    super(message);
  }
  get body() {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}

const invalid = (message: string, param?: string, code?: string) =>
  new ApiError(400, 'invalid_request_error', message, { ...(code ? { code } : {}), ...(param ? { param } : {}) });
const missing = (param: string) => invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
const noSuch = (kind: string, id: string, param: string) =>
  new ApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });

/** A control-API or hosted-page refusal (not Stripe's shape). */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// ——— Parameters: Stripe's form encoding (`a[b][0][c]=x`, `expand[]=x`) ———

type Param = string | Param[] | Params;
type Params = { [key: string]: Param };

/** Names that would reach Object.prototype, refused outright. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Decodes a form body or query string into nested objects and arrays, as Stripe reads them. */
export function parseParams(text: string): Params {
  const root: Params = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    if (!match) throw invalid(`Invalid parameter name: ${name}`, name);
    const keys = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    let node = root;
    if (keys.some((key) => UNSAFE_KEYS.has(key))) throw invalid(`Invalid parameter name: ${name}`, name);
    keys.forEach((key, i) => {
      // `a[]=x` appends: the next index at that level.
      const slot = key === '' ? String(Object.keys(node).length) : key;
      if (i === keys.length - 1) {
        if (typeof node[slot] === 'object')
          throw invalid(`Invalid parameter: ${name} is both a value and a hash`, name);
        node[slot] = value;
        return;
      }
      const next = node[slot] ?? {};
      if (typeof next !== 'object' || Array.isArray(next))
        throw invalid(`Invalid parameter: ${name} is both a value and a hash`, name);
      node[slot] = next;
      node = next;
    });
  }
  return withArrays(root) as Params;
}

/** A hash whose keys are all indexes is an array (but metadata keys are always keys). */
function withArrays(value: Param, key = ''): Param {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((k) => [k, withArrays(value[k]!, k)]));
  if (key === 'metadata' || keys.length === 0 || !keys.every((k) => /^\d+$/.test(k))) return converted;
  return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]!);
}

/** Stripe answers any parameter it does not know; so does the emulator for what it does not implement. */
function allowOnly(params: Params, allowed: string[], prefix = '') {
  for (const key of Object.keys(params)) {
    if (allowed.includes(key)) continue;
    const path = prefix ? `${prefix}[${key}]` : key;
    throw invalid(
      `Received unknown parameter: ${path}. (The local Stripe emulator implements only the parameters Tableside uses: see scripts/services/stripe-emulator.ts.)`,
      path,
      'parameter_unknown',
    );
  }
}

function hash(value: Param | undefined, param: string): Params {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`Invalid hash`, param, 'parameter_invalid_hash');
  return value;
}

function text(value: Param | undefined, param: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid string: ${JSON.stringify(value)}`, param);
  return value;
}

function integer(value: Param | undefined, param: string, min?: number, max?: number): number | undefined {
  const raw = text(value, param);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw invalid(`Invalid integer: ${raw}`, param, 'parameter_invalid_integer');
  const number = Number(raw);
  if (min !== undefined && number < min) throw invalid(`This value must be greater than or equal to ${min}.`, param);
  if (max !== undefined && number > max) throw invalid(`This value must be less than or equal to ${max}.`, param);
  return number;
}

function oneOf(value: Param | undefined, param: string, allowed: string[]): string | undefined {
  const raw = text(value, param);
  if (raw === undefined || allowed.includes(raw)) return raw;
  const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')}, or ${allowed.at(-1)}` : allowed[0];
  return fail(invalid(`Invalid ${param}: must be one of ${list}`, param));
}

function url(value: Param | undefined, param: string): string | undefined {
  const raw = text(value, param);
  if (raw === undefined) return undefined;
  try {
    if (/^https?:$/.test(new URL(raw).protocol)) return raw;
  } catch {
    // answered below
  }
  return fail(invalid('Not a valid URL', param, 'url_invalid'));
}

/** Stripe's metadata rules: at most 50 keys, keys up to 40 characters, values up to 500. */
function metadata(value: Param | undefined, param = 'metadata'): Metadata {
  const entries = Object.entries(hash(value, param));
  if (entries.length > 50) throw invalid('Metadata can have at most 50 keys.', param);
  const result: Metadata = {};
  for (const [key, entry] of entries) {
    const path = `${param}[${key}]`;
    const raw = text(entry, path) ?? '';
    if (key.length > 40) throw invalid(`Metadata keys can have up to 40 characters: ${key}`, path);
    if (raw.length > 500)
      throw invalid(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${raw.length} characters.`,
        path,
      );
    if (raw !== '') result[key] = raw; // an empty value unsets the key
  }
  return result;
}

function expansions(params: Params): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string'))
    throw invalid('Invalid array', 'expand');
  return value;
}

function fail(error: Error): never {
  throw error;
}

// ——— Small helpers ———

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function randomId(prefix: string, length = 24): string {
  return prefix + [...randomBytes(length)].map((byte) => BASE62[byte % 62]).join('');
}

/** Digits after the decimal point in the currency's ISO 4217 minor unit (JPY 0, EUR 2, KWD 3). */
function exponent(currency: string): number {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() });
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units, as a person reads it: 1450 EUR → "€14.50", 1200 JPY → "¥1,200". */
export function formatAmount(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() });
  return format.format(minor / 10 ** exponent(currency));
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Parameters compared by value, whatever order they came in. */
function canonical(value: Param): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`).join(',')}}`;
}

/** `sk_test_abc…wxyz` → `sk_test_*****wxyz`, as Stripe quotes a wrong key. */
function redactKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return prefix + '*'.repeat(Math.max(rest.length - 4, 0)) + rest.slice(-4);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw invalid('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A path segment; a stray `%` stays a character. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ——— The emulator ———

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const secretKey = options.secretKey ?? randomId('sk_test_emulator_', 24);
  const webhookSecret = options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let latencyMs = options.latencyMs ?? 0;
  let baseUrl = ''; // known once listening

  // State; `reset` starts it afresh.
  let clockOffset = 0;
  let seq = 0;
  let deliveryMode: 'immediate' | 'hold' = 'immediate';
  let sessions = new Map<string, SessionRecord>();
  let intents = new Map<string, Owned<PaymentIntent>>();
  let charges = new Map<string, Owned<Charge>>();
  let refunds = new Map<string, Owned<Refund>>();
  let events: EventRecord[] = [];
  let idempotency = new Map<string, IdempotentRequest>();
  /** Bumped by `reset`, so retries of events from before it stop. */
  let generation = 0;
  const timers = new Set<NodeJS.Timeout>();
  const stopping = new AbortController();
  const now = () => Math.floor(Date.now() / 1000) + clockOffset;
  const log = (line: string) => options.log?.(line);

  function later(fn: () => void, ms: number) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    timers.add(timer);
  }

  // ——— Events and webhook delivery ———

  function webhookTarget(record: SessionRecord): string {
    return options.webhookUrl ?? new URL('/api/stripe/webhook', record.session.success_url).href;
  }

  function emit(type: string, object: StripeObject, record: SessionRecord, request: Caller | null = null): EventRecord {
    const id = randomId('evt_');
    const event = {
      id,
      object: 'event',
      api_version: record.apiVersion,
      created: now(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: request?.id ?? null, idempotency_key: request?.idempotencyKey ?? null },
      type,
      ...(record.account ? { account: record.account } : {}),
    };
    const stored: EventRecord = {
      id,
      type,
      created: event.created,
      account: record.account,
      objectId: object.id,
      sessionId: record.session.id,
      paymentIntentId: record.session.payment_intent,
      url: webhookTarget(record),
      payload: JSON.stringify(event, null, 2),
      deliveries: [],
    };
    events.push(stored);
    if (deliveryMode === 'immediate') dispatch(stored);
    return stored;
  }

  /** Signs as Stripe does: HMAC-SHA256 of `${t}.${payload}` with the endpoint's secret, at the real time. */
  function signature(payload: string): string {
    const t = Math.floor(Date.now() / 1000);
    return `t=${t},v1=${createHmac('sha256', webhookSecret).update(`${t}.${payload}`).digest('hex')}`;
  }

  async function deliverOnce(event: EventRecord): Promise<number | null> {
    const at = new Date().toISOString();
    try {
      const response = await fetch(event.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          accept: '*/*; q=0.5, application/xml',
          'cache-control': 'no-cache',
          'stripe-signature': signature(event.payload),
        },
        body: event.payload,
        redirect: 'manual', // Stripe counts a redirect as a failed delivery
        signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(DELIVERY_TIMEOUT_MS)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      event.deliveries.push({ status: response.status, at });
      return response.status;
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause;
      event.deliveries.push({ status: null, at, error: cause?.message ?? (error as Error).message });
      return null;
    }
  }

  const delivered = (status: number | null) => status !== null && status >= 200 && status < 300;

  /** Asynchronous, never blocking an answer; a failed delivery is tried again after each of retryDelaysMs. */
  function dispatch(event: EventRecord, attempt = 0) {
    const started = generation;
    const wait = attempt === 0 ? 0 : (retryDelaysMs[attempt - 1] ?? 0);
    later(() => {
      void deliverOnce(event).then((status) => {
        if (delivered(status) || stopping.signal.aborted || started !== generation) return;
        const again = attempt < retryDelaysMs.length;
        log(
          `Stripe emulator: ${event.type} ${event.id} → ${event.url} answered ${status ?? 'nothing'}${again ? '; will retry' : '; giving up'}`,
        );
        if (again) dispatch(event, attempt + 1);
      });
    }, wait);
  }

  // ——— Sessions, payments, refunds ———

  /**
   * A session past its expires_at expires, with its one event: checked before
   * every request, on every clock move and every 30 s (Stripe, too, expires
   * sessions on its own, within minutes).
   */
  function sweepExpired() {
    const t = now();
    for (const record of sessions.values()) {
      if (record.session.status === 'open' && t >= record.session.expires_at) expire(record, null);
    }
  }

  function expire(record: SessionRecord, request: Caller | null) {
    record.session.status = 'expired';
    record.session.url = null;
    emit('checkout.session.expired', record.session, record, request);
  }

  function ownedSession(id: string, account: Account): SessionRecord {
    const record = sessions.get(id);
    if (!record || record.account !== account) throw noSuch('checkout.session', id, 'session');
    return record;
  }

  function owned<T>(map: Map<string, Owned<T>>, kind: string, id: string, account: Account, param: string): Owned<T> {
    const record = map.get(id);
    if (!record || record.account !== account) throw noSuch(kind, id, param);
    return record;
  }

  function pay(record: SessionRecord, outcome: 'paid' | 'processing', card: string, email: string | null) {
    const created = now();
    const paid = outcome === 'paid';
    const intent: PaymentIntent = {
      id: randomId('pi_'),
      object: 'payment_intent',
      livemode: false,
      created,
      amount: record.amount,
      amount_received: paid ? record.amount : 0,
      currency: record.currency,
      status: paid ? 'succeeded' : 'processing',
      metadata: { ...record.intentMetadata },
      latest_charge: null,
      payment_method_types: ['card'],
      capture_method: 'automatic_async',
    };
    const charge: Charge = {
      id: randomId('ch_'),
      object: 'charge',
      livemode: false,
      created,
      amount: record.amount,
      amount_captured: paid ? record.amount : 0,
      amount_refunded: 0,
      currency: record.currency,
      captured: paid,
      paid,
      refunded: false,
      status: paid ? 'succeeded' : 'pending',
      payment_intent: intent.id,
      // Stripe copies the PaymentIntent's metadata onto its charge.
      metadata: { ...record.intentMetadata },
      billing_details: { email },
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: card.slice(-4) } },
      balance_transaction: null,
    };
    intent.latest_charge = charge.id;
    intents.set(intent.id, { account: record.account, seq: ++seq, sessionId: record.session.id, object: intent });
    charges.set(charge.id, { account: record.account, seq: ++seq, sessionId: record.session.id, object: charge });
    Object.assign(record.session, {
      status: 'complete',
      payment_status: paid ? 'paid' : 'unpaid',
      payment_intent: intent.id,
      url: null,
      customer_details: { email, name: null, phone: null, address: null, tax_exempt: 'none' },
    } satisfies Partial<Session>);
    emit('checkout.session.completed', record.session, record);
  }

  /** An async payment (processing) settles: the money arrives, or it does not. */
  function settle(record: SessionRecord, succeeded: boolean) {
    const intent = intents.get(record.session.payment_intent ?? '')?.object;
    const charge = charges.get(intent?.latest_charge ?? '')?.object;
    if (!intent || !charge || intent.status !== 'processing')
      throw new ControlError(409, `${record.session.id} has no payment processing`);
    if (succeeded) {
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      charge.status = 'succeeded';
      charge.paid = charge.captured = true;
      charge.amount_captured = charge.amount;
      record.session.payment_status = 'paid';
      emit('checkout.session.async_payment_succeeded', record.session, record);
    } else {
      intent.status = 'requires_payment_method';
      charge.status = 'failed';
      emit('checkout.session.async_payment_failed', record.session, record);
    }
  }

  function createSession(params: Params, account: Account, apiVersion: string): SessionRecord {
    allowOnly(params, [
      'mode',
      'line_items',
      'success_url',
      'cancel_url',
      'metadata',
      'client_reference_id',
      'payment_intent_data',
      'expires_at',
      'customer_email',
      'locale',
      'expand',
    ]);
    const mode = oneOf(params.mode, 'mode', ['payment', 'setup', 'subscription']) ?? fail(missing('mode'));
    if (mode !== 'payment')
      throw invalid(`The local Stripe emulator implements only mode=payment, not ${mode}.`, 'mode');
    const successUrl = url(params.success_url, 'success_url') ?? fail(missing('success_url'));
    const cancelUrl = url(params.cancel_url, 'cancel_url') ?? null;
    const items = params.line_items;
    if (items === undefined || items === '') throw missing('line_items');
    if (!Array.isArray(items) || items.length === 0) throw invalid('Invalid array', 'line_items');
    if (items.length > 100) throw invalid('You can only specify up to 100 line items.', 'line_items');
    const lineItems = items.map((item, i) => lineItem(item, `line_items[${i}]`));
    const currency = lineItems[0]!.currency;
    if (lineItems.some((item) => item.currency !== currency))
      throw invalid(
        'All line items must have the same currency; Checkout does not support mixed currencies.',
        'line_items',
      );

    const created = now();
    const expiresAt = integer(params.expires_at, 'expires_at') ?? created + DAY;
    if (expiresAt < created + 30 * MINUTE)
      throw invalid(
        'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
        'expires_at',
      );
    if (expiresAt > created + DAY)
      throw invalid(
        'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
        'expires_at',
      );
    const clientReferenceId = text(params.client_reference_id, 'client_reference_id') ?? null;
    if (clientReferenceId !== null && clientReferenceId.length > 200)
      throw invalid('client_reference_id can be at most 200 characters.', 'client_reference_id');
    const email = text(params.customer_email, 'customer_email') ?? null;
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw invalid(`Invalid email address: ${email}`, 'customer_email', 'email_invalid');
    const locale = oneOf(params.locale, 'locale', LOCALES) ?? null;
    const intentData = hash(params.payment_intent_data, 'payment_intent_data');
    allowOnly(intentData, ['metadata'], 'payment_intent_data');

    const amount = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
    const id = randomId('cs_test_a1', 56);
    const session: Session = {
      id,
      object: 'checkout.session',
      livemode: false,
      created,
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: amount,
      amount_total: amount,
      currency,
      metadata: metadata(params.metadata),
      client_reference_id: clientReferenceId,
      customer: null,
      customer_email: email,
      customer_details: null,
      success_url: successUrl,
      cancel_url: cancelUrl,
      expires_at: expiresAt,
      url: `${baseUrl}/c/pay/${id}`,
      payment_intent: null,
      payment_method_types: ['card'],
      locale,
      ui_mode: 'hosted',
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    };
    const record: SessionRecord = {
      account,
      seq: ++seq,
      apiVersion,
      session,
      lineItems,
      amount,
      currency,
      intentMetadata: metadata(intentData.metadata, 'payment_intent_data[metadata]'),
    };
    sessions.set(id, record);
    return record;
  }

  function lineItem(value: Param, path: string): LineItem {
    const item = hash(value, path);
    allowOnly(item, ['price_data', 'quantity'], path);
    const priceData = hash(item.price_data ?? fail(missing(`${path}[price_data]`)), `${path}[price_data]`);
    allowOnly(priceData, ['currency', 'unit_amount', 'product_data'], `${path}[price_data]`);
    const currency =
      text(priceData.currency, `${path}[price_data][currency]`) ?? fail(missing(`${path}[price_data][currency]`));
    if (!/^[a-z]{3}$/.test(currency) || !CURRENCIES.has(currency))
      throw invalid(
        `Invalid currency: ${currency}. Use a three-letter ISO 4217 code in lower case, such as eur.`,
        `${path}[price_data][currency]`,
      );
    const unitAmount =
      integer(priceData.unit_amount, `${path}[price_data][unit_amount]`, 0, 99_999_999) ??
      fail(missing(`${path}[price_data][unit_amount]`));
    const product = hash(
      priceData.product_data ?? fail(missing(`${path}[price_data][product_data]`)),
      `${path}[price_data][product_data]`,
    );
    allowOnly(product, ['name'], `${path}[price_data][product_data]`);
    const name = text(product.name, `${path}[price_data][product_data][name]`);
    if (!name) throw missing(`${path}[price_data][product_data][name]`);
    const quantity = integer(item.quantity, `${path}[quantity]`, 1, 999_999) ?? fail(missing(`${path}[quantity]`));
    return {
      id: randomId('li_'),
      object: 'item',
      amount_discount: 0,
      amount_subtotal: unitAmount * quantity,
      amount_tax: 0,
      amount_total: unitAmount * quantity,
      currency,
      description: name,
      quantity,
      price: {
        id: randomId('price_'),
        object: 'price',
        active: false,
        currency,
        livemode: false,
        product: randomId('prod_', 14),
        type: 'one_time',
        unit_amount: unitAmount,
        unit_amount_decimal: String(unitAmount),
      },
    };
  }

  function createRefund(params: Params, account: Account, request: Caller) {
    allowOnly(params, ['payment_intent', 'charge', 'amount', 'metadata', 'reason', 'expand']);
    const intentId = text(params.payment_intent, 'payment_intent');
    const chargeId = text(params.charge, 'charge');
    if (intentId && chargeId) throw invalid('You cannot specify both payment_intent and charge.', 'payment_intent');
    let charge: Owned<Charge>;
    if (intentId) {
      const intent = owned(intents, 'payment_intent', intentId, account, 'payment_intent').object;
      charge =
        charges.get(intent.latest_charge ?? '') ??
        fail(
          invalid(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, 'payment_intent'),
        );
    } else if (chargeId) {
      charge = owned(charges, 'charge', chargeId, account, 'charge');
    } else {
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
        'payment_intent',
      );
    }
    const amount = integer(params.amount, 'amount', 1);
    const reason = oneOf(params.reason, 'reason', REFUND_REASONS) ?? null;
    const meta = metadata(params.metadata);
    const target = charge.object;
    if (target.status !== 'succeeded')
      throw invalid(
        `This PaymentIntent (${target.payment_intent}) does not have a successful charge to refund.`,
        'payment_intent',
      );
    if (target.refunded || target.amount_refunded >= target.amount)
      throw invalid(`Charge ${target.id} has already been refunded.`, undefined, 'charge_already_refunded');
    const remaining = target.amount - target.amount_refunded;
    if (amount !== undefined && amount > remaining)
      throw invalid(
        `Refund amount (${formatAmount(amount, target.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, target.currency)})`,
        'amount',
      );

    const refund: Refund = {
      id: randomId('re_'),
      object: 'refund',
      livemode: false,
      created: now(),
      amount: amount ?? remaining,
      currency: target.currency,
      status: 'succeeded',
      payment_intent: target.payment_intent,
      charge: target.id,
      metadata: meta,
      reason,
      balance_transaction: null,
    };
    refunds.set(refund.id, { account, seq: ++seq, sessionId: charge.sessionId, object: refund });
    target.amount_refunded += refund.amount;
    target.refunded = target.amount_refunded === target.amount;
    emit('charge.refunded', target, sessions.get(charge.sessionId)!, request);
    return refund;
  }

  // ——— Expansion (`expand[]=payment_intent.latest_charge`, `expand[]=data.line_items`) ———

  function lookup(id: string, account: Account): StripeObject | undefined {
    const session = sessions.get(id);
    if (session) return session.account === account ? session.session : undefined;
    const other = intents.get(id) ?? charges.get(id) ?? refunds.get(id);
    return other && other.account === account ? other.object : undefined;
  }

  function lineItemList(record: SessionRecord, limit = 10) {
    return {
      object: 'list',
      data: record.lineItems.slice(0, limit),
      has_more: record.lineItems.length > limit,
      url: `/v1/checkout/sessions/${record.session.id}/line_items`,
    };
  }

  function expand<T>(value: T, paths: string[], account: Account): T {
    const copy = structuredClone(value) as Record<string, Json>;
    for (const path of paths) {
      const cannot = () => invalid(`This property cannot be expanded (${path}).`, 'expand');
      const walk = (node: Record<string, Json>, keys: string[]) => {
        const [key, ...rest] = keys;
        if (key === undefined) return;
        if (node.object === 'list' && key === 'data') {
          for (const item of node.data as Record<string, Json>[]) walk(item, rest);
          return;
        }
        let child = node[key];
        if (key === 'line_items' && node.object === 'checkout.session') {
          child = child ?? (lineItemList(sessions.get(node.id as string)!) as unknown as Json);
        } else if (typeof child === 'string') {
          child = (structuredClone(lookup(child, account)) as unknown as Json) ?? fail(cannot());
        } else if (child === null && rest.length === 0) {
          return; // an empty reference stays null, as on Stripe
        }
        if (child === undefined || child === null || typeof child !== 'object' || Array.isArray(child)) throw cannot();
        node[key] = child;
        walk(child, rest);
      };
      if (path.split('.').length > 4) throw cannot();
      walk(copy, path.split('.'));
    }
    return copy as T;
  }

  // ——— Lists ———

  /** A list page as Stripe answers it: newest first, `limit` (1–100, default 10), `starting_after`/`ending_before`. */
  function page<T extends { seq: number }>(
    items: T[],
    params: Params,
    path: string,
    kind: string,
    objectOf: (item: T) => StripeObject,
  ) {
    const limit = integer(params.limit, 'limit', 1, 100) ?? 10;
    const after = text(params.starting_after, 'starting_after');
    const before = text(params.ending_before, 'ending_before');
    let sorted = [...items].sort((a, b) => b.seq - a.seq);
    const ids = sorted.map((item) => objectOf(item).id);
    if (after !== undefined) {
      const index = ids.indexOf(after);
      if (index < 0) throw noSuch(kind, after, 'starting_after');
      sorted = sorted.slice(index + 1);
    } else if (before !== undefined) {
      const index = ids.indexOf(before);
      if (index < 0) throw noSuch(kind, before, 'ending_before');
      sorted = sorted.slice(Math.max(0, index - limit), index);
    }
    return { object: 'list', data: sorted.slice(0, limit).map(objectOf), has_more: sorted.length > limit, url: path };
  }

  // ——— The API's routes ———

  type Context = {
    account: Account;
    params: Params;
    apiVersion: string;
    request: Caller;
  };
  type Route = { method: 'GET' | 'POST'; pattern: RegExp; handle: (ctx: Context, id: string) => unknown };

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/v1\/checkout\/sessions$/,
      handle: ({ params, account, apiVersion }) =>
        expand(createSession(params, account, apiVersion).session, expansions(params), account),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkout\/sessions$/,
      handle: ({ params, account }) => {
        allowOnly(params, ['limit', 'starting_after', 'ending_before', 'status', 'payment_intent', 'expand']);
        const status = oneOf(params.status, 'status', ['open', 'complete', 'expired']);
        const intent = text(params.payment_intent, 'payment_intent');
        const matching = [...sessions.values()].filter(
          (r) =>
            r.account === account &&
            (status === undefined || r.session.status === status) &&
            (intent === undefined || r.session.payment_intent === intent),
        );
        const list = page(matching, params, '/v1/checkout/sessions', 'checkout.session', (r) => r.session);
        return expand(list, expansions(params), account);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
      handle: ({ params, account }, id) => {
        allowOnly(params, ['expand']);
        return expand(ownedSession(id, account).session, expansions(params), account);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/,
      handle: ({ params, account }, id) => {
        allowOnly(params, ['limit', 'expand']);
        return lineItemList(ownedSession(id, account), integer(params.limit, 'limit', 1, 100));
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
      handle: ({ params, account, request }, id) => {
        allowOnly(params, ['expand']);
        const record = ownedSession(id, account);
        const paths = expansions(params);
        if (record.session.status !== 'open')
          throw invalid(
            `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${record.session.status}".`,
          );
        expire(record, request);
        return expand(record.session, paths, account);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      handle: ({ params, account }, id) => {
        allowOnly(params, ['expand']);
        return expand(owned(intents, 'payment_intent', id, account, 'intent').object, expansions(params), account);
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/charges\/([^/]+)$/,
      handle: ({ params, account }, id) => {
        allowOnly(params, ['expand']);
        return expand(owned(charges, 'charge', id, account, 'charge').object, expansions(params), account);
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/refunds$/,
      handle: ({ params, account, request }) =>
        expand(createRefund(params, account, request), expansions(params), account),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds$/,
      handle: ({ params, account }) => {
        allowOnly(params, ['limit', 'starting_after', 'ending_before', 'payment_intent', 'charge', 'expand']);
        const intent = text(params.payment_intent, 'payment_intent');
        const charge = text(params.charge, 'charge');
        const matching = [...refunds.values()].filter(
          (r) =>
            r.account === account &&
            (intent === undefined || r.object.payment_intent === intent) &&
            (charge === undefined || r.object.charge === charge),
        );
        return expand(
          page(matching, params, '/v1/refunds', 'refund', (r) => r.object),
          expansions(params),
          account,
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/v1\/refunds\/([^/]+)$/,
      handle: ({ params, account }, id) => {
        allowOnly(params, ['expand']);
        return expand(owned(refunds, 'refund', id, account, 'id').object, expansions(params), account);
      },
    },
  ];

  function authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    let key = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
    if (basic) key = Buffer.from(basic, 'base64').toString('utf8').split(':')[0]; // curl -u sk_test_…:
    if (!key)
      throw new ApiError(
        401,
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      );
    if (key !== secretKey)
      throw new ApiError(401, 'invalid_request_error', `Invalid API Key provided: ${redactKey(key)}`);
  }

  /** `Stripe-Account`: any well-formed connected account exists here; anything else is refused as Stripe does (403). */
  function accountOf(req: IncomingMessage): Account {
    const header = req.headers['stripe-account'];
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value === '') return null;
    if (!ACCOUNT.test(value))
      throw new ApiError(
        403,
        'invalid_request_error',
        `The provided key '${redactKey(secretKey)}' does not have access to account '${value}' (or that account does not exist). Application access may have been revoked.`,
        { code: 'account_invalid' },
      );
    return value;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, query: string) {
    const requestId = randomId('req_', 14);
    const versionHeader = req.headers['stripe-version'];
    const apiVersion = (Array.isArray(versionHeader) ? versionHeader[0] : versionHeader) || DEFAULT_API_VERSION;
    const headers: Record<string, string> = { 'request-id': requestId, 'stripe-version': apiVersion };
    const send = (status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-cache, no-store',
        ...headers,
        ...extra,
      });
      res.end(body);
    };
    const sendError = (error: ApiError) => send(error.status, JSON.stringify(error.body, null, 2));

    let claimed: string | null = null;
    try {
      authenticate(req);
      const account = accountOf(req);
      if (account) headers['stripe-account'] = account;
      const method = req.method ?? 'GET';
      let id = '';
      const route = routes.find((r) => {
        const match = r.method === method && r.pattern.exec(path);
        if (match) id = decodePart(match[1] ?? '');
        return Boolean(match);
      });
      if (!route)
        throw new ApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}). ${SUPPORT}`);
      const body = method === 'POST' ? await readBody(req) : '';
      const params = parseParams(method === 'POST' ? body : query);

      // Idempotency: POSTs only, per (account, key); see the header comment for what is saved.
      const key = method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null;
      if (key !== null) {
        headers['idempotency-key'] = key;
        if (key.length > 255) throw invalid('Idempotency keys can be at most 255 characters long.');
        const slot = `${account ?? ''}\n${key}`;
        const seen = idempotency.get(slot);
        const fingerprint = canonical(params);
        if (seen) {
          if (seen.method !== method || seen.path !== path)
            throw new ApiError(
              400,
              'idempotency_error',
              `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${seen.method} ${seen.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
            );
          if (seen.params !== fingerprint)
            throw new ApiError(
              400,
              'idempotency_error',
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            );
          if (!seen.done)
            throw new ApiError(
              409,
              'idempotency_error',
              `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
              { code: 'idempotency_key_in_use' },
            );
          return send(seen.done.status, seen.done.body, {
            'idempotent-replayed': 'true',
            'original-request': seen.requestId,
          });
        }
        idempotency.set(slot, { method, path, params: fingerprint, requestId });
        claimed = slot;
      }

      if (latencyMs > 0) await sleep(latencyMs);
      sweepExpired();
      const result = route.handle({ account, params, apiVersion, request: { id: requestId, idempotencyKey: key } }, id);
      const json = JSON.stringify(result, null, 2);
      if (claimed) idempotency.get(claimed)!.done = { status: 200, body: json };
      claimed = null;
      send(200, json);
    } catch (error) {
      if (claimed) idempotency.delete(claimed); // an error is never saved against the key
      if (error instanceof ApiError) return sendError(error);
      log(`Stripe emulator: ${(error as Error).stack ?? String(error)}`);
      sendError(
        new ApiError(500, 'api_error', `Internal error in the local Stripe emulator: ${(error as Error).message}`),
      );
    }
  }

  // ——— The hosted checkout page ———

  const STYLE = [
    '*{box-sizing:border-box}',
    'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7}',
    'main{max-width:30rem;margin:0 auto;padding:1rem}',
    '.banner{margin:0 0 1rem;padding:.75rem 1rem;border:2px solid #8a6d00;border-radius:.5rem;background:#fff4c2;color:#3d2e00}',
    'h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}',
    'h2{font-size:1.125rem;margin:0 0 .5rem}',
    '.merchant{margin:0 0 1rem;color:#3f4654}',
    '.panel{background:#fff;border:1px solid #c9ced6;border-radius:.75rem;padding:1rem;margin:0 0 1rem}',
    'ul{list-style:none;margin:0;padding:0}',
    'li,.total{display:flex;justify-content:space-between;gap:1rem;padding:.375rem 0;margin:0}',
    '.total{border-top:1px solid #c9ced6;margin-top:.5rem;padding-top:.75rem;font-weight:700}',
    'label{display:block;font-weight:600;margin:1rem 0 .25rem}',
    'label:first-of-type{margin-top:0}',
    '.optional,.hint{font-weight:400;color:#3f4654}',
    '.hint{margin:.25rem 0 0;font-size:.875rem}',
    'input{width:100%;min-height:44px;padding:.5rem .75rem;font:inherit;color:inherit;background:#fff;border:1px solid #6b7280;border-radius:.5rem}',
    'input[aria-invalid=true]{border:2px solid #b42318}',
    ':focus-visible{outline:3px solid #0a5cd6;outline-offset:2px}',
    '.row{display:flex;gap:.75rem;margin-top:1rem}',
    '.row>div{flex:1;min-width:0}',
    'button{display:block;width:100%;min-height:48px;margin-top:1.25rem;padding:.5rem 1rem;border:0;border-radius:.5rem;background:#0a5cd6;color:#fff;font:inherit;font-weight:700;cursor:pointer}',
    '.secondary{display:flex;align-items:center;justify-content:center;min-height:44px;margin-top:.5rem;color:#0a4bb0}',
    '.alert{margin:0 0 1rem;padding:.75rem 1rem;border:2px solid #b42318;border-radius:.5rem;background:#fdecec;color:#7a1610;font-weight:600}',
  ].join('');
  const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

  /** A strict CSP: no script at all, this one inline style, and forms that post here and redirect back to the app. */
  function pageHeaders(record: SessionRecord | undefined): Record<string, string> {
    const origins = new Set(["'self'"]);
    for (const target of [record?.session.success_url, record?.session.cancel_url]) {
      if (target) origins.add(new URL(target).origin);
    }
    return {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${[...origins].join(' ')}; base-uri 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
  }

  function layout(body: string): string {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Test checkout</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="banner" role="note"><strong>Test mode</strong> — Tableside's local Stripe emulator. No real money moves.</p>
<h1>Test checkout</h1>
${body}
</main>
</body>
</html>
`;
  }

  const successTarget = (session: Session) => session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id);

  function renderCheckout(record: SessionRecord, form: { email?: string; alert?: string } = {}): string {
    const { session } = record;
    const total = formatAmount(session.amount_total, session.currency);
    if (session.status !== 'open') {
      const paid = session.status === 'complete';
      const back = paid ? successTarget(session) : (session.cancel_url ?? new URL(session.success_url).origin);
      return layout(`<div class="panel">
<p>${paid ? 'This checkout session has already been paid.' : 'This checkout session has expired.'}</p>
<a class="secondary" href="${escapeHtml(back)}">${paid ? 'Continue' : 'Go back'}</a>
</div>`);
    }
    const items = record.lineItems
      .map(
        (item) =>
          `<li><span>${escapeHtml(item.description)}${item.quantity > 1 ? ` × ${item.quantity}` : ''}</span><span>${formatAmount(item.amount_total, item.currency)}</span></li>`,
      )
      .join('\n');
    const alert = form.alert ? `<p class="alert" role="alert" id="card-error">${escapeHtml(form.alert)}</p>\n` : '';
    const email = form.email ?? session.customer_email ?? '';
    const invalidCard = form.alert ? ' aria-invalid="true"' : '';
    const described = form.alert ? 'card-error card-hint' : 'card-hint';
    const cancel = session.cancel_url
      ? `\n<a class="secondary" href="${escapeHtml(session.cancel_url)}">Cancel and go back</a>`
      : '';
    return layout(`<p class="merchant">Paying <strong>${escapeHtml(new URL(session.success_url).host)}</strong></p>
<section class="panel" aria-labelledby="summary">
<h2 id="summary">Order summary</h2>
<ul>
${items}
</ul>
<p class="total"><span>Total</span><span>${total}</span></p>
</section>
${alert}<form class="panel" method="post" action="/c/pay/${escapeHtml(session.id)}">
<label for="email">Email <span class="optional">(optional)</span></label>
<input id="email" name="email" type="email" autocomplete="email" value="${escapeHtml(email)}">
<label for="card">Card number</label>
<input id="card" name="card" inputmode="numeric" autocomplete="cc-number" required aria-describedby="${described}"${invalidCard}>
<p class="hint" id="card-hint">4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.</p>
<div class="row">
<div><label for="exp">Expiry <span class="optional">(optional)</span></label>
<input id="exp" name="exp" autocomplete="cc-exp" inputmode="numeric"></div>
<div><label for="cvc">CVC <span class="optional">(optional)</span></label>
<input id="cvc" name="cvc" autocomplete="cc-csc" inputmode="numeric"></div>
</div>
<button type="submit">Pay ${total}</button>
</form>${cancel}`);
  }

  async function handlePage(req: IncomingMessage, res: ServerResponse, id: string) {
    sweepExpired();
    const record = sessions.get(id);
    const html = (status: number, page: string) => {
      res.writeHead(status, pageHeaders(record));
      res.end(page);
    };
    if (!record) return html(404, layout('<p class="panel">This checkout session does not exist.</p>'));
    if (req.method === 'GET' || req.method === 'HEAD') return html(200, renderCheckout(record));
    if (req.method !== 'POST') return html(405, layout('<p class="panel">Method not allowed.</p>'));

    const form = new URLSearchParams(await readBody(req));
    const { session } = record;
    if (session.status !== 'open') return html(409, renderCheckout(record));
    if (form.get('action') === 'cancel') {
      if (!session.cancel_url)
        return html(400, renderCheckout(record, { alert: 'This checkout has no page to go back to.' }));
      res.writeHead(303, { location: session.cancel_url, 'cache-control': 'no-store' });
      return res.end();
    }
    const email = form.get('email')?.trim() ?? '';
    const card = (form.get('card') ?? '').replace(/[\s-]/g, '');
    if (card === DECLINED)
      return html(402, renderCheckout(record, { email, alert: 'Your card was declined. Try another card.' }));
    if (card !== PAYS) return html(400, renderCheckout(record, { email, alert: 'Your card number is invalid.' }));
    pay(record, 'paid', card, email || session.customer_email);
    res.writeHead(303, { location: successTarget(session), 'cache-control': 'no-store' });
    res.end();
  }

  // ——— The control API for tests (no auth: it answers on this port only) ———

  function filteredEvents(query: URLSearchParams) {
    const session = query.get('session');
    const type = query.get('type');
    const intent = query.get('payment_intent');
    return events.filter(
      (e) =>
        (!session || e.sessionId === session) &&
        (!type || e.type === type) &&
        (!intent || e.paymentIntentId === intent),
    );
  }

  const eventSummary = (e: EventRecord) => ({
    id: e.id,
    type: e.type,
    created: e.created,
    account: e.account,
    objectId: e.objectId,
    sessionId: e.sessionId,
    paymentIntentId: e.paymentIntentId,
    url: e.url,
    deliveries: e.deliveries,
  });

  function controlSession(id: string): SessionRecord {
    sweepExpired();
    return sessions.get(id) ?? fail(new ControlError(404, `No such checkout.session: '${id}'`));
  }

  function requireOpen(record: SessionRecord) {
    if (record.session.status !== 'open')
      throw new ControlError(409, `${record.session.id} is ${record.session.status}, not open`);
  }

  async function control(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>) {
    const route = `${method} ${path}`;
    let match: RegExpExecArray | null;
    if (route === 'GET /_emulator/health') return { ok: true, now: now() };
    if (route === 'POST /_emulator/delivery') {
      if (body.mode !== 'immediate' && body.mode !== 'hold') throw new ControlError(400, 'mode: immediate or hold');
      deliveryMode = body.mode;
      return { mode: deliveryMode };
    }
    if (route === 'POST /_emulator/latency') {
      if (typeof body.ms !== 'number' || body.ms < 0) throw new ControlError(400, 'ms: a number ≥ 0');
      latencyMs = body.ms;
      return { latencyMs };
    }
    if (route === 'GET /_emulator/events') return { data: filteredEvents(query).map(eventSummary) };
    if (method === 'GET' && (match = /^\/_emulator\/events\/([^/]+)$/.exec(path))) {
      const event = events.find((e) => e.id === match![1]) ?? fail(new ControlError(404, 'No such event'));
      return { ...eventSummary(event), event: JSON.parse(event.payload) as Json };
    }
    if (method === 'POST' && (match = /^\/_emulator\/events\/([^/]+)\/deliver$/.exec(path))) {
      const event = events.find((e) => e.id === match![1]) ?? fail(new ControlError(404, 'No such event'));
      const times = body.times ?? 1;
      if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 100)
        throw new ControlError(400, 'times: an integer from 1 to 100');
      if (typeof body.delayMs === 'number' && body.delayMs > 0) await sleep(body.delayMs);
      const statuses: (number | null)[] = [];
      if (body.concurrent === true)
        statuses.push(...(await Promise.all(Array.from({ length: times }, () => deliverOnce(event)))));
      else for (let i = 0; i < times; i++) statuses.push(await deliverOnce(event));
      return { statuses };
    }
    if (route === 'GET /_emulator/sessions') {
      const wanted = [...query].flatMap(([key, value]) => {
        const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
        return name === undefined ? [] : [[name, value] as const];
      });
      sweepExpired();
      const data = [...sessions.values()]
        .filter((r) => wanted.every(([name, value]) => r.session.metadata[name] === value))
        .filter((r) => !query.get('status') || r.session.status === query.get('status'))
        .map((r) => ({ ...r.session, account: r.account }));
      return { data };
    }
    if (method === 'POST' && (match = /^\/_emulator\/sessions\/([^/]+)\/(pay|async-result|tamper)$/.exec(path))) {
      const record = controlSession(match[1]!);
      if (match[2] === 'pay') {
        requireOpen(record);
        const outcome = body.outcome;
        if (outcome === 'declined') return { declined: true, session: record.session };
        if (outcome !== 'paid' && outcome !== 'processing')
          throw new ControlError(400, 'outcome: paid, processing or declined');
        pay(record, outcome, PAYS, typeof body.email === 'string' ? body.email : record.session.customer_email);
        return { declined: false, session: record.session };
      }
      if (match[2] === 'async-result') {
        if (typeof body.succeeded !== 'boolean') throw new ControlError(400, 'succeeded: a boolean');
        settle(record, body.succeeded);
        return { session: record.session };
      }
      if (body.amount_total !== undefined) {
        if (typeof body.amount_total !== 'number' || !Number.isInteger(body.amount_total))
          throw new ControlError(400, 'amount_total: an integer');
        record.session.amount_total = body.amount_total;
      }
      if (body.currency !== undefined) {
        if (typeof body.currency !== 'string' || !/^[a-z]{3}$/.test(body.currency))
          throw new ControlError(400, 'currency: three lower-case letters');
        record.session.currency = body.currency;
      }
      return { session: record.session };
    }
    if (route === 'POST /_emulator/clock') {
      if (typeof body.advanceSeconds !== 'number' || body.advanceSeconds < 0)
        throw new ControlError(400, 'advanceSeconds: a number ≥ 0');
      clockOffset += Math.floor(body.advanceSeconds);
      sweepExpired();
      return { now: now() };
    }
    if (route === 'POST /_emulator/reset') {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      generation++;
      clockOffset = 0;
      deliveryMode = 'immediate';
      latencyMs = options.latencyMs ?? 0;
      sessions = new Map();
      intents = new Map();
      charges = new Map();
      refunds = new Map();
      events = [];
      idempotency = new Map();
      return { ok: true };
    }
    throw new ControlError(404, `No control route ${route}`);
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
    const send = (status: number, body: unknown) => {
      const json = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(json);
    };
    try {
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let body: unknown = {};
      try {
        body = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        throw new ControlError(400, 'The body must be JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new ControlError(400, 'The body must be a JSON object');
      send(200, await control(req.method ?? 'GET', path, query, body as Record<string, unknown>));
    } catch (error) {
      send(error instanceof ControlError ? error.status : 500, { error: (error as Error).message });
    }
  }

  // ——— The server ———

  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://local');
    const path = target.pathname;
    const page = /^\/c\/pay\/([^/]+)$/.exec(path);
    const handled = page
      ? handlePage(req, res, decodePart(page[1]!))
      : path.startsWith('/_emulator/')
        ? handleControl(req, res, path, target.searchParams)
        : handleApi(req, res, path, target.search.slice(1));
    handled.catch((error: unknown) => {
      log(`Stripe emulator: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error in the local Stripe emulator');
    });
  });
  server.keepAliveTimeout = 60_000;
  const sweeper = setInterval(sweepExpired, 30_000);
  sweeper.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.log?.(`Stripe emulator on ${baseUrl} (test mode; no real money moves)`);

  return {
    url: baseUrl,
    port,
    secretKey,
    webhookSecret,
    async stop() {
      stopping.abort();
      clearInterval(sweeper);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// CLI: tsx scripts/services/stripe-emulator.ts --port 12111 [--webhook-url http://127.0.0.1:3000/api/stripe/webhook]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const emulator = await startStripeEmulator({
    port: Number(arg('port') ?? 12111),
    host: arg('host'),
    secretKey: arg('secret-key'),
    webhookSecret: arg('webhook-secret'),
    webhookUrl: arg('webhook-url'),
    log: console.log,
  });
  console.log(`STRIPE_API_URL=${emulator.url}`);
  console.log(`STRIPE_SECRET_KEY=${emulator.secretKey}`);
  console.log(`STRIPE_WEBHOOK_SECRET=${emulator.webhookSecret}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void emulator.stop().then(() => process.exit(0)));
}
