import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvError, envSchema, parseEnv, unsafeSettings } from './env-schema';
import { resolvePolicies } from './ratelimit/policies';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
  UPSTASH_REDIS_REST_TOKEN: 'token',
  NEXTAUTH_SECRET: 'x'.repeat(32),
};

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.RATE_LIMIT_ENABLED).toBe(true);
    expect(env.TRUSTED_PROXY_HOPS).toBe(1);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('names a missing variable', () => {
    const { DATABASE_URL: _omit, ...rest } = valid;
    expect(() => parseEnv(rest)).toThrowError(/DATABASE_URL: is required but not set/);
  });

  it('names every malformed variable at once', () => {
    try {
      parseEnv({ ...valid, PORT: 'eighty', RATE_LIMIT_ENABLED: 'maybe', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const variables = (error as EnvError).issues.map((i) => i.variable).sort();
      expect(variables).toEqual(['DATABASE_URL', 'PORT', 'RATE_LIMIT_ENABLED']);
    }
  });

  it('refuses a short NEXTAUTH_SECRET', () => {
    expect(() => parseEnv({ ...valid, NEXTAUTH_SECRET: 'short' })).toThrowError(/NEXTAUTH_SECRET/);
  });

  it('reads RATE_LIMIT_ENABLED=false as off', () => {
    expect(parseEnv({ ...valid, RATE_LIMIT_ENABLED: 'false' }).RATE_LIMIT_ENABLED).toBe(false);
  });
});

describe('edge env', () => {
  it('validates only what the middleware reads', async () => {
    const { edgeEnvSchema } = await import('./env-schema');
    const edge = parseEnv(
      { NEXTAUTH_SECRET: 'x'.repeat(32), UPSTASH_REDIS_REST_URL: 'http://h', UPSTASH_REDIS_REST_TOKEN: 't' },
      edgeEnvSchema,
    );
    expect(edge.TRUSTED_PROXY_HOPS).toBe(1);
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: 'http://h' }, edgeEnvSchema)).toThrowError(/NEXTAUTH_SECRET/);
  });
});

describe('rate-limit policy overrides', () => {
  it('names a malformed override and accepts good ones, including the legacy aliases', () => {
    expect(() => parseEnv({ ...valid, RATE_LIMIT_MENU_TABLE_LIMIT: 'sixty' })).toThrowError(
      /RATE_LIMIT_MENU_TABLE_LIMIT/,
    );
    expect(() => parseEnv({ ...valid, RATE_LIMIT_GLOBAL_WINDOW: '0' })).toThrowError(
      /RATE_LIMIT_GLOBAL_WINDOW: must be at least 1/,
    );
    expect(() => parseEnv({ ...valid, RATE_LIMIT_BLOCK_MAX_SECONDS: '7200' })).toThrowError(
      /RATE_LIMIT_BLOCK_MAX_SECONDS/,
    );
    const env = parseEnv({
      ...valid,
      RATE_LIMIT_LOGIN_PER_15MIN: '8',
      RATE_LIMIT_MENU_WINDOW: '30',
    }) as unknown as Record<string, number>;
    const policies = resolvePolicies(env);
    expect(policies.login.limit).toBe(8);
    expect(policies.menu).toMatchObject({ limit: 30, windowSeconds: 30 });
    expect(policies.global).toMatchObject({ limit: 100, windowSeconds: 60 });
  });
});

describe('.env.example', () => {
  const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));

  it('documents every variable the schema reads', () => {
    const missing = Object.keys(envSchema.shape).filter((name) => name !== 'NODE_ENV' && !documented.has(name));
    expect(missing).toEqual([]);
  });

  it('documents nothing the schema does not read', () => {
    const policyNames = /^RATE_LIMIT_[A-Z_]+$/;
    const unknown = [...documented].filter((name) => !(name in envSchema.shape) && !policyNames.test(name));
    expect(unknown).toEqual([]);
  });
});

describe('unsafe production settings', () => {
  const production = {
    ...valid,
    NODE_ENV: 'production',
    NEXTAUTH_URL: 'https://tableside.example',
    METRICS_TOKEN: 't',
  };

  it('none in a safe production configuration, nor outside production', () => {
    expect(unsafeSettings(parseEnv(production))).toEqual([]);
    expect(unsafeSettings(parseEnv({ ...valid, RATE_LIMIT_ENABLED: 'false' }))).toEqual([]);
  });

  it('names each, and drops those acknowledged by name', () => {
    const unsafe = { ...production, RATE_LIMIT_ENABLED: 'false', NEXTAUTH_URL: '', METRICS_TOKEN: '' };
    expect(unsafeSettings(parseEnv(unsafe)).map((u) => u.setting)).toEqual([
      'rate-limits-off',
      'no-nextauth-url',
      'open-metrics',
    ]);
    const accepted = { ...unsafe, TABLESIDE_ACCEPT_UNSAFE: 'open-metrics, rate-limits-off' };
    expect(unsafeSettings(parseEnv(accepted)).map((u) => u.setting)).toEqual(['no-nextauth-url']);
    expect(unsafeSettings(parseEnv({ ...unsafe, TABLESIDE_DEMO: 'true' })).map((u) => u.setting)).not.toContain(
      'open-metrics',
    );
  });
});
