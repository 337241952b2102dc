// The port through which payment use-cases talk to the payment provider.
// server/payments/stripe-gateway.ts implements it with the real Stripe SDK
// (against Stripe, or the local emulator the demo and test commands start);
// the domain sees only these shapes, never the SDK's.

/** A Checkout Session as the use-cases need it. */
export type CheckoutSession = {
  id: string;
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  /** `unpaid` on a complete session: an async payment method (bank debit) is still settling. */
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  /** In minor units of `currency` (Stripe's amounts are ISO minor units, as ours). */
  amountTotal: number | null;
  /** Lower case, as Stripe writes it. */
  currency: string | null;
  paymentIntentId: string | null;
  metadata: Record<string, string>;
  expiresAt: Date;
  /** The connected account it lives on; null: the platform account. */
  account: string | null;
};

export type CheckoutRequest = {
  /** One key per order attempt: every caller of the attempt gets the same session. */
  idempotencyKey: string;
  account: string | null;
  currency: string;
  lineItems: { name: string; unitAmount: number; quantity: number }[];
  metadata: Record<string, string>;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
};

export type RefundRequest = {
  idempotencyKey: string;
  account: string | null;
  paymentIntentId: string;
  amount: number;
  metadata: Record<string, string>;
};

/** A charge's refund state, as `charge.refunded` reports it: cumulative. */
export type ChargeRefunds = {
  paymentIntentId: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  metadata: Record<string, string>;
  account: string | null;
};

export type PaymentEvent =
  | {
      id: string;
      type:
        | 'checkout.session.completed'
        | 'checkout.session.async_payment_succeeded'
        | 'checkout.session.async_payment_failed'
        | 'checkout.session.expired';
      session: CheckoutSession;
    }
  | { id: string; type: 'charge.refunded'; charge: ChargeRefunds }
  | { id: string; type: 'ignored'; stripeType: string };

/** The provider refused a request for good (bad parameters, a refund over what is left): not worth retrying. */
export class PaymentRefused extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'PaymentRefused';
  }
}

/** The provider could not be reached or failed on its side: try again later. */
export class PaymentUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentUnavailable';
  }
}

/** A webhook whose signature does not verify (tampered, stale, or signed with another secret). */
export class InvalidWebhook extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhook';
  }
}

export type PaymentGateway = {
  /** Test keys or the local emulator: no real money moves, and the UI says so. */
  readonly testMode: boolean;
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  retrieveCheckout(id: string, account: string | null): Promise<CheckoutSession>;
  /** Expires an open session; a session no longer open is answered as it is now. */
  expireCheckout(id: string, account: string | null): Promise<CheckoutSession>;
  refund(request: RefundRequest): Promise<{ id: string; amount: number; status: string }>;
  /** Verifies a webhook on its raw body and reads it; InvalidWebhook when it does not verify. */
  readWebhook(rawBody: string | Uint8Array, signature: string | null): PaymentEvent;
};
