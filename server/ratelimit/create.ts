// Builds a runtime's rate limiter from its validated environment. Both the
// edge middleware (server/edge/limiter.ts) and the Node server
// (server/ratelimit/node.ts) call this once, at module scope.
import { Redis } from '@upstash/redis';
import type { EdgeEnv } from '../env-schema';
import type { Clock } from './clock';
import { RateLimiter, type LogViolation, type Runtime } from './limiter';
import { CHECK_TIMEOUT_MS, resolveAbuse, resolvePolicies, type PolicyOverrides } from './policies';

/** `overrides`: the policy env variables, validated; by default read from `env` itself. */
export function createRateLimiter(
  env: EdgeEnv,
  runtime: Runtime,
  log: LogViolation,
  overrides: PolicyOverrides = env as unknown as PolicyOverrides,
  clock?: Clock,
): RateLimiter {
  const redis = new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    // No retries and a hard deadline per call: a dead Redis is decided (open
    // or closed, per policy) within the check timeout, not after ~4 s.
    retry: false,
    signal: () => AbortSignal.timeout(CHECK_TIMEOUT_MS + 100),
    enableTelemetry: false,
    enableAutoPipelining: false, // the batcher pipelines, across requests
    // Every value the limiter reads is a number or ASCII: plain JSON replies
    // spare a base64 decode that measured ~0.4 ms of CPU per round trip.
    responseEncoding: false,
    // Limits need no read-your-writes token juggling: each script is atomic.
    readYourWrites: false,
  });
  return new RateLimiter({
    redis,
    runtime,
    log,
    enabled: env.RATE_LIMIT_ENABLED,
    policies: resolvePolicies(overrides),
    abuse: resolveAbuse(overrides),
    clock,
  });
}
