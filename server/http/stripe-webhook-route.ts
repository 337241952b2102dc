// POST /api/stripe/webhook: Stripe's events, verified on the raw bytes of the
// body (signature and a 5-minute tolerance), applied exactly once, answered
// 2xx only after their effect committed (a 5xx makes Stripe retry). Outside
// the global limits (Stripe's retries come from a few addresses), so bounded
// here by its own body size; a forged request costs one HMAC and a 400.
import 'server-only';
import { InvalidWebhook } from '../domain/payments/gateway';
import { handlePaymentEvent } from '../domain/payments/webhook';
import { db } from '../db';
import { logger } from '../log';
import { paymentGateway } from '../payments/gateway';
import { orderHub } from '../realtime/order-hub';
import { MAX_WEBHOOK_BYTES } from '../ratelimit/guards';
import { BodyTooLarge, readBodyLimited } from './body';

const json = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function stripeWebhookResponse(request: Request): Promise<Response> {
  const gateway = paymentGateway();
  if (!gateway) return json(503, { error: 'payments_not_configured', message: 'Stripe is not configured here' });
  let body: Uint8Array;
  try {
    body = await readBodyLimited(request, MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge)
      return json(413, {
        error: 'payload_too_large',
        message: `The body is over ${MAX_WEBHOOK_BYTES / 1024} KB.`,
      });
    throw error;
  }
  let event;
  try {
    event = gateway.readWebhook(body, request.headers.get('stripe-signature'));
  } catch (error) {
    if (!(error instanceof InvalidWebhook)) throw error;
    logger.warn({ msg: 'stripe webhook refused', reason: error.message });
    return json(400, { error: 'invalid_signature', message: 'The Stripe-Signature header does not verify this body.' });
  }
  try {
    const outcome = await handlePaymentEvent(db, orderHub, event, logger);
    logger.info({ msg: 'stripe webhook', eventId: event.id, type: event.type, outcome });
    return json(200, { received: true, outcome });
  } catch (error) {
    // Nothing committed (the event's row went with the effect): Stripe delivers it again later.
    logger.error({ msg: 'stripe webhook not applied', eventId: event.id, type: event.type, err: error });
    return json(500, { error: 'not_applied', message: 'The event was not applied; Stripe will retry it.' });
  }
}
