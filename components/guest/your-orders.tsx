'use client';
// "Your orders at this table": this phone's orders here, newest first, shown
// only once there are any. The header link and the list share one query.
import Link from 'next/link';
import { api } from '@/lib/trpc/react';
import { formatMoney } from '@/server/shared/money';
import { LocalTime } from './local-time';
import { itemCount, itemsText, STEP_LABEL } from './order-labels';
import styles from './your-orders.module.css';
import { canPayNow } from '@/server/shared/payment-status';
import { orderPath } from '@/server/shared/guest-paths';

export const YOUR_ORDERS_ANCHOR = 'your-orders';

function useMyOrders(tableToken: string) {
  return api.order.mine.useQuery({ tableToken }, { refetchOnWindowFocus: true }).data ?? [];
}

export function YourOrdersLink({ tableToken }: { tableToken: string }) {
  const orders = useMyOrders(tableToken);
  if (orders.length === 0) return null;
  return (
    <a href={`#${YOUR_ORDERS_ANCHOR}`} className={styles.headerLink}>
      Your orders <span className={styles.count}>{orders.length}</span>
    </a>
  );
}

export function YourOrders({ tableToken }: { tableToken: string }) {
  const orders = useMyOrders(tableToken);
  if (orders.length === 0) return null;
  return (
    <section id={YOUR_ORDERS_ANCHOR} aria-labelledby={`${YOUR_ORDERS_ANCHOR}-heading`} className={styles.section}>
      <h2 id={`${YOUR_ORDERS_ANCHOR}-heading`}>Your orders at this table</h2>
      <ul className={styles.list}>
        {orders.map((order) => (
          <li key={order.id}>
            <Link href={orderPath(tableToken, order.id)} className={`card ${styles.order}`} data-testid="my-order">
              <span className={styles.when}>
                <span className="visually-hidden">Order from </span>
                <LocalTime date={order.createdAt} /> · {itemsText(itemCount(order.items))}
              </span>
              <span className={styles.status} data-status={order.status}>
                {STEP_LABEL[order.status]}
              </span>
              <span className={styles.total}>{formatMoney(order.totalMinor, order.currency)}</span>
              {canPayNow(order) && <span className={styles.payNow}>Pay now →</span>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
