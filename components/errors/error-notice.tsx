'use client';
import { useEffect } from 'react';

/**
 * What a crashed page shows, the same words whatever went wrong: never the
 * error's message or stack (they can hold internals; the server's own log and
 * the digest Next records carry what is needed to find the cause).
 */
export const ERROR_HEADING = 'Something went wrong';
export const ERROR_DETAIL = 'This page couldn’t be shown just now. Please try again in a moment.';

/** Logs the error in the browser's console for whoever debugs it there; the page shows none of it. */
export function useReportError(error: unknown): void {
  useEffect(() => {
    console.error(error);
  }, [error]);
}
