// tRPC for React Server Components: calls procedures in-process (no HTTP),
// with the same context rules, and hydration helpers so pages can prefetch.
import 'server-only';
import { createHydrationHelpers } from '@trpc/react-query/rsc';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createCaller, type AppRouter } from '@/server/api/root';
import { createTRPCContext } from '@/server/api/trpc';
import { getStaffSession } from '@/server/auth/session';
import { createQueryClient } from './query-client';

const createContext = cache(async () => {
  const requestHeaders = new Headers(await headers());
  requestHeaders.set('x-trpc-source', 'rsc');
  return createTRPCContext({ headers: requestHeaders, session: await getStaffSession() });
});

const getQueryClient = cache(createQueryClient);
const caller = createCaller(createContext);

export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(caller, getQueryClient);
