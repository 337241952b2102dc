// Server-side loads for guest pages: a missing, foreign or malformed id is
// the friendly not-found page; a refusal by the limits becomes the wait the
// page shows (and reloads after), never an error dump.
import 'server-only';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { notFound } from 'next/navigation';
import { retryInfoOf, type RetryInfo } from '@/lib/rate-limit/retry';
import { AppError } from '@/server/domain/errors';

export type GuestLoad<T> = { value: T } | { limited: RetryInfo; refusedAt: number };

export async function guestLoad<T>(call: () => Promise<T>): Promise<GuestLoad<T>> {
  try {
    return { value: await call() };
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST')) notFound();
    const limited =
      error instanceof TRPCError && error.cause instanceof AppError
        ? retryInfoOf({ data: { httpStatus: getHTTPStatusCodeFromError(error), ...error.cause.details } })
        : null;
    if (limited) return { limited, refusedAt: Date.now() };
    throw error;
  }
}
