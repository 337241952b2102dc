// The order's place in its lifecycle (SPEC §3) as a row of steps; the
// current one carries aria-current. Cancelled and awaiting payment are not
// steps (nothing is shown): the headline above says so.
import { ORDER_FLOW, progressOf } from '@/server/shared/order-lifecycle';
import { STEP_LABEL, type OrderStatus } from './order-labels';
import styles from './order.module.css';

export function OrderSteps({ status }: { status: OrderStatus }) {
  const current = progressOf(status);
  if (current < 0) return null;
  return (
    <ol className={styles.steps} aria-label="Order progress" data-testid="order-steps">
      {ORDER_FLOW.map((step, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'upcoming';
        return (
          <li
            key={step}
            className={styles.step}
            data-state={state}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className={styles.stepDot} aria-hidden="true">
              {state === 'done' ? '✓' : index + 1}
            </span>
            <span className={styles.stepLabel}>
              {STEP_LABEL[step]}
              {state === 'done' && <span className="visually-hidden"> (done)</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
