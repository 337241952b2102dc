import type { ReactNode } from 'react';
// The console's Tailwind and kit styles: /admin only, so the guest pages keep their own look.
import './console.css';

export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}
