'use client';
// "Add" on a product card: one more of it in this table's cart. The count
// already in the cart shows on the button; the cart bar announces changes.
import { addToCart, roomFor, useCart } from './cart';
import styles from './cart.module.css';

export function AddToCartButton({
  tableToken,
  productId,
  productName,
}: {
  tableToken: string;
  productId: string;
  productName: string;
}) {
  const cart = useCart(tableToken);
  const inCart = cart.find((line) => line.productId === productId)?.quantity ?? 0;
  // The order (or this dish's line) is at its limit: one more would be refused.
  const full = roomFor(cart, productId) < 1;
  return (
    <button
      type="button"
      className={`button ${styles.add}`}
      aria-label={full ? `Add ${productName} (your order holds as many as it can)` : `Add ${productName}`}
      disabled={full}
      onClick={() => addToCart(tableToken, productId)}
    >
      Add
      {inCart > 0 && (
        <span className={styles.addCount} aria-hidden="true">
          {inCart}
        </span>
      )}
    </button>
  );
}
