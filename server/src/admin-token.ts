/** @module The admin token: `DROPLINE_ADMIN_TOKEN`, or one generated into the data dir on first start. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadAdminToken(configured: string | undefined, dataDir: string): { token: string; generatedAt?: string } {
  if (configured) return { token: configured };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), generatedAt: file };
  mkdirSync(dataDir, { recursive: true });
  const token = `dl_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, generatedAt: file };
}
