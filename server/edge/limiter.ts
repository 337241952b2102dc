// The edge runtime's rate limiter, built once per runtime from its env.
import { edgeLog } from '../log-line';
import { createRateLimiter } from '../ratelimit/create';
import type { RateLimiter } from '../ratelimit/limiter';
import { edgeEnv } from './env';

let limiter: RateLimiter | undefined;

export function edgeRateLimiter(): RateLimiter {
  limiter ??= createRateLimiter(edgeEnv(), 'edge', (entry) => edgeLog('warn', { msg: 'ratelimit', ...entry }));
  return limiter;
}
