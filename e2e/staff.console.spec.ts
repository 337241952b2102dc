// The console as a quick member of staff uses it: every page load asks the
// server only for what that page shows. Prefetching the other console pages
// on each load spent six requests of the user's `global-burst` (20 per 5 s)
// unasked, and three quick page loads were refused.
import { expect, test } from '@playwright/test';
import { seriousAxeViolations } from './support/axe';
import { signIn } from './support/console';

test('a console page load asks only for itself: no prefetch of the other pages', async ({ page }) => {
  await signIn(page, { email: 'owner@demo-bistro.test', password: 'demo-bistro-pass' });
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === new URL(page.url()).origin && !url.pathname.startsWith('/_next/static')) {
      asked.push(`${request.method()} ${url.pathname}`);
    }
  });
  for (const path of ['/admin', '/admin/orders', '/admin/staff', '/admin/account']) {
    asked.length = 0;
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState('networkidle').catch(() => {});
    // The board keeps a live stream open, so "network idle" may never come: give prefetches time instead.
    await page.waitForTimeout(1_000);
    const others = asked.filter((line) => line.startsWith('GET /admin') && !line.endsWith(` ${path}`));
    expect(others, `${path} asked for other pages`).toEqual([]);
    // The document, plus what the page itself reads (the board: its list and its live stream).
    expect(asked.length, asked.join('\n')).toBeLessThanOrEqual(path === '/admin/orders' ? 3 : 2);
  }
  expect(await seriousAxeViolations(page)).toEqual([]);
});
