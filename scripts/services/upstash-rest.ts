// A small local stand-in for Upstash's cloud: the Upstash REST protocol over a
// real Redis, so the real @upstash/redis and @upstash/ratelimit clients run
// unchanged. Never imported by app code; started by the demo and test commands.
//
// Protocol (as the clients speak it): POST `/` with one command as a JSON
// array, `/pipeline` and `/multi-exec` with an array of commands (replies are
// arrays of {result}|{error}); path style `/set/key/value` too; Bearer token;
// `Upstash-Encoding: base64` → every string in the result base64-encoded, at
// any depth; the `upstash-sync-token` header echoed; errors always JSON.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import IORedis from 'ioredis';

type Command = (string | number)[];
type Reply = Buffer | string | number | null | Reply[];
type Outcome = { result: unknown } | { error: string };

export type UpstashRest = {
  url: string;
  token: string;
  port: number;
  stats: { requests: number; commands: number };
  resetStats(): void;
  stop(): Promise<void>;
};

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Upstash-only script flags that Redis 7.0 rejects; the shebang line is dropped. */
const SHEBANG = /^#![^\n]*\n/;
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

function encode(reply: Reply, base64: boolean): unknown {
  if (reply === null || typeof reply === 'number') return reply;
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64));
  const buffer = typeof reply === 'string' ? Buffer.from(reply) : reply;
  return base64 ? buffer.toString('base64') : buffer.toString('utf8');
}

export async function startUpstashRest(opts: {
  redisUrl: string;
  port?: number;
  host?: string;
  token: string;
  log?: (message: string) => void;
}): Promise<UpstashRest> {
  const redis = new IORedis(opts.redisUrl, {
    // Fail fast while Redis is down (the app decides open/closed), reconnect on its own.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    lazyConnect: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  redis.on('error', () => {}); // reported per request instead
  await redis.connect();

  // Client-side sha (of the original text) → script as Redis can run it.
  const scripts = new Map<string, string>();
  const stats = { requests: 0, commands: 0 };

  function rewrite(command: Command): Command {
    const name = String(command[0]).toUpperCase();
    const args = command.slice(1).map(String);
    if (name === 'EVAL' || name === 'EVAL_RO') {
      const script = args[0] ?? '';
      const runnable = script.replace(SHEBANG, '');
      scripts.set(sha1(script), runnable);
      return [name, runnable, ...args.slice(1)];
    }
    if (name === 'EVALSHA' || name === 'EVALSHA_RO') {
      const runnable = scripts.get((args[0] ?? '').toLowerCase());
      // Known script: run its text (Redis caches it by its own sha); unknown: Redis answers NOSCRIPT.
      if (runnable !== undefined) return [name === 'EVALSHA' ? 'EVAL' : 'EVAL_RO', runnable, ...args.slice(1)];
      return [name, ...args];
    }
    if (name === 'SCRIPT' && args[0]?.toUpperCase() === 'LOAD' && args[1] !== undefined) {
      scripts.set(sha1(args[1]), args[1].replace(SHEBANG, ''));
      return ['SCRIPT', 'LOAD', args[1].replace(SHEBANG, '')];
    }
    return [name, ...args];
  }

  /** SCRIPT LOAD answers the sha the client computed, not the stripped one. */
  function fixReply(command: Command, reply: Reply): Reply {
    const name = String(command[0]).toUpperCase();
    if (name === 'SCRIPT' && String(command[1]).toUpperCase() === 'LOAD') return sha1(String(command[2]));
    return reply;
  }

  async function runOne(command: Command): Promise<Reply> {
    const [name, ...args] = rewrite(command);
    return fixReply(command, (await redis.callBuffer(String(name), ...args)) as Reply);
  }

  async function runBatch(commands: Command[], transaction: boolean): Promise<Outcome[]> {
    const batch = transaction ? redis.multi() : redis.pipeline();
    for (const command of commands) {
      const [name, ...args] = rewrite(command);
      batch.callBuffer(String(name), ...args);
    }
    const results = (await batch.exec()) ?? [];
    return results.map(([error, reply], i) =>
      error ? { error: error.message } : { result: fixReply(commands[i]!, reply as Reply) },
    );
  }

  function send(res: ServerResponse, status: number, body: unknown, syncToken?: string) {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      ...(syncToken ? { 'upstash-sync-token': syncToken } : {}),
    });
    res.end(json);
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function isCommand(value: unknown): value is Command {
    return (
      Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number')
    );
  }

  /**
   * Upstash's pub/sub over REST: `/subscribe/<channel>` (or `/psubscribe/<pattern>`)
   * answers a server-sent event stream, `data: subscribe,<channel>,<count>` first,
   * then `data: message,<channel>,<payload>` per message. The stream ends when
   * Redis goes away, so subscribers notice and subscribe again.
   */
  async function streamMessages(req: IncomingMessage, res: ServerResponse, pattern: boolean, channel: string) {
    const subscriber = redis.duplicate({ lazyConnect: true, retryStrategy: () => null });
    subscriber.on('error', () => {});
    try {
      await subscriber.connect();
      await (pattern ? subscriber.psubscribe(channel) : subscriber.subscribe(channel));
    } catch (error) {
      subscriber.disconnect();
      return send(res, 503, { error: `ERR redis unavailable: ${(error as Error).message}` });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`data: ${pattern ? 'psubscribe' : 'subscribe'},${channel},1\n\n`);
    subscriber.on('message', (from: string, message: string) => res.write(`data: message,${from},${message}\n\n`));
    subscriber.on('pmessage', (match: string, from: string, message: string) =>
      res.write(`data: pmessage,${match},${from},${message}\n\n`),
    );
    subscriber.on('close', () => res.end());
    req.on('close', () => subscriber.disconnect());
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    stats.requests++;
    const syncToken = req.headers['upstash-sync-token'] as string | undefined;
    if (req.headers.authorization !== `Bearer ${opts.token}`) {
      return send(res, 401, { error: 'Unauthorized' }, syncToken);
    }
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const path = new URL(req.url ?? '/', 'http://local').pathname.replace(/\/+$/, '');
    const subscription = /^\/(p?subscribe)\/(.+)$/.exec(path);
    if (subscription)
      return streamMessages(req, res, subscription[1] === 'psubscribe', decodeURIComponent(subscription[2]!));
    let body: unknown;
    try {
      const text = await readBody(req);
      body = text ? JSON.parse(text) : undefined;
    } catch (error) {
      return send(res, 400, { error: `ERR invalid request body: ${(error as Error).message}` }, syncToken);
    }

    try {
      if (path === '/pipeline' || path === '/multi-exec') {
        if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
          return send(res, 400, { error: 'ERR body must be a non-empty array of commands' }, syncToken);
        }
        stats.commands += body.length;
        const outcomes = await runBatch(body, path === '/multi-exec');
        return send(
          res,
          200,
          outcomes.map((o) => ('error' in o ? o : { result: encode(o.result as Reply, base64) })),
          syncToken,
        );
      }
      let command: Command;
      if (path === '') {
        if (!isCommand(body)) return send(res, 400, { error: 'ERR body must be a command array' }, syncToken);
        command = body;
      } else {
        // Path style: /set/key/value (a POST body is the last argument).
        command = path.slice(1).split('/').map(decodeURIComponent);
        if (body !== undefined) command.push(typeof body === 'string' ? body : JSON.stringify(body));
      }
      stats.commands++;
      return send(res, 200, { result: encode(await runOne(command), base64) }, syncToken);
    } catch (error) {
      // Redis answered with an error (400), or could not be reached (503).
      const message = (error as Error).message;
      const replyError = (error as Error).name === 'ReplyError';
      return send(
        res,
        replyError ? 400 : 503,
        { error: replyError ? message : `ERR redis unavailable: ${message}` },
        syncToken,
      );
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: `ERR ${(error as Error).message}` }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  opts.log?.(`Upstash REST endpoint on ${url} over ${opts.redisUrl}`);

  return {
    url,
    token: opts.token,
    port,
    stats,
    resetStats() {
      stats.requests = 0;
      stats.commands = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

// CLI: tsx scripts/services/upstash-rest.ts --port 8079 --redis redis://127.0.0.1:6379 --token dev
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const rest = await startUpstashRest({
    port: Number(arg('port') ?? 8079),
    redisUrl: arg('redis') ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    token: arg('token') ?? process.env.UPSTASH_REDIS_REST_TOKEN ?? 'dev',
    log: console.log,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => void rest.stop().then(() => process.exit(0)));
}
