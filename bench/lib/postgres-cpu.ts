/**
 * @module CPU seconds spent by the PostgreSQL backends serving one database, from /proc.
 *
 * On PostgreSQL much of an insert's cost is paid in the server's backends, not in the client: index
 * maintenance, TOAST compression, jsonb parsing, writing WAL at commit. Measuring only the client's CPU
 * would hide it, so the `--cpu` run also charges each server under test with its own backends (each
 * server has a database of its own). Other work on the machine, tests against other databases included,
 * is not counted. The shared background processes (WAL writer, checkpointer) are left out.
 */
import pg from 'pg';
import { processCpuSeconds } from './child-server.ts';

export interface BackendCpuMeter {
  /** CPU seconds the database's backends spent since the last call (or since the meter was made). */
  lap(): Promise<number>;
  close(): Promise<void>;
}

export async function backendCpuMeter(databaseUrl: string): Promise<BackendCpuMeter> {
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const ownPid = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const read = async (): Promise<Map<number, number>> => {
    const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [database, ownPid]);
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        cpu.set(pid, processCpuSeconds(pid));
      } catch {
        // The backend ended between the query and the read.
      }
    }
    return cpu;
  };
  let last = await read();
  return {
    async lap() {
      const now = await read();
      let spent = 0;
      // A backend that started since the last lap is charged all its CPU; one that ended is lost (pools keep theirs).
      for (const [pid, seconds] of now) spent += seconds - (last.get(pid) ?? 0);
      last = now;
      return spent;
    },
    close: () => admin.end(),
  };
}

/** A meter for a server's storage when it is PostgreSQL; none for SQLite (its cost is in the server's own process). */
export function backendCpuMeterFor(storage: { dialect: 'sqlite' } | { dialect: 'postgres'; url: string }): Promise<BackendCpuMeter | undefined> {
  return storage.dialect === 'postgres' ? backendCpuMeter(storage.url) : Promise.resolve(undefined);
}
