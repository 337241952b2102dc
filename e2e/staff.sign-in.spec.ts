import { expect, test } from '@playwright/test';

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
});
