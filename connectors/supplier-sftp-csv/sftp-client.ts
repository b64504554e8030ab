/**
 * @module SFTP as the file-trading suppliers need it: list a folder, read a file (whole or streamed),
 * publish a file atomically, move a file to an archive. Shared by `sftp-csv-supplier` and
 * `edi-x12-supplier`.
 *
 * Publishing is upload-to-a-temporary-name then rename, so the supplier's systems never pick up half a
 * file; SFTP v3 renames never replace, so a file that is already there is reported, not overwritten.
 */
import { createHash, randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import ssh2 from 'ssh2';
import type { FileEntryWithStats, SFTPWrapper } from 'ssh2';
import { z } from 'zod';
import { ConfigurationError, UpstreamError } from '../sdk/errors.ts';

/** Connection settings, part of each file-trading connector's config. */
export const SftpConnectionSchema = z.object({
  host: z.string().min(1).meta({ title: 'SFTP host', description: 'The supplier’s SFTP server (host name or address)' }),
  port: z.number().int().min(1).max(65_535).default(22).meta({ title: 'SFTP port' }),
  username: z.string().min(1).meta({ title: 'SFTP user name' }),
  hostKeySha256: z
    .string()
    .regex(/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/, 'expected the host key’s SHA256 fingerprint, as `ssh-keygen -l` prints it')
    .optional()
    .meta({ title: 'Host key fingerprint', description: 'SHA256:… of the server’s host key; when set, any other key is refused', ui: { placeholder: 'SHA256:…' } }),
  timeoutMs: z.number().int().positive().default(20_000).meta({ title: 'Connect timeout (ms)', ui: { advanced: true } }),
});
export type SftpConnection = z.output<typeof SftpConnectionSchema>;

/** Password or private key (or both: the server picks). */
export const SftpSecretsSchema = z
  .object({
    password: z.string().min(1).optional().meta({ title: 'SFTP password', ui: { widget: 'password' } }),
    privateKey: z.string().min(1).optional().meta({ title: 'SFTP private key', description: 'OpenSSH or PEM format', ui: { widget: 'textarea', secret: true } }),
    passphrase: z.string().min(1).optional().meta({ title: 'Private key passphrase', ui: { widget: 'password' } }),
  })
  .refine((s) => s.password !== undefined || s.privateKey !== undefined, { message: 'set a password or a private key', path: ['password'] });
export type SftpSecrets = z.output<typeof SftpSecretsSchema>;

export interface RemoteFile {
  name: string;
  path: string;
  size: number;
  mtimeMs: number;
}

export interface SftpSession {
  /** Regular files in `dir` (not folders, not dot-files or in-progress uploads), oldest first. */
  list(dir: string): Promise<RemoteFile[]>;
  read(path: string): Promise<Buffer>;
  readStream(path: string): Readable;
  exists(path: string): Promise<boolean>;
  /** Writes `data` to a temporary name in the same folder, then renames it into place. */
  publish(path: string, data: string | Buffer): Promise<'written' | 'exists'>;
  /** Moves a file into `dir`; a name already taken there gets the content hash appended. */
  moveTo(path: string, dir: string): Promise<string>;
  mkdirp(dir: string): Promise<void>;
}

/** Names that are never a finished file: dot-files and the temporary names uploads use. */
export function isInProgressName(name: string): boolean {
  return name.startsWith('.') || /\.(part|tmp|filepart|partial)$/i.test(name);
}

/** Opens a session, runs `fn`, and always closes the connection. */
export async function withSftp<T>(conn: SftpConnection, secrets: SftpSecrets, fn: (s: SftpSession) => Promise<T>): Promise<T> {
  const client = new ssh2.Client();
  const sftp = await connect(client, conn, secrets);
  try {
    return await fn(session(sftp));
  } finally {
    client.end();
  }
}

function connect(client: ssh2.Client, conn: SftpConnection, secrets: SftpSecrets): Promise<SFTPWrapper> {
  const expected = conn.hostKeySha256?.replace(/^SHA256:/, '').replace(/=+$/, '');
  let hostKeyRefused = false;
  return new Promise<SFTPWrapper>((resolve, reject) => {
    const where = `sftp://${conn.username}@${conn.host}:${conn.port}`;
    client.once('ready', () => {
      // SFTP is request/response in small packets: without this, Nagle's algorithm holds each request
      // back for the delayed ACK of the previous one (tens of milliseconds per round trip).
      client.setNoDelay(true);
      client.sftp((err, sftp) => (err ? reject(new UpstreamError(`${where}: no SFTP subsystem: ${err.message}`, { retryable: true, cause: err })) : resolve(sftp)));
    });
    // on, not once: an error after the connection is up (a dropped socket) must not go unhandled.
    client.on('error', (err: Error & { level?: string }) => {
      if (hostKeyRefused) return reject(new ConfigurationError(`${where}: the host key does not match the configured fingerprint`, 'sftp_host_key_mismatch'));
      // A refused login won't succeed on retry: it's the configuration, and the order must fail over.
      if (err.level === 'client-authentication') return reject(new ConfigurationError(`${where}: login refused (${err.message})`, 'sftp_auth_failed'));
      reject(new UpstreamError(`${where}: ${err.message}`, { retryable: true, cause: err }));
    });
    client.connect({
      host: conn.host,
      port: conn.port,
      username: conn.username,
      password: secrets.password,
      privateKey: secrets.privateKey,
      passphrase: secrets.passphrase,
      readyTimeout: conn.timeoutMs,
      hostVerifier: expected
        ? (key: Buffer) => {
            const given = createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
            hostKeyRefused = given !== expected;
            return !hostKeyRefused;
          }
        : undefined,
    });
  });
}

const call = <T>(what: string, fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> =>
  new Promise<T>((resolve, reject) =>
    fn((err, value) => (err ? reject(new UpstreamError(`sftp ${what}: ${err.message}`, { retryable: true, cause: err })) : resolve(value as T))),
  );

function session(sftp: SFTPWrapper): SftpSession {
  const stat = (path: string) =>
    new Promise<boolean>((resolve) => sftp.stat(path, (err) => resolve(!err)));
  const rename = (from: string, to: string) =>
    new Promise<boolean>((resolve, reject) =>
      sftp.rename(from, to, (err) => {
        if (!err) return resolve(true);
        // Failure with the target present is the v3 "won't overwrite"; anything else is a real error.
        void stat(to).then((exists) => (exists ? resolve(false) : reject(new UpstreamError(`sftp rename ${from} → ${to}: ${err.message}`, { retryable: true, cause: err }))));
      }),
    );
  const remove = (path: string) => call<void>(`remove ${path}`, (cb) => sftp.unlink(path, cb));
  const read = (path: string) => call<Buffer>(`read ${path}`, (cb) => sftp.readFile(path, cb));

  return {
    async list(dir) {
      const entries = await call<FileEntryWithStats[]>(`list ${dir}`, (cb) => sftp.readdir(dir, cb));
      return entries
        .filter((e) => e.attrs.isFile() && !isInProgressName(e.filename))
        .map((e) => ({ name: e.filename, path: posix.join(dir, e.filename), size: e.attrs.size, mtimeMs: e.attrs.mtime * 1000 }))
        .sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    },
    read,
    readStream: (path) => sftp.createReadStream(path),
    exists: stat,
    async publish(path, data) {
      if (await stat(path)) return 'exists';
      const temp = posix.join(posix.dirname(path), `.${posix.basename(path)}.${randomBytes(4).toString('hex')}.part`);
      await call<void>(`write ${temp}`, (cb) => sftp.writeFile(temp, data, cb));
      if (await rename(temp, path)) return 'written';
      await remove(temp).catch(() => undefined);
      return 'exists';
    },
    async moveTo(path, dir) {
      const target = posix.join(dir, posix.basename(path));
      if (await rename(path, target)) return target;
      const hash = createHash('sha256').update(await read(path)).digest('hex').slice(0, 12);
      const ext = posix.extname(target);
      const alt = `${target.slice(0, target.length - ext.length)}.${hash}${ext}`;
      if (await rename(path, alt)) return alt;
      // The very same content is archived already: this copy is a leftover.
      await remove(path);
      return alt;
    },
    async mkdirp(dir) {
      let at = '/';
      for (const part of dir.split('/').filter(Boolean)) {
        at = posix.join(at, part);
        if (!(await stat(at))) await call<void>(`mkdir ${at}`, (cb) => sftp.mkdir(at, cb)).catch(async (err) => {
          if (!(await stat(at))) throw err;
        });
      }
    },
  };
}
