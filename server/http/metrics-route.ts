// GET /api/metrics: the protection counters of every runtime and instance
// (summed in Redis), in Prometheus text format. Bearer-protected when
// METRICS_TOKEN is set.
import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { env } from '../env';
import { METRICS_KEY, renderPrometheus } from '../ratelimit/metrics';
import { rateLimiter } from '../ratelimit/node';

function authorized(request: Request): boolean {
  if (!env.METRICS_TOKEN) return true;
  const given = Buffer.from(request.headers.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${env.METRICS_TOKEN}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function metricsResponse(request: Request): Promise<Response> {
  if (!authorized(request)) {
    return Response.json(
      { error: 'unauthorized', message: 'Send Authorization: Bearer <METRICS_TOKEN>' },
      { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    );
  }
  try {
    await rateLimiter.metrics.flush();
    const hash =
      (await rateLimiter.batcher.run<Record<string, string | number> | null>((p) => p.hgetall(METRICS_KEY))) ?? {};
    return new Response(renderPrometheus(hash), {
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' },
    });
  } catch {
    return Response.json(
      { error: 'unavailable', message: 'Redis, which holds the counters, did not answer' },
      { status: 503 },
    );
  }
}
