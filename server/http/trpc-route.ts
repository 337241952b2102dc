// /api/trpc: tRPC's fetch adapter with the body read under the byte budget
// (counted while reading), batches capped, the request id in every log line,
// and internal errors logged here (the client sees a generic message with the
// request id; server/api/trpc.ts formats it).
import 'server-only';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getServerSession } from 'next-auth';
import { appRouter } from '../api/root';
import { createTRPCContext } from '../api/trpc';
import { authOptions } from '../auth/options';
import { logger } from '../log';
import { TRPC_MAX_BATCH_SIZE } from '../shared/trpc-limits';
import { withBoundedBody } from './body';
import { withRequestContext } from './request-context';

async function handle(request: Request): Promise<Response> {
  const bounded = await withBoundedBody(request);
  if (bounded instanceof Response) return bounded;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: bounded,
    router: appRouter,
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: async ({ resHeaders }) =>
      createTRPCContext({ headers: bounded.headers, resHeaders, session: await getServerSession(authOptions) }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ msg: 'trpc_internal_error', path, error: error.message, cause: String(error.cause ?? '') });
      } else if (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') {
        const cause = error.cause as (Error & { detail?: string }) | undefined;
        if (cause && !('issues' in cause)) {
          logger.info({ msg: 'trpc_unreadable_input', path, error: cause.detail ?? cause.message });
        }
      }
    },
  });
}

export const trpcRoute = withRequestContext(handle);
