// Applies limits to one tRPC call: checks them in one Redis round trip,
// writes the rate-limit headers of the tightest policy over both layers, and
// throws the refusal as a domain error (429 / 503) the error formatter turns
// into its data. The blocks of the caller's identity and network were checked
// at the edge for this very request; an IP-keyed action (sign-up, minting a
// guest id) also answers to the address's own block, checked here.
import { AppError } from '../domain/errors';
import { refusalFor, stateOf } from '../ratelimit/http';
import { ipSubject, type Identity } from '../ratelimit/keys';
import type { Check, PolicyResult } from '../ratelimit/limiter';
import { rateLimiter } from '../ratelimit/node';
import { addLimitHeaders } from './limit-headers';

/** What of a call's context its limits need (the tRPC context has all of it). */
export type LimitContext = {
  identity: Identity;
  ipBucket: string;
  headers: Headers;
  resHeaders?: Headers;
  requestId: string;
  /** Limits already counted for this page view (server-rendered calls), or null: count every call. */
  spentLimits: Map<string, PolicyResult> | null;
};

export async function enforceLimits(
  ctx: LimitContext,
  checks: Check[],
  request: { path: string; method: string },
  opts: { ipKeyed?: boolean } = {},
): Promise<void> {
  // On a server-rendered page, a limit already counted for this view is not counted again.
  const spent: PolicyResult[] = [];
  const fresh = checks.filter((check) => {
    const earlier = ctx.spentLimits?.get(`${check.policy}|${check.id}`);
    if (earlier) spent.push(earlier);
    return !earlier;
  });
  const decision = await rateLimiter.check(
    fresh,
    { ...request, requestId: ctx.requestId },
    opts.ipKeyed ? [ipSubject(ctx.ipBucket)] : [],
  );
  const refusal = refusalFor(decision);
  if (refusal) {
    const states = decision.outcome === 'limited' ? [stateOf(decision.violated)] : [];
    addLimitHeaders(ctx.resHeaders, ctx.headers, states, refusal.body.retryAfterSeconds);
    const details = { policy: refusal.body.policy, retryAfterSeconds: refusal.body.retryAfterSeconds };
    throw new AppError(refusal.status === 503 ? 'UNAVAILABLE' : 'RATE_LIMITED', refusal.body.message, details);
  }
  const results = decision.outcome === 'allowed' ? decision.results : [];
  for (const result of results) ctx.spentLimits?.set(`${result.policy.name}|${result.id}`, result);
  addLimitHeaders(ctx.resHeaders, ctx.headers, [...results, ...spent].map(stateOf));
}
