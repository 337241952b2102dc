// What text Tableside accepts from people (names, notes), as plain
// predicates: the input schemas (server/domain/schemas.ts) enforce them and
// the guest UI checks the same before sending. Browser-safe, no zod.
//
// Why each rule:
// - Control characters (Unicode Cc: NUL, tab, line breaks, ESC, DEL, C1):
//   PostgreSQL refuses NUL in text outright, and the others fake extra lines
//   on kitchen tickets and in logs. No field needs one: notes are one line
//   (the guest types them in a one-line field; a line break in a note would
//   read as another dish on a printed ticket).
// - Line and paragraph separators (U+2028, U+2029): line breaks by another
//   name.
// - Direction overrides and isolates (U+202A–U+202E, U+2066–U+2069): they
//   reorder the text displayed after them ("Trojan Source"), e.g. a name on
//   the staff board; no keyboard types them. The marks LRM/RLM/ALM stay
//   allowed: they are how mixed-direction names are typed, and reorder
//   nothing beyond themselves.
// - Lone surrogates: not Unicode text; the database driver would silently
//   store U+FFFD in their place.
// - A name must show something: one made only of whitespace, zero-width
//   characters, direction marks, fillers or combining marks is blank on the
//   board.

const CONTROL = /\p{Cc}/u;
const LINE_SEPARATOR = /[\u2028\u2029]/u;
const DIRECTION_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/u;
// In a /u regex a class of surrogates matches only a surrogate without its pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// Invisible on their own: whitespace, default-ignorable code points (zero-width space/joiners,
// direction marks, Hangul fillers, variation selectors), other format characters, controls,
// combining marks with no base, and the blank Braille pattern.
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{Mn}\p{Me}\u2800]*$/u;

export const hasControlCharacter = (text: string): boolean => CONTROL.test(text) || LINE_SEPARATOR.test(text);
export const hasDirectionOverride = (text: string): boolean => DIRECTION_OVERRIDE.test(text);
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

export type TextProblem = 'control' | 'direction-override' | 'malformed';

/** The first rule `text` breaks for a one-line field, or null when it is fine. */
export function textProblem(text: string): TextProblem | null {
  if (hasControlCharacter(text)) return 'control';
  if (hasDirectionOverride(text)) return 'direction-override';
  if (hasLoneSurrogate(text)) return 'malformed';
  return null;
}

export const TEXT_PROBLEM_MESSAGE: Record<TextProblem, string> = {
  control: 'must be one line of text without control characters',
  'direction-override': 'must not contain text-direction override characters',
  malformed: 'must be valid Unicode text',
};

/** Whether `text` shows anything at all: not only whitespace, zero-width or other invisible characters. */
export function hasVisibleText(text: string): boolean {
  return !INVISIBLE_ONLY.test(text);
}
