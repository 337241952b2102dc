// The after-commit policy on its own: a failing side effect is retried
// briefly, then logged with what it was about, and never thrown.
import { describe, expect, it } from 'vitest';
import { afterCommit, type AfterCommitPolicy } from './after-commit';

function recordingLog() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: { error: (entry: Record<string, unknown>) => void lines.push(entry) } };
}

const noSleep = async () => {};
const quick: AfterCommitPolicy = { retryDelaysMs: [50, 200], budgetMs: 1_000 };

describe('afterCommit', () => {
  it('runs the effect once when it succeeds, and logs nothing', async () => {
    const { lines, log } = recordingLog();
    let calls = 0;
    await expect(afterCommit('push', async () => void calls++, { log, sleep: noSleep })).resolves.toBe(true);
    expect(calls).toBe(1);
    expect(lines).toEqual([]);
  });

  it('retries a failing effect, pausing as the policy says, and stops once it succeeds', async () => {
    const { lines, log } = recordingLog();
    const pauses: number[] = [];
    let calls = 0;
    const flaky = async () => {
      if (++calls < 3) throw new Error('Redis is down');
    };
    const ok = await afterCommit('push', flaky, {
      log,
      policy: quick,
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(ok).toBe(true);
    expect(calls).toBe(3);
    expect(pauses).toEqual([50, 200]);
    expect(lines).toEqual([]);
  });

  it('gives up after the last retry: one structured log line naming the effect and the order, and no throw', async () => {
    const { lines, log } = recordingLog();
    let calls = 0;
    const ok = await afterCommit(
      'order.changed',
      async () => {
        calls++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
      { log, context: { orderId: 'cl0000000000000000000001', tenantId: 't1' }, policy: quick, sleep: noSleep },
    );
    expect(ok).toBe(false);
    expect(calls).toBe(3);
    expect(lines).toEqual([
      {
        msg: 'after_commit_effect_failed',
        effect: 'order.changed',
        attempts: 3,
        error: 'connect ECONNREFUSED 127.0.0.1:6379',
        orderId: 'cl0000000000000000000001',
        tenantId: 't1',
      },
    ]);
  });

  it('treats an effect that throws synchronously like one that rejects', async () => {
    const { lines, log } = recordingLog();
    const ok = await afterCommit(
      'push',
      () => {
        throw new TypeError('not a function');
      },
      { log, policy: { retryDelaysMs: [], budgetMs: 100 }, sleep: noSleep },
    );
    expect(ok).toBe(false);
    expect(lines[0]).toMatchObject({ attempts: 1, error: 'not a function' });
  });

  it('does not hold the response longer than its budget when the effect hangs', async () => {
    const { lines, log } = recordingLog();
    const started = Date.now();
    const ok = await afterCommit('push', () => new Promise(() => {}), {
      log,
      policy: { retryDelaysMs: [10, 10], budgetMs: 150 },
    });
    expect(ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(lines[0]).toMatchObject({ effect: 'push', error: expect.stringMatching(/no answer within/) });
  });

  it('swallows a failure that arrives after the budget ran out (no unhandled rejection)', async () => {
    const { log } = recordingLog();
    const late = () => new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 30));
    await afterCommit('push', late, { log, policy: { retryDelaysMs: [], budgetMs: 5 } });
    // Wait past the late rejection: vitest fails the run on an unhandled one.
    await new Promise((resolve) => setTimeout(resolve, 60));
  });
});
