// The Web Worker of solveCaptchaInBrowser: searches its share of the
// counters (counterStart, + counterStep, …) and reports how many it tried,
// at most every PROGRESS_INTERVAL_MS, so the page can show progress without
// a message per derivation. altcha-lib's own worker cannot report progress
// (and pulls in node:crypto), hence this one. The page cancels by
// terminating the worker, and keeps the clock.
import { searchCounters, type CaptchaChallenge } from './solve';

export type SolveWorkerRequest = { challenge: CaptchaChallenge; counterStart: number; counterStep: number };

export type SolveWorkerReply =
  | { type: 'progress'; attempts: number }
  | { type: 'solved'; counter: number; derivedKey: string; attempts: number }
  | { type: 'failed'; message: string };

const PROGRESS_INTERVAL_MS = 100;

// The project compiles against the DOM lib; this file runs in a dedicated worker.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<SolveWorkerRequest>) => void) | null;
  postMessage(message: SolveWorkerReply): void;
};

scope.onmessage = ({ data }) => {
  let reportedAt = -Infinity;
  let attempts = 0;
  searchCounters({
    ...data,
    timeoutMs: 0,
    onAttempt: (count) => {
      attempts = count;
      const now = performance.now();
      if (now - reportedAt < PROGRESS_INTERVAL_MS) return;
      reportedAt = now;
      scope.postMessage({ type: 'progress', attempts });
    },
  }).then(
    (solution) =>
      scope.postMessage(
        solution
          ? { type: 'solved', counter: solution.counter, derivedKey: solution.derivedKey, attempts }
          : { type: 'failed', message: 'The search stopped without a solution' },
      ),
    (error: unknown) =>
      scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
};
