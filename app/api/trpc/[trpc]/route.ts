// tRPC over HTTP (server/http/trpc-route.ts).
import { trpcRoute } from '@/server/http/trpc-route';

export const runtime = 'nodejs';
export { trpcRoute as GET, trpcRoute as POST };
