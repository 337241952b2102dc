// Blocks and the abuse memory (SPEC §4): an identity over a limit 10 times
// in 10 minutes is blocked for 15 minutes, doubling on repeat offences up to
// an hour; operators (and the sign-in guard) place blocks directly. Each
// runtime remembers the blocks it has seen and answers them without Redis,
// re-reading at most every 10 seconds, so a lifted block is honoured within
// that time on every instance.
import { BoundedMap } from './bounded-map';
import type { Clock } from './clock';
import { RECORD_VIOLATION } from './lua';
import type { RedisBatcher } from './redis-batcher';
import { withTimeout } from './deadline';

export type AbuseSettings = {
  violations: number;
  windowSeconds: number;
  blockSeconds: number;
  maxBlockSeconds: number;
};

export type ActiveBlock = { subject: string; untilMs: number };

const PREFIX = 'tableside';
const blockKey = (subject: string) => `${PREFIX}:block:${subject}`;
const RECHECK_MS = 10_000;
const KNOWN_BLOCKS = 50_000;

export class Blocks {
  private readonly known = new BoundedMap<string, { untilMs: number; checkAgainMs: number }>(KNOWN_BLOCKS);

  constructor(
    private readonly batcher: RedisBatcher,
    private readonly clock: Clock,
    private readonly abuse: AbuseSettings,
    private readonly timeoutMs: number,
  ) {}

  /** A block of one of `subjects` this runtime already knows of: no Redis call. */
  cached(subjects: string[]): ActiveBlock | null {
    const now = this.clock();
    for (const subject of subjects) {
      const block = this.known.get(subject);
      if (block && block.checkAgainMs > now && block.untilMs > now) return { subject, untilMs: block.untilMs };
    }
    return null;
  }

  /** The first active block among `subjects`, from Redis; 'unavailable' when Redis does not answer in time. */
  async lookUp(subjects: string[]): Promise<ActiveBlock | null | 'unavailable'> {
    if (subjects.length === 0) return null;
    const values = await withTimeout(
      Promise.all(subjects.map((s) => this.batcher.run<string | number | null>((p) => p.get(blockKey(s))))),
      this.timeoutMs,
    ).catch(() => null);
    if (values === null) return 'unavailable';
    const now = this.clock();
    let found: ActiveBlock | null = null;
    subjects.forEach((subject, i) => {
      const untilMs = Number(values[i] ?? 0);
      if (untilMs > now) {
        this.remember(subject, untilMs);
        found ??= { subject, untilMs };
      } else this.known.delete(subject);
    });
    return found;
  }

  async place(subject: string, seconds: number): Promise<number> {
    const untilMs = this.clock() + seconds * 1000;
    await this.batcher.run((p) => p.set(blockKey(subject), String(untilMs), { px: seconds * 1000 }));
    this.remember(subject, untilMs);
    return untilMs;
  }

  async lift(subject: string): Promise<void> {
    await this.batcher.run((p) => p.del(blockKey(subject)));
    this.known.delete(subject);
  }

  async until(subject: string): Promise<number | null> {
    const value = await this.batcher.run<string | number | null>((p) => p.get(blockKey(subject)));
    const until = Number(value ?? 0);
    return until > this.clock() ? until : null;
  }

  /** One more violation by `subject`; the block's length in ms when this one blocked it, else 0. */
  async recordViolation(subject: string): Promise<number> {
    const now = this.clock();
    const { violations, windowSeconds, blockSeconds, maxBlockSeconds } = this.abuse;
    const [, blockMs] = await this.batcher.run<[number, number]>((p) =>
      p.eval(
        RECORD_VIOLATION,
        [`${PREFIX}:abuse:${subject}`, blockKey(subject), `${PREFIX}:abuse-blocks:${subject}`],
        [
          now,
          windowSeconds * 1000,
          violations,
          blockSeconds * 1000,
          maxBlockSeconds * 1000,
          `${now}:${crypto.randomUUID()}`,
        ],
      ),
    );
    if (blockMs > 0) this.remember(subject, now + blockMs);
    return blockMs;
  }

  private remember(subject: string, untilMs: number): void {
    this.known.set(subject, { untilMs, checkAgainMs: Math.min(untilMs, this.clock() + RECHECK_MS) });
  }
}
