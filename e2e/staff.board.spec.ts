import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { seriousAxeViolations } from './support/axe';
import {
  BISTRO_OWNER,
  bistroProductIds,
  card,
  choose,
  expectLive,
  itemStatusOf,
  laptopContext,
  openBoard,
  orderFromMenu,
  orderStatusOf,
  phoneContext,
  placeOrderByApi,
  signIn,
  storedOrder,
  toasts,
  unique,
} from './support/console';

// The orders board as the staff run it (SPEC §3): every staff action is a
// click in the console; guests order on their phones. Each test keeps to one
// table of Demo Bistro, filtered with the board's own table filter, and finds
// its cards by guest names no other test (or earlier run) uses.

const SCREENSHOTS = 'test-results/screenshots';
const currentStep = (page: Page) => page.getByTestId('order-steps').locator('[aria-current="step"]');
const guestItem = (page: Page, dish: string) => page.getByTestId('order-item').filter({ hasText: dish });
const column = (page: Page, status: string, customerName: string) =>
  card(page.getByTestId(`column-${status}`), customerName);
const viewButton = (page: Page, name: RegExp) =>
  page.getByRole('group', { name: 'View' }).getByRole('button', { name });

/** Marks the document, so a later check proves the page was never reloaded. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
}
async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);
}

test.describe('the orders board', () => {
  test('a guest’s order appears on an open board live, five orders in a row', async ({ page, browser }) => {
    test.setTimeout(120_000);
    await signIn(page, BISTRO_OWNER);
    await openBoard(page, 'Table 2');
    await markDocument(page);
    // When each card first enters the board's DOM, by the page's own (wall) clock.
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { cardSeenAt: Record<string, number> }).cardSeenAt = seen;
      const look = () => {
        for (const card of document.querySelectorAll('[data-testid="board-order"]')) {
          seen[card.getAttribute('aria-label') ?? ''] ??= Date.now();
        }
      };
      new MutationObserver(look).observe(document.body, { childList: true, subtree: true });
      look();
    });

    const phone = await phoneContext(browser);
    const guest = await phone.newPage();
    const fromPress: number[] = [];
    const fromAnswer: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const name = unique(`Latency ${i}`);
      const placed = await orderFromMenu(guest, 'demo-t2', name, ['Espresso']);
      const order = card(page, name);
      await expect(order).toBeVisible();
      await expect(order).toHaveAttribute('data-status', 'PENDING');
      await expect(order).toHaveAttribute('data-fresh', 'true');
      await expect(page.getByTestId('board-announcement')).toHaveText(`New order: Table 2, ${name}, 1 item`);
      const seenAt = await page.evaluate(
        (name) =>
          Object.entries((window as unknown as { cardSeenAt: Record<string, number> }).cardSeenAt).find(([label]) =>
            label.includes(name),
          )?.[1],
        name,
      );
      expect(seenAt).toBeDefined();
      fromPress.push(seenAt! - placed.pressedAt);
      fromAnswer.push(Math.round(seenAt! - (await placed.answeredAt)));
    }
    await phone.close();

    const median = (figures: number[]) => [...figures].sort((a, b) => a - b)[Math.floor(figures.length / 2)]!;
    console.log(
      `board latency ms: ${fromPress.join(', ')} (median ${median(fromPress)}) — "Place order" pressed on the phone → card on the board`,
    );
    console.log(
      `board latency ms, from the order's answer on the phone: ${fromAnswer.join(', ')} (median ${median(fromAnswer)})`,
    );
    test.info().annotations.push({ type: 'board-latency-ms', description: fromPress.join(', ') });
    // The spec asks for "within a second" (SPEC §3): from the guest's press, which includes placing the order.
    // (From the answer the figure can be below zero: the change is announced at commit, before the answer
    // has reached the phone.)
    for (const figure of fromPress) expect(figure).toBeLessThan(1000);
    expect(await sameDocument(page)).toBe(true);
  });

  test('moves on the board reach the guest’s page and a second owner window live', async ({ page, browser }) => {
    test.setTimeout(90_000);
    const name = unique('Moves');
    await signIn(page, BISTRO_OWNER);
    await openBoard(page, 'Table 3');
    const secondWindow = await laptopContext(browser);
    const other = await secondWindow.newPage();
    await signIn(other, BISTRO_OWNER);
    await other.goto(page.url());
    await expectLive(other);

    const phone = await phoneContext(browser);
    const guest = await phone.newPage();
    const { orderId } = await orderFromMenu(guest, 'demo-t3', name, ['Duck Confit', 'Espresso']);
    await expect(guest.getByTestId('live-indicator')).toHaveText('Live');
    await expect(currentStep(guest)).toContainText('Received');
    for (const window of [page, other, guest]) await markDocument(window);

    const mine = card(page, name);
    const theirs = card(other, name);
    await expect(column(page, 'PENDING', name)).toBeVisible();
    await expect(column(other, 'PENDING', name)).toBeVisible();
    // The board with an order on it, and the guest's order page, pass axe.
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await seriousAxeViolations(guest)).toEqual([]);

    // Forward: Pending → Preparing. The items follow their order.
    await choose(orderStatusOf(mine), 'Preparing');
    await expect(column(page, 'PREPARING', name)).toBeVisible();
    await expect(currentStep(guest)).toContainText('Preparing');
    await expect(guest.getByTestId('order-status')).toHaveText('Being prepared');
    await expect(guestItem(guest, 'Duck Confit')).toHaveAttribute('data-status', 'PREPARING');
    await expect(guestItem(guest, 'Espresso')).toContainText('Preparing');
    await expect(column(other, 'PREPARING', name)).toBeVisible();
    await expect(orderStatusOf(theirs)).toHaveValue('PREPARING');

    // One step back: Preparing → Pending. Moving back moves no item.
    await choose(orderStatusOf(mine), 'Pending');
    await expect(column(page, 'PENDING', name)).toBeVisible();
    await expect(currentStep(guest)).toContainText('Received');
    await expect(guest.getByTestId('order-status')).toHaveText('Order received');
    await expect(guestItem(guest, 'Duck Confit')).toContainText('Preparing');
    await expect(column(other, 'PENDING', name)).toBeVisible();

    // One item ahead of the rest: the espresso is ready.
    await choose(itemStatusOf(mine, 'Espresso'), 'Ready');
    await expect(itemStatusOf(mine, 'Espresso')).toHaveValue('READY');
    await expect(guestItem(guest, 'Espresso')).toHaveAttribute('data-status', 'READY');
    await expect(guestItem(guest, 'Espresso')).toContainText('Ready');
    await expect(guestItem(guest, 'Duck Confit')).toContainText('Preparing');
    await expect(currentStep(guest)).toContainText('Received');
    await expect(itemStatusOf(theirs, 'Espresso')).toHaveValue('READY');
    await expect(itemStatusOf(theirs, 'Duck Confit')).toHaveValue('PREPARING');

    // Nobody reloaded; the database holds every change.
    for (const window of [page, other, guest]) expect(await sameDocument(window)).toBe(true);
    const stored = await storedOrder(orderId);
    expect(stored.status).toBe('PENDING');
    expect(stored.changes.filter((c) => c.orderItemId === null).map((c) => `${c.fromStatus}→${c.toStatus}`)).toEqual([
      'PENDING→PREPARING',
      'PREPARING→PENDING',
    ]);
    await phone.close();
    await secondWindow.close();
  });

  test('cancelling asks for a reason; the order waits under Closed and reopens where it was', async ({
    page,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const name = unique('Noor');
    const products = await bistroProductIds(['Steak Frites', 'Espresso']);
    await signIn(page, BISTRO_OWNER);
    await openBoard(page, 'Table 4');
    const guest = await playwright.request.newContext({ baseURL });
    const orderId = await placeOrderByApi(guest, {
      table: 'demo-t4',
      customerName: name,
      items: [
        { productId: products.get('Steak Frites')!, quantity: 1 },
        { productId: products.get('Espresso')!, quantity: 2 },
      ],
    });
    await guest.dispose();
    await choose(orderStatusOf(card(page, name)), 'Preparing');
    await expect(column(page, 'PREPARING', name)).toBeVisible();

    const cancels: string[] = [];
    page.on('request', (request) => request.url().includes('board.cancelOrder') && cancels.push(request.url()));
    await choose(orderStatusOf(card(page, name)), 'Cancel…');
    const dialog = page.getByRole('dialog', { name: `Cancel ${name}'s order at Table 4?` });
    await expect(dialog).toBeVisible();
    const reason = dialog.getByLabel('Reason');
    await expect(reason).toBeFocused();
    // Escape keeps the order, and focus goes back to its dropdown.
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(orderStatusOf(card(page, name))).toBeFocused();
    await choose(orderStatusOf(card(page, name)), 'Cancel…');
    await expect(reason).toBeFocused();

    // No reason: said on the field, and nothing changes.
    await dialog.getByRole('button', { name: 'Cancel it' }).click();
    await expect(dialog.getByText('Say in a few words why (at least 3 characters)')).toBeVisible();
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expect(reason).toBeFocused();
    expect(await seriousAxeViolations(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/board-cancel-dialog-1366.png` });
    expect(cancels).toEqual([]);
    expect((await storedOrder(orderId)).status).toBe('PREPARING');

    const why = 'Guest had to leave early';
    await reason.fill(why);
    await dialog.getByRole('button', { name: 'Cancel it' }).click();
    await expect(dialog).toBeHidden();
    await expect(toasts(page, 'success').filter({ hasText: `${name} (Table 4): cancelled` })).toBeVisible();
    await expect(card(page.getByTestId('kitchen-board'), name)).toHaveCount(0);
    expect(await storedOrder(orderId)).toMatchObject({ status: 'CANCELLED', cancelReason: why });

    // Under Closed, with the reason; reopened, it goes back to the column it came from.
    await viewButton(page, /^Closed/).click();
    await expect(page).toHaveURL(/view=closed/);
    const closed = card(page, name);
    await expect(closed).toHaveAttribute('data-status', 'CANCELLED');
    await expect(closed).toContainText(`Cancelled: ${why}`);
    await choose(orderStatusOf(closed), 'Reopen as preparing');
    await expect(closed).toHaveCount(0);
    await viewButton(page, /^Kitchen/).click();
    await expect(column(page, 'PREPARING', name)).toBeVisible();
    expect((await storedOrder(orderId)).status).toBe('PREPARING');

    // The history panel lists every change of the order, the reason with the cancellation.
    await card(page, name)
      .getByRole('button', { name: `History of Table 4 · ${name}` })
      .click();
    const history = page.getByRole('dialog', { name: 'History' });
    await expect(history).toContainText(`${name} at Table 4`);
    await expect(history.getByTestId('history-entry').filter({ hasText: 'Order:' })).toHaveText([
      /Order: Pending → Preparing\s*by /,
      new RegExp(`Order: Preparing → Cancelled\\s*by .+ — “${why}”`),
      /Order: Cancelled → Preparing\s*by /,
    ]);
    await expect(history.getByTestId('history-entry').filter({ hasText: 'Espresso:' })).toHaveText([
      /Espresso: Pending → Preparing/,
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/board-history-1366.png` });
    await page.keyboard.press('Escape');
    await expect(history).toBeHidden();
    await expect(card(page, name).getByRole('button', { name: `History of Table 4 · ${name}` })).toBeFocused();
  });

  test('a move from a board that missed an update is refused with the status now, and that board catches up', async ({
    page,
    browser,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    const name = unique('Conflict');
    const products = await bistroProductIds(['Espresso']);
    await signIn(page, BISTRO_OWNER);
    await openBoard(page, 'Table 1');
    // The second window's live updates can be made to stop arriving, as when
    // a connection goes quiet: the update it would get is still "in flight".
    const secondWindow = await laptopContext(browser);
    await secondWindow.addInitScript(() => {
      const streams: EventSource[] = [];
      const Native = window.EventSource;
      window.EventSource = class extends Native {
        constructor(...args: ConstructorParameters<typeof EventSource>) {
          super(...args);
          streams.push(this);
        }
      };
      (window as unknown as { quietLiveUpdates: () => void }).quietLiveUpdates = () => {
        for (const stream of streams) stream.close();
      };
    });
    const stale = await secondWindow.newPage();
    await signIn(stale, BISTRO_OWNER);
    await stale.goto(page.url());
    await expectLive(stale);

    const guest = await playwright.request.newContext({ baseURL });
    const orderId = await placeOrderByApi(guest, {
      table: 'demo-t1',
      customerName: name,
      items: [{ productId: products.get('Espresso')!, quantity: 1 }],
    });
    await guest.dispose();
    await expect(column(page, 'PENDING', name)).toBeVisible();
    await expect(column(stale, 'PENDING', name)).toBeVisible();

    await stale.evaluate(() => (window as unknown as { quietLiveUpdates: () => void }).quietLiveUpdates());
    await choose(orderStatusOf(card(page, name)), 'Preparing');
    await expect(column(page, 'PREPARING', name)).toBeVisible();
    expect((await storedOrder(orderId)).status).toBe('PREPARING');
    // The second window still shows what it had, and tries the same move from there.
    await expect(orderStatusOf(card(stale, name))).toHaveValue('PENDING');
    await choose(orderStatusOf(card(stale, name)), 'Preparing');
    await expect(toasts(stale, 'error')).toHaveText(
      'This order is now "Preparing": someone changed it meanwhile. The board shows it as it is now.',
    );
    // It reads the board again and shows the truth, with no live update to help it.
    await expect(column(stale, 'PREPARING', name)).toBeVisible();
    await expect(column(stale, 'PENDING', name)).toHaveCount(0);
    // One move was written, not two.
    expect((await storedOrder(orderId)).changes.filter((c) => c.orderItemId === null).map((c) => c.toStatus)).toEqual([
      'PREPARING',
    ]);
    await secondWindow.close();
  });

  test('screenshots of a busy board at 1366 and 1024 wide', async ({ page, playwright, baseURL }) => {
    test.setTimeout(120_000);
    // Demo Bistro takes payment at the end, so nothing waits for payment here
    // (that is Instant Café's board); every other state is on this one.
    const tag = unique('').trim();
    const products = await bistroProductIds([
      'Steak Frites',
      'Duck Confit',
      'Crème Brûlée',
      'Espresso',
      'French Onion Soup',
      'Burrata & Heirloom Tomatoes',
    ]);
    expect(products.size).toBe(6);
    const line = (dish: string, quantity = 1, note?: string) => ({
      productId: products.get(dish)!,
      quantity,
      ...(note ? { note } : {}),
    });
    const orders: { name: string; items: ReturnType<typeof line>[]; to?: string; reason?: string }[] = [
      { name: `Ana ${tag}`, items: [line('Steak Frites', 2, 'Medium rare, no pepper sauce'), line('Espresso')] },
      {
        name: `Maximilian Alexander von Humboldt-Ortega ${tag}`,
        items: [line('Duck Confit'), line('Crème Brûlée', 2), line('Espresso', 3)],
        to: 'Preparing',
      },
      { name: `Bea ${tag}`, items: [line('French Onion Soup', 2), line('Burrata & Heirloom Tomatoes')], to: 'Ready' },
      { name: `Chidi ${tag}`, items: [line('Steak Frites'), line('Crème Brûlée')], to: 'Delivered' },
      { name: `Dana ${tag}`, items: [line('Duck Confit', 2)], to: 'Paid' },
      { name: `Eli ${tag}`, items: [line('Espresso', 2)], to: 'Cancel…', reason: 'Guest changed their mind' },
      {
        name: `Farah ${tag}`,
        items: [line('French Onion Soup', 1, 'Allergic to nuts — please check the croutons and the garnish as well')],
      },
    ];
    const guest = await playwright.request.newContext({ baseURL });
    for (const order of orders) {
      await placeOrderByApi(guest, { table: 'demo-t1', customerName: order.name, items: order.items });
    }

    await signIn(page, BISTRO_OWNER);
    await page.setViewportSize({ width: 1366, height: 900 });
    await openBoard(page, 'Table 1');
    for (const order of orders.filter((o) => o.to)) {
      await choose(orderStatusOf(card(page, order.name)), order.to!);
      if (order.reason) {
        const dialog = page.getByRole('dialog', { name: /^Cancel / });
        await dialog.getByLabel('Reason').fill(order.reason);
        await dialog.getByRole('button', { name: 'Cancel it' }).click();
        await expect(dialog).toBeHidden();
      }
      await expect(card(page, order.name)).toHaveCount(order.to === 'Paid' || order.reason ? 0 : 1);
    }
    const humboldt = card(page, orders[1]!.name);
    await choose(itemStatusOf(humboldt, 'Espresso'), 'Ready');
    await expect(itemStatusOf(humboldt, 'Espresso')).toHaveValue('READY');
    // One more arrives while the board is open: highlighted as new.
    const latecomer = `Gus ${tag}`;
    await placeOrderByApi(guest, { table: 'demo-t1', customerName: latecomer, items: [line('Steak Frites', 3)] });
    await guest.dispose();
    await expect(card(page, latecomer)).toHaveAttribute('data-fresh', 'true');
    for (const [status, name] of [
      ['PENDING', orders[0]!.name],
      ['PENDING', orders[6]!.name],
      ['PREPARING', orders[1]!.name],
      ['READY', orders[2]!.name],
      ['DELIVERED', orders[3]!.name],
    ] as const) {
      await expect(column(page, status, name)).toBeVisible();
    }
    // Toasts and the highlight of new cards gone: the board as it stands.
    await page.mouse.move(0, 0);
    await expect(toasts(page, 'success')).toHaveCount(0, { timeout: 10_000 });

    mkdirSync(SCREENSHOTS, { recursive: true });
    const noSidewaysScroll = async () =>
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
    await noSidewaysScroll();
    await page.screenshot({ path: `${SCREENSHOTS}/board-1366.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await noSidewaysScroll();
    await page.screenshot({ path: `${SCREENSHOTS}/board-1024.png` });

    await page.setViewportSize({ width: 1366, height: 900 });
    await viewButton(page, /^Closed/).click();
    await expect(card(page, orders[4]!.name)).toHaveAttribute('data-status', 'PAID');
    await expect(card(page, orders[5]!.name)).toContainText('Cancelled: Guest changed their mind');
    await noSidewaysScroll();
    await page.screenshot({ path: `${SCREENSHOTS}/board-closed-1366.png` });
  });
});
