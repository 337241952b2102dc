import { expect, test } from '@playwright/test';
import { seriousAxeViolations } from './support/axe';

test.describe('guest menu on a phone', () => {
  test('lists the Demo Bistro menu with euro prices', async ({ page }) => {
    await page.goto('/menu/demo-t1');
    await expect(page.getByRole('heading', { level: 1, name: 'Demo Bistro' })).toBeVisible();
    await expect(page.getByText('Table 1')).toBeVisible();

    for (const category of ['Starters', 'Mains', 'Desserts', 'Drinks']) {
      await expect(page.getByRole('heading', { level: 2, name: category })).toBeVisible();
    }
    const steak = page.getByTestId('product').filter({ hasText: 'Steak Frites' });
    await expect(steak.getByTestId('price')).toHaveText('€24.50');
    await expect(page.getByTestId('product')).toHaveCount(14);
    const prices = await page.getByTestId('price').allTextContents();
    expect(prices.every((p) => /^€\d+\.\d{2}$/.test(p))).toBe(true);

    const unavailable = page.getByTestId('product').filter({ hasText: 'Steak Tartare' });
    await expect(unavailable).toHaveAttribute('aria-disabled', 'true');
    await expect(unavailable.getByText('Unavailable')).toBeVisible();

    // The page fits the phone: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // A guest id cookie is issued, httpOnly.
    const guest = (await page.context().cookies()).find((c) => c.name === 'tableside_guest');
    expect(guest?.httpOnly).toBe(true);

    await page.screenshot({ path: 'e2e/.artifacts/menu-demo-t1-390x844.png', fullPage: false });
  });

  test('passes an axe accessibility check (no serious or critical findings)', async ({ page }) => {
    await page.goto('/menu/demo-t1');
    await expect(page.getByRole('heading', { level: 1, name: 'Demo Bistro' })).toBeVisible();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  test('shows yen without decimals for Sakura Sushi', async ({ page }) => {
    await page.goto('/menu/sakura-t2');
    await expect(page.getByRole('heading', { level: 1, name: 'Sakura Sushi' })).toBeVisible();
    const salmon = page.getByTestId('product').filter({ hasText: 'Salmon Nigiri' });
    await expect(salmon.getByTestId('price')).toHaveText('¥480');
  });

  test('an unknown table gets a friendly page', async ({ page }) => {
    const response = await page.goto('/menu/no-such-table');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'We couldn’t find this table' })).toBeVisible();
  });
});
