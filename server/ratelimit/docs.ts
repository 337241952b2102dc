// The policy table as documentation: the README's limits table and the
// /docs/limits page are both generated from POLICY_TABLE (a test keeps the
// README equal to this output; `npm run docs:limits` rewrites it).
import { GLOBAL_EXCLUDED_PATHS, GLOBAL_EXCLUDED_PREFIXES } from './guards';
import {
  ABUSE,
  CHECK_TIMEOUT_MS,
  describeWindow,
  envNamesFor,
  POLICY_NAMES,
  POLICY_TABLE,
  type PolicyDefinition,
  type PolicyName,
} from './policies';

export type PolicyDoc = {
  name: PolicyName;
  limit: string;
  window: string;
  key: string;
  failMode: string;
  counting: 'exact' | 'sliding window';
  where: string;
  note: string | null;
  env: string[];
};

const KEY_LABEL: Record<PolicyDefinition['key'], string> = {
  identity: 'identity (user, else guest id, else client IP)',
  ip: 'client IP (IPv6: /56)',
  user: 'user',
  guest: 'guest id',
  'user-or-guest': 'user, or guest id',
  table: 'table token',
  order: 'order id',
  'ip-email': 'IP + email',
  'provider-host': 'provider host',
};

export function policyDocs(): PolicyDoc[] {
  return POLICY_NAMES.map((name) => {
    const p: PolicyDefinition = POLICY_TABLE[name];
    const env = envNamesFor(name);
    return {
      name,
      limit: p.note
        ? `${p.limit} (${p.note})`
        : p.algorithm === 'concurrency'
          ? `${p.limit} open at once`
          : String(p.limit),
      window: p.algorithm === 'concurrency' ? '—' : describeWindow(p.windowSeconds),
      key: KEY_LABEL[p.key],
      failMode: p.failMode,
      counting: p.algorithm === 'sliding-window' ? 'sliding window' : 'exact',
      where: p.where,
      note: p.note ?? null,
      env: p.algorithm === 'concurrency' ? [env.limit, ...env.aliases] : [env.limit, env.window, ...env.aliases],
    };
  });
}

/** The abuse memory in one sentence. */
export function abuseSummary(): string {
  return (
    `Going over the limits again and again (${ABUSE.violations} times in ${describeWindow(ABUSE.windowSeconds)}) ` +
    `blocks a client for ${describeWindow(ABUSE.blockSeconds)}, longer on repeat (at most ${describeWindow(ABUSE.maxBlockSeconds)}).`
  );
}

export function limitsMarkdownTable(): string {
  const rows = policyDocs().map(
    (d) =>
      `| \`${d.name}\` | ${d.limit} | ${d.window} | ${d.key} | ${d.failMode} | ${d.counting} | ${d.note ? `${d.where}; ${d.note}` : d.where} | ${d.env.map((e) => `\`${e}\``).join(', ')} |`,
  );
  return [
    '| policy | limit | window | key | Redis down | counting | where | override |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Excluded from \`global\`: ${GLOBAL_EXCLUDED_PREFIXES.map((p) => `\`${p}\``).join(', ')}, public files, and exactly ${GLOBAL_EXCLUDED_PATHS.map((p) => `\`${p}\``).join(', ')} (signed, its body bounded); each path as requested, capitals included (\`/API/health\` is limited). ` +
      `A check Redis does not answer within ${CHECK_TIMEOUT_MS} ms fails open or closed as listed.`,
  ].join('\n');
}

export const README_MARKERS = {
  start: '<!-- limits:start (generated from server/ratelimit/policies.ts) -->',
  end: '<!-- limits:end -->',
};
