import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips a secret and never stores the plaintext', () => {
    const sealed = box.seal('{"webhookSecret":"shpss_abc"}', 'shop-1');
    expect(sealed).not.toContain('shpss_abc');
    expect(box.open(sealed, 'shop-1')).toBe('{"webhookSecret":"shpss_abc"}');
  });

  it('uses a fresh nonce each time', () => {
    expect(box.seal('x', 'a')).not.toBe(box.seal('x', 'a'));
  });

  it('refuses a ciphertext moved to another connector, or tampered with', () => {
    const sealed = box.seal('secret', 'shop-1');
    expect(() => box.open(sealed, 'shop-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'), 'shop-1')).toThrow();
  });

  it('refuses with the wrong key', () => {
    const sealed = box.seal('secret', 'shop-1');
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'shop-1')).toThrow();
  });
});

describe('loadSecretKey', () => {
  it('decodes DROPLINE_SECRET_KEY and rejects a wrong length', () => {
    const key = randomBytes(32);
    expect(loadSecretKey(key.toString('base64'), '/nonexistent', () => {})).toEqual(key);
    expect(() => loadSecretKey(randomBytes(16).toString('base64'), '/nonexistent', () => {})).toThrow(/32 bytes/);
  });

  it('generates a key into the data dir once, with a warning, readable only by the owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dropline-key-'));
    const warnings: string[] = [];
    const first = loadSecretKey(undefined, dir, (m) => warnings.push(m));
    const second = loadSecretKey(undefined, dir, (m) => warnings.push(m));
    expect(second).toEqual(first);
    expect(warnings).toHaveLength(1);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('base64'));
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});
