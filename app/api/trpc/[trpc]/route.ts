import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getServerSession } from 'next-auth';
import { appRouter } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { authOptions } from '@/server/auth/options';

export const runtime = 'nodejs';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async ({ resHeaders }) =>
      createTRPCContext({ headers: req.headers, resHeaders, session: await getServerSession(authOptions) }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        console.error(JSON.stringify({ level: 'error', msg: 'trpc_internal_error', path, error: error.message }));
      }
    },
  });

export { handler as GET, handler as POST };
