// The input rules every procedure shares, as small zod builders: each input
// schema (menu, orders, board, catalog, sign-up) is made of these, so a rule
// is decided once. Every string is bounded and has a character rule; a
// string that reaches PostgreSQL can no longer carry a NUL (which the driver
// refuses with a 500) or anything else a field has no use for. The character
// rules themselves live in server/shared/text-rules.ts (the guest UI checks
// them too); why each exists is written there.
import { z } from 'zod';
import { isSupportedCurrency } from '../shared/money';
import {
  hasControlCharacter,
  hasLoneSurrogate,
  hasVisibleText,
  TEXT_PROBLEM_MESSAGE,
  textProblem,
} from '../shared/text-rules';

type Bounds = { min?: number; max: number; tooShort?: string };
type NameBounds = Bounds & { min: number; blank?: string };

const tooLong = (max: number) => `must be at most ${max} characters`;

/**
 * One line of text a person typed: NFC-normalised (so the bound counts what
 * is stored), trimmed, bounded, and free of control characters, direction
 * overrides and broken surrogates.
 */
export function singleLineText({ min = 0, max, tooShort }: Bounds) {
  return (
    z
      .string()
      // A first, generous bound on the raw string: nothing huge is normalised or scanned.
      .max(max * 4 + 64, { message: tooLong(max), abort: true })
      .normalize('NFC')
      .trim()
      .min(min, tooShort ?? `must be at least ${min} characters`)
      .max(max, tooLong(max))
      .superRefine((text, ctx) => {
        const problem = textProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: TEXT_PROBLEM_MESSAGE[problem] });
      })
  );
}

/** A name shown to others (a guest's, a restaurant's): one line that is not blank to the eye. */
export function displayName({
  blank = 'must show letters, not only spaces or invisible characters',
  ...bounds
}: NameBounds) {
  // Too short already says what is wrong; otherwise a name of invisible characters is blank.
  return singleLineText(bounds).refine((name) => name.length < bounds.min || hasVisibleText(name), blank);
}

/** An optional one-line note; empty or invisible-only means no note. */
export function optionalNote(max: number) {
  return singleLineText({ max })
    .optional()
    .transform((note) => (note && hasVisibleText(note) ? note : undefined));
}

/**
 * A row id, in exactly the shape the database issues: Prisma's `cuid()`
 * (cuid v1: "c", then 24 lower-case base-36 characters: time, counter,
 * fingerprint, random). The seed makes its rows the same way. Anything else
 * cannot name a row, so it is refused before any query.
 */
export const RECORD_ID = /^c[a-z0-9]{24}$/;
export const recordId = () => z.string().regex(RECORD_ID, 'must be an id as Tableside issues them');

/** A token that travels in URLs (table tokens, idempotency keys): letters, digits, "-" and "_", bounded. */
export function urlSafeToken({ min, max }: { min: number; max: number }) {
  return z
    .string()
    .max(max * 4 + 64, { message: tooLong(max), abort: true })
    .trim()
    .min(min, `must be at least ${min} characters`)
    .max(max, tooLong(max))
    .regex(/^[A-Za-z0-9_-]*$/, 'may only contain letters, digits, "-" and "_"');
}

/**
 * An email address as an account's sign-in name: trimmed, lower-cased and
 * within RFC 5321's 254 characters (64 before the "@"). The bound also keeps
 * the session cookie small: a 100 KB address made cookies no browser sends.
 */
export const EMAIL_MAX = 254;
export function emailAddress() {
  return z
    .string()
    .max(EMAIL_MAX * 4, { message: tooLong(EMAIL_MAX), abort: true })
    .trim()
    .toLowerCase()
    .max(EMAIL_MAX, tooLong(EMAIL_MAX))
    .refine((email) => (email.split('@')[0] ?? '').length <= 64, 'must have at most 64 characters before the "@"')
    .pipe(z.email('must be an email address'));
}

/**
 * A new password: long enough to resist guessing, bounded so hashing stays
 * cheap. Any character a keyboard types is allowed (NIST SP 800-63B), not
 * control characters, which no sign-in form can send back. Never trimmed
 * nor normalised: sign-in compares exactly what was typed.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
export function newPassword() {
  return z
    .string()
    .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, tooLong(PASSWORD_MAX))
    .refine((password) => !hasControlCharacter(password), 'must not contain control characters')
    .refine((password) => !hasLoneSurrogate(password), TEXT_PROBLEM_MESSAGE.malformed);
}

/** A restaurant's currency: an ISO 4217 code it can price in (server/shared/money.ts). */
export function currencyCode() {
  return z
    .string()
    .max(16, { message: 'must be a three-letter ISO 4217 code such as EUR', abort: true })
    .trim()
    .toUpperCase()
    .refine(isSupportedCurrency, 'must be an ISO 4217 currency code such as EUR');
}
