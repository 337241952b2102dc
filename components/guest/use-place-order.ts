'use client';
// "Place order": checks what the guest can fix before sending, sends the cart
// under this intent's idempotency key (retrying a weak connection is safe),
// and on success takes what was sent out of the cart and opens the order.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { retryDelay, retryInfoOf, shouldRetry } from '@/lib/rate-limit/retry';
import { api } from '@/lib/trpc/react';
import { ORDER_LIMITS, totalQuantity } from '@/server/shared/order-limits';
import { hasVisibleText, TEXT_PROBLEM_MESSAGE, textProblem } from '@/server/shared/text-rules';
import { removeSentFromCart, type CartLine, type SentLine } from './cart';
import { useGuestName } from './guest-name';
import { useCheckout } from './use-checkout';
import { forgetOrderIntent, idempotencyKeyFor, markIntentUnanswered } from './order-intent';
import { orderPath } from '@/server/shared/guest-paths';
import { describePlaceOrderError, unorderableProblem, type PlaceOrderProblem } from './place-order-error';

export type PricedLine = CartLine & { product: { id: string; name: string; priceMinor: number; available: boolean } };

function problemBeforeSending(lines: PricedLine[], customerName: string): PlaceOrderProblem | null {
  const unavailable = lines.filter((line) => !line.product.available);
  if (unavailable.length) {
    return unorderableProblem(
      unavailable.map((line) => ({ productId: line.productId, name: line.product.name })),
      'unavailable',
    );
  }
  if (!customerName || !hasVisibleText(customerName)) {
    return { message: '', nameError: 'Enter your name so staff know whose order it is' };
  }
  if (customerName.length > ORDER_LIMITS.name) {
    return { message: '', nameError: `Your name can be at most ${ORDER_LIMITS.name} characters` };
  }
  const problem = textProblem(customerName);
  if (problem) return { message: '', nameError: `Your name ${TEXT_PROBLEM_MESSAGE[problem]}` };
  if (totalQuantity(lines) > ORDER_LIMITS.totalQuantity) {
    return {
      message: `One order can hold at most ${ORDER_LIMITS.totalQuantity} items. Please take some out, or ask a member of staff.`,
    };
  }
  return null;
}

export function usePlaceOrder(tableToken: string, lines: PricedLine[]) {
  const router = useRouter();
  const checkout = useCheckout();
  const utils = api.useUtils();
  const [name, setName] = useGuestName();
  const [reported, setReported] = useState<{ problem: PlaceOrderProblem; about: string } | null>(null);
  // A problem is about what was sent: once the guest changes that, its message goes (a limit's wait stays).
  const about = JSON.stringify([name.trim(), lines.map((line) => [line.productId, line.quantity, line.note])]);
  const problem = reported && (reported.problem.retry || reported.about === about) ? reported.problem : null;
  const [attempt, setAttempt] = useState(0);
  const mutation = api.order.place.useMutation({
    // Lost connections are retried with the same key; a limit's wait is shown to the guest instead.
    retry: (failures, error) => !retryInfoOf(error) && shouldRetry(failures, error),
    retryDelay,
    // Here rather than in mutate()'s callbacks, which are skipped once the page that placed it is gone.
    onSuccess: (order, sent) => settled(sent.tableToken, order.items),
  });

  /** An order is in: what it holds leaves the cart (the cart may have been edited meanwhile). */
  function settled(token: string, ordered: readonly SentLine[]): void {
    forgetOrderIntent(token);
    removeSentFromCart(token, ordered);
    void utils.order.mine.invalidate({ tableToken: token });
  }
  const placedOrderId = mutation.isSuccess ? mutation.data.id : null;

  function place(): void {
    if (mutation.isPending) return;
    setAttempt((n) => n + 1);
    const customerName = name.trim();
    const early = problemBeforeSending(lines, customerName);
    setReported(early && { problem: early, about });
    if (early) return;

    const input = {
      tableToken,
      customerName,
      items: lines.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
        ...(line.note.trim() ? { note: line.note.trim() } : {}),
      })),
    };
    const idempotencyKey = idempotencyKeyFor(tableToken, JSON.stringify(input));
    const nameOf = (productId: string) => lines.find((line) => line.productId === productId)?.product.name ?? 'An item';
    mutation.mutate(
      { ...input, idempotencyKey },
      {
        onSuccess: (order) => {
          // Pay-first (SPEC §3): straight on to Checkout, no extra tap; if it cannot open, the order page offers "Pay now".
          if (order.status === 'AWAITING_PAYMENT') {
            void checkout.start(order.id).then((leaving) => {
              if (!leaving) router.push(`${orderPath(tableToken, order.id)}?checkout=unavailable`);
            });
            return;
          }
          router.push(orderPath(tableToken, order.id));
        },
        onError(error) {
          const described = describePlaceOrderError(
            error,
            input.items.map((item) => item.productId),
            nameOf,
          );
          if (described.earlierOrderId) {
            // A try whose answer was lost did go through: show that order; what it holds leaves the cart.
            const orderId = described.earlierOrderId;
            void utils.order.get
              .fetch({ orderId })
              .then((earlier) => settled(tableToken, earlier.items))
              .finally(() => router.push(orderPath(tableToken, orderId)));
            return;
          }
          if (described.unanswered) markIntentUnanswered(tableToken);
          if (described.newIntent) forgetOrderIntent(tableToken);
          // A product changed since the menu was loaded: load it again, so what is on screen is true.
          if (described.lineErrors) router.refresh();
          setReported({ problem: described, about });
        },
      },
    );
  }

  return {
    name,
    setName,
    place,
    problem,
    /** Counts taps on "Place order", so a repeated refusal restarts its countdown. */
    attempt,
    /** Placing, or on the way to Checkout once placed. */
    pending: mutation.isPending || checkout.pending,
    /** The first try failed on the connection and a retry is under way. */
    retrying: mutation.isPending && mutation.failureCount > 0,
    /** The phone is offline: the order waits and goes as soon as it is back. */
    waitingForConnection: mutation.isPaused,
    placedOrderId,
  };
}
