// What /api/health reports: each dependency checked with a short timeout, so
// a hung database or Redis shows as "down" instead of hanging the probe.
import type { Redis } from '@upstash/redis';
import type { Db } from './prisma-client';

export type DependencyState = 'ok' | 'down';
// Failure details go to the log, not to this public response.
export type Health = { status: 'ok' | 'degraded'; db: DependencyState; redis: DependencyState };

const CHECK_TIMEOUT_MS = 1_500;

function withTimeout<T>(promise: Promise<T>, label: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

export async function checkHealth(deps: {
  db: Pick<Db, '$queryRaw'>;
  redis: Pick<Redis, 'ping'>;
  log?: (entry: { msg: string; errors: Record<string, string> }) => void;
}): Promise<Health> {
  const [dbResult, redisResult] = await Promise.allSettled([
    withTimeout(deps.db.$queryRaw`SELECT 1`, 'database'),
    withTimeout(deps.redis.ping(), 'redis'),
  ]);
  const errors: Record<string, string> = {};
  if (dbResult.status === 'rejected') errors.db = String((dbResult.reason as Error).message ?? dbResult.reason);
  if (redisResult.status === 'rejected')
    errors.redis = String((redisResult.reason as Error).message ?? redisResult.reason);
  if (Object.keys(errors).length) deps.log?.({ msg: 'health_check_failed', errors });
  return {
    status: Object.keys(errors).length ? 'degraded' : 'ok',
    db: dbResult.status === 'fulfilled' ? 'ok' : 'down',
    redis: redisResult.status === 'fulfilled' ? 'ok' : 'down',
  };
}
