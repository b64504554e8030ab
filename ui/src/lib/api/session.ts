/**
 * @module Signing in and out, from the browser: the hub's `/auth/session` sets and clears the
 * `dropline_session` cookie itself (HttpOnly, so page code never sees it).
 */
import { readProblem } from './hub-get.ts';

export type SignInResult = { ok: true } | { ok: false; message: string };

export async function signIn(token: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/auth/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token }),
    });
  } catch {
    return { ok: false, message: 'The hub could not be reached. Is it running?' };
  }
  if (res.ok) return { ok: true };
  if (res.status === 401) return { ok: false, message: 'That token is not valid.' };
  const problem = await readProblem(res);
  return { ok: false, message: problem?.detail ?? `Signing in failed (${res.status}).` };
}

export async function signOut(): Promise<void> {
  await fetch('/auth/session', { method: 'DELETE' });
}
