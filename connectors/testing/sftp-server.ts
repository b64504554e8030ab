/**
 * @module A real SFTP server for tests and the fake suppliers: the `ssh2` package's server over a
 * directory on disk, with password and public-key users.
 *
 * Suppliers that trade files (CSV, EDI) are reached over SFTP; the connectors under test talk to this
 * server through the same client code they use in production. The fake supplier behind it reads and
 * writes the directory directly, as a supplier's own systems do behind its SFTP host.
 *
 * Semantics follow OpenSSH's sftp-server where they matter to the connectors: RENAME refuses to replace
 * an existing file (SFTP v3), paths are absolute from the user's root, and nothing escapes the root.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { promises as fsp, mkdtempSync, rmSync, type Stats } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, AuthContext, Connection, ParsedKey, SFTPWrapper } from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE, flagsToString } = ssh2.utils.sftp;

export interface SftpUser {
  username: string;
  password?: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA…`). */
  publicKey?: string;
}

export interface SftpTestServer {
  host: string;
  port: number;
  /** The directory on disk that is `/` for every user. */
  root: string;
  /** SHA-256 of the host key, base64 without padding (what `ssh-keygen -l` prints after `SHA256:`). */
  hostKeySha256: string;
  /** Sessions that authenticated, by method. */
  logins: { username: string; method: 'password' | 'publickey' }[];
  close(): Promise<void>;
}

/** An ed25519 key pair in OpenSSH format, for the users of a test server. */
export function generateSshKeyPair(): { privateKey: string; publicKey: string } {
  const pair = readableKeyPair();
  return { privateKey: pair.private, publicKey: pair.public };
}

/**
 * ssh2's generator now and then writes a private key its own parser can't read back (parseKey returns
 * an Error rather than throwing; seen once in a full test run): such a pair is made again.
 */
function readableKeyPair(): { private: string; public: string; parsed: ParsedKey } {
  for (let attempt = 1; ; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519');
    const parsed = utils.parseKey(pair.private);
    if (!(parsed instanceof Error)) return { ...pair, parsed: (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey };
    if (attempt === 5) throw parsed;
  }
}

export async function startSftpServer(options: { users: SftpUser[]; root?: string; port?: number }): Promise<SftpTestServer> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), 'dropline-sftp-'));
  const ownsRoot = !options.root;
  const hostKey = readableKeyPair();
  const parsedHostKey = hostKey.parsed;
  const hostKeySha256 = createHash('sha256').update(parsedHostKey.getPublicSSH()).digest('base64').replace(/=+$/, '');
  const logins: SftpTestServer['logins'] = [];
  const clients = new Set<Connection>();

  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    // Request/response in small packets: without this each waits for the previous one's delayed ACK.
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    let user: SftpUser | undefined;
    client.on('authentication', (ctx) => {
      const found = options.users.find((u) => equal(u.username, ctx.username));
      if (!found || !authenticate(found, ctx)) return ctx.reject(['password', 'publickey']);
      // A public-key query (no signature yet) must be answered with accept so the client signs.
      if (ctx.method === 'publickey' && !ctx.signature) return ctx.accept();
      user = found;
      logins.push({ username: found.username, method: ctx.method as 'password' | 'publickey' });
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          if (!user) return;
          serveSftp(acceptSftp(), root);
        });
      });
    });
    client.on('error', () => undefined);
    client.on('close', () => clients.delete(client));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    root,
    hostKeySha256,
    logins,
    async close() {
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownsRoot) rmSync(root, { recursive: true, force: true });
    },
  };
}

function equal(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function authenticate(user: SftpUser, ctx: AuthContext): boolean {
  if (ctx.method === 'password') return user.password !== undefined && equal(user.password, ctx.password);
  if (ctx.method === 'publickey' && user.publicKey) {
    const allowed = utils.parseKey(user.publicKey);
    if (allowed instanceof Error) return false;
    const given = ctx.key;
    if (given.algo !== allowed.type || !timingSafeEqual(Buffer.from(given.data), Buffer.from(allowed.getPublicSSH()))) return false;
    if (!ctx.signature) return true;
    return allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true;
  }
  return false;
}

type OpenHandle = { kind: 'file'; fd: fsp.FileHandle; path: string } | { kind: 'dir'; path: string; listed: boolean };

/** Answers one SFTP session's requests from the directory `root`. */
function serveSftp(sftp: SFTPWrapper, root: string): void {
  const handles = new Map<number, OpenHandle>();
  let nextHandle = 1;
  const toDisk = (virtual: string) => join(root, posix.normalize(posix.join('/', virtual)));
  const virtualOf = (p: string) => posix.normalize(posix.join('/', p));
  const newHandle = (h: OpenHandle) => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id, 0);
    return buf;
  };
  const handleOf = (buf: Buffer) => (buf.length === 4 ? handles.get(buf.readUInt32BE(0)) : undefined);
  const fail = (reqid: number, err: unknown) => {
    const code = (err as NodeJS.ErrnoException)?.code;
    const status = code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' || code === 'EPERM' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE;
    sftp.status(reqid, status, (err as Error)?.message);
  };
  const run = (reqid: number, work: () => Promise<void>) => void work().catch((err) => fail(reqid, err));

  sftp.on('REALPATH', (reqid, path) => {
    const p = virtualOf(path || '.');
    sftp.name(reqid, [{ filename: p, longname: p, attrs: {} as Attributes }]);
  });
  const stat = (reqid: number, path: string) => run(reqid, async () => sftp.attrs(reqid, attrsOf(await fsp.stat(toDisk(path)))));
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('FSTAT', (reqid, handle) => {
    const h = handleOf(handle);
    if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
    run(reqid, async () => sftp.attrs(reqid, attrsOf(await h.fd.stat())));
  });
  sftp.on('OPEN', (reqid, filename, flags) => {
    run(reqid, async () => {
      const mode = flagsToString(flags);
      if (!mode) return void sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED);
      const fd = await fsp.open(toDisk(filename), mode);
      sftp.handle(reqid, newHandle({ kind: 'file', fd, path: filename }));
    });
  });
  sftp.on('READ', (reqid, handle, offset, length) => {
    const h = handleOf(handle);
    if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
    run(reqid, async () => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await h.fd.read(buf, 0, length, offset);
      if (bytesRead === 0) sftp.status(reqid, STATUS_CODE.EOF);
      else sftp.data(reqid, buf.subarray(0, bytesRead));
    });
  });
  sftp.on('WRITE', (reqid, handle, offset, data) => {
    const h = handleOf(handle);
    if (h?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE);
    run(reqid, async () => {
      await h.fd.write(data, 0, data.length, offset);
      sftp.status(reqid, STATUS_CODE.OK);
    });
  });
  sftp.on('CLOSE', (reqid, handle) => {
    const h = handleOf(handle);
    if (!h) return sftp.status(reqid, STATUS_CODE.FAILURE);
    handles.delete(handle.readUInt32BE(0));
    run(reqid, async () => {
      if (h.kind === 'file') await h.fd.close();
      sftp.status(reqid, STATUS_CODE.OK);
    });
  });
  sftp.on('OPENDIR', (reqid, path) => {
    run(reqid, async () => {
      const s = await fsp.stat(toDisk(path));
      if (!s.isDirectory()) return void sftp.status(reqid, STATUS_CODE.FAILURE, 'not a directory');
      sftp.handle(reqid, newHandle({ kind: 'dir', path, listed: false }));
    });
  });
  sftp.on('READDIR', (reqid, handle) => {
    const h = handleOf(handle);
    if (h?.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE);
    if (h.listed) return sftp.status(reqid, STATUS_CODE.EOF);
    h.listed = true;
    run(reqid, async () => {
      const dir = toDisk(h.path);
      const names = await fsp.readdir(dir);
      const entries = [];
      for (const name of names) {
        const s = await fsp.stat(join(dir, name)).catch(() => undefined);
        if (s) entries.push({ filename: name, longname: longname(name, s), attrs: attrsOf(s) });
      }
      if (entries.length === 0) sftp.status(reqid, STATUS_CODE.EOF);
      else sftp.name(reqid, entries);
    });
  });
  sftp.on('REMOVE', (reqid, path) => run(reqid, async () => (await fsp.unlink(toDisk(path)), sftp.status(reqid, STATUS_CODE.OK))));
  sftp.on('RMDIR', (reqid, path) => run(reqid, async () => (await fsp.rmdir(toDisk(path)), sftp.status(reqid, STATUS_CODE.OK))));
  sftp.on('MKDIR', (reqid, path) => run(reqid, async () => (await fsp.mkdir(toDisk(path)), sftp.status(reqid, STATUS_CODE.OK))));
  sftp.on('RENAME', (reqid, from, to) => {
    run(reqid, async () => {
      // SFTP v3 (and OpenSSH's server) refuse to overwrite: a rename is how uploads are published,
      // and replacing a file the other side may be reading would defeat that.
      const exists = await fsp.stat(toDisk(to)).then(() => true, () => false);
      if (exists) return void sftp.status(reqid, STATUS_CODE.FAILURE, 'target exists');
      await fsp.rename(toDisk(from), toDisk(to));
      sftp.status(reqid, STATUS_CODE.OK);
    });
  });
  sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
  sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
  sftp.on('close', () => {
    for (const h of handles.values()) if (h.kind === 'file') void h.fd.close().catch(() => undefined);
    handles.clear();
  });
}

function attrsOf(s: Stats): Attributes {
  return { mode: s.mode, uid: s.uid, gid: s.gid, size: s.size, atime: Math.floor(s.atimeMs / 1000), mtime: Math.floor(s.mtimeMs / 1000) };
}

function longname(name: string, s: Stats): string {
  const type = s.isDirectory() ? 'd' : '-';
  return `${type}rw-r--r--    1 sftp     sftp     ${String(s.size).padStart(8)} Jan  1 00:00 ${name}`;
}
