// The rate-limit headers of one tRPC HTTP response. A batch runs several
// procedures under one response; each adds what its limits said, and the
// headers always name the tightest policy over the edge layer (passed on by
// middleware.ts) and every procedure so far, with the longest Retry-After.
import { EDGE_STATE_HEADER, decodeState, limitHeaders, tightest, type LimitState } from '../ratelimit/http';

const seenByResponse = new WeakMap<Headers, { states: LimitState[]; retryAfter: number }>();

export function addLimitHeaders(
  resHeaders: Headers | undefined,
  requestHeaders: Headers,
  states: LimitState[],
  retryAfter = 0,
): void {
  if (!resHeaders) return;
  let seen = seenByResponse.get(resHeaders);
  if (!seen) {
    const edge = decodeState(requestHeaders.get(EDGE_STATE_HEADER));
    seen = { states: edge ? [edge] : [], retryAfter: 0 };
    seenByResponse.set(resHeaders, seen);
  }
  seen.states.push(...states);
  seen.retryAfter = Math.max(seen.retryAfter, retryAfter);
  const state = tightest(seen.states);
  if (state) for (const [name, value] of Object.entries(limitHeaders(state))) resHeaders.set(name, value);
  if (seen.retryAfter > 0) resHeaders.set('Retry-After', String(seen.retryAfter));
}
