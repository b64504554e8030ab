/** @module HMAC helpers shared by connectors: always constant-time, never `===`. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256(secret: string | Uint8Array, data: string | Uint8Array, encoding: 'base64' | 'hex'): string {
  return createHmac('sha256', secret).update(data).digest(encoding);
}

/**
 * Compares two strings in time that depends only on their length. Unequal lengths return false at once,
 * which leaks only the length of the expected signature: public knowledge for a fixed-size digest.
 */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
