// The edge layer over HTTP against production servers: `global` and
// `global-burst` per identity (user, guest cookie, else address), the
// `global-ip` ceiling, `guest-new` for minted guest ids, the client-IP rule
// (trusted hops, 0 included), and the request guards of serve.mjs and
// middleware.ts (size, parameters, methods, stalled bodies).
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_COOKIE, signGuestId } from '@/server/guest/guest-cookie';
import { burst, startAppServer, type AppServer } from '@/test/app-server';
import { guestCookieFrom, signIn, trpcQuery } from '@/test/http';
import { clearOfWindowEdge, randomClientIp, requireEnv } from '@/test/integration';

const HOUR = '3600';
let server: AppServer; // small per-identity limits, hour-long windows: counting exactly needs no edge
let ceiling: AppServer; // a small per-address ceiling and guest-new
let noProxy: AppServer; // TRUSTED_PROXY_HOPS=0: the socket is the client
beforeAll(async () => {
  [server, ceiling, noProxy] = await Promise.all([
    startAppServer({
      RATE_LIMIT_GLOBAL_LIMIT: '12',
      RATE_LIMIT_GLOBAL_WINDOW: HOUR,
      RATE_LIMIT_GLOBAL_BURST_LIMIT: '8',
      RATE_LIMIT_GLOBAL_BURST_WINDOW: HOUR,
      SERVER_REQUEST_TIMEOUT_MS: '2000',
    }),
    startAppServer({
      RATE_LIMIT_GLOBAL_IP_LIMIT: '10',
      RATE_LIMIT_GLOBAL_IP_WINDOW: HOUR,
      RATE_LIMIT_GUEST_NEW_LIMIT: '4',
      RATE_LIMIT_GUEST_NEW_WINDOW: HOUR,
    }),
    startAppServer({
      TRUSTED_PROXY_HOPS: '0',
      RATE_LIMIT_GLOBAL_BURST_LIMIT: '5',
      RATE_LIMIT_GLOBAL_BURST_WINDOW: '30',
    }),
  ]);
  await clearOfWindowEdge(3600, 5_000);
});
afterAll(() => Promise.all([server?.stop(), ceiling?.stop(), noProxy?.stop()]));

const page = (base: string, ip: string, headers: Record<string, string> = {}, path = '/admin/sign-in') =>
  fetch(`${base}${path}`, { headers: { 'x-forwarded-for': ip, ...headers }, redirect: 'manual' });

async function guestCookie(): Promise<string> {
  return `${GUEST_COOKIE}=${encodeURIComponent(await signGuestId(randomUUID(), requireEnv('NEXTAUTH_SECRET')))}`;
}

/** Sends raw bytes and reads the status line and headers of the answer. */
function rawRequest(base: string, bytes: string): Promise<{ status: number; headers: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += String(chunk);
      const end = answer.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve({ status: Number(answer.split(' ')[1]), headers: answer.slice(0, end) });
      }
    });
    socket.on('error', reject);
    socket.write(bytes);
  });
}

async function statuses(responses: Promise<Response>[] | Response[]): Promise<number[]> {
  return (await Promise.all(responses)).map((r) => r.status);
}

describe('global-burst per identity', () => {
  it('counts down on allowed responses, then answers 429 with Retry-After and the JSON body', async () => {
    const ip = randomClientIp();
    const remaining: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const response = await page(server.url, ip);
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        expect(response.headers.get('ratelimit-policy')).toBe('"global-burst";q=8;w=3600');
        expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
        remaining.push(Number(response.headers.get('x-ratelimit-remaining')));
      }
    }
    expect(remaining).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
    expect(refused).toBeDefined();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600).toBe(true);
    expect(refused!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await refused!.json()).toMatchObject({
      error: 'rate_limited',
      policy: 'global-burst',
      retryAfterSeconds: retryAfter,
    });
    // One structured line for the violation, in the shape Node's pino lines have, with the request's id.
    const requestId = refused!.headers.get('x-request-id')!;
    const line = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((entry) => entry.requestId === requestId);
    expect(line).toMatchObject({
      level: 40,
      time: expect.any(Number),
      service: 'tableside',
      runtime: 'edge',
      msg: 'ratelimit_violation',
      policy: 'global-burst',
      keyKind: 'identity',
    });
  });

  it('admits exactly the limit out of 40 concurrent requests', async () => {
    const ip = randomClientIp();
    const codes = await statuses(await burst(40, () => page(server.url, ip)));
    expect(codes.filter((s) => s === 200)).toHaveLength(8);
    expect(codes.filter((s) => s === 429)).toHaveLength(32);
  });

  it('guests behind one address each have their own budget', async () => {
    const ip = randomClientIp();
    const guests = await Promise.all([guestCookie(), guestCookie(), guestCookie()]);
    for (const cookie of guests) {
      expect(await statuses(await burst(8, () => page(server.url, ip, { cookie })))).toEqual(Array(8).fill(200));
    }
    // The address itself (requests without a cookie) is still untouched.
    expect((await page(server.url, ip)).status).toBe(200);
    // Each guest is now at its own limit.
    expect((await page(server.url, ip, { cookie: guests[0]! })).status).toBe(429);
  });

  it('a forged or malformed guest cookie counts as none: the address’s budget', async () => {
    const ip = randomClientIp();
    const forged = [
      `${GUEST_COOKIE}=${randomUUID().replace(/-/g, '')}.forged-signature`,
      `${GUEST_COOKIE}=%`,
      `${GUEST_COOKIE}=`,
    ];
    const codes: number[] = [];
    for (let i = 0; i < 9; i++) codes.push((await page(server.url, ip, { cookie: forged[i % 3]! })).status);
    expect(codes).toEqual([...Array(8).fill(200), 429]);
  });

  it('a signed-in user is one identity, whatever address or guest cookie it shows', async () => {
    const login = await signIn(server.url, {
      ip: randomClientIp(),
      email: 'owner@sakura.test',
      password: 'sakura-pass',
    });
    expect(login.sessionCookie).toBeTruthy();
    const codes: number[] = [];
    for (let i = 0; i < 9; i++) {
      const cookie = `${login.sessionCookie}; ${await guestCookie()}`;
      codes.push((await page(server.url, randomClientIp(), { cookie })).status);
    }
    expect(codes).toEqual([...Array(8).fill(200), 429]);
  });

  it('ignores X-Forwarded-For entries left of the trusted hop', async () => {
    const ip = randomClientIp();
    for (let i = 0; i < 8; i++) expect((await page(server.url, `${randomClientIp()}, ${ip}`)).status).toBe(200);
    // A fresh spoofed entry on the left does not give the client a new bucket.
    expect((await page(server.url, `10.9.8.7, ${ip}`)).status).toBe(429);
  });

  it('never limits excluded paths', async () => {
    const ip = randomClientIp();
    const responses = await burst(30, () => page(server.url, ip, {}, '/api/health'));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses[0]!.headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('with TRUSTED_PROXY_HOPS=0 the socket is the client', () => {
  it('whatever X-Forwarded-For says, every request from this socket shares one bucket', async () => {
    const codes: number[] = [];
    // Made up addresses, one per request: none of them is believed.
    for (let i = 0; i < 6; i++) codes.push((await page(noProxy.url, randomClientIp())).status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('the address is a ceiling, and minting guest ids is limited per address', () => {
  it('global-ip holds every identity behind one address, and leaves other addresses alone', async () => {
    const ip = randomClientIp();
    const cookies = await Promise.all(Array.from({ length: 12 }, () => guestCookie()));
    const answers: Response[] = [];
    for (const cookie of cookies) answers.push(await page(ceiling.url, ip, { cookie }));
    const codes = answers.map((r) => r.status);
    expect(
      codes,
      await Promise.all(
        answers.map((r) =>
          r
            .clone()
            .text()
            .then((t) => t.slice(0, 80)),
        ),
      ).then((t) => t.join('\n')),
    ).toEqual([...Array(10).fill(200), 429, 429]);
    const refused = await page(ceiling.url, ip, { cookie: cookies[0]! });
    expect(await refused.json()).toMatchObject({ error: 'rate_limited', policy: 'global-ip' });
    expect((await page(ceiling.url, randomClientIp(), { cookie: cookies[0]! })).status).toBe(200);
  });

  it('a client dropping its cookie on every menu view is refused at guest-new', async () => {
    const ip = randomClientIp();
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await page(ceiling.url, ip, {}, '/menu/demo-t2'));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429]);
    expect(answers.slice(0, 4).every((r) => guestCookieFrom(r) !== null)).toBe(true);
    expect(guestCookieFrom(answers[4]!)).toBeNull();
    expect(await answers[4]!.json()).toMatchObject({ error: 'rate_limited', policy: 'guest-new' });
    // A guest who kept their cookie still browses.
    const kept = guestCookieFrom(answers[0]!)!;
    expect((await page(ceiling.url, ip, { cookie: kept }, '/menu/demo-t2')).status).toBe(200);
  });

  it('an API call without a cookie mints through guest-new too', async () => {
    const ip = randomClientIp();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await trpcQuery(ceiling.url, 'order.mine', { tableToken: 'demo-t2' }, { 'x-forwarded-for': ip });
      codes.push(response.status);
    }
    expect(codes).toEqual([200, 200, 200, 200, 429]);
  });
});

describe('request guards', () => {
  it('refuses an 11 MB body with 413 and 51 query parameters with 400', async () => {
    const ip = randomClientIp();
    const big = await fetch(`${server.url}/api/trpc/menu.get`, {
      method: 'POST',
      headers: { 'x-forwarded-for': ip, 'content-type': 'application/json' },
      body: new Uint8Array(11 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: 'payload_too_large' });
    const query = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&');
    const many = await page(server.url, randomClientIp(), {}, `/admin/sign-in?${query}`);
    expect(many.status).toBe(400);
    expect(await many.json()).toMatchObject({ error: 'too_many_parameters' });
    const fifty = query.split('&').slice(0, 50).join('&');
    expect((await page(server.url, randomClientIp(), {}, `/admin/sign-in?${fifty}`)).status).toBe(200);
  });

  it('counts a chunked body with no Content-Length while reading it: 413 past 10 MB', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/trpc/order.place`, {
      method: 'POST',
      headers: { 'x-forwarded-for': randomClientIp(), 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('answers TRACE and methods the app never serves with 405, never a 500', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'CONNECT']) {
      // fetch refuses to send TRACE and CONNECT: a raw request, as a client could send it.
      const { status, headers } = await rawRequest(server.url, `${method} /menu/demo-t1 HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(status).toBe(405);
      expect(headers).toMatch(/allow: GET/i);
    }
  });

  it('closes a connection whose body stalls, after the request timeout', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      socket.on('data', (chunk) => (answer += String(chunk)));
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => {});
    });
    socket.write(
      'POST /api/trpc/order.place HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"json":',
    );
    const elapsed = await closed;
    // SERVER_REQUEST_TIMEOUT_MS=2000 on this server (30 s by default), checked every second.
    expect(elapsed).toBeGreaterThanOrEqual(1_500);
    expect(elapsed).toBeLessThan(6_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
