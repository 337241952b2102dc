'use client';
// "Pay now": asks for the order's Checkout Session and sends the whole page
// there (a full-page navigation, which no pop-up blocker stops). Stays
// "pending" while the browser leaves, so the button cannot be pressed twice.
import { useEffect, useState } from 'react';
import { retryInfoOf, type RetryInfo } from '@/lib/rate-limit/retry';
import { api } from '@/lib/trpc/react';

export type CheckoutProblem = { message: string; retry?: RetryInfo };

export function useCheckout() {
  const [leaving, setLeaving] = useState(false);
  const [problem, setProblem] = useState<CheckoutProblem | null>(null);
  const mutation = api.payment.createCheckout.useMutation();
  // Back from Checkout with the browser's back button, the page may come from the back/forward
  // cache as it was left ("Opening secure checkout…"): it is usable again.
  useEffect(() => {
    const shown = (event: PageTransitionEvent) => event.persisted && setLeaving(false);
    window.addEventListener('pageshow', shown);
    return () => window.removeEventListener('pageshow', shown);
  }, []);

  async function start(orderId: string): Promise<boolean> {
    if (mutation.isPending || leaving) return false;
    setProblem(null);
    try {
      const { url } = await mutation.mutateAsync({ orderId });
      setLeaving(true);
      window.location.assign(url);
      return true;
    } catch (error) {
      // A limit's wait (or its safety pause) counts down; anything else is said as it is.
      const info = retryInfoOf(error);
      const retry = info?.policy ? info : undefined;
      setProblem({
        message: retry ? '' : ((error as Error).message ?? 'The payment could not be started. Please try again.'),
        retry,
      });
      return false;
    }
  }

  return { start, pending: mutation.isPending || leaving, problem, clearProblem: () => setProblem(null) };
}
