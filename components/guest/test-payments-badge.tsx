// Shown wherever a guest is about to pay while payments run on Stripe test
// keys or the local emulator: nobody should think real money moved.
import styles from './test-payments-badge.module.css';

export function TestPaymentsBadge() {
  return (
    <span className={styles.badge} data-testid="test-payments">
      Test payments · no real money moves
    </span>
  );
}
