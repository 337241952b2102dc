'use client';
// "Add" on a product card: one more of it in this table's cart. The count
// already in the cart shows on the button; the cart bar announces changes.
import { addToCart, useCart } from './cart';
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
  const inCart = useCart(tableToken).find((line) => line.productId === productId)?.quantity ?? 0;
  return (
    <button
      type="button"
      className={`button ${styles.add}`}
      aria-label={`Add ${productName}`}
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
