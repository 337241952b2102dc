// `rateLimited(...policies)`: the one tRPC middleware through which every
// procedure declares its limits (SPEC §4). All of a procedure's policies are
// checked in one Redis round trip; the response carries the headers of the
// tightest policy over both layers (edge + this one), also in batches.
import type { Check } from '../ratelimit/limiter';
import { ipEmailKey, ipSubject } from '../ratelimit/keys';
import { rateLimiter } from '../ratelimit/node';
import type { KeyKind, PolicyName } from '../ratelimit/policies';
import { enforceLimits } from './enforce-limits';
import { middleware, type Context } from './trpc';

type Input = { tableToken?: unknown; orderId?: unknown; email?: unknown } | undefined;

/** The identifier a policy counts for this call; null when the call has none of that kind. */
export function identifierFor(kind: KeyKind, ctx: Context, input: Input): string | null {
  switch (kind) {
    case 'identity':
    case 'user':
    case 'guest':
    case 'user-or-guest':
      // The signed-in user, else the guest, else the address: staff and guest
      // procedures always have the first two (their chains guarantee it).
      return ctx.identity.subject;
    case 'ip':
      return ctx.ipBucket;
    case 'table':
      return typeof input?.tableToken === 'string' ? `table:${input.tableToken}` : null;
    case 'order':
      return typeof input?.orderId === 'string' ? `order:${input.orderId}` : null;
    case 'ip-email':
      return typeof input?.email === 'string' ? ipEmailKey(ctx.ipBucket, input.email) : null;
    case 'provider-host':
      return null;
  }
}

/**
 * Who a refusal by this policy marks in the abuse memory: the address for
 * IP-keyed policies, the caller's identity otherwise (SPEC §4: blocks fall on
 * the identity that broke the limit).
 */
function abuseSubjectFor(kind: KeyKind, ctx: Context): string {
  return kind === 'ip' ? ipSubject(ctx.ipBucket) : ctx.identity.subject;
}

/** Marks the middleware functions a procedure's chain holds, so its policies can be read back. */
type Declared = { rateLimitPolicies?: readonly PolicyName[] };

export function rateLimited(...policies: PolicyName[]) {
  // An IP-keyed policy (sign-up) also answers to the address's own block.
  const ipKeyed = policies.some((p) => rateLimiter.policies[p].key === 'ip');
  const limited = middleware(async ({ ctx, input, path, type, next }) => {
    const checks: Check[] = [];
    for (const policy of policies) {
      const kind = rateLimiter.policies[policy].key;
      const id = identifierFor(kind, ctx, input as Input);
      if (id !== null) checks.push({ policy, id, abuse: abuseSubjectFor(kind, ctx) });
    }
    await enforceLimits(
      ctx,
      checks,
      { path: `/api/trpc/${path}`, method: type === 'query' ? 'GET' : 'POST' },
      { ipKeyed },
    );
    return next();
  });
  for (const fn of limited._middlewares) Object.assign(fn, { rateLimitPolicies: policies } satisfies Declared);
  return limited;
}

/** The policies a procedure declared, read from its middleware chain (for the router audit test). */
export function declaredPolicies(procedure: { _def: { middlewares: unknown[] } }): PolicyName[] {
  return procedure._def.middlewares.flatMap((m) => (m as Declared).rateLimitPolicies ?? []);
}
