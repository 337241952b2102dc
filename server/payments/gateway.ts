// The server's one payment gateway, from the environment: Stripe with
// STRIPE_SECRET_KEY (through STRIPE_API_URL when the local emulator stands in
// for Stripe's servers), or none, and payments answer "not set up".
import type { PaymentDeps } from '../domain/payments/deps';
import type { PaymentGateway } from '../domain/payments/gateway';
import { env } from '../env';
import { logger } from '../log';
import type { Db } from '../prisma-client';
import { orderHub } from '../realtime/order-hub';
import { stripeGateway } from './stripe-gateway';

let gateway: PaymentGateway | null | undefined;

export function paymentGateway(): PaymentGateway | null {
  if (gateway === undefined) {
    gateway =
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
        ? stripeGateway({
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            apiUrl: env.STRIPE_API_URL,
          })
        : null;
  }
  return gateway;
}

/** What the payment use-cases run with on this server. */
export function paymentDeps(db: Db): PaymentDeps {
  return { db, gateway: paymentGateway(), events: orderHub, log: logger };
}
