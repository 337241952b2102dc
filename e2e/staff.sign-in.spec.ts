import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * The pages run under the app's own Content-Security-Policy (middleware.ts: a
 * nonce per request, no 'unsafe-eval') and the scripts, the CAPTCHA's worker
 * among them, under the one next.config.ts gives build assets (a dedicated
 * worker runs under its own script's policy). Checks both are strict and
 * returns the violations the browser reports.
 */
async function underStrictCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy|unsafe-eval/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(error.message));
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'document' && type !== 'script' && type !== 'worker') return;
    const policy = response.headers()['content-security-policy'] ?? '';
    if (!/script-src 'self'/.test(policy) || /unsafe-eval/.test(policy)) {
      violations.push(`${type} ${response.url()} served with policy "${policy}"`);
    }
  });
  return violations;
}

async function tryPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.describe('staff sign-in', () => {
  test('signed out, /admin asks to sign in', async ({ page }) => {
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/admin\/sign-in/);
    await expect(page.getByRole('heading', { name: 'Staff sign-in' })).toBeVisible();
  });

  test('a wrong password is refused with one neutral message', async ({ page }) => {
    await page.goto('/admin/sign-in');
    await page.getByLabel('Email').fill('owner@demo-bistro.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // (Next's route announcer is an alert too: look inside the form.)
    await expect(page.locator('form').getByRole('alert')).toHaveText('That email and password don’t match an account.');
    await expect(page).toHaveURL(/\/admin\/sign-in/);
  });

  test('the Demo Bistro owner signs in and sees their restaurant', async ({ page }) => {
    await page.goto('/admin/sign-in');
    await page.getByLabel('Email').fill('owner@demo-bistro.test');
    await page.getByLabel('Password').fill('demo-bistro-pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId('restaurant-name')).toHaveText('Demo Bistro');
    await expect(page.getByText('5 tables')).toBeVisible();
    await page.screenshot({ path: 'e2e/.artifacts/admin-dashboard-1366.png' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/admin\/sign-in/);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/admin\/sign-in/);
  });

  test('after 3 failed sign-ins the browser solves a check, with visible progress, under a strict CSP', async ({
    page,
  }) => {
    // An owner no other browser test signs in as: its failure count starts at 0.
    const email = 'owner@instant-cafe.test';
    const violations = await underStrictCsp(page);
    await page.goto('/admin/sign-in');
    const form = page.locator('form');
    for (let i = 0; i < 3; i++) {
      await tryPassword(page, email, `wrong-${i}`);
      await expect(form.getByRole('alert')).toHaveText('That email and password don’t match an account.');
    }

    // The check can take well under a second: record every text the status
    // region and the button show, instead of hoping to poll at the right time.
    const seen: { at: number; status: string; button: string }[] = [];
    await page.exposeFunction('recordSignInCheck', (entry: { at: number; status: string; button: string }) =>
      seen.push(entry),
    );
    await page.evaluate(() => {
      const status = document.querySelector('[data-testid="sign-in-check"]')!;
      const button = document.querySelector('form button[type="submit"]')!;
      const report = () =>
        (window as unknown as { recordSignInCheck: (entry: object) => void }).recordSignInCheck({
          at: performance.now(),
          status: status.textContent ?? '',
          button: button.textContent ?? '',
        });
      const observer = new MutationObserver(report);
      for (const node of [status, button])
        observer.observe(node, { subtree: true, childList: true, characterData: true });
    });

    await expect(form.getByTestId('sign-in-check')).toHaveAttribute('role', 'status');
    await tryPassword(page, email, 'instant-cafe-pass');
    await expect(page).toHaveURL(/\/admin$/, { timeout: 15_000 });
    await expect(page.getByTestId('restaurant-name')).toHaveText('Instant Café');

    const progress = seen.filter((entry) => /^Checking this browser… \d+ %$/.test(entry.status));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((entry) => entry.button === 'Checking this browser…')).toBe(true);
    const solvedAt = seen.find((entry) => entry.at > progress[0]!.at && entry.status === '')?.at;
    test.info().annotations.push({
      type: 'captcha-solve-ms',
      description: String(Math.round((solvedAt ?? Number.NaN) - progress[0]!.at)),
    });
    expect(violations).toEqual([]);
  });

  test('the sign-in page passes an axe accessibility check, also with an error shown', async ({ page }) => {
    const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
    await page.goto('/admin/sign-in');
    expect((await new AxeBuilder({ page }).withTags(wcag).analyze()).violations).toEqual([]);

    await tryPassword(page, 'nobody@example.test', 'not-the-password');
    await expect(page.locator('form').getByRole('alert')).toBeVisible();
    expect((await new AxeBuilder({ page }).withTags(wcag).analyze()).violations).toEqual([]);
  });
});
