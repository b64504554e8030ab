/**
 * @module Who may call `/api` and open the console: the admin bearer token, or a session cookie that
 * signing in with it (or presenting it on any console page) sets.
 *
 * The cookie is `role.expiry.signature` with an HMAC keyed from the hub's secret key: stateless, so
 * any hub process sharing the key accepts it.
 */
import { createHmac } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import { safeEqual } from '@dropline/connectors/sdk';
import { problemResponse } from './problem.ts';

export const SESSION_COOKIE = 'dropline_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type Role = 'admin';

export class Auth {
  readonly #token: string;
  readonly #key: Buffer;

  constructor(adminToken: string, secretKey: Buffer) {
    this.#token = adminToken;
    this.#key = createHmac('sha256', secretKey).update('dropline session cookie v1').digest();
  }

  checkToken(token: string | undefined): Role | undefined {
    return token && safeEqual(token, this.#token) ? 'admin' : undefined;
  }

  /** The caller's role from `Authorization: Bearer` or the session cookie. */
  roleOf(c: Context): Role | undefined {
    return this.roleFromHeaders(c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
  }

  /** The same check on plain header values (the console's pages are served outside Hono). */
  roleFromHeaders(authorization: string | undefined, sessionCookie: string | undefined): Role | undefined {
    if (authorization) {
      const m = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      return this.checkToken(m?.[1]);
    }
    return this.#verifySession(sessionCookie);
  }

  /** A `Set-Cookie` value starting a session for `role`. */
  sessionCookie(role: Role, secure: boolean): string {
    const exp = Date.now() + SESSION_TTL_MS;
    const value = `${role}.${exp}`;
    return serialize(SESSION_COOKIE, `${value}.${this.#sign(value)}`, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure,
      maxAge: SESSION_TTL_MS / 1000,
    });
  }

  startSession(c: Context, role: Role): void {
    c.header('set-cookie', this.sessionCookie(role, new URL(c.req.url).protocol === 'https:'), { append: true });
  }

  endSession(c: Context): void {
    setCookie(c, SESSION_COOKIE, '', { path: '/', maxAge: 0 });
  }

  /** `/api` middleware: 401 problem unless the caller has a role. */
  requireRole(): MiddlewareHandler {
    return async (c, next) => {
      const role = this.roleOf(c);
      if (!role) {
        c.header('www-authenticate', 'Bearer realm="dropline"');
        return problemResponse(c, 401, 'unauthorized', 'send Authorization: Bearer <admin token>');
      }
      c.set('role' as never, role as never);
      await next();
    };
  }

  #sign(value: string): string {
    return createHmac('sha256', this.#key).update(value).digest('base64url');
  }

  #verifySession(cookie: string | undefined): Role | undefined {
    if (!cookie) return undefined;
    const i = cookie.lastIndexOf('.');
    const value = cookie.slice(0, i);
    const [role, exp] = value.split('.');
    if (i < 0 || !safeEqual(cookie.slice(i + 1), this.#sign(value))) return undefined;
    if (role !== 'admin' || !exp || Number(exp) < Date.now()) return undefined;
    return role;
  }
}
