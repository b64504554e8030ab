/**
 * @module A tiny HTTP server for fakes of outside services (vendors' APIs, simulated suppliers): it
 * listens on loopback, records every request, and sends webhooks with retries like the real senders do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeServer(handler: FakeHandler, port = 0): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
    requests.push(recorded);
    try {
      const out = await handler(recorded);
      const body = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
      res.writeHead(out.status, { 'content-type': typeof out.body === 'string' ? 'text/plain' : 'application/json', ...out.headers });
      res.end(body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: (err as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * POSTs a webhook and retries on failure (connection refused, 5xx, 429) with a short backoff, as
 * senders do; gives up after `attempts`. Returns the final status (0 if never answered).
 */
export async function sendWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { attempts?: number; delayMs?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const attempts = options.attempts ?? 5;
  let status = 0;
  for (let i = 0; i < attempts && !options.signal?.aborted; i++) {
    try {
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(10_000) });
      status = res.status;
      await res.arrayBuffer();
      if (res.status < 500 && res.status !== 429) return status;
    } catch {
      status = 0;
    }
    await new Promise((r) => setTimeout(r, (options.delayMs ?? 500) * 2 ** i));
  }
  return status;
}
