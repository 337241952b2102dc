// Tableside's production HTTP server: Next.js (App Router, edge middleware)
// behind a small Node front door that `next start` does not let us configure.
// Plain JavaScript, so production needs no TypeScript tooling to start.
//
// What it adds before a request reaches Next:
// - the socket's peer address appended to X-Forwarded-For, always. The client
//   IP rule (server/ratelimit/keys.ts) counts TRUSTED_PROXY_HOPS entries left
//   of it, so TRUSTED_PROXY_HOPS=0 means "no proxy: the socket is the client",
//   and nothing a client writes into the header can move it to another bucket;
// - header and request timeouts (a stalled upload no longer holds a
//   connection for Node's default 5 minutes);
// - 405 for methods the app never serves (TRACE, CONNECT, …), which Next
//   would otherwise answer with a 500 without running middleware.ts.
//
// Usage: node serve.mjs [--port N] [--hostname H]   (PORT / HOSTNAME env too)
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

// SPEC §4: a request (headers and body) must arrive within 30 s.
const REQUEST_TIMEOUT_MS = milliseconds('SERVER_REQUEST_TIMEOUT_MS', 30_000);
const HEADERS_TIMEOUT_MS = Math.min(milliseconds('SERVER_HEADERS_TIMEOUT_MS', 10_000), REQUEST_TIMEOUT_MS);
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function milliseconds(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 600_000) {
    console.error(`serve.mjs: ${name} must be a whole number of milliseconds from 100 to 600000, got "${value}"`);
    process.exit(1);
  }
  return ms;
}

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const port = Number(option('port', process.env.PORT ?? 3000));
const hostname = option('hostname', process.env.HOSTNAME ?? '0.0.0.0');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve.mjs: PORT must be a whole number from 0 to 65535, got "${port}"`);
  process.exit(1);
}

const app = next({ dev: false, dir: dirname(fileURLToPath(import.meta.url)), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();

function refuseMethod(res) {
  const body = JSON.stringify({ error: 'method_not_allowed', message: 'This method is not supported.' });
  res.writeHead(405, {
    allow: [...METHODS].join(', '),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

// Node looks for timed-out requests every `connectionsCheckingInterval` (30 s by default).
const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
  if (!METHODS.has(req.method ?? '')) return refuseMethod(res);
  const peer = (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const forwarded = req.headers['x-forwarded-for'];
  const given = Array.isArray(forwarded) ? forwarded.join(', ') : forwarded;
  req.headers['x-forwarded-for'] = given && given.trim() ? `${given}, ${peer}` : peer;
  handle(req, res).catch((error) => {
    console.error(
      JSON.stringify({ level: 50, time: Date.now(), msg: 'unhandled_request_error', error: String(error) }),
    );
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'internal', message: 'Something went wrong on our side.' }));
  });
});
// CONNECT never reaches the request listener; answer it the same way.
server.on('connect', (_req, socket) => {
  const body = JSON.stringify({ error: 'method_not_allowed', message: 'This method is not supported.' });
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\nAllow: ${[...METHODS].join(', ')}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
});
server.headersTimeout = HEADERS_TIMEOUT_MS;
server.requestTimeout = REQUEST_TIMEOUT_MS;
server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

server.listen(port, hostname, () => {
  const address = server.address();
  const shown = typeof address === 'object' && address ? address.port : port;
  console.log(`Tableside listening on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${shown}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
