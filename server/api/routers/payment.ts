// Paying an order (SPEC §7): `createCheckout` → the Stripe Checkout URL to
// send the browser to; `confirm` on the way back. Guests pay their own
// orders; staff may start a payment for any order of their restaurant.
import { confirmPayment, createCheckout, type ReturnUrls } from '../../domain/payments/checkout';
import { orderIdInput } from '../../domain/payments/schemas';
import { env } from '../../env';
import { paymentDeps } from '../../payments/gateway';
import { orderPath } from '../../shared/guest-paths';
import { rateLimited } from '../rate-limited';
import { createTRPCRouter, payerProcedure, type Context } from '../trpc';

/** Where Stripe sends the guest back: the order's page, saying how Checkout ended. */
function returnUrlsFor(ctx: Context): ReturnUrls {
  const origin = env.NEXTAUTH_URL
    ? new URL(env.NEXTAUTH_URL).origin
    : `${ctx.headers.get('x-forwarded-proto') ?? 'http'}://${ctx.headers.get('host') ?? 'localhost'}`;
  return ({ tableToken, orderId }) => {
    const page = `${origin}${orderPath(tableToken, orderId)}`;
    return {
      // Stripe fills in {CHECKOUT_SESSION_ID}; left unencoded on purpose.
      success: `${page}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel: `${page}?checkout=cancelled`,
    };
  };
}

export const paymentRouter = createTRPCRouter({
  createCheckout: payerProcedure
    .input(orderIdInput)
    .use(rateLimited('payment', 'payment-order'))
    .mutation(async ({ ctx, input }) => {
      const { url } = await createCheckout(paymentDeps(ctx.db), ctx.payer, input.orderId, returnUrlsFor(ctx));
      return { url };
    }),

  confirm: payerProcedure
    .input(orderIdInput)
    .use(rateLimited('payment'))
    .mutation(({ ctx, input }) => confirmPayment(paymentDeps(ctx.db), ctx.payer, input.orderId)),
});
