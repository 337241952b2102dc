// What the console's shell and its pages both read, once per request (React's cache).
import 'server-only';
import { cache } from 'react';
import { api } from '@/lib/trpc/server';

/**
 * The signed-in tenant's overview, once per request: the shell (its name) and
 * the overview page (its figures) share one call, and so one `admin` token.
 */
export const restaurantOverview = cache((tenantId: string | null) => (tenantId ? api.restaurant.overview() : null));
