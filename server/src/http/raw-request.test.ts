/** Headers and raw body the same whether Node's request is there (a real server) or not (`app.request`). */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawBody, requestHeaders } from './raw-request.ts';

const LIMIT = 64;

function echoApp() {
  const app = new Hono();
  app.post('/echo', async (c) => {
    const headers = requestHeaders(c);
    const body = await readRawBody(c, headers, LIMIT);
    return c.json({ headers, body: body === undefined ? null : body.toString('utf8') });
  });
  return app;
}

/** A raw HTTP/1.1 request, so repeated headers and chunked bodies are sent exactly as written. */
function send(url: string, headers: [string, string][], chunks: string[]): Promise<{ headers: Record<string, string>; body: string | null }> {
  return new Promise((resolve, reject) => {
    // Raw header pairs (Node sends them as given, repeats included), so Host must be among them.
    const raw = [['Host', new URL(url).host], ...headers].flat() as unknown as Record<string, string>;
    const req = httpRequest(`${url}/echo`, { method: 'POST', headers: raw }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`answered ${res.statusCode}`));
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

describe('requestHeaders and readRawBody', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer(getRequestListener(echoApp().fetch));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('under node-server: lower-cased names, repeats joined with ", ", the body as sent', async () => {
    const body = '{"id":1}';
    const res = await send(url, [['X-Shopify-Topic', 'orders/create'], ['X-Tag', 'a'], ['x-tag', 'b'], ['Content-Length', String(body.length)]], [body]);
    expect(res.headers).toMatchObject({ 'x-shopify-topic': 'orders/create', 'x-tag': 'a, b', 'content-length': '8' });
    expect(res.body).toBe(body);
  });

  it('under node-server: refuses by Content-Length, and a chunked body once it passes the limit', async () => {
    expect((await send(url, [['Content-Length', String(LIMIT + 1)]], ['x'.repeat(LIMIT + 1)])).body).toBeNull();
    expect((await send(url, [['Transfer-Encoding', 'chunked']], ['x'.repeat(40), 'y'.repeat(40)])).body).toBeNull();
    expect((await send(url, [['Transfer-Encoding', 'chunked']], ['x'.repeat(30), 'y'.repeat(30)])).body).toBe('x'.repeat(30) + 'y'.repeat(30));
  });

  it('without Node’s request (app.request): the same answers through the WHATWG Request', async () => {
    const app = echoApp();
    const ok = (await (await app.request('/echo', { method: 'POST', headers: { 'X-Shopify-Topic': 'orders/create' }, body: 'hello' })).json()) as any;
    expect(ok).toEqual({ headers: expect.objectContaining({ 'x-shopify-topic': 'orders/create' }), body: 'hello' });
    const big = (await (await app.request('/echo', { method: 'POST', body: 'z'.repeat(LIMIT + 1) })).json()) as any;
    expect(big.body).toBeNull();
    const declared = (await (await app.request('/echo', { method: 'POST', headers: { 'content-length': '1000' }, body: 'short' })).json()) as any;
    expect(declared.body).toBeNull();
  });
});
