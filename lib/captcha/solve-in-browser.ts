// Solves the sign-in CAPTCHA in Web Workers, so the page stays responsive:
// reports progress, stops (terminating the workers) when the signal aborts,
// and gives up with a CaptchaSolveError when workers are unavailable, fail,
// or take longer than the timeout.
// Imports nothing that solves: altcha-lib is loaded by the worker only.
import {
  CaptchaSolveError,
  encodeCaptchaPayload,
  SOLVE_TIMEOUT_MS,
  type CaptchaChallenge,
} from '@/server/shared/captcha-protocol';
import type { SolveWorkerReply, SolveWorkerRequest } from './solve-worker';

/**
 * One worker by default: two solved slower than one on the 2-core machine the
 * parameters were measured on, and Web Crypto work from several workers did
 * not reliably run in parallel in Chromium (server/shared/captcha-protocol.ts). The
 * counters are interleaved, so more workers stay possible.
 */
const DEFAULT_CONCURRENCY = 1;

export function solveCaptchaInBrowser(
  challenge: CaptchaChallenge,
  options: {
    signal?: AbortSignal;
    /** Total attempts so far, over all workers. */
    onProgress?: (attempts: number) => void;
    timeoutMs?: number;
    concurrency?: number;
  } = {},
): Promise<string> {
  const { signal, onProgress, timeoutMs = SOLVE_TIMEOUT_MS, concurrency = DEFAULT_CONCURRENCY } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (typeof Worker === 'undefined' || !globalThis.crypto?.subtle) {
    return Promise.reject(
      new CaptchaSolveError('unsupported', 'Web Workers or Web Crypto are not available (Web Crypto needs HTTPS)'),
    );
  }

  return new Promise<string>((resolve, reject) => {
    const workers: Worker[] = [];
    const attemptsOf = new Array<number>(concurrency).fill(0);
    let settled = false;

    const finish = (outcome: { payload: string } | { error: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) worker.terminate();
      if ('payload' in outcome) resolve(outcome.payload);
      else reject(outcome.error);
    };
    const onAbort = () => finish({ error: signal!.reason });
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => finish({ error: new CaptchaSolveError('timeout', `No solution within ${timeoutMs} ms`) }),
      timeoutMs,
    );

    const onReply = (index: number, reply: SolveWorkerReply) => {
      if (reply.type === 'failed') {
        finish({ error: new CaptchaSolveError('failed', reply.message) });
        return;
      }
      attemptsOf[index] = reply.attempts;
      onProgress?.(attemptsOf.reduce((sum, attempts) => sum + attempts, 0));
      if (reply.type === 'solved') {
        finish({ payload: encodeCaptchaPayload(challenge, { counter: reply.counter, derivedKey: reply.derivedKey }) });
      }
    };

    try {
      for (let index = 0; index < concurrency; index++) {
        // A same-origin script chunk: allowed by `worker-src 'self'`.
        const worker = new Worker(new URL('./solve-worker.ts', import.meta.url), {
          type: 'module',
          name: 'sign-in-check',
        });
        workers.push(worker);
        worker.onmessage = (event: MessageEvent<SolveWorkerReply>) => onReply(index, event.data);
        // A script that failed to load or threw (e.g. refused by a CSP).
        worker.onerror = (event) => {
          event.preventDefault();
          finish({ error: new CaptchaSolveError('failed', event.message || 'The check could not start') });
        };
        worker.onmessageerror = () => finish({ error: new CaptchaSolveError('failed', 'Unreadable worker message') });
        const request: SolveWorkerRequest = {
          challenge,
          counterStart: index,
          counterStep: concurrency,
        };
        worker.postMessage(request);
      }
    } catch (error) {
      finish({ error: new CaptchaSolveError('failed', error instanceof Error ? error.message : String(error)) });
    }
  });
}
