// `rateLimited(...policies)`: the one tRPC middleware through which every
// procedure declares its limits (SPEC §4). All of a procedure's policies are
// checked in one Redis round trip; the response carries the headers of the
// tightest policy over both layers (edge + this one), also in batches.
import { AppError } from '../domain/errors';
import type { Check } from '../ratelimit/limiter';
import { refusalFor, stateOf } from '../ratelimit/http';
import { addLimitHeaders } from './limit-headers';
import { ipBucket, ipEmailKey } from '../ratelimit/keys';
import { rateLimiter } from '../ratelimit/node';
import type { KeyKind, PolicyName } from '../ratelimit/policies';
import { toTRPCError } from './errors';
import { middleware, type Context } from './trpc';

type Input = { tableToken?: unknown; orderId?: unknown; email?: unknown } | undefined;

/** The identifier a policy counts for this call; null when the call has none of that kind. */
export function identifierFor(kind: KeyKind, ctx: Context, input: Input): string | null {
  const ip = ipBucket(ctx.clientIp);
  const userId = ctx.session?.user?.id;
  switch (kind) {
    case 'ip':
      return ip;
    case 'user':
      return userId ? `user:${userId}` : `ip:${ip}`;
    case 'guest':
      return ctx.guestId ? `guest:${ctx.guestId}` : `ip:${ip}`;
    case 'user-or-guest':
      return userId ? `user:${userId}` : ctx.guestId ? `guest:${ctx.guestId}` : `ip:${ip}`;
    case 'table':
      return typeof input?.tableToken === 'string' ? input.tableToken : null;
    case 'order':
      return typeof input?.orderId === 'string' ? input.orderId : null;
    case 'ip-email':
      return typeof input?.email === 'string' ? ipEmailKey(ip, input.email) : null;
    case 'provider-host':
      return null;
  }
}

/** Marks the middleware functions a procedure's chain holds, so its policies can be read back. */
type Declared = { rateLimitPolicies?: readonly PolicyName[] };

export function rateLimited(...policies: PolicyName[]) {
  const limited = middleware(async ({ ctx, input, path, type, next }) => {
    const checks: Check[] = [];
    for (const policy of policies) {
      const id = identifierFor(rateLimiter.policies[policy].key, ctx, input as Input);
      if (id !== null) checks.push({ policy, id });
    }
    const userId = ctx.session?.user?.id;
    const decision = await rateLimiter.check(
      checks,
      { path: `/api/trpc/${path}`, method: type === 'query' ? 'GET' : 'POST', ip: ipBucket(ctx.clientIp) },
      userId ? [`user:${userId}`] : [],
    );
    const refusal = refusalFor(decision);
    if (refusal) {
      const states = decision.outcome === 'limited' ? [stateOf(decision.violated)] : [];
      addLimitHeaders(ctx.resHeaders, ctx.headers, states, refusal.body.retryAfterSeconds);
      const details = { policy: refusal.body.policy, retryAfterSeconds: refusal.body.retryAfterSeconds };
      throw toTRPCError(
        new AppError(refusal.status === 503 ? 'UNAVAILABLE' : 'RATE_LIMITED', refusal.body.message, details),
      );
    }
    if (decision.outcome === 'allowed') addLimitHeaders(ctx.resHeaders, ctx.headers, decision.results.map(stateOf));
    return next();
  });
  for (const fn of limited._middlewares) Object.assign(fn, { rateLimitPolicies: policies } satisfies Declared);
  return limited;
}

/** The policies a procedure declared, read from its middleware chain (for the router audit test). */
export function declaredPolicies(procedure: { _def: { middlewares: unknown[] } }): PolicyName[] {
  return procedure._def.middlewares.flatMap((m) => (m as Declared).rateLimitPolicies ?? []);
}
