// Where a signed-out visitor of the console is sent, and how the console
// layout learns which page they asked for: Next gives layouts no URL, so
// middleware.ts forwards the requested path in a header (set there on every
// request, so a client cannot choose it; the sign-in page still keeps only
// paths of this site).
export const REQUESTED_PATH_HEADER = 'x-tableside-path';

export function signInPathFor(callbackPath: string | null | undefined): string {
  return `/admin/sign-in?callbackUrl=${encodeURIComponent(callbackPath || '/admin')}`;
}
