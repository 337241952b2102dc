// Edge guards that need no Redis: the request's shape (SPEC §4: 413 / 400)
// and the staff allowlist (ADMIN_IP_ALLOWLIST covers everything staff reach;
// staff tRPC procedures check it again in Node).
import type { NextRequest } from 'next/server';
import type { EdgeEnv } from '../env-schema';
import { checkRequestShape, ipAllowed, STAFF_NETWORK_MESSAGE, type GuardRefusal } from '../ratelimit/guards';
import { isStaffRoute, type EdgeRequest } from './request';

export function shapeRefusal(request: NextRequest): GuardRefusal | null {
  return checkRequestShape(request.headers.get('content-length'), request.nextUrl);
}

export function allowlistRefusal(req: EdgeRequest, env: EdgeEnv): GuardRefusal | null {
  if (!isStaffRoute(req.route) || ipAllowed(req.ip, env.ADMIN_IP_ALLOWLIST)) return null;
  return { status: 403, error: 'forbidden', message: STAFF_NETWORK_MESSAGE };
}
