'use client';
// The browser's tRPC client and the providers every page sits in.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { httpBatchLink, httpSubscriptionLink, loggerLink, retryLink, splitLink } from '@trpc/client';
import { createTRPCReact } from '@trpc/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '@/server/api/root';
import { TRPC_MAX_BATCH_SIZE } from '@/server/shared/trpc-limits';
import { announceReconnectLink } from './announce-reconnect-link';
import { createQueryClient } from './query-client';
import { reconnectDelayMs, shouldReconnect } from '../rate-limit/retry';

let browserQueryClient: QueryClient | undefined;
function getQueryClient() {
  if (typeof window === 'undefined') return createQueryClient();
  return (browserQueryClient ??= createQueryClient());
}

export const api = createTRPCReact<AppRouter>();
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    api.createClient({
      links: [
        loggerLink({
          enabled: (op) =>
            process.env.NODE_ENV === 'development' && op.direction === 'down' && op.result instanceof Error,
        }),
        splitLink({
          // Live updates over server-sent events; the browser's EventSource reconnects on its own.
          condition: (op) => op.type === 'subscription',
          // A stream that fails for good (server restarted, network gone) is opened again with
          // back-off; the server answers a reconnect with the current state, so nothing is lost.
          true: [
            retryLink({ retry: ({ error }) => shouldReconnect(error), retryDelayMs: reconnectDelayMs }),
            announceReconnectLink(),
            httpSubscriptionLink({ transformer: superjson, url: '/api/trpc' }),
          ],
          // The server refuses larger batches; the link splits before that.
          false: httpBatchLink({ transformer: superjson, url: '/api/trpc', maxItems: TRPC_MAX_BATCH_SIZE }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <api.Provider client={trpcClient} queryClient={queryClient}>
        {children}
      </api.Provider>
    </QueryClientProvider>
  );
}
