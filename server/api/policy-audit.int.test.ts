// Every procedure declares its limits: walks the whole router.
import { describe, expect, it } from 'vitest';
import { POLICY_NAMES } from '../ratelimit/policies';
import { declaredPolicies } from './rate-limited';
import { appRouter } from './root';

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { middlewares: unknown[] } }>,
);

describe('rate-limit audit of the router', () => {
  it('finds the procedures', () => {
    expect(procedures.map(([path]) => path)).toEqual(
      expect.arrayContaining(['menu.get', 'auth.register', 'restaurant.overview']),
    );
  });

  for (const [path, procedure] of procedures) {
    it(`${path} declares at least one known policy`, () => {
      const policies = declaredPolicies(procedure);
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) expect(POLICY_NAMES).toContain(policy);
    });
  }
});
