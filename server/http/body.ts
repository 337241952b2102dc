// Request bodies read with a byte budget (SPEC §4: over 10 MB → 413): counted
// while reading, so a chunked body with no Content-Length, or one that lies
// about its length, is cut off at the budget instead of read whole.
import { MAX_BODY_BYTES } from '../ratelimit/guards';

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`The request body is over ${Math.round(maxBytes / 1024 / 1024)} MB.`);
    this.name = 'BodyTooLarge';
  }
}

/** The body's bytes, or BodyTooLarge as soon as more than `maxBytes` arrived. */
export async function readBodyLimited(request: Request, maxBytes = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function bodyTooLargeResponse(error: BodyTooLarge): Response {
  return Response.json({ error: 'payload_too_large', message: error.message }, { status: 413 });
}

/**
 * The same request with its body read under the budget (a fresh Request that
 * handlers may read as usual), or the 413 answer. Bodiless methods pass as they are.
 */
export async function withBoundedBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<Request | Response> {
  if (request.method === 'GET' || request.method === 'HEAD') return request;
  try {
    const body = await readBodyLimited(request, maxBytes);
    const headers = new Headers(request.headers);
    headers.delete('content-length');
    headers.delete('transfer-encoding');
    return new Request(request.url, {
      method: request.method,
      headers,
      body: body as BodyInit,
      signal: request.signal,
    });
  } catch (error) {
    if (error instanceof BodyTooLarge) return bodyTooLargeResponse(error);
    throw error;
  }
}
