/**
 * @module Moving the supplier's files out of the way once they are dealt with: to the archive after
 * the hub stored them, or aside (with a note why) when they can't be read.
 */
import { posix } from 'node:path';
import type { RemoteFile, SftpSession } from './sftp-client.ts';

/** A file as it was when it was read. */
export interface ReadFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/**
 * Archives each file into `dirFor(file)`, unless it is gone (archived by an earlier attempt) or was
 * rewritten since it was read: new content is a new delivery for the next poll, so it stays.
 */
export async function archiveIfUnchanged<F extends ReadFile>(s: SftpSession, files: F[], dirFor: (f: F) => string): Promise<void> {
  const listings = new Map<string, RemoteFile[]>();
  for (const f of files) {
    const dir = posix.dirname(f.file);
    if (!listings.has(dir)) listings.set(dir, await s.list(dir));
    const now = listings.get(dir)!.find((x) => x.path === f.file);
    if (!now || now.size !== f.size || now.mtimeMs !== f.mtimeMs) continue;
    await s.mkdirp(dirFor(f));
    await s.moveTo(now.path, dirFor(f));
  }
}

/** Moves an unreadable file into `dir` with `<name>.error.txt` beside it saying why; returns where it went. */
export async function setAside(s: SftpSession, dir: string, file: RemoteFile, reason: string): Promise<string> {
  await s.mkdirp(dir);
  const moved = await s.moveTo(file.path, dir);
  await s.publish(`${moved}.error.txt`, `${file.name}: ${reason}\n`);
  return moved;
}
