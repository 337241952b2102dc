// Payments in tests: the local Stripe emulator (started in-process, driven by
// the real SDK through the app's own gateway), a webhook receiver that runs
// the app's verification and exactly-once handling on every delivery, and
// the emulator's control API.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { db } from '@/server/db';
import type { OrderChanged } from '@/server/domain/orders/events';
import { InvalidWebhook, type PaymentGateway } from '@/server/domain/payments/gateway';
import { handlePaymentEvent } from '@/server/domain/payments/webhook';
import { stripeGateway } from '@/server/payments/stripe-gateway';
import { startStripeEmulator, type StripeEmulator } from '@/scripts/services/stripe-emulator';

export const quietLog = { error: () => {}, warn: () => {} };

export type PaymentsHarness = {
  emulator: StripeEmulator;
  gateway: PaymentGateway;
  announced: OrderChanged[];
  events: { changed(event: OrderChanged): Promise<void> };
  deps: {
    db: typeof db;
    gateway: PaymentGateway;
    events: { changed(event: OrderChanged): Promise<void> };
    log: typeof quietLog;
  };
  /** The emulator's control API. */
  control<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T>;
  /** Runs `steps` with the emulator holding its webhooks (a test delivers them itself: late, repeated, reordered). */
  holdingDeliveries(steps: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
};

export async function startPayments(): Promise<PaymentsHarness> {
  const announced: OrderChanged[] = [];
  const events = { changed: async (event: OrderChanged) => void announced.push(event) };
  let gateway: PaymentGateway | null = null;
  // The webhook as the route handles it: raw body, signature, exactly-once; 2xx only after the commit.
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        try {
          const event = gateway!.readWebhook(
            Buffer.concat(chunks),
            (req.headers['stripe-signature'] as string) ?? null,
          );
          const outcome = await handlePaymentEvent(db, events, event, quietLog);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome }));
        } catch (error) {
          res.writeHead(error instanceof InvalidWebhook ? 400 : 500).end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/stripe/webhook`;
  const emulator = await startStripeEmulator({ webhookUrl, retryDelaysMs: [200, 400] });
  gateway = stripeGateway({
    secretKey: emulator.secretKey,
    webhookSecret: emulator.webhookSecret,
    apiUrl: emulator.url,
  });
  async function control<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${emulator.url}/_emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`emulator ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
  async function holdingDeliveries(steps: () => Promise<void>): Promise<void> {
    await control('delivery', { mode: 'hold' });
    try {
      await steps();
    } finally {
      await control('delivery', { mode: 'immediate' });
    }
  }
  return {
    emulator,
    gateway,
    holdingDeliveries,
    announced,
    events,
    deps: { db, gateway, events, log: quietLog },
    control,
    stop: async () => {
      await emulator.stop();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}

/** Return URLs as the router makes them (the emulator redirects there; nothing needs to answer in these tests). */
export const returnUrls = ({ tableToken, orderId }: { tableToken: string; orderId: string }) => ({
  success: `http://127.0.0.1:9/menu/${tableToken}/orders/${orderId}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
  cancel: `http://127.0.0.1:9/menu/${tableToken}/orders/${orderId}?checkout=cancelled`,
});

export type EventSummary = { id: string; type: string; deliveries: { status: number | null }[] };

/** Waits until `check` passes (webhooks arrive asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
