// GET /api/health: 200 when the database and Redis answer, 503 naming what did not.
import 'server-only';
import { db } from '../db';
import { checkHealth } from '../health';
import { redis } from '../redis';

export async function healthResponse(): Promise<Response> {
  const health = await checkHealth({ db, redis });
  return Response.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
