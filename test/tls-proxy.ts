// A TLS-terminating reverse proxy for HTTP tests, as production runs behind
// one: https on a free port with a certificate generated for the run,
// forwarding to the app over http and appending the client's address to
// X-Forwarded-For (like nginx's $proxy_add_x_forwarded_for) plus
// X-Forwarded-Proto: https. Clients must accept the self-signed certificate.
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export type TlsProxy = { url: string; port: number; stop(): Promise<void> };

/** Starts the proxy on a free port; `upstream` is given later, once the app's port is known. */
export async function startTlsProxy(): Promise<TlsProxy & { forwardTo(upstream: string): void }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  } as Parameters<typeof generate>[1]);
  let upstream: URL | null = null;
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    if (!upstream) {
      res.writeHead(503).end();
      return;
    }
    const given = req.headers['x-forwarded-for'];
    const peer = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          'x-forwarded-for': given ? `${String(given)}, ${peer}` : peer,
          'x-forwarded-proto': 'https',
          'x-forwarded-host': req.headers.host ?? '',
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    forwardTo: (target) => void (upstream = new URL(target)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
