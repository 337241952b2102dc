import { expect, test, type Page } from '@playwright/test';
import { seriousAxeViolations } from './support/axe';

// Sign-up lets 3 requests per hour through from one address (`register`):
// this file sends exactly one, the malformed email below never leaves the browser.

/** A restaurant no other run has created: the sign-up answer is the same for a known email. */
function newRestaurant() {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `Harbour Kitchen ${run}`, email: `owner-${run}@sign-up.test`, password: `harbour-${run}-pass` };
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Requests for auth.register (batched tRPC URLs name every procedure in the path). */
function registerRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/trpc/') && request.url().includes('auth.register')) seen.push(request.url());
  });
  return seen;
}

test.describe('restaurant sign-up', () => {
  test('a new restaurant signs up from the sign-in page, signs in and lands in its console', async ({ page }) => {
    const restaurant = newRestaurant();
    await page.goto('/admin/sign-in');
    await page.getByRole('link', { name: 'Create your restaurant’s account' }).click();
    await expect(page).toHaveURL(/\/admin\/sign-up$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Create your restaurant' })).toBeVisible();

    await page.getByLabel('Restaurant name').fill(restaurant.name);
    await page.getByLabel('Email').fill(restaurant.email);
    const password = page.getByLabel('Password', { exact: true });
    await password.fill(restaurant.password);
    const show = page.getByRole('button', { name: 'Show password' });
    await show.click();
    await expect(password).toHaveAttribute('type', 'text');
    await expect(show).toHaveAttribute('aria-pressed', 'true');
    await show.click();
    await expect(password).toHaveAttribute('type', 'password');

    // The currency picker by keyboard: open, type to jump, choose.
    const currency = page.getByRole('combobox', { name: 'Currency' });
    await expect(currency).toHaveText(/^EUR/);
    await currency.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('listbox')).toBeVisible();
    await page.getByRole('option', { name: /^GBP/ }).focus();
    await page.keyboard.press('Enter');
    await expect(currency).toHaveText(/^GBP/);
    await expect(currency).toBeFocused();

    const sent = registerRequests(page);
    await page.getByRole('button', { name: 'Create restaurant' }).click();
    // The server's answer, as given: the same words whether or not the email had an account.
    await expect(page.getByRole('status').filter({ hasText: 'Sign-up received' })).toContainText(
      'If this email had no Tableside account yet, your restaurant is ready',
    );
    expect(sent).toHaveLength(1);

    await page.getByRole('link', { name: 'Go to sign-in' }).click();
    await expect(page).toHaveURL(/\/admin\/sign-in/);
    await signIn(page, restaurant.email, restaurant.password);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId('restaurant-name')).toHaveText(restaurant.name);
    await expect(page.getByRole('heading', { level: 1, name: restaurant.name })).toBeVisible();
    await expect(page.getByText('0 tables')).toBeVisible();
    await expect(page.getByText('GBP', { exact: true })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Role: Owner');
    await expect(page.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  });

  test('a malformed email is named on its field, and nothing is sent', async ({ page }) => {
    const sent = registerRequests(page);
    await page.goto('/admin/sign-up');
    await page.getByLabel('Restaurant name').fill('Corner Café');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password', { exact: true }).fill('long-enough-password');
    await page.getByRole('button', { name: 'Create restaurant' }).click();

    const email = page.getByLabel('Email');
    const message = page.getByText('Must be an email address');
    await expect(message).toBeVisible();
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toBeFocused();
    const messageId = await message.getAttribute('id');
    expect(messageId).toBeTruthy();
    expect((await email.getAttribute('aria-describedby'))?.split(' ')).toContain(messageId);
    // Only the bad field: the others passed the same schema the server uses.
    await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await email.fill('owner@corner-cafe.test');
    await expect(email).not.toHaveAttribute('aria-invalid');
    await expect(message).toBeHidden();
    expect(sent).toEqual([]);
  });

  test('sign-up and the console overview pass an axe check (no serious or critical findings)', async ({ page }) => {
    await page.goto('/admin/sign-up');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.goto('/admin/sign-in');
    await signIn(page, 'owner@demo-bistro.test', 'demo-bistro-pass');
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByTestId('restaurant-name')).toHaveText('Demo Bistro');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The skip link is the first stop of the keyboard and moves focus to the page.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#content')).toBeFocused();
  });
});
