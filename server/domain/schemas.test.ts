// The input rules at their edges: what reaches the database is bounded and
// clean, and every refusal names its field.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { setAvailabilityInput } from './catalog/set-availability';
import { getMenuInput } from './menu/schemas';
import {
  cancelItemInput,
  cancelOrderInput,
  ORDER_LIMITS,
  placeOrderInput,
  setItemStatusInput,
  setOrderStatusInput,
} from './orders/schemas';
import { registerInput } from './restaurants/schemas';
import { RECORD_ID, recordId } from './schemas';
import { createStaffInput } from './staff/schemas';

/** A cuid as Prisma's `cuid()` makes them (and as the seed's rows have). */
const id = (n = 0) => `cl${n.toString(36).padStart(23, '0')}`;
const line = (over: Record<string, unknown> = {}) => ({ productId: id(1), quantity: 1, ...over });
const order = (over: Record<string, unknown> = {}) => ({
  tableToken: 'demo-t1',
  customerName: 'Ada',
  items: [line()],
  idempotencyKey: 'key-12345678',
  ...over,
});
const registration = (over: Record<string, unknown> = {}) => ({
  restaurantName: 'Chez Test',
  email: 'owner@example.test',
  password: 'long-enough-password',
  currency: 'EUR',
  ...over,
});

/** The fields a parse refused, each with its messages. */
function refused(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) (fields[issue.path.join('.') || '(input)'] ??= []).push(issue.message);
  return fields;
}

describe('no control characters reach the database', () => {
  it.each([
    ['a NUL', 'Ada\u0000'],
    ['a NUL in the middle', 'A\u0000da'],
    ['an escape sequence', 'Ada\u001b[31m'],
    ['DEL', 'Ada\u007f'],
    ['a C1 control', 'Ada\u0085x'],
    ['a line break inside', 'Ada\nLovelace'],
    ['a line separator', 'Ada\u2028Lovelace'],
    ['a tab inside', 'Ada\tLovelace'],
  ])('refuses a name with %s, naming the field', (_, customerName) => {
    expect(Object.keys(refused(placeOrderInput, order({ customerName })))).toEqual(['customerName']);
  });

  it('refuses a NUL in every string field, naming each', () => {
    const nul = '\u0000';
    expect(
      Object.keys(
        refused(
          placeOrderInput,
          order({
            tableToken: `demo${nul}`,
            customerName: `Ada${nul}`,
            items: [line({ productId: `${id(1)}${nul}`, note: `no salt${nul}` })],
            idempotencyKey: `key-${nul}2345678`,
          }),
        ),
      ).sort(),
    ).toEqual(['customerName', 'idempotencyKey', 'items.0.note', 'items.0.productId', 'tableToken']);
    expect(
      Object.keys(refused(setOrderStatusInput, { orderId: `${id()}${nul}`, from: 'PENDING', to: 'READY' })),
    ).toEqual(['orderId']);
    expect(
      Object.keys(
        refused(setItemStatusInput, { orderId: id(), itemId: `${nul}${id()}`, from: 'PENDING', to: 'READY' }),
      ),
    ).toEqual(['itemId']);
    expect(
      Object.keys(refused(cancelOrderInput, { orderId: id(), from: 'READY', reason: `guest${nul} left` })),
    ).toEqual(['reason']);
    expect(
      Object.keys(
        refused(cancelItemInput, { orderId: id(), itemId: id(1), from: 'READY', reason: `out of${nul} stock` }),
      ),
    ).toEqual(['reason']);
    expect(
      Object.keys(refused(createStaffInput, { email: `sam${nul}@example.test`, name: `Sam${nul}`, role: 'STAFF' })),
    ).toEqual(['email', 'name']);
    expect(Object.keys(refused(setAvailabilityInput, { productId: nul, available: true }))).toEqual(['productId']);
    expect(Object.keys(refused(getMenuInput, { tableToken: `demo-t1${nul}` }))).toEqual(['tableToken']);
    expect(
      Object.keys(
        refused(
          registerInput,
          registration({
            restaurantName: `Chez${nul}`,
            email: `a${nul}@example.test`,
            password: `long-enough${nul}`,
            currency: `EU${nul}`,
          }),
        ),
      ),
    ).toEqual(['restaurantName', 'email', 'password', 'currency']);
  });

  it('keeps notes to one line: a line break would read as another dish on a ticket', () => {
    expect(refused(placeOrderInput, order({ items: [line({ note: 'no salt\n2x lobster' })] }))).toEqual({
      'items.0.note': ['must be one line of text without control characters'],
    });
  });

  it('trims surrounding whitespace (line breaks included) instead of refusing it', () => {
    const parsed = placeOrderInput.parse(order({ customerName: '\n Ada \t', items: [line({ note: ' no salt\n' })] }));
    expect(parsed.customerName).toBe('Ada');
    expect(parsed.items[0]!.note).toBe('no salt');
  });

  it('refuses direction overrides, which reorder what the staff board shows after them', () => {
    expect(refused(placeOrderInput, order({ customerName: 'Ada \u202Egnp.exe' }))).toEqual({
      customerName: ['must not contain text-direction override characters'],
    });
    // The marks people use to type mixed-direction names stay allowed.
    expect(placeOrderInput.safeParse(order({ customerName: 'Ada \u200Fשלום' })).success).toBe(true);
  });

  it('refuses a broken surrogate pair, which the driver would store as U+FFFD', () => {
    expect(Object.keys(refused(placeOrderInput, order({ customerName: 'Ada \uD83D' })))).toEqual(['customerName']);
    expect(placeOrderInput.parse(order({ customerName: 'Ada 😀' })).customerName).toBe('Ada 😀');
  });
});

describe('a name shows something', () => {
  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a zero-width joiner and non-joiner', '\u200D\u200C'],
    ['direction marks', '\u200E\u200F'],
    ['a Hangul filler', '\u3164'],
    ['a byte-order mark', '\uFEFF'],
    ['a blank Braille pattern', '\u2800'],
    ['combining marks without a letter', '\u0301\u0308'],
    ['ideographic spaces', '\u3000\u3000'],
  ])('refuses a guest name made only of %s', (_, customerName) => {
    expect(refused(placeOrderInput, order({ customerName }))).toEqual({
      customerName: [expect.stringMatching(/enter your name/)],
    });
  });

  it('refuses a restaurant name of invisible characters', () => {
    expect(refused(registerInput, registration({ restaurantName: '\u200B\u200B\u200B' }))).toEqual({
      restaurantName: ['must show letters, not only spaces or invisible characters'],
    });
  });

  it('accepts names in any script, with accents composed (NFC)', () => {
    for (const name of ['Zoë', 'Юлия', '佐藤', 'محمد', 'Nguyễn', 'O’Brien-Smith', '👩‍🍳 Chef']) {
      expect(placeOrderInput.parse(order({ customerName: name })).customerName).toBe(name.normalize('NFC'));
    }
    expect(placeOrderInput.parse(order({ customerName: 'Zoe\u0308' })).customerName).toBe('Zoë');
  });

  it('treats an invisible-only note as no note', () => {
    expect(placeOrderInput.parse(order({ items: [line({ note: '\u200B ' })] })).items[0]!.note).toBeUndefined();
  });
});

describe('every string is bounded', () => {
  it('takes a name at its bound and refuses one over it', () => {
    const at = 'a'.repeat(ORDER_LIMITS.name);
    expect(placeOrderInput.safeParse(order({ customerName: at })).success).toBe(true);
    expect(refused(placeOrderInput, order({ customerName: `${at}a` }))).toEqual({
      customerName: [`must be at most ${ORDER_LIMITS.name} characters`],
    });
    // Far over the bound: refused before it is normalised or scanned, with the same message.
    expect(refused(placeOrderInput, order({ customerName: 'a'.repeat(1_000_000) }))).toEqual({
      customerName: [`must be at most ${ORDER_LIMITS.name} characters`],
    });
  });

  it('takes a note at its bound and refuses one over it', () => {
    const at = 'n'.repeat(ORDER_LIMITS.note);
    expect(placeOrderInput.safeParse(order({ items: [line({ note: at })] })).success).toBe(true);
    expect(Object.keys(refused(placeOrderInput, order({ items: [line({ note: `${at}n` })] })))).toEqual([
      'items.0.note',
    ]);
  });

  it('bounds table tokens and idempotency keys, URL-safe', () => {
    expect(getMenuInput.safeParse({ tableToken: 't'.repeat(64) }).success).toBe(true);
    expect(Object.keys(refused(getMenuInput, { tableToken: 't'.repeat(65) }))).toEqual(['tableToken']);
    expect(Object.keys(refused(getMenuInput, { tableToken: 'ab' }))).toEqual(['tableToken']);
    expect(Object.keys(refused(getMenuInput, { tableToken: 'demo t1' }))).toEqual(['tableToken']);
    expect(Object.keys(refused(getMenuInput, { tableToken: 'demo/../t1' }))).toEqual(['tableToken']);
    expect(placeOrderInput.safeParse(order({ idempotencyKey: 'k'.repeat(100) })).success).toBe(true);
    expect(Object.keys(refused(placeOrderInput, order({ idempotencyKey: 'k'.repeat(101) })))).toEqual([
      'idempotencyKey',
    ]);
  });

  it('bounds sign-up fields: email 254 (64 before the @), password 200, restaurant name 80', () => {
    const local = 'l'.repeat(64);
    const email254 = `${local}@${'d'.repeat(184)}.test`;
    expect(email254).toHaveLength(254);
    expect(registerInput.safeParse(registration({ email: email254 })).success).toBe(true);
    expect(Object.keys(refused(registerInput, registration({ email: `${local}@${'d'.repeat(185)}.test` })))).toEqual([
      'email',
    ]);
    expect(Object.keys(refused(registerInput, registration({ email: `${local}l@example.test` })))).toEqual(['email']);
    // The 100 KB address that made sign-in cookies too big for any browser.
    expect(refused(registerInput, registration({ email: `${'a'.repeat(100_000)}@example.test` }))).toEqual({
      email: ['must be at most 254 characters'],
    });
    expect(registerInput.safeParse(registration({ password: 'p'.repeat(200) })).success).toBe(true);
    expect(Object.keys(refused(registerInput, registration({ password: 'p'.repeat(201) })))).toEqual(['password']);
    expect(registerInput.safeParse(registration({ restaurantName: 'r'.repeat(80) })).success).toBe(true);
    expect(Object.keys(refused(registerInput, registration({ restaurantName: 'r'.repeat(81) })))).toEqual([
      'restaurantName',
    ]);
  });

  it('normalises the email so one address is one account', () => {
    expect(registerInput.parse(registration({ email: '  Owner@Example.TEST ' })).email).toBe('owner@example.test');
  });

  it('keeps a password exactly as typed, spaces and all', () => {
    expect(registerInput.parse(registration({ password: '  correct horse  ' })).password).toBe('  correct horse  ');
  });

  it('takes currencies ISO lists and a restaurant can price in', () => {
    expect(registerInput.parse(registration({ currency: ' huf ' })).currency).toBe('HUF');
    expect(refused(registerInput, registration({ currency: 'XYZ' }))).toEqual({
      currency: ['must be an ISO 4217 currency code such as EUR'],
    });
    expect(Object.keys(refused(registerInput, registration({ currency: 'E'.repeat(10_000) })))).toEqual(['currency']);
  });
});

describe('ids are the shape the database issues', () => {
  it('accepts a cuid as Prisma makes them', () => {
    expect(recordId().safeParse('cmiq3v0xk0000xyz9abcd1234').success).toBe(true);
    expect(RECORD_ID.test(id())).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['too short', 'c123'],
    ['one character too long', `${id()}0`],
    ['upper case', id().toUpperCase()],
    ['not starting with c', `x${id().slice(1)}`],
    ['padded', ` ${id()}`],
    ['a UUID', '5f0c1d2e-8a3b-4c5d-9e6f-7a8b9c0d1e2f'],
    ['SQL', "' OR 1=1 --"],
  ])('refuses an id that is %s', (_, value) => {
    expect(recordId().safeParse(value).success).toBe(false);
  });
});

describe('an order is bounded as a whole, not only line by line', () => {
  it('refuses one dish repeated on 20 lines × 50, naming `items`', () => {
    const lines = Array.from({ length: 20 }, () => line({ quantity: 50 }));
    expect(refused(placeOrderInput, order({ items: lines }))).toEqual({
      items: [expect.stringMatching(new RegExp(`at most ${ORDER_LIMITS.totalQuantity} items in one order`))],
    });
  });

  it('takes an order of exactly the total cap', () => {
    const lines = [line({ quantity: 50 }), line({ productId: id(2), quantity: ORDER_LIMITS.totalQuantity - 50 })];
    expect(placeOrderInput.safeParse(order({ items: lines })).success).toBe(true);
  });

  it('answers a 10,000-line cart with one issue, without checking each line', () => {
    const lines = Array.from({ length: 10_000 }, () => line({ productId: '\u0000', quantity: -1 }));
    expect(refused(placeOrderInput, order({ items: lines }))).toEqual({
      items: [`at most ${ORDER_LIMITS.lines} lines`],
    });
  });

  it('refuses whole numbers only, within the per-line cap', () => {
    for (const quantity of [0, -1, 1.5, ORDER_LIMITS.quantity + 1, Number.MAX_SAFE_INTEGER, NaN, Infinity, '2']) {
      expect(Object.keys(refused(placeOrderInput, order({ items: [line({ quantity })] })))).toEqual([
        'items.0.quantity',
      ]);
    }
  });
});
