/**
 * @module Server-side hooks: how page loads reach the hub.
 *
 * In production the hub and the console share one process, and the hub leaves its fetch function on
 * `globalThis` (server/src/server.ts), so `/api` and `/tracking` calls made while rendering a page never
 * touch the network. Under `vite dev` they go to `DROPLINE_HUB_URL` instead.
 */
import type { HandleFetch } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';

const HUB_FETCH = Symbol.for('dropline.hub.fetch');
/** Paths the hub answers (the rest of the origin is the console itself). */
const HUB_PATH = /^\/(api|tracking)(\/|$)/;
/** The caller's credentials: SvelteKit adds them only after `handleFetch`, so we copy them ourselves. */
const CREDENTIAL_HEADERS = ['cookie', 'authorization'] as const;

type HubFetch = (request: Request) => Response | Promise<Response>;

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  const url = new URL(request.url);
  if (url.origin !== event.url.origin || !HUB_PATH.test(url.pathname)) return fetch(request);

  const headers = new Headers(request.headers);
  for (const name of CREDENTIAL_HEADERS) {
    const value = event.request.headers.get(name);
    if (value && !headers.has(name)) headers.set(name, value);
  }
  const inProcess = (globalThis as Record<symbol, unknown>)[HUB_FETCH] as HubFetch | undefined;
  if (inProcess) return inProcess(retarget(request, url, headers));
  if (env.DROPLINE_HUB_URL) {
    // Global fetch, not SvelteKit's: the hub is another origin here, and SvelteKit would drop the cookie.
    return globalThis.fetch(retarget(request, new URL(url.pathname + url.search, env.DROPLINE_HUB_URL), headers));
  }
  return fetch(request);
};

/** The same request to `url` with `headers`; a body is streamed through (`duplex` is what Node asks for). */
function retarget(request: Request, url: URL, headers: Headers): Request {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, signal: request.signal };
  if (hasBody) Object.assign(init, { body: request.body, duplex: 'half' });
  return new Request(url, init);
}
