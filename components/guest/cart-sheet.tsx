'use client';
// The cart as a bottom sheet: a native modal <dialog> (focus stays inside,
// Escape closes, focus returns to the button that opened it), the lines,
// the guest's name and "Place order".
import Link from 'next/link';
import { useEffect, useId, useRef, type KeyboardEvent, type RefObject } from 'react';
import { TooFastNotice } from '@/components/too-fast-notice';
import { ORDER_LIMITS, totalQuantity } from '@/server/shared/order-limits';
import { roomFor } from './cart';
import { CartLineItem } from './cart-line-item';
import styles from './cart.module.css';
import { TestPaymentsBadge } from './test-payments-badge';
import { orderPath } from '@/server/shared/guest-paths';
import { usePlaceOrder, type PricedLine } from './use-place-order';

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** A modal dialog keeps the page behind it inert, but Tab past its last control would leave for the browser's own UI. */
function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/** How this restaurant takes payment: first (SPEC §3 immediate payment) or whenever; and whether it is for real. */
export type PaymentTerms = { first: boolean; testMode: boolean };

type SheetProps = {
  payment: PaymentTerms;
  tableToken: string;
  tableName: string;
  currency: string;
  lines: PricedLine[];
  /** The lines' total, formatted: the bar shows it too. */
  total: string;
};

export function CartSheet({
  dialogRef,
  open,
  ...props
}: SheetProps & { dialogRef: RefObject<HTMLDialogElement | null>; open: boolean }) {
  const titleId = useId();
  // Placing outlives the sheet's content: an order sent just before the sheet closed still opens.
  const placing = usePlaceOrder(props.tableToken, props.lines);
  const close = () => dialogRef.current?.close();
  return (
    <dialog
      ref={dialogRef}
      className={styles.sheet}
      aria-labelledby={titleId}
      aria-modal="true"
      // A tap on the dimmed backdrop (the dialog box itself, outside its content) closes it.
      onClick={(event) => event.target === event.currentTarget && close()}
      onKeyDown={keepFocusInside}
    >
      {open && <SheetContent {...props} placing={placing} titleId={titleId} close={close} />}
    </dialog>
  );
}

function SheetContent({
  tableToken,
  tableName,
  currency,
  lines,
  total,
  payment,
  placing,
  titleId,
  close,
}: SheetProps & { placing: ReturnType<typeof usePlaceOrder>; titleId: string; close: () => void }) {
  const formId = useId();
  const nameId = useId();
  const nameErrorId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const { name, setName, place, problem, attempt, pending, retrying, waitingForConnection, placedOrderId } = placing;

  useEffect(() => {
    if (problem?.nameError) nameRef.current?.focus();
  }, [problem]);

  return (
    <div className={styles.sheetContent}>
      <header className={styles.sheetHeader}>
        <h2 id={titleId} ref={titleRef} tabIndex={-1}>
          Your order
        </h2>
        <span className="muted">{tableName}</span>
        <button type="button" className={styles.close} aria-label="Close your order" onClick={close}>
          <span aria-hidden="true">×</span>
        </button>
      </header>

      <div className={styles.sheetBody}>
        {placedOrderId ? (
          <div role="status" className={styles.sheetMessage}>
            <p>{payment.first ? 'Your order is in. Opening secure checkout…' : 'Your order is in. Opening it…'}</p>
            <Link href={orderPath(tableToken, placedOrderId)}>See your order</Link>
          </div>
        ) : lines.length === 0 ? (
          <div className={styles.sheetMessage}>
            <p>Your order is empty.</p>
            <button type="button" className="button secondary" onClick={close}>
              Browse the menu
            </button>
          </div>
        ) : (
          <>
            <ul className={styles.lines}>
              {lines.map((line) => (
                <CartLineItem
                  key={line.productId}
                  tableToken={tableToken}
                  line={line}
                  currency={currency}
                  room={roomFor(lines, line.productId)}
                  error={problem?.lineErrors?.[line.productId]}
                  onRemoved={() => titleRef.current?.focus()}
                />
              ))}
            </ul>
            {totalQuantity(lines) >= ORDER_LIMITS.totalQuantity && (
              <p className={styles.fieldHint}>
                That is as much as one order can hold ({ORDER_LIMITS.totalQuantity} items). For more, please ask a
                member of staff.
              </p>
            )}
            <form
              id={formId}
              noValidate
              className={styles.nameForm}
              onSubmit={(event) => {
                event.preventDefault();
                place();
              }}
            >
              <div className="field">
                <label htmlFor={nameId}>Your name</label>
                <input
                  id={nameId}
                  ref={nameRef}
                  name="customerName"
                  type="text"
                  autoComplete="given-name"
                  enterKeyHint="send"
                  maxLength={ORDER_LIMITS.name}
                  required
                  value={name}
                  aria-invalid={problem?.nameError ? true : undefined}
                  aria-describedby={problem?.nameError ? nameErrorId : undefined}
                  onChange={(event) => setName(event.target.value)}
                />
                {problem?.nameError ? (
                  <p id={nameErrorId} className={styles.fieldError}>
                    {problem.nameError}
                  </p>
                ) : (
                  <p className={styles.fieldHint}>So staff know whose order it is. Remembered on this phone.</p>
                )}
              </div>
            </form>
          </>
        )}
      </div>

      {lines.length > 0 && !placedOrderId && (
        <footer className={styles.sheetFooter}>
          {problem?.retry ? (
            <TooFastNotice
              key={attempt}
              retryAfterSeconds={problem.retry.retryAfterSeconds}
              unavailable={problem.retry.status === 503}
              onRetry={place}
            />
          ) : problem?.message ? (
            <p role="alert" className={`alert ${styles.problem}`}>
              {problem.message}
            </p>
          ) : waitingForConnection ? (
            <p role="status" className={styles.retrying}>
              You’re offline. Your order goes as soon as the connection is back — keep this page open.
            </p>
          ) : retrying ? (
            <p role="status" className={styles.retrying}>
              The connection is slow — still trying. Your order will only be placed once.
            </p>
          ) : null}
          {payment.first && (
            <p className={styles.payFirst} data-testid="pay-first-note">
              You pay by card right after placing the order; the kitchen starts once it is paid.
              {payment.testMode && (
                <>
                  {' '}
                  <TestPaymentsBadge />
                </>
              )}
            </p>
          )}
          <div className={styles.totalRow}>
            <span>Total</span>
            <span className={styles.totalAmount} data-testid="cart-total">
              {total}
            </span>
          </div>
          {/* While a limit's countdown runs, its own "Try again" is the way to send. */}
          {!problem?.retry && (
            <button type="submit" form={formId} className={`button ${styles.placeOrder}`} disabled={pending}>
              {pending ? 'Placing your order…' : payment.first ? 'Place order and pay' : 'Place order'}
            </button>
          )}
        </footer>
      )}
    </div>
  );
}
