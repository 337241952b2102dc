// The one error type the domain throws. The API layer maps `code` to HTTP and
// tRPC codes in exactly one place (server/api/errors.ts).
export const appErrorCodes = [
  'NOT_FOUND',
  'BAD_INPUT',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const;

export type AppErrorCode = (typeof appErrorCodes)[number];

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Extra fields safe to show to the caller, e.g. `{ field: 'items.0.productId' }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}
