// Talking to a running server the way clients do: tRPC over HTTP (superjson
// wire shape) and next-auth's credentials sign-in.

type Headers_ = Record<string, string>;

export function trpcQuery(base: string, path: string, input: unknown, headers: Headers_ = {}): Promise<Response> {
  return fetch(`${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers });
}

export function trpcBatchQuery(
  base: string,
  paths: string[],
  inputs: unknown[],
  headers: Headers_ = {},
): Promise<Response> {
  const input = Object.fromEntries(inputs.map((value, i) => [i, { json: value }]));
  return fetch(`${base}/api/trpc/${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers,
  });
}

export function trpcMutation(base: string, path: string, input: unknown, headers: Headers_ = {}): Promise<Response> {
  return fetch(`${base}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: input }),
  });
}

export type TrpcErrorBody = {
  error: {
    json: {
      message: string;
      data: {
        code: string;
        httpStatus: number;
        policy?: string;
        retryAfterSeconds?: number;
        fieldErrors?: Record<string, string[]> | null;
      };
    };
  };
};

export type SignInAnswer = {
  status: number;
  body: Record<string, unknown>;
  sessionCookie: string | null;
  headers: Headers;
};

/** next-auth's CSRF token and cookie, as a browser gets them before signing in. */
export async function csrfFor(base: string, ip: string): Promise<{ csrfToken: string; cookie: string }> {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { 'x-forwarded-for': ip } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { csrfToken, cookie };
}

/** The session cookie a response set (`next-auth.session-token`, or `__Secure-…` over https). */
export function sessionCookieFrom(response: Response): string | null {
  const session = response.headers
    .getSetCookie()
    .find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c) && !/Max-Age=0/i.test(c));
  return session ? session.split(';')[0]! : null;
}

export type SignInOptions = {
  /** Where to POST (next-auth also accepts other spellings of the callback). */
  path?: string;
  method?: string;
  /** The body as sent: by default the form a browser sends. */
  body?: (fields: Record<string, string>) => { contentType: string; text: string };
};

/** GET /api/auth/csrf, then POST the credentials callback with json=true, as a browser does. */
export async function signIn(
  base: string,
  fields: { ip: string; email: string; password: string; captcha?: string; callbackUrl?: string },
  options: SignInOptions = {},
): Promise<SignInAnswer> {
  const { csrfToken, cookie } = await csrfFor(base, fields.ip);
  const form: Record<string, string> = {
    email: fields.email,
    password: fields.password,
    captcha: fields.captcha ?? '',
    csrfToken,
    json: 'true',
    ...(fields.callbackUrl !== undefined ? { callbackUrl: fields.callbackUrl } : {}),
  };
  const body = options.body?.(form) ?? {
    contentType: 'application/x-www-form-urlencoded',
    text: new URLSearchParams(form).toString(),
  };
  const response = await fetch(`${base}${options.path ?? '/api/auth/callback/credentials'}`, {
    method: options.method ?? 'POST',
    redirect: 'manual',
    headers: { 'content-type': body.contentType, cookie, 'x-forwarded-for': fields.ip },
    body: options.method === 'GET' ? undefined : body.text,
  });
  return {
    status: response.status,
    body: (await response
      .clone()
      .json()
      .catch(async () => ({ text: await response.text() }))) as Record<string, unknown>,
    sessionCookie: sessionCookieFrom(response),
    headers: response.headers,
  };
}

export type SseEvent = { event: string; id: string | null; data: unknown };

/** A tRPC subscription over server-sent events, read event by event (what a browser's EventSource sees). */
export async function openSubscription(
  base: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  const controller = new AbortController();
  const response = await fetch(
    `${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
    {
      headers: { accept: 'text/event-stream', ...headers },
      signal: controller.signal,
    },
  );
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  async function next(): Promise<SseEvent> {
    while (queue.length === 0) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .filter((line) => line.startsWith(`${name}:`))
            .map((line) => line.slice(name.length + 1).trim())
            .join('\n') || null;
        const data = field('data');
        queue.push({ event: field('event') ?? 'message', id: field('id'), data: data ? JSON.parse(data) : null });
      }
    }
    return queue.shift()!;
  }
  /** The next event that carries data (skipping pings and the connection notice). */
  async function nextData(): Promise<SseEvent> {
    for (;;) {
      const event = await next();
      if (event.event === 'message' || event.event === 'serialized-error') return event;
    }
  }
  return { response, next, nextData, close: () => controller.abort() };
}

/** The guest cookie a response issued, as a Cookie header value. */
export function guestCookieFrom(response: Response): string | null {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('tableside_guest='));
  return cookie ? cookie.split(';')[0]! : null;
}
