import { expect, test } from '@playwright/test';

test.describe('a guest over a limit, on a phone', () => {
  test('sees a friendly countdown instead of an error, then the menu again', async ({ page, request }) => {
    // Another guest's client has used up this table's allowance (menu-table: 60 per minute).
    const input = encodeURIComponent(JSON.stringify({ json: { tableToken: 'demo-t5' } }));
    let status = 200;
    for (let i = 0; i < 80 && status !== 429; i++)
      status = (await request.get(`/api/trpc/menu.get?input=${input}`)).status();
    expect(status).toBe(429);

    await page.goto('/menu/demo-t5');
    const notice = page.getByTestId('too-fast');
    await expect(notice).toContainText(/You're going a bit fast — try again in \d+ s\./);
    const first = Number(/in (\d+) s/.exec((await notice.textContent()) ?? '')?.[1]);
    await expect
      .poll(async () => Number(/in (\d+) s/.exec((await notice.textContent()) ?? '')?.[1] ?? 0))
      .toBeLessThan(first);
    await page.screenshot({ path: 'e2e/.artifacts/menu-rate-limited-390x844.png' });
  });
});
