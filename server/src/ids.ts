/**
 * @module Time-ordered ids: `ord_01J9…` sorts by creation time, so lists page by id without a clock column.
 *
 * 48 bits of milliseconds then 80 random bits, in Crockford base32 (the ULID layout).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(prefix: string, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += ALPHABET[bytes[i]! % 32];
  return `${prefix}_${time}${rand}`;
}

/** An unguessable token for public links (tracking pages): 128 bits, URL-safe. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}
