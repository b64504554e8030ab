/**
 * @module Connector secrets at rest: AES-256-GCM with a per-record random nonce.
 *
 * The connector id is bound in as associated data, so a ciphertext copied onto another connector's row
 * fails to decrypt instead of lending it the secrets.
 *
 * Envelope: `v1.<nonce b64url>.<tag b64url>.<ciphertext b64url>`.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KEY_BYTES = 32;
const NONCE_BYTES = 12; // NIST SP 800-38D: 96-bit nonces for GCM

export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = key;
  }

  /** A separate key for another purpose (HKDF-SHA256), so one secret never serves two uses directly. */
  derivedKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `dropline ${purpose}`, KEY_BYTES));
  }

  seal(plaintext: string, associatedData: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    cipher.setAAD(Buffer.from(associatedData));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', nonce, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(envelope: string, associatedData: string): string {
    const [version, nonce, tag, body] = envelope.split('.');
    if (version !== 'v1' || nonce === undefined || tag === undefined || body === undefined) {
      throw new Error('unrecognised secret envelope');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * The key from `DROPLINE_SECRET_KEY` (base64 of 32 bytes), or one generated into the data dir on first
 * start. A generated key is fine for one machine; several hubs on one database must share the variable.
 */
export function loadSecretKey(
  configured: string | undefined,
  dataDir: string,
  warn: (msg: string) => void,
): Buffer {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`DROPLINE_SECRET_KEY must be base64 of ${KEY_BYTES} bytes (got ${key.length})`);
    return key;
  }
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  warn(`DROPLINE_SECRET_KEY is not set: generated one into ${file}. Back it up; without it stored connector secrets cannot be read.`);
  return key;
}
