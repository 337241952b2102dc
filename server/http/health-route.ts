// GET /api/health: 200 when the database and Redis answer, 503 naming what did
// not (the reasons go to the log, with the request id, not to the caller).
import 'server-only';
import { db } from '../db';
import { checkHealth } from '../health';
import { logger } from '../log';
import { redis } from '../redis';

export async function healthResponse(): Promise<Response> {
  const health = await checkHealth({ db, redis, log: (entry) => logger.error(entry) });
  return Response.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
