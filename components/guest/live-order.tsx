'use client';
// The guest's order, kept live: the server-rendered state first, then every
// update order.onUpdate sends (the current state on each (re)connect, then
// one per change). Dropped and refused streams are reopened with back-off by
// the client's retryLink (lib/trpc/react.tsx); this adds the phone's own
// online/offline signal and says which state the page is in.
import Link from 'next/link';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '@/lib/trpc/react';
import { formatMoney, lineTotalMinor } from '@/server/shared/money';
import { LiveIndicator, type LiveState } from './live-indicator';
import { LocalTime } from './local-time';
import { headlineOf, ITEM_STATUS_LABEL, type GuestOrder } from './order-labels';
import { PaymentPanel, type PaymentsInfo } from './payment-panel';
import { OrderSteps } from './order-steps';
import { menuPath } from '@/server/shared/guest-paths';
import styles from './order.module.css';

function subscribeToConnectivity(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** The phone's own view of its connection: it knows it went offline long before a silent stream times out. */
const useOnline = () =>
  useSyncExternalStore(
    subscribeToConnectivity,
    () => navigator.onLine,
    () => true,
  );

function liveStateOf(s: { online: boolean; status: string; hasBeenLive: boolean }): LiveState {
  if (!s.online) return 'offline';
  if (s.status === 'pending') return 'live';
  if (s.status === 'connecting') return s.hasBeenLive ? 'reconnecting' : 'connecting';
  return 'stopped';
}

function useLiveOrder(initialOrder: GuestOrder) {
  const utils = api.useUtils();
  const [order, setOrder] = useState(initialOrder);
  const [hasBeenLive, setHasBeenLive] = useState(false);
  const { status, reset } = api.order.onUpdate.useSubscription(
    { orderId: initialOrder.id },
    {
      onStarted: () => setHasBeenLive(true),
      onData: ({ data }) => {
        setOrder(data);
        // "Your orders" on the menu shows the same order: keep it current without asking the server again.
        utils.order.mine.setData({ tableToken: data.table.token }, (orders) =>
          orders?.map((mine) => (mine.id === data.id ? data : mine)),
        );
      },
    },
  );

  // Back online: a fresh stream at once (it starts with the order as it is now) rather than waiting
  // for a silent one to time out.
  const online = useOnline();
  useEffect(() => {
    window.addEventListener('online', reset);
    return () => window.removeEventListener('online', reset);
  }, [reset]);
  // Only a refusal for good (the link retries the rest) ends up here: try once more when back on screen.
  useEffect(() => {
    if (status !== 'error') return;
    const again = () => document.visibilityState === 'visible' && reset();
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, [status, reset]);

  return {
    order,
    /** An answer newer than the stream's (a confirmed payment) shows at once; the stream agrees a moment later. */
    setOrder,
    live: liveStateOf({ online, status, hasBeenLive }),
    stopped: status === 'error',
    reconnect: reset,
  };
}

export function LiveOrder({
  initialOrder,
  tableToken,
  payments,
}: {
  initialOrder: GuestOrder;
  tableToken: string;
  payments: PaymentsInfo;
}) {
  const { order, setOrder, live, stopped, reconnect } = useLiveOrder(initialOrder);
  const headline = headlineOf(order);
  const payment = <PaymentPanel order={order} payments={payments} onOrder={setOrder} />;
  // Pay-first: paying is what the order waits for, so it comes first.
  const paymentFirst = order.status === 'AWAITING_PAYMENT';
  const money = (minor: number) => formatMoney(minor, order.currency);

  return (
    <main className={`container ${styles.page}`}>
      <div className={styles.topRow}>
        <Link href={menuPath(tableToken)} className={styles.back}>
          <span aria-hidden="true">←</span>Back to menu
        </Link>
        <LiveIndicator state={live} />
      </div>

      <h1 className={styles.title}>Your order</h1>
      <p className={`muted ${styles.meta}`}>
        For <strong data-testid="order-customer">{order.customerName}</strong> · {order.table.name}
        <span className={styles.placedAt}>
          {' '}
          · placed <LocalTime date={order.createdAt} />
        </span>
      </p>

      <section className={`card ${styles.statusCard}`} data-status={order.status} aria-labelledby="order-status">
        <div role="status" aria-atomic="true">
          <p id="order-status" className={styles.statusTitle} data-testid="order-status">
            {headline.title}
          </p>
          <p className={styles.statusDetail}>{headline.detail}</p>
        </div>
        <OrderSteps status={order.status} />
      </section>

      {paymentFirst && payment}

      {stopped && (
        <p role="alert" className={`alert ${styles.stopped}`}>
          Live updates stopped.{' '}
          <button type="button" className="button secondary" onClick={reconnect}>
            Reconnect
          </button>
        </p>
      )}

      <section aria-labelledby="order-items" className={styles.itemsSection}>
        <h2 id="order-items">Items</h2>
        <ul className={styles.items}>
          {order.items.map((item) => (
            <li key={item.id} className={styles.item} data-testid="order-item" data-status={item.status}>
              <div className={styles.itemText}>
                <p className={styles.itemName}>
                  <span className={styles.quantity}>{item.quantity} ×</span> {item.name}
                </p>
                {item.note && <p className={`muted ${styles.itemNote}`}>Note: {item.note}</p>}
              </div>
              <div className={styles.itemMeta}>
                <span className={styles.itemPrice}>{money(lineTotalMinor(item))}</span>
                <span className={styles.itemStatus} data-status={item.status}>
                  {ITEM_STATUS_LABEL[item.status]}
                </span>
              </div>
            </li>
          ))}
        </ul>
        <p className={styles.total}>
          <span>Total</span>
          <span data-testid="order-total">{money(order.totalMinor)}</span>
        </p>
      </section>
      {!paymentFirst && payment}

      <Link href={menuPath(tableToken)} className={`button secondary ${styles.orderMore}`}>
        Order something else
      </Link>
    </main>
  );
}
