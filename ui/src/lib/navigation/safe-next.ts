/**
 * @module Where to go after signing in. Only a path on this site: a `next` of `//evil.example` or
 * `https://…` would turn the login page into an open redirect.
 */
export const DEFAULT_AFTER_SIGN_IN = '/orders';

/**
 * @example safeNext('/orders/ord_1?x=1') // "/orders/ord_1?x=1"
 * @example safeNext('//evil.example') // "/orders"
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return DEFAULT_AFTER_SIGN_IN;
  // The login page itself is no destination.
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return DEFAULT_AFTER_SIGN_IN;
  return next;
}
