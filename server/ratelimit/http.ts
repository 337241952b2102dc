// What a limit decision looks like over HTTP (SPEC §4), for both runtimes:
// X-RateLimit-* and IETF draft-10 RateLimit-Policy / RateLimit headers of the
// tightest policy, and the 429 / 503 answers. Edge-safe.
import type { Decision, PolicyResult } from './limiter';
import type { PolicyName } from './policies';

/** The state of one policy for one client, as headers describe it. */
export type LimitState = {
  policy: PolicyName;
  limit: number;
  remaining: number;
  resetMs: number;
  windowSeconds: number;
};

export const stateOf = (r: PolicyResult): LimitState => ({
  policy: r.policy.name,
  limit: r.limit,
  remaining: r.remaining,
  resetMs: r.resetMs,
  windowSeconds: r.policy.windowSeconds,
});

/** The policy closest to refusing: fewest requests left, then the longest wait. */
export function tightest(states: LimitState[]): LimitState | null {
  return states.reduce<LimitState | null>(
    (best, s) =>
      !best || s.remaining < best.remaining || (s.remaining === best.remaining && s.resetMs > best.resetMs) ? s : best,
    null,
  );
}

export function limitHeaders(state: LimitState, now = Date.now()): Record<string, string> {
  const secondsToReset = Math.max(0, Math.ceil((state.resetMs - now) / 1000));
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(Math.ceil(state.resetMs / 1000)),
    'RateLimit-Policy': `"${state.policy}";q=${state.limit};w=${state.windowSeconds}`,
    RateLimit: `"${state.policy}";r=${state.remaining};t=${secondsToReset}`,
  };
}

export type Refusal = { status: 429 | 503; headers: Record<string, string>; body: RefusalBody };
export type RefusalBody = {
  error: 'rate_limited' | 'blocked' | 'unavailable';
  policy: string;
  retryAfterSeconds: number;
  message: string;
};

export const UNAVAILABLE_RETRY_SECONDS = 5;

export function tooFastMessage(seconds: number): string {
  return `You're going a bit fast — try again in ${seconds} s.`;
}

/** The answer to a refused decision, or null when the request may go on. */
export function refusalFor(decision: Decision, now = Date.now()): Refusal | null {
  switch (decision.outcome) {
    case 'allowed':
      return null;
    case 'limited': {
      const seconds = decision.retryAfterSeconds;
      return {
        status: 429,
        headers: { ...limitHeaders(stateOf(decision.violated), now), 'Retry-After': String(seconds) },
        body: {
          error: 'rate_limited',
          policy: decision.violated.policy.name,
          retryAfterSeconds: seconds,
          message: tooFastMessage(seconds),
        },
      };
    }
    case 'blocked': {
      const seconds = decision.retryAfterSeconds;
      return {
        status: 429,
        headers: { 'Retry-After': String(seconds) },
        body: {
          error: 'blocked',
          policy: 'abuse-block',
          retryAfterSeconds: seconds,
          message: `Too many requests over the limits: blocked for ${Math.ceil(seconds / 60)} min.`,
        },
      };
    }
    case 'unavailable':
      return {
        status: 503,
        headers: { 'Retry-After': String(UNAVAILABLE_RETRY_SECONDS) },
        body: {
          error: 'unavailable',
          policy: decision.policy,
          retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS,
          message:
            'This action is paused for a moment because a safety check is unavailable. Please try again shortly.',
        },
      };
  }
}

// The edge layer's tightest state travels to route handlers in a request
// header, so the final response can name the tightest policy over both
// layers. Middleware always overwrites it; a client cannot supply it.
export const EDGE_STATE_HEADER = 'x-tableside-edge-limit';

export function encodeState(state: LimitState): string {
  return [state.policy, state.limit, state.remaining, state.resetMs, state.windowSeconds].join(';');
}

export function decodeState(value: string | null): LimitState | null {
  const parts = value?.split(';');
  if (!parts || parts.length !== 5) return null;
  const [policy, ...numbers] = parts;
  const [limit, remaining, resetMs, windowSeconds] = numbers.map(Number);
  if ([limit, remaining, resetMs, windowSeconds].some((n) => !Number.isFinite(n))) return null;
  return {
    policy: policy as PolicyName,
    limit: limit!,
    remaining: remaining!,
    resetMs: resetMs!,
    windowSeconds: windowSeconds!,
  };
}
