import { healthResponse } from '@/server/http/health-route';
import { withRequestContext } from '@/server/http/request-context';
import { withRequestTimeout } from '@/server/http/timeout';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = withRequestContext(withRequestTimeout(healthResponse));
