'use client';
// The order's payment, as the guest sees it: "Pay now" as the primary action
// while anything is owed (SPEC §3), what Checkout's return means, payment
// processing, paid, refunds; and a "Test payments" label when no real money
// can move. Back from Checkout, the payment is confirmed at once (the
// webhook may be late); the live stream brings the rest.
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { TooFastNotice } from '@/components/too-fast-notice';
import { api } from '@/lib/trpc/react';
import { formatMoney } from '@/server/shared/money';
import { canPayNow, wasPaid } from '@/server/shared/payment-status';
import type { GuestOrder } from './order-labels';
import { TestPaymentsBadge } from './test-payments-badge';
import { useCheckout } from './use-checkout';
import styles from './order.module.css';

export type PaymentsInfo = { available: boolean; testMode: boolean };

function useConfirmOnReturn(order: GuestOrder, onOrder: (order: GuestOrder) => void) {
  const params = useSearchParams();
  const returned = params.get('checkout');
  const confirm = api.payment.confirm.useMutation({ onSuccess: onOrder });
  const asked = useRef(false);
  useEffect(() => {
    if (returned !== 'success' || asked.current) return;
    asked.current = true;
    confirm.mutate({ orderId: order.id });
  }, [returned, order.id, confirm]);
  return { returned, confirming: confirm.isPending };
}

export function PaymentPanel({
  order,
  payments,
  onOrder,
}: {
  order: GuestOrder;
  payments: PaymentsInfo;
  onOrder: (order: GuestOrder) => void;
}) {
  const checkout = useCheckout();
  const { returned, confirming } = useConfirmOnReturn(order, onOrder);
  const money = (minor: number) => formatMoney(minor, order.currency);
  const payable = canPayNow(order);

  return (
    <section className={`card ${styles.payment}`} aria-labelledby="payment-heading" data-testid="payment-panel">
      <div className={styles.paymentHead}>
        <h2 id="payment-heading">Payment</h2>
        {payments.testMode && payable && <TestPaymentsBadge />}
      </div>
      <div role="status" aria-atomic="true" className={styles.paymentState}>
        <PaymentState order={order} returned={returned} confirming={confirming} money={money} />
      </div>
      {payable && payments.available && (
        <>
          {checkout.problem?.retry ? (
            <TooFastNotice
              retryAfterSeconds={checkout.problem.retry.retryAfterSeconds}
              unavailable={checkout.problem.retry.status === 503}
              onRetry={() => void checkout.start(order.id)}
            />
          ) : checkout.problem ? (
            <p role="alert" className="alert">
              {checkout.problem.message}
            </p>
          ) : null}
          <button
            type="button"
            className={`button ${styles.payNow}`}
            disabled={checkout.pending}
            onClick={() => void checkout.start(order.id)}
          >
            {checkout.pending ? 'Opening secure checkout…' : `Pay now · ${money(order.totalMinor)}`}
          </button>
        </>
      )}
      {payable && !payments.available && (
        <p className="muted">Card payment is not available here: please pay a member of staff.</p>
      )}
    </section>
  );
}

function PaymentState({
  order,
  returned,
  confirming,
  money,
}: {
  order: GuestOrder;
  returned: string | null;
  confirming: boolean;
  money: (minor: number) => string;
}) {
  const status = order.paymentStatus;
  if (wasPaid(status)) {
    return (
      <>
        <p className={styles.paid} data-testid="payment-status">
          {status === 'REFUNDED' ? 'Refunded in full' : 'Paid'}
        </p>
        {order.refundedMinor > 0 && (
          <p data-testid="refunded">
            {money(order.refundedMinor)}
            {status === 'REFUNDED' ? '' : ` of ${money(order.totalMinor)}`} refunded to your card.
          </p>
        )}
      </>
    );
  }
  if (status === 'PROCESSING') {
    return <p data-testid="payment-status">Your payment is being processed. This page updates when it clears.</p>;
  }
  if (order.status === 'CANCELLED') return <p data-testid="payment-status">Nothing to pay.</p>;
  if (returned === 'success' && confirming) return <p data-testid="payment-status">Confirming your payment…</p>;
  return (
    <>
      <p data-testid="payment-status">
        {status === 'FAILED' ? 'Your payment did not go through.' : 'Not paid yet.'}{' '}
        {order.status === 'AWAITING_PAYMENT'
          ? 'The kitchen starts once it is paid.'
          : 'Pay whenever you like, or pay a member of staff.'}
      </p>
      {returned === 'cancelled' && (
        <p className={styles.returnNote}>You left the checkout without paying. Try again whenever you are ready.</p>
      )}
      {returned === 'unavailable' && (
        <p className={styles.returnNote}>The checkout could not open just now. Try “Pay now” again.</p>
      )}
    </>
  );
}
