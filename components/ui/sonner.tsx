'use client';
// The console's toasts: one <Toaster /> in the console layout; anything below
// it calls `toast.success(…)` / `toast.error(…)` from 'sonner'. Sonner's
// region is a labelled, polite live region that keyboard users reach with
// Alt+T. Colours are the tokens'; errors keep text on their tint at AA.
import type { CSSProperties } from 'react';
import { Toaster as Sonner, type ToasterProps } from 'sonner';

export { toast } from 'sonner';

export function Toaster(props: ToasterProps) {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      richColors
      style={
        {
          '--normal-bg': 'var(--surface)',
          '--normal-text': 'var(--ink)',
          '--normal-border': 'var(--line)',
          '--success-bg': 'var(--surface)',
          '--success-text': 'var(--ink)',
          '--success-border': 'var(--line)',
          '--error-bg': 'var(--danger-surface)',
          '--error-text': 'var(--danger)',
          '--error-border': 'var(--danger-line)',
          '--border-radius': 'var(--radius)',
        } as CSSProperties
      }
      toastOptions={{ classNames: { toast: 'font-sans' } }}
      {...props}
    />
  );
}
