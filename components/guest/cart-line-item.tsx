'use client';
// One line of the cart: quantity − / +, the line's price, and a note for the kitchen.
import { useId } from 'react';
import { formatMoney, lineTotalMinor } from '@/server/shared/money';
import { ORDER_LIMITS } from '@/server/shared/order-limits';
import { setNote, setQuantity } from './cart';
import styles from './cart.module.css';
import type { PricedLine } from './use-place-order';

export function CartLineItem({
  tableToken,
  line,
  currency,
  room,
  error,
  onRemoved,
}: {
  tableToken: string;
  line: PricedLine;
  currency: string;
  /** How many more of this dish the order can take (see roomFor). */
  room: number;
  error?: string;
  /** The line left the cart (its controls are gone): the sheet decides where focus goes. */
  onRemoved: () => void;
}) {
  const { product, quantity, note } = line;
  const noteId = useId();
  const errorId = useId();
  const money = (minor: number) => formatMoney(minor, currency);
  const change = (next: number) => {
    setQuantity(tableToken, product.id, next);
    if (next < 1) onRemoved();
  };

  return (
    <li className={styles.line} data-testid="cart-line">
      <div className={styles.lineTop}>
        <div>
          <p className={styles.lineName}>{product.name}</p>
          <p className={`muted ${styles.lineEach}`}>{money(product.priceMinor)} each</p>
        </div>
        <p className={styles.lineTotal}>{money(lineTotalMinor({ unitPriceMinor: product.priceMinor, quantity }))}</p>
      </div>
      <div className={styles.lineControls}>
        <div className={styles.stepper} role="group" aria-label={`Quantity of ${product.name}`}>
          <button
            type="button"
            aria-label={quantity === 1 ? `Remove ${product.name}` : `Decrease quantity of ${product.name}`}
            onClick={() => change(quantity - 1)}
          >
            <span aria-hidden="true">−</span>
          </button>
          <output aria-label={`${quantity} × ${product.name}`}>{quantity}</output>
          <button
            type="button"
            aria-label={`Increase quantity of ${product.name}`}
            disabled={room < 1 || !product.available}
            onClick={() => change(quantity + 1)}
          >
            <span aria-hidden="true">+</span>
          </button>
        </div>
        {(!product.available || error) && (
          <button
            type="button"
            className={`button secondary ${styles.removeLine}`}
            aria-label={`Remove ${product.name} from your order`}
            onClick={() => change(0)}
          >
            Remove
          </button>
        )}
      </div>
      {error && (
        <p id={errorId} className={styles.lineError}>
          {error}
        </p>
      )}
      <div className={styles.note}>
        <label htmlFor={noteId}>
          Note<span className="visually-hidden"> for {product.name}</span>{' '}
          <span className={styles.optional}>(optional)</span>
        </label>
        <input
          id={noteId}
          type="text"
          value={note}
          maxLength={ORDER_LIMITS.note}
          placeholder="e.g. no onions, sauce on the side"
          enterKeyHint="done"
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => setNote(tableToken, product.id, event.target.value)}
        />
      </div>
    </li>
  );
}
