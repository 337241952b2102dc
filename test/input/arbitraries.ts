// Generators of what outside probing sends: real values mixed with unicode
// of every plane, control characters, invisible-only text, huge strings and
// numbers, odd and deeply nested objects. Each field is usually plausible,
// so most cases get past some of the checks and reach the deeper ones.
import fc from 'fast-check';

const controlCharacter = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => c < 0x20 || c >= 0x7f)
  .map((c) => String.fromCharCode(c));
const invisible = fc.constantFrom(
  ' ',
  '\t',
  '\u00a0',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u2060',
  '\u202e',
  '\u2066',
  '\u3164',
  '\u2800',
  '\ufeff',
  '\u0301',
);
const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');

/** Strings a careless or hostile client sends. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: fc.oneof(controlCharacter, fc.string({ unit: 'grapheme-ascii', maxLength: 3 })), maxLength: 40 }),
  fc.string({ unit: invisible, minLength: 1, maxLength: 20 }),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.oneof(controlCharacter, loneSurrogate, invisible),
      fc.string({ maxLength: 10 }),
    )
    .map((parts) => parts.join('')),
  fc.integer({ min: 300, max: 150_000 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 300, max: 20_000 }).map((n) => `${'\u0000'.repeat(n)}x`),
  fc.constantFrom(
    '',
    '\u0000',
    "' OR 1=1 --",
    '\'; DROP TABLE "Order"; --',
    '%',
    '_%_',
    '\\',
    '${7*7}',
    '{{7*7}}',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'null',
    'undefined',
    '../../etc/passwd',
    'ｃｌ' + '０'.repeat(23),
  ),
);

/** Numbers beyond every bound, and things that are not quite numbers. */
export const oddNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.bigInt(),
  fc.constantFrom(
    0,
    -0,
    -1,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MAX_VALUE,
    1e21,
    2 ** 31,
    NaN,
    Infinity,
    -Infinity,
    '5',
    '1e3',
    true,
  ),
);

/** A value nested `depth` levels deep, in objects and arrays. */
const deep = fc.tuple(fc.integer({ min: 50, max: 5_000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

/** Anything JavaScript can hold: odd objects (null prototype, boxed, sparse, typed arrays, maps, dates), deep nesting. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 4,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  }),
  deep,
  fc.constantFrom(null, undefined, [], {}, Object.create(null) as unknown, { __proto__: { admin: true } }),
);

/** A value no field expects: a nasty string, an odd number, anything at all, or nothing. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: oddNumber },
  { weight: 2, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** One field of an input: values a real client sends, and values it should not. */
export type Field = { plausible: fc.Arbitrary<unknown>; bad: fc.Arbitrary<unknown> };

export function field(plausible: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown> = badValue): Field {
  return { plausible, bad };
}

/**
 * Inputs of these fields, so that every layer gets its share: all fields
 * plausible (the database is reached), exactly one field bad (each check on
 * its own), any mix, extra keys (`__proto__` among them), or not an object.
 */
export function input(fields: Record<string, Field>): fc.Arbitrary<unknown> {
  const keys = Object.keys(fields);
  const arbitraries = (pick: (f: Field, key: string) => fc.Arbitrary<unknown>) =>
    Object.fromEntries(keys.map((key) => [key, pick(fields[key]!, key)]));
  const plausible = fc.record(arbitraries((f) => f.plausible));
  const oneBad = fc
    .constantFrom(...keys)
    .chain((badKey) => fc.record(arbitraries((f, key) => (key === badKey ? f.bad : f.plausible))));
  const mixed = fc.record(
    arbitraries((f) => fc.oneof({ weight: 2, arbitrary: f.plausible }, { weight: 1, arbitrary: f.bad })),
    { requiredKeys: [] },
  );
  const extraKeys = fc
    .tuple(plausible, fc.dictionary(fc.oneof(nastyString, fc.constant('__proto__')), anyValue, { maxKeys: 3 }))
    .map(([values, extra]) => ({ ...extra, ...values }));
  return fc.oneof(
    { weight: 5, arbitrary: plausible },
    { weight: 6, arbitrary: oneBad },
    { weight: 3, arbitrary: mixed },
    { weight: 1, arbitrary: extraKeys },
    { weight: 1, arbitrary: badValue },
  );
}

/** A cuid as the database issues them (the shape of a real id, naming no row). */
export const randomRecordId = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 24, maxLength: 24 })
  .map((rest) => `c${rest}`);
