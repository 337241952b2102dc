// The staff console as the staff use it (signing in, the board's cards and
// dropdowns) and guests ordering at a Demo Bistro table, for the staff specs.
import { randomUUID } from 'node:crypto';
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { createPrismaClient } from '../../server/prisma-client';

export const BISTRO_OWNER = { email: 'owner@demo-bistro.test', password: 'demo-bistro-pass' };

/** A name no other run (or other test of this run) gives to anything: cards are found by it. */
export function unique(prefix: string): string {
  return `${prefix} ${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 5)}`;
}

/** Signs in through the sign-in page and waits for the console (the overview, or `landing`). */
export async function signIn(
  page: Page,
  { email, password }: { email: string; password: string },
  landing: RegExp = /\/admin$/,
): Promise<void> {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(landing);
}

/** A second laptop window: its own browser context, so its own session. */
export async function laptopContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 860 } });
}

/** A guest's phone at the table. */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
}

/** The board, open and live, showing one table's orders (chosen with the board's own table filter). */
export async function openBoard(page: Page, tableName: string): Promise<void> {
  await page.goto('/admin/orders');
  await page.getByTestId('table-filter').click();
  await page.getByRole('option', { name: tableName, exact: true }).click();
  await expect(page).toHaveURL(/[?&]table=/);
  await expect(page.getByTestId('table-filter')).toHaveText(tableName);
  await expectLive(page);
}

export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByTestId('board-live')).toHaveAttribute('data-state', 'live', { timeout: 10_000 });
}

/** An order's card, by the guest's (unique) name: the element showing exactly that name, not any text containing it. */
export function card(scope: Page | Locator, customerName: string): Locator {
  const page = 'page' in scope ? scope.page() : scope;
  return scope.getByTestId('board-order').filter({ has: page.getByText(customerName, { exact: true }) });
}

/** Picks a status in an order's or item's dropdown (a native select), as a keyboard user does: focus, then choose. */
export async function choose(select: Locator, option: string): Promise<void> {
  await select.focus();
  await select.selectOption({ label: option });
}

export const orderStatusOf = (order: Locator) => order.getByTestId('order-status');
export const itemStatusOf = (order: Locator, item: string) =>
  order.getByTestId('board-item').filter({ hasText: item }).getByTestId('item-status');

/** The toasts the console shows (sonner). */
export const toasts = (page: Page, type: 'success' | 'error') =>
  page.locator(`[data-sonner-toast][data-type="${type}"]`);

/**
 * A guest orders through the menu on their phone and lands on the order's
 * page; returns its id and the wall-clock time just before "Place order" was
 * pressed.
 */
export async function orderFromMenu(
  page: Page,
  table: string,
  customerName: string,
  dishes: string[],
): Promise<{ orderId: string; pressedAt: number; answeredAt: Promise<number> }> {
  await page.goto(`/menu/${table}`);
  for (const dish of dishes) await page.getByRole('button', { name: `Add ${dish}`, exact: true }).click();
  await page.getByRole('button', { name: /^View order/ }).click();
  const sheet = page.getByRole('dialog', { name: 'Your order' });
  await sheet.getByLabel('Your name').fill(customerName);
  const answer = page.waitForResponse((response) => response.url().includes('order.place'));
  const pressedAt = Date.now();
  await sheet.getByRole('button', { name: 'Place order' }).click();
  // When the answer reached the phone, by the browser's own clock (the same machine's).
  const answeredAt = answer.then(async (response) => {
    await response.finished();
    const timing = response.request().timing();
    return timing.startTime + (timing.responseEnd > 0 ? timing.responseEnd : timing.responseStart);
  });
  await page.waitForURL(new RegExp(`/menu/${table}/orders/[^/]+$`));
  const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  return { orderId, pressedAt, answeredAt };
}

/** Demo Bistro's products by name (ids for orders placed without the menu UI). */
export async function bistroProductIds(names: string[]): Promise<Map<string, string>> {
  const db = createPrismaClient(process.env.DATABASE_URL!, 1);
  try {
    const products = await db.product.findMany({
      where: { name: { in: names }, tenant: { name: 'Demo Bistro' } },
      select: { id: true, name: true },
    });
    return new Map(products.map((p) => [p.name, p.id]));
  } finally {
    await db.$disconnect();
  }
}

/**
 * A guest's order sent straight to order.place (SPEC §7), for setting a
 * board up quickly; `request` is a guest's own request context (its cookie).
 */
export async function placeOrderByApi(
  request: APIRequestContext,
  order: { table: string; customerName: string; items: { productId: string; quantity: number; note?: string }[] },
): Promise<string> {
  const response = await request.post('/api/trpc/order.place', {
    data: {
      json: {
        tableToken: order.table,
        customerName: order.customerName,
        items: order.items,
        idempotencyKey: randomUUID(),
      },
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { id: string } } } };
  return body.result.data.json.id;
}

/** An order's status and its history rows as the database has them. */
export async function storedOrder(orderId: string) {
  const db = createPrismaClient(process.env.DATABASE_URL!, 1);
  try {
    return await db.order.findUniqueOrThrow({
      where: { id: orderId },
      select: {
        status: true,
        cancelReason: true,
        changes: {
          select: { orderItemId: true, fromStatus: true, toStatus: true, reason: true },
          orderBy: { createdAt: 'asc' },
        },
      },
    });
  } finally {
    await db.$disconnect();
  }
}
