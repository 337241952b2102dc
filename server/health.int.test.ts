import { Redis } from '@upstash/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@/server/prisma-client';
import { requireEnv } from '@/test/integration';
import { checkHealth } from './health';

const db = createPrismaClient(requireEnv('DATABASE_URL'), 1);
afterAll(() => db.$disconnect());

const liveRedis = new Redis({
  url: requireEnv('UPSTASH_REDIS_REST_URL'),
  token: requireEnv('UPSTASH_REDIS_REST_TOKEN'),
});

describe('health', () => {
  it('is ok when the database and Redis answer', async () => {
    expect(await checkHealth({ db, redis: liveRedis })).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
  });

  it('names Redis when Redis is unreachable', async () => {
    // A port nothing listens on: the REST endpoint (and so Redis) is gone.
    const deadRedis = new Redis({ url: 'http://127.0.0.1:9', token: 'x', retry: { retries: 0 } });
    expect(await checkHealth({ db, redis: deadRedis })).toEqual({ status: 'degraded', db: 'ok', redis: 'down' });
  });

  it('names the database when it is unreachable', async () => {
    const deadDb = createPrismaClient('postgresql://postgres@127.0.0.1:9/none', 1);
    try {
      expect(await checkHealth({ db: deadDb, redis: liveRedis })).toEqual({
        status: 'degraded',
        db: 'down',
        redis: 'ok',
      });
    } finally {
      await deadDb.$disconnect();
    }
  });
});
