import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { TRPCReactProvider } from '@/lib/trpc/react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tableside', template: '%s · Tableside' },
  description: 'Order and pay from your table.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#1f2a24' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
