/**
 * tRPC in three parts, as in create-t3-app:
 * 1. context — what every procedure may use (db, session, client IP and
 *    identity, guest id, request id);
 * 2. initialisation — the guarded superjson transformer, and an error
 *    formatter that exposes zod field errors and the details of domain errors
 *    (e.g. `policy`, `retryAfterSeconds`), and never an internal message;
 * 3. procedures — the chains every router builds on.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Session } from 'next-auth';
import { ZodError } from 'zod';
import type { SessionIdentity } from '../auth/credentials';
import { sessionCheck } from '../auth/current-session';
import { db } from '../db';
import { AppError } from '../domain/errors';
import { env } from '../env';
import {
  guestCookieValue,
  issueGuestCookie,
  secureCookies,
  setCookieHeader,
  verifyGuestCookie,
} from '../guest/guest-cookie';
import { REQUEST_TIMEOUT_MS, STAFF_NETWORK_MESSAGE, ipAllowed } from '../ratelimit/guards';
import { clientIpFrom, identityOf, ipBucket } from '../ratelimit/keys';
import type { PolicyResult } from '../ratelimit/limiter';
import { toTRPCError } from './errors';
import { checkGuestMint } from './guest-mint';
import { addLimitHeaders } from './limit-headers';
import { InvalidWireInput, transformer } from './transformer';

// 1. Context -----------------------------------------------------------------

export type CreateContextOptions = {
  headers: Headers;
  /** Response headers; absent for server-side callers (RSC), which cannot set any. */
  resHeaders?: Headers;
  session: Session | null;
};

export async function createTRPCContext(opts: CreateContextOptions) {
  // The edge layer's limit headers, until a procedure's own limits refine them.
  addLimitHeaders(opts.resHeaders, opts.headers, []);
  const clientIp = clientIpFrom(opts.headers.get('x-forwarded-for'), env.TRUSTED_PROXY_HOPS);
  const bucket = ipBucket(clientIp);
  const guestId = await verifyGuestCookie(guestCookieValue(opts.headers), env.NEXTAUTH_SECRET);
  const userId = opts.session?.user?.id ?? null;
  return {
    db,
    session: opts.session,
    headers: opts.headers,
    resHeaders: opts.resHeaders,
    clientIp,
    ipBucket: bucket,
    guestId,
    identity: identityOf({ userId, guestId, ipBucket: bucket }),
    requestId: opts.headers.get('x-request-id') ?? crypto.randomUUID(),
    /**
     * A page rendered on the server calls several procedures for one view;
     * each limit counts once per view (SPEC §4 `menu`: a page view counts
     * once). HTTP calls, batched or not, count every call.
     */
    spentLimits: opts.headers.get('x-trpc-source') === 'rsc' ? new Map<string, PolicyResult>() : null,
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

/** What the caller may read of an error: domain and validation messages; for anything else, a generic line. */
function publicMessage(error: TRPCError, requestId: string | undefined): string {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return `Invalid input: ${Object.entries(fieldErrorsOf(cause))
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ')}`;
  }
  if (cause instanceof AppError) return cause.message;
  // Our own refusals (sign in first, owners only, timeouts) carry no cause.
  if (!cause && error.code !== 'INTERNAL_SERVER_ERROR') return error.message;
  if (cause instanceof InvalidWireInput || error.code === 'PARSE_ERROR' || error.code === 'BAD_REQUEST') {
    return 'Invalid input: the request could not be read.';
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    return `Something went wrong on our side${requestId ? ` (request ${requestId})` : ''}. Please try again.`;
  }
  return error.message;
}

const t = initTRPC.context<Context>().create({
  transformer,
  // Live subscriptions over server-sent events: a ping keeps proxies from
  // closing a quiet stream, and tells the client when to reconnect.
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
  },
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    return {
      ...shape,
      message: publicMessage(error, ctx?.requestId),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: cause instanceof ZodError ? fieldErrorsOf(cause) : null,
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

/**
 * A guest at a table: has (or is now given) a signed guest id cookie. Minting
 * one counts against `guest-new` (per address), so dropping the cookie on
 * every call does not escape the per-identity limits.
 */
export const guestProcedure = publicProcedure.use(async ({ ctx, next, path }) => {
  if (ctx.guestId) return next({ ctx: { guestId: ctx.guestId } });
  if (!ctx.resHeaders) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'No guest session' });
  await checkGuestMint(ctx, path);
  const issued = await issueGuestCookie(env.NEXTAUTH_SECRET, secureCookies(env.NEXTAUTH_URL));
  ctx.resHeaders.append('set-cookie', setCookieHeader(issued.cookie));
  const identity = ctx.session?.user?.id
    ? ctx.identity
    : identityOf({ guestId: issued.guestId, ipBucket: ctx.ipBucket });
  return next({ ctx: { guestId: issued.guestId, identity } });
});

/** Everything staff reach answers only from ADMIN_IP_ALLOWLIST when it is set (the edge checks pages too). */
const staffNetwork = t.middleware(({ ctx, next }) => {
  if (!ipAllowed(ctx.clientIp, env.ADMIN_IP_ALLOWLIST)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: STAFF_NETWORK_MESSAGE });
  }
  return next();
});

export const SESSION_ENDED_MESSAGE = 'Your session has ended (your account changed); please sign in again';

/**
 * Anyone signed in whose account is still as the session says: active, same
 * role and restaurant, same session version (checked against the database,
 * trusted for at most STAFF_SESSION_RECHECK_SECONDS).
 */
export const authedProcedure = publicProcedure.use(staffNetwork).use(async ({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  await requireCurrentSession(user);
  return next({ ctx: { user } });
});

/** Refuses a session whose account is no longer as it says (also checked again by live streams as they go). */
export async function requireCurrentSession(user: SessionIdentity): Promise<void> {
  if (!(await sessionCheck.isCurrent(user)))
    throw new TRPCError({ code: 'UNAUTHORIZED', message: SESSION_ENDED_MESSAGE });
}

/** Signed-in staff of a restaurant; every query is scoped by `ctx.tenantId`. */
export const staffProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.tenantId) throw new TRPCError({ code: 'FORBIDDEN', message: 'Not a member of a restaurant' });
  return next({ ctx: { tenantId: ctx.user.tenantId } });
});

export const ownerProcedure = staffProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'OWNER') throw new TRPCError({ code: 'FORBIDDEN', message: 'Owners only' });
  return next();
});

export const operatorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.isOperator) throw new TRPCError({ code: 'FORBIDDEN', message: 'Operators only' });
  return next();
});

/**
 * Who may pay an order: the guest who placed it (their signed cookie), or
 * staff of its restaurant (a current session, from the staff network). Which
 * order is theirs is the payment use-case's to check.
 */
export const payerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const user = ctx.session?.user;
  const staff =
    user?.tenantId && ipAllowed(ctx.clientIp, env.ADMIN_IP_ALLOWLIST) && (await sessionCheck.isCurrent(user))
      ? user.tenantId
      : null;
  if (!staff && !ctx.guestId) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Open the order on the phone it was placed from' });
  }
  return next({ ctx: { payer: { guestId: ctx.guestId, staffTenantId: staff } } });
});
