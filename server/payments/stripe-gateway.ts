// The payment gateway on the real Stripe SDK. With STRIPE_SECRET_KEY unset,
// the demo and test commands start the local emulator (scripts/services/
// stripe-emulator.ts) and point the SDK at it through STRIPE_API_URL; with
// real keys nothing here changes. Node only.
import Stripe from 'stripe';
import {
  InvalidWebhook,
  PaymentRefused,
  PaymentUnavailable,
  type CheckoutSession,
  type PaymentEvent,
  type PaymentGateway,
} from '../domain/payments/gateway';

/** Stripe's own default, and what SPEC asks: a webhook signed more than 5 minutes ago is refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type StripeSettings = { secretKey: string; webhookSecret: string; apiUrl?: string };

/** No real money moves: Stripe's test keys, or the local emulator. */
function isTestMode(settings: { secretKey: string; apiUrl?: string }): boolean {
  return Boolean(settings.apiUrl) || settings.secretKey.startsWith('sk_test_');
}

export function stripeClient(settings: Pick<StripeSettings, 'secretKey' | 'apiUrl'>): Stripe {
  const api = settings.apiUrl ? new URL(settings.apiUrl) : null;
  return new Stripe(settings.secretKey, {
    // Two quick retries for network errors and 409s (an idempotency key in use), as Stripe advises.
    maxNetworkRetries: 2,
    timeout: 10_000,
    telemetry: false,
    appInfo: { name: 'Tableside' },
    ...(api
      ? {
          host: api.hostname,
          // Always given: the SDK otherwise uses 443 whatever the protocol.
          port: api.port || (api.protocol === 'http:' ? 80 : 443),
          protocol: api.protocol === 'http:' ? 'http' : 'https',
        }
      : {}),
  });
}

// Stripe's enums are open (new values may come); anything we do not know reads as not yet settled.
function statusOf(status: string | null): CheckoutSession['status'] {
  return status === 'complete' || status === 'expired' ? status : 'open';
}

function paymentStatusOf(status: string): CheckoutSession['paymentStatus'] {
  return status === 'paid' || status === 'no_payment_required' ? status : 'unpaid';
}

function sessionOf(session: Stripe.Checkout.Session, account: string | null): CheckoutSession {
  const intent = session.payment_intent;
  return {
    id: session.id,
    url: session.url ?? null,
    status: statusOf(session.status),
    paymentStatus: paymentStatusOf(session.payment_status),
    amountTotal: session.amount_total ?? null,
    currency: session.currency ?? null,
    paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
    metadata: { ...(session.metadata ?? {}) },
    expiresAt: new Date(session.expires_at * 1000),
    account,
  };
}

/** Stripe's errors as the domain's: refused for good, or unavailable for now. */
function translated(error: unknown): Error {
  if (error instanceof Stripe.errors.StripeError) {
    const refused =
      error.type === 'StripeInvalidRequestError' ||
      error.type === 'StripeCardError' ||
      error.type === 'StripeIdempotencyError' ||
      error.type === 'StripePermissionError';
    if (refused && error.statusCode !== 409) return new PaymentRefused(error.message, error.code ?? null);
    return new PaymentUnavailable(`Stripe: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw translated(error);
  }
}

const onAccount = (account: string | null) => (account ? { stripeAccount: account } : {});

export function stripeGateway(settings: StripeSettings): PaymentGateway {
  const stripe = stripeClient(settings);
  return {
    testMode: isTestMode(settings),

    createCheckout: (request) =>
      call(async () => {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: request.lineItems.map((line) => ({
              quantity: line.quantity,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: line.unitAmount,
                product_data: { name: line.name },
              },
            })),
            metadata: request.metadata,
            // Copied by Stripe onto the charge, so `charge.refunded` names its order too.
            payment_intent_data: { metadata: request.metadata },
            client_reference_id: request.metadata.orderId,
            success_url: request.successUrl,
            cancel_url: request.cancelUrl,
            expires_at: Math.floor(request.expiresAt.getTime() / 1000),
          },
          { idempotencyKey: request.idempotencyKey, ...onAccount(request.account) },
        );
        return sessionOf(session, request.account);
      }),

    retrieveCheckout: (id, account) =>
      call(async () => sessionOf(await stripe.checkout.sessions.retrieve(id, {}, onAccount(account)), account)),

    expireCheckout: async (id, account) => {
      try {
        return sessionOf(await stripe.checkout.sessions.expire(id, {}, onAccount(account)), account);
      } catch (error) {
        // Only an open session can be expired: one that completed or expired meanwhile is answered as it is.
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) {
          return call(async () =>
            sessionOf(await stripe.checkout.sessions.retrieve(id, {}, onAccount(account)), account),
          );
        }
        throw translated(error);
      }
    },

    refund: (request) =>
      call(async () => {
        const refund = await stripe.refunds.create(
          { payment_intent: request.paymentIntentId, amount: request.amount, metadata: request.metadata },
          { idempotencyKey: request.idempotencyKey, ...onAccount(request.account) },
        );
        return { id: refund.id, amount: refund.amount, status: refund.status ?? 'pending' };
      }),

    readWebhook(rawBody, signature) {
      if (!signature) throw new InvalidWebhook('No Stripe-Signature header');
      let event: Stripe.Event;
      try {
        const payload = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody);
        event = stripe.webhooks.constructEvent(payload, signature, settings.webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
      } catch (error) {
        throw new InvalidWebhook((error as Error).message);
      }
      return eventOf(event);
    },
  };
}

function eventOf(event: Stripe.Event): PaymentEvent {
  const account = event.account ?? null;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      return { id: event.id, type: event.type, session: sessionOf(event.data.object, account) };
    case 'charge.refunded': {
      const charge = event.data.object;
      const intent = charge.payment_intent;
      return {
        id: event.id,
        type: 'charge.refunded',
        charge: {
          paymentIntentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
          amount: charge.amount,
          amountRefunded: charge.amount_refunded,
          currency: charge.currency,
          metadata: { ...(charge.metadata ?? {}) },
          account,
        },
      };
    }
    default:
      return { id: event.id, type: 'ignored', stripeType: event.type };
  }
}
