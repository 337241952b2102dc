// How payments run on this server, for pages that say so: available at all
// (Stripe keys set), and in test mode (Stripe test keys, or the local
// emulator), which the guest pages label "Test payments".
import 'server-only';
import { env } from '../env';

export function isTestMode(settings: { secretKey: string; apiUrl?: string }): boolean {
  return Boolean(settings.apiUrl) || settings.secretKey.startsWith('sk_test_');
}

export type PaymentMode = { available: boolean; testMode: boolean };

export function paymentMode(): PaymentMode {
  const secretKey = env.STRIPE_SECRET_KEY;
  const available = Boolean(secretKey && env.STRIPE_WEBHOOK_SECRET);
  return { available, testMode: available && isTestMode({ secretKey: secretKey!, apiUrl: env.STRIPE_API_URL }) };
}
