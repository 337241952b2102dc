import { expect, test, type Browser, type Page } from '@playwright/test';
import { createPrismaClient } from '../server/prisma-client';
import { seriousAxeViolations } from './support/axe';
import { card, expectLive, laptopContext, signIn, unique } from './support/console';

// Paying on a phone through the local Stripe emulator (the test command starts it when
// STRIPE_SECRET_KEY is unset): the hosted checkout page, its redirect back, and its signed
// webhooks reach this app as Stripe's would.
const SCREENSHOTS = 'test-results/screenshots';
const CAFE_OWNER = { email: 'owner@instant-cafe.test', password: 'instant-cafe-pass' };
const BISTRO_OWNER = { email: 'owner@demo-bistro.test', password: 'demo-bistro-pass' };
const checkoutUrl = new RegExp(`^${process.env.STRIPE_API_URL}/c/pay/cs_test_`);

async function stored(orderId: string) {
  const db = createPrismaClient(process.env.DATABASE_URL!, 1);
  try {
    return await db.order.findUniqueOrThrow({
      where: { id: orderId },
      select: { status: true, paymentStatus: true, refundedMinor: true, totalMinor: true, payments: true },
    });
  } finally {
    await db.$disconnect();
  }
}

/** Adds dishes, names the guest and presses the sheet's main button ("Place order", or "… and pay"). */
async function order(page: Page, table: string, name: string, dishes: string[]) {
  await page.goto(`/menu/${table}`);
  for (const dish of dishes) await page.getByRole('button', { name: `Add ${dish}`, exact: true }).click();
  await page.getByRole('button', { name: /^View order/ }).click();
  const sheet = page.getByRole('dialog', { name: 'Your order' });
  await sheet.getByLabel('Your name').fill(name);
  return sheet;
}

async function payOnCheckout(page: Page, cardNumber: string) {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByRole('button', { name: /^Pay / }).click();
}

/** The owner's board in a laptop window, live. */
async function ownerBoard(browser: Browser, owner: { email: string; password: string }) {
  const context = await laptopContext(browser);
  const page = await context.newPage();
  await signIn(page, owner);
  await page.goto('/admin/orders');
  await expectLive(page);
  return { page, close: () => context.close() };
}

test.describe('paying on a phone', () => {
  test('Instant Café: payment first — straight to checkout, kept from the kitchen until paid', async ({
    page,
    browser,
  }) => {
    const name = unique('Avery');
    const board = await ownerBoard(browser, CAFE_OWNER);

    await page.goto('/menu/instant-t1');
    await expect(page.getByTestId('pay-first-banner')).toContainText('Payment comes first here');
    const sheet = await order(page, 'instant-t1', name, ['Flat White']);
    await expect(sheet.getByTestId('pay-first-note')).toContainText('You pay by card right after placing the order');
    await expect(sheet.getByTestId('test-payments')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/pay-first-cart-390x844.png` });
    await sheet.getByRole('button', { name: 'Place order and pay' }).click();

    // No further tap: the whole page is now Stripe's checkout.
    await page.waitForURL(checkoutUrl);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('No real money moves')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/checkout-390x844.png` });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Meanwhile the board keeps it out of the kitchen: it waits under "Awaiting payment".
    await expect(card(board.page.getByTestId('kitchen-board'), name)).toHaveCount(0);
    await board.page.getByRole('button', { name: /^Awaiting payment/ }).click();
    await expect(card(board.page, name)).toBeVisible();
    await board.page.getByRole('button', { name: /^Kitchen/ }).click();

    await payOnCheckout(page, '4242 4242 4242 4242');
    await page.waitForURL(/\/menu\/instant-t1\/orders\/[^/?]+/);
    await expect(page.getByTestId('payment-status')).toHaveText('Paid', { timeout: 10_000 });
    await expect(page.getByTestId('order-status')).toHaveText('Order received');
    await expect(page.getByRole('button', { name: /^Pay now/ })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/order-paid-390x844.png` });
    expect(await seriousAxeViolations(page)).toEqual([]);

    // The kitchen sees it now, in its first column, without a reload: the same change the guest's page just showed.
    await expect(card(board.page.getByTestId('column-PENDING'), name)).toBeVisible({ timeout: 1_000 });
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await stored(orderId)).toMatchObject({ status: 'PENDING', paymentStatus: 'PAID' });
    await board.close();
  });

  test('Demo Bistro: pay later from the order page, at the exact total', async ({ page }) => {
    const name = unique('Blake');
    const sheet = await order(page, 'demo-t3', name, ['Espresso', 'Crème Brûlée']);
    await expect(sheet.getByTestId('pay-first-note')).toHaveCount(0);
    await sheet.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.waitForURL(/\/menu\/demo-t3\/orders\/[^/?]+$/);
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const { totalMinor } = await stored(orderId);
    const total = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(totalMinor / 100);

    // In the kitchen at once, and paying is there whenever the guest wants.
    await expect(page.getByTestId('order-status')).toHaveText('Order received');
    await expect(page.getByTestId('payment-status')).toContainText('Not paid yet');
    const payNow = page.getByRole('button', { name: `Pay now · ${total}` });
    await expect(payNow).toBeVisible();
    await expect(page.getByTestId('test-payments')).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/order-pay-now-390x844.png` });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await payNow.click();
    await page.waitForURL(checkoutUrl);
    await expect(page.getByText(total).first()).toBeVisible();
    await payOnCheckout(page, '4242424242424242');
    await page.waitForURL(/checkout=success|\/orders\/[^/?]+$/);
    await expect(page.getByTestId('payment-status')).toHaveText('Paid', { timeout: 10_000 });
    const row = await stored(orderId);
    expect(row).toMatchObject({ status: 'PENDING', paymentStatus: 'PAID' });
    expect(row.payments.filter((p) => p.status === 'SUCCEEDED')).toMatchObject([{ amountMinor: totalMinor }]);
  });

  test('a declined card leaves the order unpaid, says so, and the guest can try again', async ({ page }) => {
    const name = unique('Casey');
    const sheet = await order(page, 'demo-t4', name, ['Espresso']);
    await sheet.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.waitForURL(/\/menu\/demo-t4\/orders\/[^/?]+$/);
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    await page.getByRole('button', { name: /^Pay now/ }).click();
    await page.waitForURL(checkoutUrl);
    await payOnCheckout(page, '4000 0000 0000 0002');
    await expect(page.getByRole('alert')).toContainText('Your card was declined');
    await page.screenshot({ path: `${SCREENSHOTS}/checkout-declined-390x844.png` });
    expect((await stored(orderId)).paymentStatus).toBe('UNPAID');

    await page.getByRole('link', { name: /Cancel and go back/ }).click();
    await page.waitForURL(/checkout=cancelled/);
    await expect(page.getByTestId('payment-panel')).toContainText('You left the checkout without paying');
    await expect(page.getByTestId('payment-status')).toContainText('Not paid yet');
    // Trying again opens the same checkout, and another card pays.
    await page.getByRole('button', { name: /^Pay now/ }).click();
    await page.waitForURL(checkoutUrl);
    await payOnCheckout(page, '4242424242424242');
    await expect(page.getByTestId('payment-status')).toHaveText('Paid', { timeout: 10_000 });
  });

  test('the owner refunds part of a paid order from the board; the guest sees it live', async ({ page, browser }) => {
    const name = unique('Drew');
    const sheet = await order(page, 'demo-t5', name, ['Steak Frites']);
    await sheet.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.waitForURL(/\/menu\/demo-t5\/orders\/[^/?]+$/);
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('button', { name: /^Pay now/ }).click();
    await page.waitForURL(checkoutUrl);
    await payOnCheckout(page, '4242424242424242');
    await expect(page.getByTestId('payment-status')).toHaveText('Paid', { timeout: 10_000 });
    const { totalMinor } = await stored(orderId);

    const board = await ownerBoard(browser, BISTRO_OWNER);
    const theirs = card(board.page, name);
    await expect(theirs.getByTestId('payment-status')).toHaveText('Paid');
    await theirs.getByRole('button', { name: /^Refund…/ }).click();
    const dialog = board.page.getByRole('dialog');
    await expect(dialog.getByLabel('Amount (EUR)')).toHaveValue((totalMinor / 100).toFixed(2));
    await dialog.getByLabel('Amount (EUR)').fill('5.00');
    await dialog.getByLabel('Reason (optional)').fill('Steak was cold');
    await dialog.getByRole('button', { name: 'Review refund' }).click();
    await expect(dialog.getByRole('heading')).toHaveText('Refund €5.00 to the card?');
    await board.page.screenshot({ path: `${SCREENSHOTS}/board-refund-confirm-1366.png` });
    expect(await seriousAxeViolations(board.page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Refund €5.00' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(theirs.getByTestId('refunded')).toHaveText('Refunded €5.00');
    await expect(theirs.getByTestId('payment-status')).toHaveText('Partly refunded');

    // The guest's page, still open, shows it without a reload.
    const euros = (minor: number) =>
      new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(minor / 100);
    await expect(page.getByTestId('refunded')).toHaveText(`€5.00 of ${euros(totalMinor)} refunded to your card.`);
    await page.screenshot({ path: `${SCREENSHOTS}/order-refunded-390x844.png` });
    expect(await stored(orderId)).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refundedMinor: 500 });
    await board.close();
  });

  test('staff record a cash payment; the guest’s page shows it paid', async ({ page, browser }) => {
    const name = unique('Emery');
    const sheet = await order(page, 'demo-t2', name, ['Espresso']);
    await sheet.getByRole('button', { name: 'Place order', exact: true }).click();
    await page.waitForURL(/\/menu\/demo-t2\/orders\/[^/?]+$/);
    const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

    const board = await ownerBoard(browser, BISTRO_OWNER);
    await card(board.page, name)
      .getByRole('button', { name: /^Paid in cash/ })
      .click();
    await board.page.getByRole('alertdialog').getByRole('button', { name: 'Paid in cash' }).click();
    await expect(card(board.page, name).getByTestId('payment-status')).toHaveText('Paid');
    await expect(page.getByTestId('payment-status')).toHaveText('Paid');
    const row = await stored(orderId);
    expect(row.payments).toMatchObject([{ method: 'CASH', status: 'SUCCEEDED' }]);
    await board.close();
  });
});
