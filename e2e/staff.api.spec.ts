import { expect, test } from '@playwright/test';

// The HTTP contract of SPEC §7 that black-box clients rely on.
test.describe('HTTP API', () => {
  test('health answers 200 with the state of each dependency', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: 'ok', redis: 'ok' });
  });

  test('credentials sign-in: 200 with a session cookie, 401 for a wrong password', async ({ playwright, baseURL }) => {
    async function signIn(password: string) {
      const api = await playwright.request.newContext({ baseURL });
      const { csrfToken } = (await (await api.get('/api/auth/csrf')).json()) as { csrfToken: string };
      const response = await api.post('/api/auth/callback/credentials', {
        form: { csrfToken, email: 'owner@sakura.test', password, json: 'true' },
      });
      const cookies = await api.storageState();
      await api.dispose();
      return {
        status: response.status(),
        session: cookies.cookies.some((c) => c.name.endsWith('next-auth.session-token')),
      };
    }
    expect(await signIn('sakura-pass')).toEqual({ status: 200, session: true });
    expect(await signIn('wrong-pass')).toEqual({ status: 401, session: false });
  });

  test('menu.get over tRPC with superjson', async ({ request }) => {
    const input = encodeURIComponent(JSON.stringify({ 0: { json: { tableToken: 'instant-t1' } } }));
    const response = await request.get(`/api/trpc/menu.get?batch=1&input=${input}`);
    expect(response.status()).toBe(200);
    const [first] = (await response.json()) as [
      { result: { data: { json: { restaurant: { name: string; immediatePaymentRequired: boolean } } } } },
    ];
    expect(first.result.data.json.restaurant).toMatchObject({ name: 'Instant Café', immediatePaymentRequired: true });

    const missing = await request.get(
      `/api/trpc/menu.get?input=${encodeURIComponent(JSON.stringify({ json: { tableToken: 'nope-nope' } }))}`,
    );
    expect(missing.status()).toBe(404);
  });
});
