// How the browser treats a refusal from the limits: the one place that reads
// `retryAfterSeconds` off tRPC errors and HTTP answers, and the retry policy
// the React Query defaults use (never before Retry-After).

export type RetryInfo = { retryAfterSeconds: number; policy: string | null; status: 429 | 503 };

type ErrorLike =
  { data?: { httpStatus?: number; retryAfterSeconds?: unknown; policy?: unknown } | null } | null | undefined;

/** The wait a tRPC error asks for, when it is a limit (429) or a paused safety check (503). */
export function retryInfoOf(error: unknown): RetryInfo | null {
  const data = (error as ErrorLike)?.data;
  if (!data || (data.httpStatus !== 429 && data.httpStatus !== 503)) return null;
  const seconds = Number(data.retryAfterSeconds);
  return {
    retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 1,
    policy: typeof data.policy === 'string' ? data.policy : null,
    status: data.httpStatus,
  };
}

const MAX_RETRY_WAIT_SECONDS = 60;
const DEFAULT_RETRIES = 3;

/** React Query `retry`: a refusal is retried once, and only if its wait is short; other errors as usual. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const info = retryInfoOf(error);
  if (info) return failureCount < 1 && info.retryAfterSeconds <= MAX_RETRY_WAIT_SECONDS;
  const status = (error as ErrorLike)?.data?.httpStatus;
  if (status && status >= 400 && status < 500) return false;
  return failureCount < DEFAULT_RETRIES;
}

/** React Query `retryDelay`: exactly the server's Retry-After for refusals, else exponential back-off. */
export function retryDelay(failureCount: number, error: unknown): number {
  const info = retryInfoOf(error);
  if (info) return info.retryAfterSeconds * 1000;
  return Math.min(1000 * 2 ** failureCount, 10_000);
}

/** Live streams: reconnect unless the server said no for good (a 4xx other than a limit). */
export function shouldReconnect(error: unknown): boolean {
  const status = (error as ErrorLike)?.data?.httpStatus;
  return !status || status === 429 || status >= 500;
}

/** 1, 2, 4 … 30 s, with jitter so a restarted server is not hit by every guest at once. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, 30_000) * (0.75 + Math.random() * 0.5);
}
