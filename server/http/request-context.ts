// The request a Node route handler is serving, for log lines deep in the call
// (the request id middleware.ts minted and forwarded as `x-request-id`).
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

type RequestContext = { requestId: string };

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'x-request-id';

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs a route handler with its request's id in context. */
export function withRequestContext<A extends [Request, ...unknown[]]>(handler: (...args: A) => Promise<Response>) {
  return (...args: A): Promise<Response> => {
    const requestId = args[0].headers.get(REQUEST_ID_HEADER) ?? crypto.randomUUID();
    return storage.run({ requestId }, () => handler(...args));
  };
}
