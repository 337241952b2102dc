/**
 * tRPC in three parts, as in create-t3-app:
 * 1. context — what every procedure may use (db, session, client IP, guest id);
 * 2. initialisation — superjson, and an error formatter that exposes zod field
 *    errors and the details of domain errors (e.g. `policy`, `retryAfterSeconds`);
 * 3. procedures — the chains every router builds on.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Session } from 'next-auth';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { db } from '../db';
import { AppError } from '../domain/errors';
import { env } from '../env';
import { GUEST_COOKIE, issueGuestCookie, setCookieHeader, verifyGuestCookie } from '../guest/guest-cookie';
import { REQUEST_TIMEOUT_MS } from '../ratelimit/guards';
import { clientIpFrom } from '../ratelimit/keys';
import { toTRPCError } from './errors';
import { addLimitHeaders } from './limit-headers';

// 1. Context -----------------------------------------------------------------

export type CreateContextOptions = {
  headers: Headers;
  /** Response headers; absent for server-side callers (RSC), which cannot set any. */
  resHeaders?: Headers;
  session: Session | null;
};

function readCookie(headers: Headers, name: string): string | undefined {
  const cookie = headers.get('cookie');
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export async function createTRPCContext(opts: CreateContextOptions) {
  // The edge layer's limit headers, until a procedure's own limits refine them.
  addLimitHeaders(opts.resHeaders, opts.headers, []);
  return {
    db,
    session: opts.session,
    headers: opts.headers,
    resHeaders: opts.resHeaders,
    clientIp: clientIpFrom(opts.headers.get('x-forwarded-for'), env.TRUSTED_PROXY_HOPS),
    guestId: await verifyGuestCookie(readCookie(opts.headers, GUEST_COOKIE), env.NEXTAUTH_SECRET),
  };
}

export type Context = Awaited<ReturnType<typeof createTRPCContext>>;

// 2. Initialisation ----------------------------------------------------------

function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const path = issue.path.length ? issue.path.join('.') : '(input)';
    (fields[path] ??= []).push(issue.message);
  }
  return fields;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Live subscriptions over server-sent events: a ping keeps proxies from
  // closing a quiet stream, and tells the client when to reconnect.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodError = cause instanceof ZodError ? cause : null;
    return {
      ...shape,
      message: zodError
        ? `Invalid input: ${Object.entries(fieldErrorsOf(zodError))
            .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
            .join('; ')}`
        : shape.message,
      data: {
        ...shape.data,
        fieldErrors: zodError ? fieldErrorsOf(zodError) : null,
        ...(cause instanceof AppError ? cause.details : {}),
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;
export const middleware = t.middleware;

// 3. Procedures --------------------------------------------------------------

/** Maps domain errors to tRPC errors, for every procedure, in one place. */
const domainErrors = t.middleware(async ({ next, type }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  // A subscription fails while it streams, after this middleware returned: map those too.
  if (result.ok && type === 'subscription' && isAsyncIterable(result.data)) {
    return { ...result, data: withDomainErrors(result.data) };
  }
  return result;
});

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

async function* withDomainErrors<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw error instanceof AppError ? toTRPCError(error) : error;
  }
}

/** SPEC §4: no procedure runs longer than the request timeout. */
const requestTimeout = t.middleware(async ({ next }) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new TRPCError({ code: 'TIMEOUT', message: `The request took longer than ${REQUEST_TIMEOUT_MS / 1000} s` }),
        ),
      REQUEST_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
});

export const publicProcedure = t.procedure.use(requestTimeout).use(domainErrors);

/** A guest at a table: has (or is now given) a signed guest id cookie. */
export const guestProcedure = publicProcedure.use(async ({ ctx, next }) => {
  let guestId = ctx.guestId;
  if (!guestId) {
    if (!ctx.resHeaders) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'No guest session' });
    const secure = env.NODE_ENV === 'production' && env.NEXTAUTH_URL?.startsWith('https:') === true;
    const issued = await issueGuestCookie(env.NEXTAUTH_SECRET, secure);
    guestId = issued.guestId;
    ctx.resHeaders.append('set-cookie', setCookieHeader(issued.cookie));
  }
  return next({ ctx: { guestId } });
});

/** Signed-in staff of a restaurant; every query is scoped by `ctx.tenantId`. */
export const staffProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  if (!user.tenantId) throw new TRPCError({ code: 'FORBIDDEN', message: 'Not a member of a restaurant' });
  return next({ ctx: { user, tenantId: user.tenantId } });
});

export const ownerProcedure = staffProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'OWNER') throw new TRPCError({ code: 'FORBIDDEN', message: 'Owners only' });
  return next();
});

export const operatorProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  if (!user.isOperator) throw new TRPCError({ code: 'FORBIDDEN', message: 'Operators only' });
  return next({ ctx: { user } });
});
