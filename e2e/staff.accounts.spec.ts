import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createPrismaClient } from '../server/prisma-client';
import { seriousAxeViolations } from './support/axe';
import {
  BISTRO_OWNER,
  bistroProductIds,
  card,
  expectLive,
  laptopContext,
  placeOrderByApi,
  signIn,
  unique,
} from './support/console';

// Staff accounts as owners manage them (/admin/staff) and as each person
// keeps their own (/admin/account). Every account here is made by the test,
// under an email no other run uses: the seeded owner's password never changes.

const SCREENSHOTS = 'test-results/screenshots';
const NEUTRAL_REFUSAL = 'That email and password don’t match an account.';

/** The owner adds a staff member through the staff page; returns the one-time password the dialog shows. */
async function addStaffMember(owner: Page, name: string, email: string): Promise<string> {
  await owner.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Staff' }).click();
  await expect(owner).toHaveURL(/\/admin\/staff$/);
  await owner.getByRole('button', { name: 'Add staff member' }).click();
  const dialog = owner.getByRole('dialog', { name: 'Add a staff member' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Email').fill(email);
  await expect(dialog.getByRole('combobox', { name: 'Role' })).toHaveText('Staff');
  await dialog.getByRole('button', { name: 'Create account' }).click();

  const created = owner.getByRole('dialog', { name: 'Account created' });
  await expect(created).toContainText(`Give ${email} this password.`);
  const password = (await created.getByTestId('initial-password').textContent())?.trim() ?? '';
  expect(password.length).toBeGreaterThanOrEqual(10);
  await created.getByRole('button', { name: 'Done' }).click();
  await expect(created).toBeHidden();
  const row = owner.getByTestId('staff-row').and(owner.locator(`[data-email="${email}"]`));
  await expect(row).toContainText(name);
  await expect(row.getByRole('combobox', { name: `Role of ${email}` })).toHaveText('Staff');
  await expect(row).toContainText('Active');
  return password;
}

async function refusedSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText(NEUTRAL_REFUSAL);
  await expect(page).toHaveURL(/\/admin\/sign-in/);
}

async function isActive(email: string): Promise<boolean | undefined> {
  const db = createPrismaClient(process.env.DATABASE_URL!, 1);
  try {
    return (await db.user.findUnique({ where: { email }, select: { active: true } }))?.active;
  } finally {
    await db.$disconnect();
  }
}

test.describe('staff accounts', () => {
  test('an owner adds a staff member, who runs the board but not the staff page; deactivated, they are out', async ({
    page,
    browser,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const name = unique('Sam Server');
    const email = `${name.split(' ').pop()}@staff.demo-bistro.test`;
    await signIn(page, BISTRO_OWNER);
    const password = await addStaffMember(page, name, email);
    await expect(page.getByTestId('staff-table')).toBeVisible();
    expect(await seriousAxeViolations(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/staff-1366.png` });

    // The staff member, in a browser of their own.
    const staffWindow = await laptopContext(browser);
    const staff = await staffWindow.newPage();
    await signIn(staff, { email, password });
    await expect(staff.getByRole('banner')).toContainText('Role: Staff');
    const nav = staff.getByRole('navigation', { name: 'Console' });
    await expect(nav.getByRole('link')).toHaveText(['Overview', 'Orders', 'Account']);
    await staff.goto('/admin/staff');
    await expect(staff.getByTestId('owners-only')).toContainText('Only the restaurant’s owners manage staff accounts');
    await expect(staff.getByTestId('staff-table')).toHaveCount(0);
    await nav.getByRole('link', { name: 'Orders' }).click();
    await expect(staff).toHaveURL(/\/admin\/orders$/);
    await expectLive(staff);

    // The owner deactivates the account, after a confirmation.
    const row = page.getByTestId('staff-row').and(page.locator(`[data-email="${email}"]`));
    await row.getByRole('button', { name: 'Deactivate' }).click();
    const confirm = page.getByRole('alertdialog', { name: `Deactivate ${email}?` });
    await expect(confirm).toContainText('or not at all, until reactivated');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(row).toContainText('Deactivated');
    expect(await isActive(email)).toBe(false);

    // The open board stops with the next change it would have shown, which it does not show.
    const latecomer = unique('Latecomer');
    const guest = await playwright.request.newContext({ baseURL });
    const products = await bistroProductIds(['Espresso']);
    await placeOrderByApi(guest, {
      table: 'demo-t4',
      customerName: latecomer,
      items: [{ productId: products.get('Espresso')!, quantity: 1 }],
    });
    await guest.dispose();
    await expect(staff.getByTestId('board-live')).toHaveAttribute('data-state', 'stopped');
    await expect(staff.getByTestId('board-live')).toHaveText('Not live');
    await expect(card(staff, latecomer)).toHaveCount(0);

    // A reload lands on the sign-in page within the recheck interval (3 s in these tests).
    await expect
      .poll(
        async () => {
          await staff.goto('/admin/orders');
          return new URL(staff.url()).pathname;
        },
        { timeout: 10_000 },
      )
      .toBe('/admin/sign-in');
    await refusedSignIn(staff, email, password);
    await staffWindow.close();
  });

  test('a staff member changes their own password: the wrong current one is named, the right one signs them out', async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    const name = unique('Pat Runner');
    const email = `${name.split(' ').pop()}@staff.demo-bistro.test`;
    await signIn(page, BISTRO_OWNER);
    const initial = await addStaffMember(page, name, email);

    const staffWindow = await laptopContext(browser);
    const staff = await staffWindow.newPage();
    await signIn(staff, { email, password: initial });
    await staff.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Account' }).click();
    await expect(staff).toHaveURL(/\/admin\/account$/);
    await expect(staff.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await expect(staff.getByRole('main')).toContainText(`${name} · ${email} · Staff`);
    expect(await seriousAxeViolations(staff)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await staff.screenshot({ path: `${SCREENSHOTS}/account-1366.png` });

    const current = staff.getByLabel('Current password');
    const next = staff.getByLabel('New password');
    const fresh = `${name.split(' ').pop()}-new-pass`;
    await current.fill('not-my-password');
    await next.fill(fresh);
    await staff.getByRole('button', { name: 'Change password' }).click();
    await expect(staff.getByText('Your current password is not correct')).toBeVisible();
    await expect(current).toHaveAttribute('aria-invalid', 'true');
    await expect(next).not.toHaveAttribute('aria-invalid');
    await expect(staff).toHaveURL(/\/admin\/account$/);
    expect(await seriousAxeViolations(staff)).toEqual([]);

    await current.fill(initial);
    await staff.getByRole('button', { name: 'Change password' }).click();
    await expect(staff).toHaveURL(/\/admin\/sign-in/);
    await staff.goto('/admin/account');
    await expect(staff).toHaveURL(/\/admin\/sign-in/);

    await refusedSignIn(staff, email, initial);
    await signIn(staff, { email, password: fresh });
    await expect(staff.getByRole('banner')).toContainText('Role: Staff');
    await staffWindow.close();
  });
});
