/**
 * @module `hubGet`: one GET against the hub's API from a load function, with the hub's errors turned into
 * SvelteKit's: a missing session sends the browser to sign in, a problem becomes an error page.
 */
import { error, redirect } from '@sveltejs/kit';
import type { Problem } from './types.ts';

type Fetch = typeof fetch;

/**
 * @example
 * export const load = async ({ fetch, url }) => ({ order: await hubGet<OrderDetail>(fetch, `/api/orders/${id}`, url) });
 */
export async function hubGet<T>(fetch: Fetch, path: string, from: URL): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (res.ok) return (await res.json()) as T;
  // The session ran out (12 h) while the console was open: sign in again and come back here.
  if (res.status === 401) redirect(303, `/login?next=${encodeURIComponent(from.pathname + from.search)}`);
  const problem = await readProblem(res);
  error(res.status, { message: problem?.detail ?? problem?.title ?? `the hub answered ${res.status}`, code: problem?.code });
}

/** The RFC 9457 body, when the response has one. */
export async function readProblem(res: Response): Promise<Problem | undefined> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  return (await res.json().catch(() => undefined)) as Problem | undefined;
}
