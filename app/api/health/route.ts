import { healthResponse } from '@/server/http/health-route';
import { withRequestTimeout } from '@/server/http/timeout';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withRequestTimeout(healthResponse);
