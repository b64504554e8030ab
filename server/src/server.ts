/**
 * @module One port for everything: the hub's Hono app, and the SvelteKit console (adapter-node handler)
 * for every other path.
 *
 * Console pages need a session: the admin bearer token on any page request starts one (so scripts and
 * browser automation need no login form), otherwise the browser is sent to `/login`. The tracking page
 * and the returns form are public. Server-side page loads reach `/api` in-process through the hook the
 * console finds on `globalThis` (see ui/src/hooks.server.ts), with the caller's credentials.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { parse as parseCookies } from 'hono/utils/cookie';
import { SESSION_COOKIE } from './http/auth.ts';
import type { Hub } from './hub.ts';

const UI_HANDLER = fileURLToPath(new URL('../../ui/build/handler.js', import.meta.url));

/** Paths the hub answers; everything else is the console. */
const HUB_PATHS = /^\/(api|webhooks|auth|docs|problems|tracking)(\/|$)|^\/(healthz|readyz|metrics|openapi\.json)$/;
/** Console paths anyone may open. */
const PUBLIC_PAGES = /^\/(t\/|returns(\/|$)|login(\/|$)|_app\/|favicon|robots\.txt)/;

/** How the console's server code calls the hub in-process. */
export const HUB_FETCH = Symbol.for('dropline.hub.fetch');

/**
 * adapter-node assumes https unless told the protocol (then SvelteKit refuses form posts on plain http
 * as cross-site). Unless the deployer names a header of their own (PROTOCOL_HEADER=x-forwarded-proto
 * behind a proxy), the hub sets this one from the connection itself.
 */
const OWN_PROTOCOL_HEADER = 'x-dropline-proto';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export async function loadConsole(hub: Hub): Promise<NodeHandler | undefined> {
  if (!existsSync(UI_HANDLER)) {
    hub.log.warn({ path: UI_HANDLER }, 'the console is not built (npm start builds it); serving the API only');
    return undefined;
  }
  (globalThis as Record<symbol, unknown>)[HUB_FETCH] = (req: Request) => hub.app.fetch(req);
  process.env.PROTOCOL_HEADER ??= OWN_PROTOCOL_HEADER;
  const mod = (await import(pathToFileURL(UI_HANDLER).href)) as { handler: NodeHandler };
  return mod.handler;
}

/** Hub requests whose handlers are still running (a client may hang up before its handler finishes). */
const handlersRunning = new WeakMap<Server, () => number>();

export function createHttpServer(hub: Hub, consoleHandler: NodeHandler | undefined): Server {
  const listener = getRequestListener(hub.app.fetch);
  let running = 0;
  const api = (req: IncomingMessage, res: ServerResponse) => {
    running++;
    void Promise.resolve(listener(req, res)).finally(() => running--);
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!consoleHandler || HUB_PATHS.test(path)) return void api(req, res);
    if (!PUBLIC_PAGES.test(path)) {
      const cookie = parseCookies(req.headers.cookie ?? '', SESSION_COOKIE)[SESSION_COOKIE];
      const role = hub.auth.roleFromHeaders(req.headers.authorization, cookie);
      if (!role) {
        if (path.endsWith('/__data.json')) {
          // The console fetching a page's data (session expired mid-visit): an answer it can act on.
          res.writeHead(401, { 'content-type': 'application/problem+json' });
          res.end(JSON.stringify({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401, code: 'unauthorized', detail: 'sign in again' }));
          return;
        }
        res.writeHead(303, { location: `/login?next=${encodeURIComponent(req.url ?? '/')}` }).end();
        return;
      }
      if (req.headers.authorization) res.setHeader('set-cookie', hub.auth.sessionCookie(role, false));
    }
    if (process.env.PROTOCOL_HEADER === OWN_PROTOCOL_HEADER) {
      req.headers[OWN_PROTOCOL_HEADER] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
    }
    consoleHandler(req, res, () => void api(req, res));
  });
  handlersRunning.set(server, () => running);
  return server;
}

export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`;
}

/**
 * Stops accepting connections, lets requests in flight finish (up to `graceMs`), then drops the rest, and
 * waits for handlers still running for clients that already left: storage must outlive them.
 */
export async function closeServer(server: Server, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  timer.unref();
  await closed;
  clearTimeout(timer);
  const running = handlersRunning.get(server);
  while (running && running() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
