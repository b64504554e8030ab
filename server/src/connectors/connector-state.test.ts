import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openPostgres } from '../db/postgres.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { connectorState } from './connector-state.ts';

describe.each(DIALECTS)('connector state on %s', (dialect) => {
  let tdb: TestDatabase;
  /** A second handle on the same storage, as a second hub process has (PostgreSQL only). */
  let other: Database | undefined;

  beforeAll(async () => {
    tdb = await openTestDatabase(dialect);
    if (dialect === 'postgres') other = await openPostgres(tdb.url!, { poolSize: 8 });
  });
  afterAll(async () => {
    await other?.close();
    await tdb.cleanup();
  });

  it('keeps values per connector', async () => {
    await connectorState(tdb.db, 'a').set('cursor', { at: 5 });
    expect(await connectorState(tdb.db, 'a').get('cursor')).toEqual({ at: 5 });
    expect(await connectorState(tdb.db, 'b').get('cursor')).toBeUndefined();
  });

  it('hands out every counter value once under concurrent updates from two processes', async () => {
    const states = [connectorState(tdb.db, 'edi'), connectorState(other ?? tdb.db, 'edi')];
    const got = await Promise.all(Array.from({ length: 40 }, (_, i) => states[i % 2]!.update!<number>('isa', (n) => (n ?? 0) + 1)));
    expect(new Set(got).size).toBe(40);
    expect(Math.max(...got)).toBe(40);
    expect(await states[0]!.get('isa')).toBe(40);
  });
});
