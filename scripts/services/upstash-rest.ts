// A small local stand-in for Upstash's cloud: the Upstash REST protocol over a
// real Redis, so the real @upstash/redis and @upstash/ratelimit clients run
// unchanged. Never imported by app code; started by the demo and test commands.
// It must answer as Upstash does, errors included, or tests pass here that
// fail in production.
//
// Protocol (as the clients speak it): POST `/` with one command as a JSON
// array (strings, numbers, booleans); `/pipeline` and `/multi-exec` with an
// array of commands (replies are arrays of {result}|{error}); path style
// `/set/key/value` too; Bearer token or `_token`; `Upstash-Encoding: base64` →
// every string in the result base64-encoded, at any depth, but a plain "OK";
// an `upstash-sync-token` on every answer; errors always JSON.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import IORedis from 'ioredis';

type Arg = string | Buffer;
type Command = [name: string, ...args: Arg[]];
type Reply = Buffer | string | number | null | Reply[];
type Outcome = { result: Reply } | { error: string };

export type UpstashRest = {
  url: string;
  token: string;
  port: number;
  stats: { requests: number; commands: number };
  resetStats(): void;
  stop(): Promise<void>;
};

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT']);
const UNAUTHORIZED = 'WRONGPASS invalid or missing auth token';

/** Upstash-only script flags (`#!lua flags=allow-key-locking`) that Redis 7.0 rejects: the shebang line goes. */
const SHEBANG = /^#![^\n]*\n/;
const LINE_END = /\r\n|\r|\n/;
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

class BadRequest extends Error {}

/**
 * Not over Upstash's REST API (connection state, pub/sub and MONITOR outside
 * their streams, client-side transactions), and here they would take over the
 * one connection every request shares.
 */
const NOT_OVER_REST = new Set([
  ...['AUTH', 'HELLO', 'QUIT', 'RESET', 'SELECT', 'MONITOR'],
  ...['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE'],
  ...['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH'],
]);
const BLOCKING = new Set('BLMOVE BLMPOP BLPOP BRPOP BRPOPLPUSH BZMPOP BZPOPMAX BZPOPMIN'.split(' '));

/** Upstash answers a blocking command at once, as if it had timed out (so does Redis inside MULTI). */
function blocks([name, ...args]: Command): boolean {
  const streamRead = name === 'XREAD' || name === 'XREADGROUP';
  return BLOCKING.has(name) || (streamRead && args.some((arg) => String(arg).toUpperCase() === 'BLOCK'));
}

function toCommand([name, ...args]: Arg[]): Command {
  const command: Command = [String(name).toUpperCase(), ...args];
  if (NOT_OVER_REST.has(command[0])) throw new BadRequest(`ERR command not available over REST: '${name}'`);
  return command;
}

/**
 * A command as the clients send it. A boolean becomes its text, as Upstash
 * stores it: `redis.set(k, true)` reads back as "true", which the client
 * parses to `true`. Anything else (JSON null for an `undefined`, objects) has
 * no Redis meaning.
 */
function parseCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0) throw new BadRequest('ERR a command must be a non-empty JSON array');
  return toCommand(
    value.map((arg: unknown) => {
      if (typeof arg === 'string') return arg;
      if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
      throw new BadRequest(`ERR invalid argument ${JSON.stringify(arg) ?? String(arg)}: strings, numbers, booleans`);
    }),
  );
}

/** A path segment or query value; a stray `%` is a character, as in `100%`. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** `/set/key?EX=100` with a body: path segments, then the raw body, then the query (Upstash's path style). */
function pathCommand(path: string, body: Buffer, query: URLSearchParams): Command {
  const args: Arg[] = path.slice(1).split('/').map(decodePart);
  if (body.length > 0) args.push(body);
  for (const [key, value] of query) if (key !== '_token') args.push(...(value === '' ? [key] : [key, value]));
  return toCommand(args);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('ERR request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new BadRequest(`ERR invalid request body: ${(error as Error).message}`);
  }
}

function parseBatch(body: Buffer): unknown[] {
  const commands = parseJson(body);
  if (!Array.isArray(commands) || commands.length === 0) {
    throw new BadRequest('ERR body must be a non-empty array of commands');
  }
  return commands;
}

const isCommand = (parsed: Command | BadRequest): parsed is Command => !(parsed instanceof BadRequest);

/** In a pipeline, a malformed command is that command's error, not the request's. */
function parseEach(value: unknown): Command | BadRequest {
  try {
    return parseCommand(value);
  } catch (error) {
    return error as BadRequest;
  }
}

function encode(reply: Reply, base64: boolean): unknown {
  if (reply === null || typeof reply === 'number') return reply;
  if (Array.isArray(reply)) return reply.map((r) => encode(r, base64));
  const buffer = typeof reply === 'string' ? Buffer.from(reply) : reply;
  return base64 ? buffer.toString('base64') : buffer.toString('utf8');
}

/** Upstash base64-encodes every string of a result but an "OK" answer. */
function encodeResult(reply: Reply, base64: boolean): unknown {
  return Buffer.isBuffer(reply) && reply.toString('latin1') === 'OK' ? 'OK' : encode(reply, base64);
}

/**
 * Clients name a script by the sha1 of the text they send; Redis caches the
 * text without its shebang under another sha. Mapping one to the other lets
 * EVALSHA and SCRIPT EXISTS ask Redis's own cache, so after SCRIPT FLUSH (or
 * with a fresh Redis) EVALSHA answers NOSCRIPT and the client falls back to
 * EVAL, as it must against Upstash.
 */
function scriptCache() {
  const redisShaOf = new Map<string, string>();

  function runnable(script: Arg): string {
    const text = String(script);
    const stripped = text.replace(SHEBANG, '');
    if (stripped !== text) redisShaOf.set(sha1(text), sha1(stripped));
    return stripped;
  }
  const redisSha = (sha: Arg) => redisShaOf.get(String(sha).toLowerCase()) ?? sha;

  return {
    toRedis(command: Command): Command {
      const [name, first, ...rest] = command;
      if (first === undefined) return command;
      if (name === 'EVAL' || name === 'EVAL_RO') return [name, runnable(first), ...rest];
      if (name === 'EVALSHA' || name === 'EVALSHA_RO') return [name, redisSha(first), ...rest];
      if (name !== 'SCRIPT') return command;
      const sub = String(first).toUpperCase();
      if (sub === 'LOAD' && rest[0] !== undefined) return [name, first, runnable(rest[0]), ...rest.slice(1)];
      if (sub === 'EXISTS') return [name, first, ...rest.map(redisSha)];
      return command;
    },
    /** SCRIPT LOAD answers the sha the client computed, not the stripped one. */
    fromRedis(command: Command, reply: Reply): Reply {
      const [name, sub, script] = command;
      const isLoad = name === 'SCRIPT' && String(sub).toUpperCase() === 'LOAD' && script !== undefined;
      return isLoad ? sha1(String(script)) : reply;
    },
  };
}

/**
 * Upstash answers every request with `upstash-sync-token`, the position of
 * its primary; the client sends the latest one back so that a read replica
 * first catches up to it (read-your-writes). One Redis is never behind, so
 * the token only has to move with every write, and stay put for reads.
 */
async function syncPosition(redis: IORedis) {
  let readonly = new Set<string>();
  try {
    const table = (await redis.call('COMMAND')) as [string, number, string[]][];
    readonly = new Set(table.filter(([, , flags]) => flags.includes('readonly')).map(([name]) => name.toUpperCase()));
  } catch {
    // Unknown: every command then counts as a write, which only moves the token more often.
  }
  let position = 0;
  return {
    /** The token of a request about to run these commands (Redis runs them in the order they are handed over). */
    advance(commands: Command[]): string {
      if (commands.some(([name]) => !readonly.has(name))) position++;
      return String(position);
    },
    current: () => String(position),
  };
}

/** One server-sent event: every line of `data` becomes a `data:` line (CR, LF and CRLF all end a line). */
function sseEvent(data: string): string {
  return `${data
    .split(LINE_END)
    .map((line) => `data: ${line}\n`)
    .join('')}\n`;
}

/**
 * @upstash/redis reads the stream by LF-separated lines and takes each
 * `data: ` line as one whole message, so a payload with a line end can never
 * reach it raw: a spec-framed continuation line is dropped, or, if it looks
 * like `message,<channel>,…`, delivered as a forged message. The client
 * JSON-parses each payload (unless `automaticDeserialization: false`), so
 * such a payload travels on one line as JSON the client turns back into
 * exactly what was published: JSON without its insignificant line breaks,
 * other text as a JSON string.
 */
function oneLinePayload(message: string): string {
  if (!LINE_END.test(message)) return message;
  try {
    JSON.parse(message);
    return message.replace(/[\r\n]/g, ' ');
  } catch {
    return JSON.stringify(message);
  }
}

/** A channel name is not parsed by the client: a line end in one goes percent-encoded, as in a `/subscribe/` path. */
const oneLineName = (name: string) => name.replace(/\r/g, '%0D').replace(/\n/g, '%0A');

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

  const scripts = scriptCache();
  const sync = await syncPosition(redis);
  const stats = { requests: 0, commands: 0 };

  async function runOne(command: Command): Promise<Reply> {
    const forRedis = scripts.toRedis(command);
    const reply = blocks(command) ? await runAtOnce(forRedis) : await redis.callBuffer(...forRedis);
    return scripts.fromRedis(command, reply as Reply);
  }

  async function runAtOnce(command: Command): Promise<Reply> {
    const results = await redis
      .multi()
      .callBuffer(...command)
      .exec();
    const [error, reply] = results?.[0] ?? [new Error('ERR no reply'), null];
    if (error) throw error;
    return reply as Reply;
  }

  /** Each command answers on its own; one that is not a command at all fails alone, as on Upstash. */
  async function runPipeline(commands: (Command | BadRequest)[]): Promise<Outcome[]> {
    const valid = commands.filter(isCommand);
    if (valid.some(blocks)) return runEachInTurn(commands);
    const batch = redis.pipeline();
    for (const command of valid) batch.callBuffer(...scripts.toRedis(command));
    const results = valid.length ? ((await batch.exec()) ?? []) : [];
    let next = 0;
    return commands.map((command) => {
      if (command instanceof BadRequest) return { error: command.message };
      const [error, reply] = results[next++] ?? [new Error('ERR no reply')];
      return error ? { error: error.message } : { result: scripts.fromRedis(command, reply as Reply) };
    });
  }

  /** A pipeline with a blocking command: one at a time, so that one can run inside MULTI. */
  async function runEachInTurn(commands: (Command | BadRequest)[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const command of commands) {
      if (command instanceof BadRequest) {
        outcomes.push({ error: command.message });
        continue;
      }
      try {
        outcomes.push({ result: await runOne(command) });
      } catch (error) {
        if ((error as Error).name !== 'ReplyError') throw error;
        outcomes.push({ error: (error as Error).message });
      }
    }
    return outcomes;
  }

  /** A transaction with one malformed command is refused whole (Upstash answers one error). */
  async function runTransaction(commands: Command[]): Promise<Outcome[]> {
    const batch = redis.multi();
    for (const command of commands) batch.callBuffer(...scripts.toRedis(command));
    const results = (await batch.exec()) ?? [];
    return results.map(([error, reply], i) =>
      error ? { error: error.message } : { result: scripts.fromRedis(commands[i]!, reply as Reply) },
    );
  }

  function send(res: ServerResponse, status: number, body: unknown, token = sync.current()) {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      'upstash-sync-token': token,
    });
    res.end(json);
  }

  function authorized(req: IncomingMessage, url: URL): boolean {
    return req.headers.authorization === `Bearer ${opts.token}` || url.searchParams.get('_token') === opts.token;
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
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'upstash-sync-token': sync.current(),
    });
    const emit = (...fields: string[]) => res.write(sseEvent(fields.join(',')));
    emit(pattern ? 'psubscribe' : 'subscribe', oneLineName(channel), '1');
    subscriber.on('message', (from: string, message: string) =>
      emit('message', oneLineName(from), oneLinePayload(message)),
    );
    subscriber.on('pmessage', (match: string, from: string, message: string) =>
      emit('pmessage', oneLineName(match), oneLineName(from), oneLinePayload(message)),
    );
    subscriber.on('close', () => res.end());
    req.on('close', () => subscriber.disconnect());
  }

  /** The JSON body of a 200 answer to a command, a pipeline or a transaction, and its sync token. */
  async function answer(path: string, url: URL, req: IncomingMessage): Promise<[body: unknown, token: string]> {
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const encodeAll = (outcomes: Outcome[]) =>
      outcomes.map((o) => ('error' in o ? o : { result: encodeResult(o.result, base64) }));
    const body = await readBody(req);
    if (path === '/pipeline') {
      const commands = parseBatch(body).map(parseEach);
      stats.commands += commands.length;
      const token = sync.advance(commands.filter(isCommand));
      return [encodeAll(await runPipeline(commands)), token];
    }
    if (path === '/multi-exec') {
      const commands = parseBatch(body).map(parseCommand);
      stats.commands += commands.length;
      const token = sync.advance(commands);
      return [encodeAll(await runTransaction(commands)), token];
    }
    const command = path === '' ? parseCommand(parseJson(body)) : pathCommand(path, body, url.searchParams);
    stats.commands++;
    const token = sync.advance([command]);
    return [{ result: encodeResult(await runOne(command), base64) }, token];
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://local');
    if (!authorized(req, url)) return send(res, 401, { error: UNAUTHORIZED });
    if (!METHODS.has(req.method ?? '')) return send(res, 405, { error: `ERR method ${req.method} not allowed` });
    const path = url.pathname.replace(/\/+$/, '');
    const subscription = /^\/(p?subscribe)\/(.+)$/.exec(path);
    if (subscription) {
      return streamMessages(req, res, subscription[1] === 'psubscribe', decodePart(subscription[2]!));
    }
    try {
      return send(res, 200, ...(await answer(path, url, req)));
    } catch (error) {
      // A malformed request or a Redis error (400), or Redis out of reach (503).
      const message = (error as Error).message;
      if (error instanceof BadRequest || (error as Error).name === 'ReplyError')
        return send(res, 400, { error: message });
      return send(res, 503, { error: `ERR redis unavailable: ${message}` });
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
