// How payments run on this server, for pages that say so: available at all
// (Stripe keys set), and in test mode (Stripe test keys, or the local
// emulator), which the guest pages label "Test payments". Read off the one
// gateway (./gateway.ts), never decided twice.
import 'server-only';
import { paymentGateway } from './gateway';

export type PaymentMode = { available: boolean; testMode: boolean };

export function paymentMode(): PaymentMode {
  const gateway = paymentGateway();
  return { available: gateway !== null, testMode: gateway?.testMode ?? false };
}
