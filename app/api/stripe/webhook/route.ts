import { withRequestContext } from '@/server/http/request-context';
import { stripeWebhookResponse } from '@/server/http/stripe-webhook-route';
import { withRequestTimeout } from '@/server/http/timeout';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withRequestContext(withRequestTimeout(stripeWebhookResponse));
