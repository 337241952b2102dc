// The environment contract (SPEC §5) as one zod schema. Kept free of
// `process` so the edge middleware, the Node server and the scripts can all
// validate the same way; server/env.ts applies it to process.env once.
import { z } from 'zod';
import { ABUSE, ABUSE_ENV, policyEnvVariables } from './ratelimit/policies';

const booleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const optionalNonEmpty = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgresql:// URL' }),
  UPSTASH_REDIS_REST_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1, 'must not be empty'),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
  NEXTAUTH_URL: optionalNonEmpty.pipe(z.url().optional()),
  STRIPE_SECRET_KEY: optionalNonEmpty,
  STRIPE_WEBHOOK_SECRET: optionalNonEmpty,
  /** Where the Stripe SDK sends its calls instead of api.stripe.com: the local emulator (set by the demo and test commands). */
  STRIPE_API_URL: optionalNonEmpty.pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()),
  RATE_LIMIT_ENABLED: booleanString.default(true),
  MENU_CACHE_ENABLED: booleanString.default(true),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  ADMIN_IP_ALLOWLIST: optionalNonEmpty,
  METRICS_TOKEN: optionalNonEmpty,
  /** How long a staff session's account state is trusted before it is read again (SPEC: ≤ 60 s). */
  STAFF_SESSION_RECHECK_SECONDS: z.coerce.number().int().min(1).max(60).default(30),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Read by serve.mjs (the production HTTP server) too; validated here so a bad value is named at start. */
  SERVER_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  SERVER_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Set by `npm run demo`: a local demo, where an open /api/metrics is fine. */
  TABLESIDE_DEMO: booleanString.default(false),
  /** Comma-separated unsafe production settings the operator knowingly accepts (see `unsafeSettings`). */
  TABLESIDE_ACCEPT_UNSAFE: z
    .string()
    .trim()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['rate-limits-off', 'no-nextauth-url', 'open-metrics']))),
});

// RATE_LIMIT_<POLICY>_LIMIT / _WINDOW and the abuse settings: whole numbers ≥ 1.
const policyOverrideShape = Object.fromEntries(
  policyEnvVariables().map((name) => [
    name,
    z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(name === ABUSE_ENV.maxBlockSeconds ? ABUSE.maxBlockSeconds : 1_000_000_000)
      .optional(),
  ]),
) as Record<string, z.ZodOptional<z.ZodCoercedNumber>>;

export const envSchemaWithPolicies = envSchema.extend(policyOverrideShape);
/** Policy overrides are read by name (see ratelimit/policies.ts), so they stay out of the static type. */
export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      'Invalid environment configuration:\n' +
        issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n') +
        '\nSee .env.example for every variable.',
    );
    this.name = 'EnvError';
  }
}

export type UnsafeSetting = Env['TABLESIDE_ACCEPT_UNSAFE'][number];

/**
 * Settings a production server refuses to start with unless the operator
 * names them in TABLESIDE_ACCEPT_UNSAFE: every limit off, no NEXTAUTH_URL
 * (next-auth would trust the request's Host header for its links and cookie
 * names), and /api/metrics open to anyone (no METRICS_TOKEN; fine for the
 * local demo). Each problem names the variable and the way out.
 */
export function unsafeSettings(env: Env): { setting: UnsafeSetting; message: string }[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: { setting: UnsafeSetting; message: string }[] = [];
  if (!env.RATE_LIMIT_ENABLED) {
    problems.push({ setting: 'rate-limits-off', message: 'RATE_LIMIT_ENABLED=false turns every rate limit off' });
  }
  if (!env.NEXTAUTH_URL) {
    problems.push({ setting: 'no-nextauth-url', message: 'NEXTAUTH_URL is not set (the public https URL of the app)' });
  }
  if (!env.METRICS_TOKEN && !env.TABLESIDE_DEMO) {
    problems.push({ setting: 'open-metrics', message: 'METRICS_TOKEN is not set, so /api/metrics is open to anyone' });
  }
  return problems.filter((p) => !env.TABLESIDE_ACCEPT_UNSAFE.includes(p.setting));
}

/** The variables the edge middleware needs; the Node server needs them all. */
export const edgeEnvSchema = envSchema
  .pick({
    NODE_ENV: true,
    NEXTAUTH_SECRET: true,
    NEXTAUTH_URL: true,
    UPSTASH_REDIS_REST_URL: true,
    UPSTASH_REDIS_REST_TOKEN: true,
    RATE_LIMIT_ENABLED: true,
    TRUSTED_PROXY_HOPS: true,
    ADMIN_IP_ALLOWLIST: true,
  })
  .extend(policyOverrideShape);
export type EdgeEnv = Pick<
  Env,
  | 'NODE_ENV'
  | 'NEXTAUTH_SECRET'
  | 'NEXTAUTH_URL'
  | 'UPSTASH_REDIS_REST_URL'
  | 'UPSTASH_REDIS_REST_TOKEN'
  | 'RATE_LIMIT_ENABLED'
  | 'TRUSTED_PROXY_HOPS'
  | 'ADMIN_IP_ALLOWLIST'
>;

export function parseEnv(source: Record<string, string | undefined>): Env;
export function parseEnv<S extends z.ZodType>(source: Record<string, string | undefined>, schema: S): z.infer<S>;
export function parseEnv(source: Record<string, string | undefined>, schema: z.ZodType = envSchemaWithPolicies) {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(root)'),
      message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
    })),
  );
}
