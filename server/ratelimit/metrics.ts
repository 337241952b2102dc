// Protection counters. Each runtime of each instance counts in memory and
// adds its counts to one Redis hash (HINCRBY), so /api/metrics shows the sum
// over every edge and Node runtime of every instance. Counts ride the next
// batch within a few seconds; violations are flushed at once. Edge-safe.
import type { RedisBatcher } from './redis-batcher';

export const METRICS_KEY = 'tableside:metrics';
const FLUSH_AFTER_MS = 2_000;

export type CheckOutcome = 'allowed' | 'limited' | 'blocked' | 'failed_open' | 'failed_closed';

/** Field names in the hash: `<metric>|<label>|<label>`. */
export const metricField = {
  check: (policy: string, outcome: CheckOutcome) => `checks|${policy}|${outcome}`,
  violation: (policy: string) => `violations|${policy}`,
  backendError: (runtime: string) => `backend_errors|${runtime}`,
  block: (kind: string) => `blocks|${kind}`,
};

export class MetricsBuffer {
  private counts = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly batcher: RedisBatcher) {}

  add(field: string, by = 1): void {
    this.counts.set(field, (this.counts.get(field) ?? 0) + by);
    this.timer ??= setTimeout(() => void this.flush().catch(() => {}), FLUSH_AFTER_MS);
  }

  /** Sends what was counted; on failure the counts are kept for the next try. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.counts.size === 0) return;
    const sending = this.counts;
    this.counts = new Map();
    try {
      await Promise.all([...sending].map(([field, by]) => this.batcher.run((p) => p.hincrby(METRICS_KEY, field, by))));
    } catch (error) {
      for (const [field, by] of sending) this.add(field, by);
      throw error;
    }
  }
}

const HELP: Record<string, [name: string, help: string, labels: string[]]> = {
  checks: ['tableside_ratelimit_checks_total', 'Rate-limit checks by policy and outcome', ['policy', 'outcome']],
  violations: ['tableside_ratelimit_violations_total', 'Requests refused over a limit, by policy', ['policy']],
  backend_errors: [
    'tableside_ratelimit_backend_errors_total',
    'Limit checks Redis could not answer in time, by runtime',
    ['runtime'],
  ],
  blocks: ['tableside_ratelimit_blocks_total', 'Temporary blocks imposed, by subject kind', ['kind']],
};

/** Prometheus text exposition of the hash. */
export function renderPrometheus(hash: Record<string, string | number>): string {
  const lines: string[] = [];
  for (const [metric, [name, help, labels]] of Object.entries(HELP)) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    const rows = Object.entries(hash)
      .filter(([field]) => field.startsWith(`${metric}|`))
      .sort(([a], [b]) => a.localeCompare(b));
    for (const [field, value] of rows) {
      const values = field.split('|').slice(1);
      const labelText = labels.map((label, i) => `${label}="${(values[i] ?? '').replace(/["\\\n]/g, '_')}"`).join(',');
      lines.push(`${name}{${labelText}} ${Number(value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
