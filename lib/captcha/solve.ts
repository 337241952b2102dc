// Solving the sign-in CAPTCHA (server/shared/captcha-protocol.ts) with altcha-lib's
// solver. `searchCounters` is the one loop, run by each browser worker
// (solve-worker.ts) and by `solveCaptcha` in the current thread, which is for
// Node (tests, scripts): in a page, use solveCaptchaInBrowser, which keeps
// the work off the main thread.
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import {
  CaptchaSolveError,
  encodeCaptchaPayload,
  SOLVE_TIMEOUT_MS,
  type CaptchaChallenge,
  type CaptchaSolution,
} from '@/server/shared/captcha-protocol';

export { CaptchaSolveError, SOLVE_TIMEOUT_MS };
export type { CaptchaChallenge, CaptchaSolution };

/**
 * Tries counterStart, counterStart + counterStep, … until the derived key
 * matches; null when aborted or after timeoutMs (0: no limit). `onAttempt`
 * sees the running count of this search's attempts.
 */
export async function searchCounters(options: {
  challenge: CaptchaChallenge;
  counterStart?: number;
  counterStep?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  onAttempt?: (attempts: number) => void;
}): Promise<CaptchaSolution | null> {
  const { challenge, counterStart = 0, counterStep = 1, signal, timeoutMs = SOLVE_TIMEOUT_MS, onAttempt } = options;
  // altcha-lib takes a controller, not a signal.
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (signal?.aborted) return null;
  signal?.addEventListener('abort', abort, { once: true });
  let attempts = 0;
  try {
    return await solveChallenge({
      challenge,
      controller,
      counterStart,
      counterStep,
      timeout: timeoutMs,
      deriveKey: (parameters, salt, password) => {
        onAttempt?.(++attempts);
        return deriveKey(parameters, salt, password);
      },
    });
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Solves in the current thread and returns the `captcha` form field's value.
 * `lanes` interleaved searches keep several derivations in flight (Node runs
 * Web Crypto on its thread pool). Rejects with the signal's reason when
 * aborted, with a CaptchaSolveError('timeout') when no lane finished in time.
 */
export async function solveCaptcha(
  challenge: CaptchaChallenge,
  options: { signal?: AbortSignal; lanes?: number; timeoutMs?: number; onProgress?: (attempts: number) => void } = {},
): Promise<string> {
  const { signal, lanes = 2, timeoutMs = SOLVE_TIMEOUT_MS, onProgress } = options;
  signal?.throwIfAborted();
  const found = new AbortController();
  const stop = () => found.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let attempts = 0;
  try {
    const solutions = await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        const solution = await searchCounters({
          challenge,
          counterStart: lane,
          counterStep: lanes,
          signal: found.signal,
          timeoutMs,
          onAttempt: () => onProgress?.(++attempts),
        });
        if (solution) found.abort();
        return solution;
      }),
    );
    const solution = solutions.find((candidate) => candidate !== null);
    if (solution) return encodeCaptchaPayload(challenge, solution);
    signal?.throwIfAborted();
    throw new CaptchaSolveError('timeout', `No solution within ${timeoutMs} ms`);
  } finally {
    found.abort();
    signal?.removeEventListener('abort', stop);
  }
}
