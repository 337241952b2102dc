// SPEC §4: a route handler answers within the request timeout, or 503.
import { REQUEST_TIMEOUT_MS } from '../ratelimit/guards';

export function withRequestTimeout<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Response>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            Response.json(
              { error: 'timeout', message: `No answer within ${REQUEST_TIMEOUT_MS / 1000} s` },
              { status: 503 },
            ),
          ),
        REQUEST_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([handler(...args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
