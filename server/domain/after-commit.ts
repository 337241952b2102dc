// Side effects of a write that has already committed (a live-update push, a
// cache invalidation) must not turn its success into an error: the row is
// there, and a caller told "failed" would try again and, say, order twice.
// So such an effect is tried a few times, briefly, within a time budget; if
// it still fails it is logged, with what it was about, and the request goes
// on. The policy lives here once; use-cases call `afterCommit`.
//
// The logger is a port (the Node server passes its pino logger), so the
// domain stays free of logging libraries and HTTP.

/** The one thing after-commit needs from a logger: a structured error line. */
export type ErrorLog = { error(entry: Record<string, unknown>): void };

/** For callers without a logger of their own (scripts, end-to-end helpers): one JSON line on stderr. */
export const stderrLog: ErrorLog = {
  error: (entry) => console.error(JSON.stringify({ level: 'error', time: Date.now(), ...entry })),
};

export type AfterCommitPolicy = {
  /** Pauses before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** All attempts together, pauses included, end by then: a hung effect does not hold the response. */
  budgetMs: number;
};

export const AFTER_COMMIT_POLICY: AfterCommitPolicy = { retryDelaysMs: [50, 200], budgetMs: 1_500 };

export type AfterCommitOptions = {
  log: ErrorLog;
  /** What the effect was about, for the log line (e.g. `{ orderId, tenantId }`). */
  context?: Record<string, unknown>;
  policy?: AfterCommitPolicy;
  /** Injected by tests. */
  sleep?: (ms: number) => Promise<void>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `effect` (named `name` in the log) until it succeeds, retrying as
 * the policy says. Never throws. Resolves to whether the effect succeeded.
 */
export async function afterCommit(
  name: string,
  effect: () => Promise<unknown>,
  { log, context = {}, policy = AFTER_COMMIT_POLICY, sleep = realSleep }: AfterCommitOptions,
): Promise<boolean> {
  const deadline = Date.now() + policy.budgetMs;
  let lastError: unknown;
  let attempts = 0;
  for (let attempt = 0; attempt <= policy.retryDelaysMs.length; attempt++) {
    if (attempt > 0) {
      const pause = policy.retryDelaysMs[attempt - 1] ?? 0;
      if (Date.now() + pause >= deadline) break;
      await sleep(pause);
    }
    attempts++;
    try {
      await withinBudget(effect, deadline - Date.now());
      return true;
    } catch (error) {
      lastError = error;
    }
  }
  log.error({
    msg: 'after_commit_effect_failed',
    effect: name,
    attempts,
    error: lastError instanceof Error ? lastError.message : String(lastError),
    ...context,
  });
  return false;
}

class BudgetExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${Math.max(0, Math.round(ms))} ms`);
  }
}

/** The effect, or a BudgetExceeded error once `ms` pass; a late failure of the effect is swallowed. */
async function withinBudget(effect: () => Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const running = Promise.resolve().then(effect);
  running.catch(() => {}); // it may fail after the budget has run out: nobody is waiting for it then
  try {
    await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BudgetExceeded(ms)), Math.max(0, ms));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
