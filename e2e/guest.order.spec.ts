import { expect, test, type Page } from '@playwright/test';
import { createPrismaClient } from '../server/prisma-client';
import { setOrderStatus } from './support/orders';

// Prices are read off the menu as the guest sees them ("€24.50"), never hard-coded.
const minorOf = (price: string | null) => Math.round(Number((price ?? '').replace(/[^\d.]/g, '')) * 100);
const euros = (minor: number) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(minor / 100);

function product(page: Page, name: string) {
  return page.getByTestId('product').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

async function priceOf(page: Page, name: string): Promise<number> {
  return minorOf(await product(page, name).getByTestId('price').textContent());
}

const cartBar = (page: Page) => page.getByRole('button', { name: /^View order/ });
const sheet = (page: Page) => page.getByRole('dialog', { name: 'Your order' });
const currentStep = (page: Page) => page.getByTestId('order-steps').locator('[aria-current="step"]');

/** Staff mark a dish sold out (straight in the database: the menu on the guest's screen is now out of date). */
async function setAvailable(productName: string, available: boolean) {
  const db = createPrismaClient(process.env.DATABASE_URL!, 1);
  try {
    await db.product.updateMany({ where: { name: productName, tenant: { name: 'Demo Bistro' } }, data: { available } });
  } finally {
    await db.$disconnect();
  }
}

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('ordering from the table, on a phone', () => {
  test('places an order and follows it live on the order page', async ({ page }) => {
    await page.goto('/menu/demo-t1');
    const steak = await priceOf(page, 'Steak Frites');
    const brulee = await priceOf(page, 'Crème Brûlée');
    const total = euros(2 * steak + brulee);

    await page.getByRole('button', { name: 'Add Steak Frites' }).click();
    await page.getByRole('button', { name: 'Add Steak Frites' }).click();
    await page.getByRole('button', { name: 'Add Crème Brûlée' }).click();
    await expect(cartBar(page)).toHaveAccessibleName(`View order · 3 items · ${total}`);
    await noSidewaysScroll(page);
    await page.screenshot({ path: 'e2e/.artifacts/menu-with-cart-390x844.png' });

    await cartBar(page).click();
    await expect(sheet(page)).toBeVisible();
    await expect(sheet(page).getByTestId('cart-line')).toHaveCount(2);
    await expect(sheet(page).getByTestId('cart-total')).toHaveText(total);
    await sheet(page).getByLabel('Note for Steak Frites').fill('Medium rare, please');

    // No name yet: the sheet says so next to the field and puts the cursor there.
    await sheet(page).getByRole('button', { name: 'Place order' }).click();
    await expect(sheet(page).getByLabel('Your name')).toBeFocused();
    await expect(sheet(page).getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
    await sheet(page).getByLabel('Your name').fill('Alex');
    await expect(sheet(page).getByLabel('Your name')).not.toHaveAttribute('aria-invalid');
    await page.screenshot({ path: 'e2e/.artifacts/cart-open-390x844.png' });
    await sheet(page).getByRole('button', { name: 'Place order' }).click();

    await page.waitForURL(/\/menu\/demo-t1\/orders\/[^/]+$/);
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await expect(page.getByRole('heading', { level: 1, name: 'Your order' })).toBeVisible();
    await expect(page.getByTestId('order-status')).toHaveText('Order received');
    await expect(currentStep(page)).toContainText('Received');
    await expect(page.getByTestId('order-total')).toHaveText(total);
    await expect(page.getByTestId('order-customer')).toHaveText('Alex');
    const steakLine = page.getByTestId('order-item').filter({ hasText: 'Steak Frites' });
    await expect(steakLine).toContainText('2 ×');
    await expect(steakLine).toContainText('Medium rare, please');
    await expect(steakLine).toContainText(euros(2 * steak));
    await expect(page.getByTestId('order-item')).toHaveCount(2);
    await expect(page.getByTestId('live-indicator')).toHaveText('Live');
    await noSidewaysScroll(page);
    await page.screenshot({ path: 'e2e/.artifacts/order-received-390x844.png', fullPage: true });

    // Staff move the order: the open page follows, without a reload.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await setOrderStatus(orderId, 'PREPARING');
    await expect(currentStep(page)).toContainText('Preparing');
    await expect(page.getByTestId('order-status')).toHaveText('Being prepared');
    await expect(page.getByTestId('order-steps').getByText('Received')).toContainText('(done)');
    // The items follow their order: none is left showing "Waiting".
    await expect(page.locator('[data-testid="order-item"][data-status="PREPARING"]')).toHaveCount(2);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.screenshot({ path: 'e2e/.artifacts/order-preparing-390x844.png' });

    // A reload shows the same state.
    await page.reload();
    await expect(currentStep(page)).toContainText('Preparing');
    await expect(page.getByTestId('order-total')).toHaveText(total);

    // Back on the menu: the cart is empty and the order is listed.
    await page.getByRole('link', { name: 'Back to menu' }).click();
    await page.waitForURL(/\/menu\/demo-t1$/);
    const mine = page.getByRole('region', { name: 'Your orders at this table' });
    await expect(mine.getByTestId('my-order')).toHaveCount(1);
    await expect(mine.getByTestId('my-order')).toContainText('Preparing');
    await expect(mine.getByTestId('my-order')).toContainText(total);
    await expect(cartBar(page)).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Your orders 1' })).toBeVisible();
    await page.screenshot({ path: 'e2e/.artifacts/menu-top-with-orders-390x844.png' });
    await mine.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'e2e/.artifacts/menu-your-orders-390x844.png' });

    await mine.getByTestId('my-order').click();
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
    await expect(currentStep(page)).toContainText('Preparing');
    await page.setViewportSize({ width: 360, height: 740 });
    await noSidewaysScroll(page);
    await page.screenshot({ path: 'e2e/.artifacts/order-preparing-360x740.png' });
  });

  test('a lost answer is retried with the same key: one order, not two', async ({ page }) => {
    await page.goto('/menu/demo-t3');
    await page.getByRole('button', { name: 'Add Duck Confit' }).click();
    await cartBar(page).click();
    await sheet(page).getByLabel('Your name').fill('Sam');

    // The first answer never arrives (the order is made on the server; the phone loses the reply).
    let placed = 0;
    await page.route('**/api/trpc/order.place**', async (route) => {
      placed += 1;
      if (placed === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await sheet(page).getByRole('button', { name: 'Place order' }).dblclick();
    await page.waitForURL(/\/menu\/demo-t3\/orders\/[^/]+$/);
    expect(placed).toBe(2);

    await page.getByRole('link', { name: 'Back to menu' }).click();
    await expect(page.getByRole('region', { name: 'Your orders at this table' }).getByTestId('my-order')).toHaveCount(
      1,
    );
  });

  test('a lost answer, then a changed cart: the earlier order is shown, not a second one', async ({ page }) => {
    test.setTimeout(60_000); // the phone's own retries (2 + 4 + 8 s) run out first
    await page.goto('/menu/demo-t3');
    await page.getByRole('button', { name: 'Add Duck Confit' }).click();
    await cartBar(page).click();
    await sheet(page).getByLabel('Your name').fill('Robin');

    // The order is made, but no answer ever reaches the phone, retries included.
    let made = false;
    await page.route('**/api/trpc/order.place**', async (route) => {
      if (!made) {
        made = true;
        await route.fetch();
      }
      await route.abort('connectionreset');
    });
    await sheet(page).getByRole('button', { name: 'Place order' }).click();
    await expect(sheet(page).getByText(/couldn’t reach the restaurant/)).toBeVisible({ timeout: 30_000 });
    await page.unroute('**/api/trpc/order.place**');

    // Not knowing it went through, the guest adds one more and tries again.
    await sheet(page).getByRole('button', { name: 'Increase quantity of Duck Confit' }).click();
    await sheet(page).getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/menu\/demo-t3\/orders\/[^/]+$/);
    await expect(page.getByTestId('order-item')).toHaveCount(1);
    await expect(page.getByTestId('order-item')).toContainText('1 ×');

    // One order at the table; the duck added afterwards is still in the cart.
    await page.getByRole('link', { name: 'Back to menu' }).click();
    await expect(page.getByRole('region', { name: 'Your orders at this table' }).getByTestId('my-order')).toHaveCount(
      1,
    );
    await expect(cartBar(page)).toHaveAccessibleName(/^View order · 1 item ·/);
  });

  test('going offline says so; back online it reconnects and shows the latest state', async ({ page, context }) => {
    await page.goto('/menu/demo-t3');
    await page.getByRole('button', { name: 'Add Espresso' }).click();
    await cartBar(page).click();
    await sheet(page).getByLabel('Your name').fill('Noor');
    await sheet(page).getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/menu\/demo-t3\/orders\/[^/]+$/);
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await expect(page.getByTestId('live-indicator')).toHaveText('Live');

    await context.setOffline(true);
    await expect(page.getByTestId('live-indicator')).toHaveText('Offline');
    await setOrderStatus(orderId, 'READY');
    await page.screenshot({ path: 'e2e/.artifacts/order-offline-390x844.png' });
    await context.setOffline(false);

    await expect(page.getByTestId('live-indicator')).toHaveText('Live', { timeout: 15_000 });
    await expect(currentStep(page)).toContainText('Ready');
  });

  test('a dish that sold out while the guest chose is named, and the rest still goes', async ({ page }) => {
    await page.goto('/menu/demo-t4');
    await page.getByRole('button', { name: 'Add Chocolate Mousse' }).click();
    await page.getByRole('button', { name: 'Add Espresso' }).click();
    await cartBar(page).click();
    await sheet(page).getByLabel('Your name').fill('Kim');

    await setAvailable('Chocolate Mousse', false);
    try {
      await sheet(page).getByRole('button', { name: 'Place order' }).click();
      await expect(sheet(page).getByRole('alert')).toHaveText(
        'Chocolate Mousse is not available right now. Remove it to order the rest.',
      );
      const mousse = sheet(page).getByTestId('cart-line').filter({ hasText: 'Chocolate Mousse' });
      await expect(mousse).toContainText('Not available right now');
      await page.screenshot({ path: 'e2e/.artifacts/cart-sold-out-390x844.png' });

      await mousse.getByRole('button', { name: 'Remove Chocolate Mousse from your order' }).click();
      await expect(sheet(page).getByRole('alert')).toHaveCount(0);
      await sheet(page).getByRole('button', { name: 'Place order' }).click();
      await page.waitForURL(/\/menu\/demo-t4\/orders\/[^/]+$/);
      await expect(page.getByTestId('order-item')).toHaveCount(1);
      await expect(page.getByTestId('order-item')).toContainText('Espresso');
    } finally {
      await setAvailable('Chocolate Mousse', true);
    }
  });

  test('keeps the cart through a reload and works by keyboard at 360×740', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/menu/demo-t2');
    const duck = await priceOf(page, 'Duck Confit');
    await page.getByRole('button', { name: 'Add Duck Confit' }).click();
    await page.reload();
    await expect(cartBar(page)).toHaveAccessibleName(`View order · 1 item · ${euros(duck)}`);
    await expect(page.getByRole('button', { name: 'Add Duck Confit' })).toContainText('1');
    await noSidewaysScroll(page);
    await page.screenshot({ path: 'e2e/.artifacts/menu-360x740.png' });

    // Open from the keyboard; focus moves into the sheet and stays there.
    await cartBar(page).focus();
    await page.keyboard.press('Enter');
    await expect(sheet(page)).toBeVisible();
    await expect(sheet(page)).toHaveAttribute('aria-modal', 'true');
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await sheet(page).evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
    }
    await sheet(page).getByRole('button', { name: 'Increase quantity of Duck Confit' }).click();
    await expect(sheet(page).getByTestId('cart-total')).toHaveText(euros(2 * duck));
    await noSidewaysScroll(page);
    await page.screenshot({ path: 'e2e/.artifacts/cart-open-360x740.png' });

    // Escape closes it and focus returns to the bar.
    await page.keyboard.press('Escape');
    await expect(sheet(page)).toBeHidden();
    await expect(cartBar(page)).toBeFocused();
    await expect(cartBar(page)).toHaveAccessibleName(`View order · 2 items · ${euros(2 * duck)}`);

    // Taking the last one out empties the cart, and the bar goes.
    await cartBar(page).click();
    await sheet(page).getByRole('button', { name: 'Decrease quantity of Duck Confit' }).click();
    await sheet(page).getByRole('button', { name: 'Remove Duck Confit' }).click();
    await expect(sheet(page)).toContainText('Your order is empty');
    await sheet(page).getByRole('button', { name: 'Browse the menu' }).click();
    await expect(cartBar(page)).toHaveCount(0);
  });

  test('someone else’s order, or a made-up one, is a friendly not-found', async ({ page }) => {
    const response = await page.goto('/menu/demo-t1/orders/no-such-order');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'We couldn’t find this order' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to the menu' }).click();
    await page.waitForURL(/\/menu\/demo-t1$/);
  });
});
