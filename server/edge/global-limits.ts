// The edge layer's limits (SPEC §4), in one Redis round trip per request:
// `global` and `global-burst` per identity, the `global-ip` ceiling per
// address, and `guest-new` when this request mints a guest id; plus the
// blocks of its identity and address.
import type { Check, RateLimiter } from '../ratelimit/limiter';
import { refusalFor, stateOf, tightest, type LimitState, type Refusal } from '../ratelimit/http';
import { blockSubjectsFor, ipSubject, type Identity } from '../ratelimit/keys';
import type { EdgeRequest } from './request';

function globalChecks(identity: Identity, bucket: string, opts: { mintsGuest: boolean }): Check[] {
  const checks: Check[] = [
    { policy: 'global', id: identity.subject, abuse: identity.subject },
    { policy: 'global-burst', id: identity.subject, abuse: identity.subject },
    { policy: 'global-ip', id: bucket, abuse: ipSubject(bucket) },
  ];
  if (opts.mintsGuest) checks.push({ policy: 'guest-new', id: bucket, abuse: ipSubject(bucket) });
  return checks;
}

export type GlobalLimits = { refusal: Refusal } | { refusal: null; state: LimitState | null };

export async function applyGlobalLimits(
  limiter: RateLimiter,
  req: EdgeRequest,
  identity: Identity,
  opts: { mintsGuest: boolean },
): Promise<GlobalLimits> {
  const decision = await limiter.check(
    globalChecks(identity, req.bucket, opts),
    { path: req.pathname, method: req.method, requestId: req.requestId },
    blockSubjectsFor(identity, req.bucket, { ipKeyed: opts.mintsGuest }),
  );
  const refusal = refusalFor(decision);
  if (refusal) return { refusal };
  return { refusal: null, state: decision.outcome === 'allowed' ? tightest(decision.results.map(stateOf)) : null };
}
