'use client';
// The cart on the menu page: the bar at the bottom of the screen once
// something is in it, and the sheet it opens.
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { formatMoney, sumLines } from '@/server/shared/money';
import { useCart } from './cart';
import { itemCount, itemsText } from './order-labels';
import styles from './cart.module.css';
import { CartSheet, type PaymentTerms } from './cart-sheet';
import type { PricedLine } from './use-place-order';

export type CartProduct = PricedLine['product'];

export function GuestCart({
  tableToken,
  tableName,
  currency,
  products,
  payment,
}: {
  tableToken: string;
  tableName: string;
  currency: string;
  products: CartProduct[];
  payment: PaymentTerms;
}) {
  const cart = useCart(tableToken);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  // The sheet's content exists only while it is open: nothing hidden for assistive tech to trip over.
  const [open, setOpen] = useState(false);
  const lines = useMemo(() => {
    const byId = new Map(products.map((product) => [product.id, product]));
    // A product gone from the menu since it was added is left out: the guest orders what they see.
    return cart.flatMap((line) => {
      const product = byId.get(line.productId);
      return product ? [{ ...line, product }] : [];
    });
  }, [cart, products]);
  const total = formatMoney(
    sumLines(lines.map((line) => ({ unitPriceMinor: line.product.priceMinor, quantity: line.quantity }))),
    currency,
  );
  const count = itemCount(lines);
  const summary = `${itemsText(count)} · ${total}`;

  useEffect(() => {
    const dialog = dialogRef.current;
    // Focus goes back to what opened the sheet (browsers differ on doing this themselves). Emptying
    // the cart in the sheet takes the bar away: then to the page's heading (where it is, without
    // scrolling the menu) rather than to nowhere.
    const restoreFocus = () => {
      setOpen(false);
      if (openerRef.current?.isConnected) openerRef.current.focus();
      else document.querySelector('h1')?.focus({ preventScroll: true });
    };
    dialog?.addEventListener('close', restoreFocus);
    return () => dialog?.removeEventListener('close', restoreFocus);
  }, []);

  return (
    <>
      <p role="status" className="visually-hidden">
        {count > 0 ? `${summary} in your order` : ''}
      </p>
      {count > 0 && (
        <div className={styles.bar}>
          <button
            type="button"
            className={`button ${styles.barButton}`}
            aria-haspopup="dialog"
            onClick={(event) => {
              openerRef.current = event.currentTarget;
              // Rendered before showModal, so the dialog can focus its first control.
              flushSync(() => setOpen(true));
              dialogRef.current?.showModal();
            }}
          >
            <span className={styles.barLabel}>View order</span>
            <span>·</span>
            <span className={styles.barSummary}>{summary}</span>
          </button>
        </div>
      )}
      <CartSheet
        dialogRef={dialogRef}
        open={open}
        tableToken={tableToken}
        tableName={tableName}
        currency={currency}
        lines={lines}
        total={total}
        payment={payment}
      />
    </>
  );
}
