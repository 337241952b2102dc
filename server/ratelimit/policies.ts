// The one policy table (SPEC §4). Every limit number in Tableside comes from
// here: the limiters on both runtimes, the response headers, the /docs/limits
// page and the README's table. Edge-safe: plain data and pure functions.

/**
 * What a policy counts by. `identity`: the signed-in user, else a valid signed
 * guest cookie, else the client IP (SPEC §4) — so guests sharing a venue's
 * address each have their own budget, under the `global-ip` ceiling.
 */
export type KeyKind =
  'identity' | 'ip' | 'user' | 'guest' | 'user-or-guest' | 'table' | 'order' | 'ip-email' | 'provider-host';
export type FailMode = 'open' | 'closed';
/** How a policy counts: `@upstash/ratelimit`'s sliding window, an exact sliding log, or open connections. */
export type Algorithm = 'sliding-window' | 'exact-log' | 'concurrency';

export type PolicyDefinition = {
  limit: number;
  windowSeconds: number;
  key: KeyKind;
  failMode: FailMode;
  algorithm: Algorithm;
  /** Where it applies, for the docs. */
  where: string;
  /** Extra env names for the limit, from the systems Tableside grew out of. */
  limitAliases?: readonly string[];
  /** Documentation of anything beyond "limit per window". */
  note?: string;
};

/** Failed sign-ins (per IP + email) after which a CAPTCHA is required. */
export const LOGIN_CAPTCHA_AFTER_FAILURES = 3;

export const POLICY_TABLE = {
  global: {
    limit: 100,
    windowSeconds: 60,
    key: 'identity',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'middleware.ts: every request but excluded paths',
    limitAliases: ['RATE_LIMIT_GLOBAL_PER_MINUTE'],
  },
  'global-burst': {
    limit: 20,
    windowSeconds: 5,
    key: 'identity',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'middleware.ts: every request but excluded paths',
  },
  'global-ip': {
    limit: 1200,
    windowSeconds: 60,
    key: 'ip',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'middleware.ts: every request but excluded paths; the ceiling for everyone behind one address',
  },
  'guest-new': {
    limit: 60,
    windowSeconds: 10 * 60,
    key: 'ip',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'minting a new guest id (a first visit without a valid guest cookie)',
  },
  login: {
    limit: 5,
    windowSeconds: 15 * 60,
    key: 'ip',
    failMode: 'closed',
    algorithm: 'sliding-window',
    where: 'staff sign-in (next-auth credentials callback, however addressed), before the user lookup',
    limitAliases: ['RATE_LIMIT_LOGIN_PER_15MIN'],
  },
  'login-failures': {
    limit: 10,
    windowSeconds: 15 * 60,
    key: 'ip-email',
    failMode: 'closed',
    algorithm: 'exact-log',
    where: 'staff sign-in: failed attempts only, cleared on success',
    note: `after ${LOGIN_CAPTCHA_AFTER_FAILURES} failures a proof-of-work CAPTCHA is required; at the limit, a 15-minute block`,
  },
  register: {
    limit: 3,
    windowSeconds: 60 * 60,
    key: 'ip',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'auth.register (sign-up)',
  },
  menu: {
    limit: 30,
    windowSeconds: 60,
    key: 'identity',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'public menu and guest order procedures (a page view counts once)',
  },
  'menu-table': {
    limit: 60,
    windowSeconds: 60,
    key: 'table',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'public menu and guest order procedures',
  },
  upload: {
    limit: 10,
    windowSeconds: 60 * 60,
    key: 'user',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'product image and logo uploads',
  },
  catalog: {
    limit: 60,
    windowSeconds: 60,
    key: 'user',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'staff catalog, product and order procedures',
  },
  payment: {
    limit: 10,
    windowSeconds: 60,
    key: 'user-or-guest',
    failMode: 'closed',
    algorithm: 'sliding-window',
    where: 'create checkout, confirm payment, refunds',
  },
  'payment-order': {
    limit: 3,
    windowSeconds: 60 * 60,
    key: 'order',
    failMode: 'closed',
    algorithm: 'exact-log',
    where: 'create checkout, per order',
  },
  admin: {
    limit: 30,
    windowSeconds: 60,
    key: 'user',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'settings, providers, tables, staff, dashboard (reads)',
  },
  'admin-write': {
    limit: 20,
    windowSeconds: 60,
    key: 'user',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'settings, providers, tables, staff (mutations)',
  },
  'realtime-connections': {
    limit: 5,
    windowSeconds: 0,
    key: 'user-or-guest',
    failMode: 'closed',
    algorithm: 'concurrency',
    where: 'live subscriptions: open at once',
  },
  'realtime-messages': {
    limit: 100,
    windowSeconds: 60,
    key: 'user-or-guest',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'subscription starts and messages',
  },
  'external-api': {
    limit: 1,
    windowSeconds: 1,
    key: 'provider-host',
    failMode: 'open',
    algorithm: 'sliding-window',
    where: 'supplier catalog import jobs (backoff 1, 2, 4, 8 s)',
  },
} as const satisfies Record<string, PolicyDefinition>;

export type PolicyName = keyof typeof POLICY_TABLE;
export const POLICY_NAMES = Object.keys(POLICY_TABLE) as PolicyName[];

/** Abuse memory: this many violations by one identifier within the window block it. */
export const ABUSE = {
  violations: 10,
  windowSeconds: 10 * 60,
  blockSeconds: 15 * 60,
  maxBlockSeconds: 60 * 60,
  /** How long a failed sign-in block lasts (login-failures at its limit). */
  loginBlockSeconds: 15 * 60,
} as const;

/** A dead or slow Redis is decided (open or closed) after this long. */
export const CHECK_TIMEOUT_MS = 400;

export type Policy = PolicyDefinition & { name: PolicyName };
export type Policies = Record<PolicyName, Policy>;

/** `menu-table` → `RATE_LIMIT_MENU_TABLE_LIMIT` / `_WINDOW`. */
export function envNamesFor(name: PolicyName): { limit: string; window: string; aliases: readonly string[] } {
  const stem = `RATE_LIMIT_${name.toUpperCase().replace(/-/g, '_')}`;
  const definition: PolicyDefinition = POLICY_TABLE[name];
  return { limit: `${stem}_LIMIT`, window: `${stem}_WINDOW`, aliases: definition.limitAliases ?? [] };
}

export type PolicyOverrides = Record<string, number | undefined>;

/**
 * The table with env overrides applied (`RATE_LIMIT_<POLICY>_LIMIT`, `_WINDOW`
 * in seconds, and the aliases); the values arrive validated by the env schema.
 */
export function resolvePolicies(overrides: PolicyOverrides): Policies {
  const resolved = {} as Policies;
  for (const name of POLICY_NAMES) {
    const definition: PolicyDefinition = POLICY_TABLE[name];
    const names = envNamesFor(name);
    const aliasLimit = names.aliases.map((alias) => overrides[alias]).find((v) => v !== undefined);
    resolved[name] = {
      ...definition,
      name,
      limit: overrides[names.limit] ?? aliasLimit ?? definition.limit,
      windowSeconds: definition.algorithm === 'concurrency' ? 0 : (overrides[names.window] ?? definition.windowSeconds),
    };
  }
  return resolved;
}

export const ABUSE_ENV = {
  violations: 'RATE_LIMIT_ABUSE_VIOLATIONS',
  windowSeconds: 'RATE_LIMIT_ABUSE_WINDOW',
  blockSeconds: 'RATE_LIMIT_BLOCK_SECONDS',
  maxBlockSeconds: 'RATE_LIMIT_BLOCK_MAX_SECONDS',
} as const;

export function resolveAbuse(overrides: PolicyOverrides) {
  const maxBlockSeconds = overrides[ABUSE_ENV.maxBlockSeconds] ?? ABUSE.maxBlockSeconds;
  return {
    violations: overrides[ABUSE_ENV.violations] ?? ABUSE.violations,
    windowSeconds: overrides[ABUSE_ENV.windowSeconds] ?? ABUSE.windowSeconds,
    blockSeconds: Math.min(overrides[ABUSE_ENV.blockSeconds] ?? ABUSE.blockSeconds, maxBlockSeconds),
    maxBlockSeconds,
  };
}

/** Every env variable the table reads, for validation and .env.example. */
export function policyEnvVariables(): string[] {
  return [
    ...POLICY_NAMES.flatMap((name) => {
      const { limit, window, aliases } = envNamesFor(name);
      return POLICY_TABLE[name].algorithm === 'concurrency' ? [limit, ...aliases] : [limit, window, ...aliases];
    }),
    ...Object.values(ABUSE_ENV),
  ];
}

export function describeWindow(seconds: number): string {
  if (seconds === 0) return 'open at once';
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}
