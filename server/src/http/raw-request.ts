/**
 * @module A webhook's headers and raw body, read the cheap way under @hono/node-server, and the same
 * way (through the WHATWG Request) anywhere else, `app.request()` in tests included.
 *
 * Why not `hono/body-limit` and `c.req.raw.headers`: measured with `bench/run.ts ingest --cpu`, asking
 * node-server's lightweight Request for `.body` (which body-limit does first) builds a full WHATWG
 * Request with a web stream over the socket, and `headers.forEach` builds a full `Headers`; together a
 * sizeable share of the CPU a delivery costs. Node has already parsed both: the raw header pairs are on
 * the IncomingMessage, and a body with a Content-Length can be refused from it before a byte is read
 * and otherwise read straight into one Buffer.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

function incomingOf(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming && Array.isArray(incoming.rawHeaders) ? incoming : undefined;
}

/**
 * The request's headers as a plain object with lower-cased names; a repeated header's values joined
 * with ", " (as `Headers` does, RFC 9110 §5.3).
 */
export function requestHeaders(c: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  const incoming = incomingOf(c);
  if (!incoming) {
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    return headers;
  }
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const seen = headers[name];
    headers[name] = seen === undefined ? raw[i + 1]! : `${seen}, ${raw[i + 1]!}`;
  }
  return headers;
}

/**
 * The raw body, or `undefined` if it is longer than `limit` bytes. A body whose Content-Length is over
 * the limit is refused before any of it is read; one without (chunked) is read until it passes the limit.
 */
export async function readRawBody(c: Context, headers: Readonly<Record<string, string>>, limit: number): Promise<Buffer | undefined> {
  const declared = headers['content-length'];
  if (declared !== undefined && headers['transfer-encoding'] === undefined) {
    // Node's parser has checked the value and frames the body by it: no more bytes than this can follow.
    if (Number.parseInt(declared, 10) > limit) return undefined;
    return Buffer.from(await c.req.arrayBuffer());
  }
  const body = c.req.raw.body;
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
