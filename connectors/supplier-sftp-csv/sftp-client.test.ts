import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../sdk/errors.ts';
import { generateSshKeyPair, startSftpServer, type SftpTestServer } from '../testing/sftp-server.ts';
import { SftpConnectionSchema, withSftp } from './sftp-client.ts';

describe('SFTP client against a real SFTP server', () => {
  const keys = generateSshKeyPair();
  const otherKeys = generateSshKeyPair();
  let server: SftpTestServer;
  const conn = (over: Record<string, unknown> = {}) => SftpConnectionSchema.parse({ host: '127.0.0.1', port: server.port, username: 'acme', ...over });

  beforeAll(async () => {
    server = await startSftpServer({ users: [{ username: 'acme', password: 's3cret', publicKey: keys.publicKey }] });
    mkdirSync(join(server.root, 'in'));
  });
  afterAll(() => server.close());

  it('logs in with a password and with a key, and checks the host key when told to', async () => {
    await withSftp(conn(), { password: 's3cret' }, async (s) => expect(await s.exists('/in')).toBe(true));
    await withSftp(conn({ hostKeySha256: `SHA256:${server.hostKeySha256}` }), { privateKey: keys.privateKey }, async (s) => expect(await s.exists('/in')).toBe(true));
    expect(server.logins.slice(-2).map((l) => l.method)).toEqual(['password', 'publickey']);
  });

  it('refuses a wrong password, an unknown key and a host key that is not the configured one, as configuration errors', async () => {
    await expect(withSftp(conn(), { password: 'nope' }, async () => undefined)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(withSftp(conn(), { privateKey: otherKeys.privateKey }, async () => undefined)).rejects.toMatchObject({ code: 'sftp_auth_failed' });
    await expect(withSftp(conn({ hostKeySha256: 'A'.repeat(43) }), { password: 's3cret' }, async () => undefined)).rejects.toMatchObject({ code: 'sftp_host_key_mismatch' });
  });

  it('publishes through a temporary name and never replaces a published file', async () => {
    await withSftp(conn(), { password: 's3cret' }, async (s) => {
      expect(await s.publish('/in/PO-1.csv', 'a,b\n1,2\n')).toBe('written');
      expect(await s.publish('/in/PO-1.csv', 'different\n')).toBe('exists');
    });
    expect(readFileSync(join(server.root, 'in/PO-1.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(join(server.root, 'in'))).toEqual(['PO-1.csv']);
  });

  it('lists finished files only and archives without losing a same-named file', async () => {
    mkdirSync(join(server.root, 'out'));
    writeFileSync(join(server.root, 'out/ack.csv'), 'one');
    writeFileSync(join(server.root, 'out/.ack2.csv.part'), 'half');
    writeFileSync(join(server.root, 'out/ack3.csv.tmp'), 'half');
    await withSftp(conn(), { password: 's3cret' }, async (s) => {
      expect((await s.list('/out')).map((f) => f.name)).toEqual(['ack.csv']);
      await s.mkdirp('/archive/2026');
      expect(await s.moveTo('/out/ack.csv', '/archive/2026')).toBe('/archive/2026/ack.csv');
      writeFileSync(join(server.root, 'out/ack.csv'), 'two');
      const second = await s.moveTo('/out/ack.csv', '/archive/2026');
      expect(second).toMatch(/^\/archive\/2026\/ack\.[0-9a-f]{12}\.csv$/);
    });
    expect(existsSync(join(server.root, 'out/ack.csv'))).toBe(false);
    expect(readdirSync(join(server.root, 'archive/2026')).length).toBe(2);
  });
});
