// The edge runtime's rate limiter, built once per runtime from its env.
import { createRateLimiter } from '../ratelimit/create';
import type { RateLimiter } from '../ratelimit/limiter';
import { edgeEnv } from './env';

let limiter: RateLimiter | undefined;

/** pino does not run on the edge; the same JSON line shape, by hand. */
const logLine = (entry: Record<string, unknown>) =>
  console.log(JSON.stringify({ level: 40, time: Date.now(), runtime: 'edge', ...entry }));

export function edgeRateLimiter(): RateLimiter {
  limiter ??= createRateLimiter(edgeEnv(), 'edge', logLine);
  return limiter;
}
