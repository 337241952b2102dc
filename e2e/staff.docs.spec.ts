import { expect, test } from '@playwright/test';
import { POLICY_NAMES } from '../server/ratelimit/policies';

test('the limits page documents every policy', async ({ page }) => {
  await page.goto('/docs/limits');
  await expect(page.getByRole('heading', { level: 1, name: 'Rate limits' })).toBeVisible();
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(POLICY_NAMES.length);
  await expect(page.locator('tr#login')).toContainText('refused with 503 (fail closed)');
  await expect(page.locator('tr#global')).toContainText('RATE_LIMIT_GLOBAL_PER_MINUTE');
  await page.screenshot({ path: 'e2e/.artifacts/docs-limits-1366.png', fullPage: true });
});
