// The one place domain errors become tRPC (and so HTTP) errors.
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { AppError, type AppErrorCode } from '../domain/errors';

const trpcCodeFor: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: 'NOT_FOUND',
  BAD_INPUT: 'BAD_REQUEST',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeFor[error.code], message: error.message, cause: error });
}
