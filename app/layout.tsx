import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '@/lib/trpc/react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tableside', template: '%s · Tableside' },
  description: 'Order and pay from your table.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#1f2a24' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry the nonce of the
  // request's Content-Security-Policy (middleware.ts), which a page built
  // ahead of time could not know.
  await connection();
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
