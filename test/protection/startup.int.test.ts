// A production server refuses unsafe settings unless they are acknowledged by
// name: every limit off, no NEXTAUTH_URL, an open /api/metrics.
import { describe, expect, it } from 'vitest';
import { startAppServer } from '@/test/app-server';

describe('production start-up', () => {
  it('refuses RATE_LIMIT_ENABLED=false, naming the way out', async () => {
    await expect(startAppServer({ RATE_LIMIT_ENABLED: 'false' })).rejects.toThrow(
      /RATE_LIMIT_ENABLED=false turns every rate limit off; fix it, or accept it with TABLESIDE_ACCEPT_UNSAFE=rate-limits-off/,
    );
  });

  it('refuses an open /api/metrics and a missing NEXTAUTH_URL', async () => {
    const refused = startAppServer({ METRICS_TOKEN: '', NEXTAUTH_URL: '' });
    await expect(refused).rejects.toThrow(/METRICS_TOKEN is not set/);
    await expect(refused).rejects.toThrow(/NEXTAUTH_URL is not set/);
  });

  it('starts when the operator accepts them by name, and says loudly that limits are off', async () => {
    const server = await startAppServer({
      RATE_LIMIT_ENABLED: 'false',
      METRICS_TOKEN: '',
      TABLESIDE_ACCEPT_UNSAFE: 'rate-limits-off,open-metrics',
    });
    try {
      expect((await fetch(`${server.url}/api/metrics`)).status).toBe(200);
      expect(server.output()).toMatch(/RATE_LIMIT_ENABLED=false: every rate limit is OFF/);
    } finally {
      await server.stop();
    }
  });

  it('refuses an unknown acknowledgement instead of ignoring it', async () => {
    await expect(startAppServer({ TABLESIDE_ACCEPT_UNSAFE: 'everything' })).rejects.toThrow(/TABLESIDE_ACCEPT_UNSAFE/);
  });
});
