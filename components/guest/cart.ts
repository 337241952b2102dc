'use client';
// The guest's cart: lines of product id, quantity and note, kept on the
// device per table so a reload (or a dropped connection) loses nothing.
// Names and prices are never stored: they come from the menu on screen, and
// the server prices the order itself.
import { ORDER_LIMITS, totalQuantity } from '@/server/shared/order-limits';
import { readStored, useStored, writeStored } from './device-storage';

export type CartLine = { productId: string; quantity: number; note: string };

const cartKey = (tableToken: string) => `tableside:cart:${tableToken}`;

function parseCart(raw: string | null): CartLine[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return withinLimits(
      parsed.flatMap((line: Partial<CartLine>) =>
        typeof line?.productId === 'string' && Number.isInteger(line.quantity) && line.quantity! > 0
          ? [
              {
                productId: line.productId,
                quantity: line.quantity!,
                note: typeof line.note === 'string' ? line.note : '',
              },
            ]
          : [],
      ),
    );
  } catch {
    return [];
  }
}

/**
 * The cart as order.place will take it (ORDER_LIMITS): at most so many lines,
 * so many of one dish, so many dishes in all, notes so long. A cart stored
 * before a limit changed is cut down in order, the last lines first.
 */
export function withinLimits(lines: readonly CartLine[]): CartLine[] {
  let room = ORDER_LIMITS.totalQuantity;
  return lines.slice(0, ORDER_LIMITS.lines).flatMap((line) => {
    const quantity = Math.min(line.quantity, ORDER_LIMITS.quantity, room);
    room -= quantity;
    return quantity > 0 ? [{ ...line, quantity, note: line.note.slice(0, ORDER_LIMITS.note) }] : [];
  });
}

/** How many more of `productId` the cart can take: its line's cap and the order's, whichever comes first. */
export function roomFor(lines: readonly CartLine[], productId: string): number {
  const inLine = lines.find((line) => line.productId === productId)?.quantity ?? 0;
  if (inLine === 0 && lines.length >= ORDER_LIMITS.lines) return 0;
  return Math.max(0, Math.min(ORDER_LIMITS.quantity - inLine, ORDER_LIMITS.totalQuantity - totalQuantity(lines)));
}

/** `parseCart`, remembering its last answer: every add button on the menu reads the cart, and the stored text is parsed once per change, not once per button. */
const parseCartOnce = (() => {
  let last: { raw: string | null; lines: CartLine[] } = { raw: null, lines: [] };
  return (raw: string | null): CartLine[] => {
    if (raw !== last.raw) last = { raw, lines: parseCart(raw) };
    return last.lines;
  };
})();

export function useCart(tableToken: string): CartLine[] {
  return parseCartOnce(useStored(cartKey(tableToken)));
}

function updateCart(tableToken: string, change: (lines: CartLine[]) => CartLine[]): void {
  const lines = change(parseCart(readStored(cartKey(tableToken))));
  writeStored(cartKey(tableToken), lines.length ? JSON.stringify(lines) : null);
}

export function addToCart(tableToken: string, productId: string): void {
  updateCart(tableToken, (lines) => {
    if (roomFor(lines, productId) < 1) return lines;
    const line = lines.find((l) => l.productId === productId);
    if (line) return lines.map((l) => (l === line ? { ...l, quantity: l.quantity + 1 } : l));
    return [...lines, { productId, quantity: 1, note: '' }];
  });
}

/** A quantity of 0 removes the line; more than the cart has room for is cut to what fits. */
export function setQuantity(tableToken: string, productId: string, quantity: number): void {
  updateCart(tableToken, (lines) => {
    if (quantity < 1) return lines.filter((l) => l.productId !== productId);
    return lines.map((l) =>
      l.productId === productId ? { ...l, quantity: Math.min(quantity, l.quantity + roomFor(lines, productId)) } : l,
    );
  });
}

export function setNote(tableToken: string, productId: string, note: string): void {
  updateCart(tableToken, (lines) =>
    lines.map((l) => (l.productId === productId ? { ...l, note: note.slice(0, ORDER_LIMITS.note) } : l)),
  );
}

/** A line of a placed order (its product may since have left the catalog). */
export type SentLine = { productId: string | null; quantity: number };

/**
 * The cart once an order of `sent` is in. The cart stays editable while an order is on its way,
 * so only what was sent goes: any quantity added on top stays. (One line per product: a line
 * whose note changed meanwhile still goes — that dish is ordered, and keeping it would order it twice.)
 */
export function withoutSent(lines: CartLine[], sent: readonly SentLine[]): CartLine[] {
  return lines.flatMap((line) => {
    const item = sent.find((s) => s.productId === line.productId);
    if (!item) return [line];
    const left = line.quantity - item.quantity;
    return left > 0 ? [{ ...line, quantity: left }] : [];
  });
}

export function removeSentFromCart(tableToken: string, sent: readonly SentLine[]): void {
  updateCart(tableToken, (lines) => withoutSent(lines, sent));
}
