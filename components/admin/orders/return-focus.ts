'use client';
// The board opens its dialogs from code (a dropdown choice, a card's
// button), not from a Radix Trigger, so Radix has nowhere to give focus back
// when one closes and it fell to the page's body. This remembers what had
// focus when the dialog opened and returns it there, if it is still on the
// page (a cancelled order's card is gone: then the default stands). Radix
// asks onOpenAutoFocus only when focus is not inside already: no autoFocus
// in such a dialog.
import { useRef } from 'react';

export function useReturnFocus() {
  const opener = useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus: () => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    onCloseAutoFocus: (event: Event) => {
      const target = opener.current;
      opener.current = null;
      if (target?.isConnected) {
        event.preventDefault();
        target.focus();
      }
    },
  };
}
