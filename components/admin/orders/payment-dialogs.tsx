'use client';
// Money on the board asks first: "paid in cash" is recorded under your name;
// a refund (owners) names the amount, typed in the restaurant's currency and
// checked against what can still be refunded, before anything moves.
import { useState } from 'react';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { currencyExponent, formatMoney, parseMajorAmount, toMajorDecimal } from '@/server/shared/money';
import { refundableMinor } from '@/server/shared/payment-status';
import type { BoardOrder } from './board-state';
import { useReturnFocus } from './return-focus';

const who = (order: BoardOrder) => `${order.customerName}'s order at ${order.table.name}`;

export function CashDialog({
  order,
  pending,
  onConfirm,
  onClose,
}: {
  order: BoardOrder | null;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <AlertDialog open={order !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        {order && (
          <>
            <AlertDialogHeader>
              <AlertDialogTitle>Mark {who(order)} paid in cash?</AlertDialogTitle>
              <AlertDialogDescription>
                {formatMoney(order.totalMinor, order.currency)} taken at the table. It is recorded under your name, and
                the guest&apos;s page shows it as paid.
              </AlertDialogDescription>
            </AlertDialogHeader>
            <AlertDialogFooter>
              <AlertDialogCancel>Not yet</AlertDialogCancel>
              <AlertDialogAction
                disabled={pending}
                onClick={(event) => {
                  event.preventDefault();
                  onConfirm();
                }}
              >
                {pending ? 'Recording…' : 'Paid in cash'}
              </AlertDialogAction>
            </AlertDialogFooter>
          </>
        )}
      </AlertDialogContent>
    </AlertDialog>
  );
}

export function RefundDialog({
  order,
  pending,
  onRefund,
  onClose,
}: {
  order: BoardOrder | null;
  pending: boolean;
  onRefund: (amountMinor: number, reason: string | undefined) => void;
  onClose: () => void;
}) {
  const returnFocus = useReturnFocus();
  return (
    <Dialog open={order !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent {...returnFocus}>
        {order && <RefundForm key={order.id} order={order} pending={pending} onRefund={onRefund} onClose={onClose} />}
      </DialogContent>
    </Dialog>
  );
}

function RefundForm({
  order,
  pending,
  onRefund,
  onClose,
}: {
  order: BoardOrder;
  pending: boolean;
  onRefund: (amountMinor: number, reason: string | undefined) => void;
  onClose: () => void;
}) {
  const refundable = refundableMinor(order);
  const [amount, setAmount] = useState<string>(() => toMajorDecimal(refundable, order.currency));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const cash = order.payments[0]?.method === 'CASH';
  const exponent = currencyExponent(order.currency);

  function review() {
    let minor: number;
    try {
      minor = parseMajorAmount(amount, order.currency);
    } catch {
      return setError(`Type an amount like ${toMajorDecimal(refundable, order.currency)}`);
    }
    if (minor <= 0) return setError('The amount must be more than zero');
    if (minor > refundable) return setError(`At most ${formatMoney(refundable, order.currency)} can be refunded`);
    setError(null);
    setConfirming(minor);
  }

  if (confirming !== null) {
    return (
      <>
        <DialogHeader>
          <DialogTitle>
            Refund {formatMoney(confirming, order.currency)} {cash ? 'in cash' : 'to the card'}?
          </DialogTitle>
          <DialogDescription>
            {cash
              ? 'Give the money back at the table; the refund is recorded under your name.'
              : 'Stripe sends it back to the card the guest paid with. This cannot be undone.'}{' '}
            The guest&apos;s page shows the refund.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => setConfirming(null)}>
            Back
          </Button>
          <Button
            type="button"
            variant="destructive"
            disabled={pending}
            onClick={() => onRefund(confirming, reason.trim() || undefined)}
          >
            {pending ? 'Refunding…' : `Refund ${formatMoney(confirming, order.currency)}`}
          </Button>
        </DialogFooter>
      </>
    );
  }

  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        review();
      }}
    >
      <DialogHeader>
        <DialogTitle>Refund {who(order)}</DialogTitle>
        <DialogDescription>
          Paid {formatMoney(order.totalMinor, order.currency)}
          {order.refundedMinor > 0 && `, ${formatMoney(order.refundedMinor, order.currency)} refunded already`}. Up to{' '}
          {formatMoney(refundable, order.currency)} can be refunded.
        </DialogDescription>
      </DialogHeader>
      <div className="grid gap-2">
        <Label htmlFor="refund-amount">Amount ({order.currency})</Label>
        <Input
          id="refund-amount"
          inputMode={exponent > 0 ? 'decimal' : 'numeric'}
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'refund-amount-error' : undefined}
        />
        {error && (
          <p id="refund-amount-error" className="text-destructive text-sm">
            {error}
          </p>
        )}
      </div>
      <div className="grid gap-2">
        <Label htmlFor="refund-reason">Reason (optional)</Label>
        <Input id="refund-reason" maxLength={200} value={reason} onChange={(event) => setReason(event.target.value)} />
      </div>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onClose}>
          Keep the money
        </Button>
        <Button type="submit">Review refund</Button>
      </DialogFooter>
    </form>
  );
}
