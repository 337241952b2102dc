// The services both commands need, chosen the same way (SPEC §5):
// PostgreSQL (DATABASE_URL, else local or embedded), Redis behind an
// Upstash REST endpoint (UPSTASH_* when set, else our local endpoint over
// REDIS_URL), Stripe (STRIPE_SECRET_KEY when set, else our local Stripe
// emulator, test mode) and a NEXTAUTH_SECRET. Returns the environment the app
// and the tests run with; everything started is registered for shutdown.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePostgres } from '../services/postgres';
import { ensureRedis, scratchRedisDatabase } from '../services/redis';
import { startStripeEmulator } from '../services/stripe-emulator';
import { startUpstashRest } from '../services/upstash-rest';
import { log, onShutdown } from './proc';

export type Services = { env: Record<string, string>; started: string[] };

export async function startServices(purpose: 'demo' | 'test', dataDir: string): Promise<Services> {
  mkdirSync(dataDir, { recursive: true });
  const started: string[] = [];
  const env: Record<string, string> = {};

  const postgres = await ensurePostgres({ purpose, dataDir, log });
  onShutdown('PostgreSQL', postgres.stop);
  env.DATABASE_URL = postgres.url;
  // The embedded PostgreSQL serves one connection at a time.
  if (postgres.kind === 'embedded') env.DATABASE_POOL_SIZE = '1';
  started.push(`PostgreSQL: ${postgres.description}`);

  if (process.env.UPSTASH_REDIS_REST_URL && process.env.UPSTASH_REDIS_REST_TOKEN) {
    started.push(`Redis: Upstash at ${process.env.UPSTASH_REDIS_REST_URL} (from UPSTASH_REDIS_REST_URL)`);
  } else {
    const redis = await ensureRedis({ dataDir, log });
    onShutdown('Redis', redis.stop);
    started.push(`Redis: ${redis.description}`);
    let redisUrl = redis.url;
    if (purpose === 'test') {
      const scratch = await scratchRedisDatabase(redis.url);
      onShutdown('Redis test database', scratch.release);
      redisUrl = scratch.url;
    }
    const rest = await startUpstashRest({ redisUrl, port: 0, token: randomBytes(24).toString('base64url') });
    onShutdown('Upstash REST endpoint', rest.stop);
    env.REDIS_URL = redisUrl;
    env.UPSTASH_REDIS_REST_URL = rest.url;
    env.UPSTASH_REDIS_REST_TOKEN = rest.token;
    started.push(`Upstash REST endpoint (local stand-in): ${rest.url}`);
  }

  const stripeKey = process.env.STRIPE_SECRET_KEY;
  if (stripeKey) {
    const mode = /^(sk|rk)_live_/.test(stripeKey) ? 'live' : 'test';
    const noWebhooks = process.env.STRIPE_WEBHOOK_SECRET ? '' : '; STRIPE_WEBHOOK_SECRET is unset, so payments are off';
    started.push(`Stripe: the account of STRIPE_SECRET_KEY (${mode} mode${noWebhooks})`);
  } else {
    // Fresh keys every run, demo included: nothing outside this run knows them.
    const stripe = await startStripeEmulator({ port: 0, log: purpose === 'demo' ? log : undefined });
    onShutdown('Stripe emulator', stripe.stop);
    env.STRIPE_SECRET_KEY = stripe.secretKey;
    env.STRIPE_WEBHOOK_SECRET = stripe.webhookSecret;
    env.STRIPE_API_URL = stripe.url;
    started.push(`Stripe: local emulator at ${stripe.url} (test mode; no real money moves)`);
  }

  if (!process.env.NEXTAUTH_SECRET) env.NEXTAUTH_SECRET = persistentSecret(dataDir, purpose);
  return { env, started };
}

/** The demo keeps its secret across runs so sessions survive a restart. */
function persistentSecret(dataDir: string, purpose: 'demo' | 'test'): string {
  if (purpose === 'test') return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'nextauth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
