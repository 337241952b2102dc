import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ConsoleHeader } from '@/components/admin-shell/console-header';
import { consoleRolesOf, roleLabelOf } from '@/components/admin-shell/nav';
import { Toaster } from '@/components/ui/sonner';
import { TooltipProvider } from '@/components/ui/tooltip';
import { REQUESTED_PATH_HEADER, signInPathFor } from '@/lib/auth/sign-in-path';
import { getStaffSession } from '@/server/auth/session';
import { restaurantOverview } from './console-data';

/**
 * The staff console's shell. Signed out, every console page sends the visitor
 * to sign in and back. Whether a session counts is getStaffSession()'s
 * decision alone (through getStaffSession); each procedure checks again.
 */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await getStaffSession();
  if (!session) redirect(signInPathFor((await headers()).get(REQUESTED_PATH_HEADER)));
  const { user } = session;
  const restaurant = await restaurantOverview(user.tenantId);

  return (
    <TooltipProvider>
      <div className="flex min-h-screen flex-col">
        <a
          href="#content"
          className="sr-only z-50 rounded-md bg-card px-4 py-2 font-semibold text-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        <ConsoleHeader
          title={restaurant?.name ?? 'Tableside operations'}
          user={{ email: user.email, name: user.name }}
          roleLabel={roleLabelOf(user)}
          roles={consoleRolesOf(user)}
        />
        {/* Focusable so the skip link moves keyboard focus here, not only the scroll position. */}
        <main id="content" tabIndex={-1} className="flex-1 px-4 py-6 outline-none lg:px-6 lg:py-8">
          {children}
        </main>
        <Toaster />
      </div>
    </TooltipProvider>
  );
}
