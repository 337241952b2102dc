import { metricsResponse } from '@/server/http/metrics-route';
import { withRequestTimeout } from '@/server/http/timeout';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withRequestTimeout(metricsResponse);
