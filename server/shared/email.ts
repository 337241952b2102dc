// One spelling of an email address for comparisons and keys: trimmed and
// lower-cased, as accounts store it (server/domain/schemas.ts `emailAddress`).
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
