// What went wrong placing an order, in the guest's words and next to the
// field or cart line it is about. Reads the error data order.place returns:
// zod `fieldErrors`, a domain error's `field` / `product`, or a limit's wait.
import { retryInfoOf, type RetryInfo } from '@/lib/rate-limit/retry';

export type PlaceOrderProblem = {
  /** One sentence above "Place order", naming the product or field; empty when the field's own message says it all. */
  message: string;
  nameError?: string;
  /** Per cart line, by product id. */
  lineErrors?: Record<string, string>;
  /** A limit refused it: show the countdown instead of a message. */
  retry?: RetryInfo;
  /** The key cannot be replayed: the next tap must be a new intent. */
  newIntent?: boolean;
  /** No answer came: the order may exist, so the next tap keeps the key even if the cart changed. */
  unanswered?: boolean;
  /** The order already went through under this key (its answer was lost): this is it. */
  earlierOrderId?: string;
};

type ErrorData = {
  code?: string;
  httpStatus?: number;
  fieldErrors?: Record<string, string[]> | null;
  field?: unknown;
  product?: unknown;
  orderId?: unknown;
};

/** Dishes in the cart that cannot be ordered: one sentence naming them, and a word on each of their lines. */
export function unorderableProblem(
  lines: readonly { productId: string; name: string }[],
  reason: 'unavailable' | 'gone',
): PlaceOrderProblem {
  const one = lines.length === 1;
  const state = reason === 'unavailable' ? 'not available right now' : 'no longer on the menu';
  return {
    message: `${lines.map((line) => line.name).join(', ')} ${one ? 'is' : 'are'} ${state}. Remove ${one ? 'it' : 'them'} to order the rest.`,
    lineErrors: Object.fromEntries(lines.map((line) => [line.productId, capitalise(state)])),
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function lineIndexOf(field: string): number | null {
  const match = /^items\.(\d+)\./.exec(field);
  return match ? Number(match[1]) : null;
}

export function describePlaceOrderError(
  error: unknown,
  /** The product id of each line sent, in order. */
  lineProductIds: readonly string[],
  nameOf: (productId: string) => string,
): PlaceOrderProblem {
  const retry = retryInfoOf(error);
  if (retry) return { message: 'Too many orders from here just now.', retry };

  const data = (error as { data?: ErrorData | null } | null)?.data;
  if (!data) {
    return {
      message:
        'We couldn’t reach the restaurant. Check your connection and tap “Place order” again — it will only be placed once.',
      unanswered: true,
    };
  }

  if (data.fieldErrors) {
    const problem: PlaceOrderProblem = { message: '' };
    const summary: string[] = [];
    for (const [field, messages] of Object.entries(data.fieldErrors)) {
      const text = messages.join(', ');
      const index = lineIndexOf(field);
      const productId = index === null ? undefined : lineProductIds[index];
      if (field === 'customerName') {
        problem.nameError = capitalise(text);
      } else if (productId) {
        const what = field.endsWith('.note') ? 'note' : field.endsWith('.quantity') ? 'quantity' : 'item';
        (problem.lineErrors ??= {})[productId] = capitalise(`${what} ${text}`);
        summary.push(`${nameOf(productId)}: ${what} ${text}`);
      } else if (field === 'items') {
        summary.push(`Your order: ${text}`);
      } else {
        summary.push(`${field}: ${text}`);
      }
    }
    problem.message = summary.length ? `Please check — ${summary.join('; ')}.` : '';
    return problem;
  }

  if (typeof data.field === 'string') {
    const index = lineIndexOf(data.field);
    const productId = index === null ? undefined : lineProductIds[index];
    if (productId) {
      // A `product` name comes with "not available"; without one, the product has left the menu.
      return typeof data.product === 'string'
        ? unorderableProblem([{ productId, name: data.product }], 'unavailable')
        : unorderableProblem([{ productId, name: nameOf(productId) }], 'gone');
    }
    if (data.field === 'tableToken') {
      return { message: 'This table isn’t taking orders right now. Please ask a member of staff.' };
    }
    if (data.field === 'idempotencyKey' && typeof data.orderId === 'string') {
      return { message: 'Your earlier order went through.', earlierOrderId: data.orderId };
    }
    if (data.field === 'idempotencyKey') {
      return { message: 'That didn’t go through. Please tap “Place order” again.', newIntent: true };
    }
  }

  return { message: 'Something went wrong placing your order. Please try again in a moment.' };
}
