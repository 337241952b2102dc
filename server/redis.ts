// The Upstash Redis client (REST). Retries are kept short on purpose: a dead
// Redis must be decided (fail open or closed) quickly, not after ~4 s of
// the client's default back-off.
import { Redis } from '@upstash/redis';
import { env } from './env';

export const redis = new Redis({
  url: env.UPSTASH_REDIS_REST_URL,
  token: env.UPSTASH_REDIS_REST_TOKEN,
  retry: { retries: 1, backoff: () => 50 },
  // A hung Redis must not hang requests (pub/sub streams carry their own signal).
  signal: () => AbortSignal.timeout(1_000),
  enableTelemetry: false,
});
