import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

function setup() {
  const db = new BetterSqlite3(':memory:');
  db.exec('create table t (v text primary key)');
  let commits = 0;
  const gc = new GroupCommit({
    exec: (sql) => {
      if (sql === 'COMMIT') commits++;
      db.exec(sql);
    },
    inTransaction: () => db.inTransaction,
  });
  const rows = () => (db.prepare('select v from t order by v').all() as { v: string }[]).map((r) => r.v);
  return { db, gc, rows, commits: () => commits };
}

describe('GroupCommit', () => {
  it('commits transactions that arrive together with one COMMIT', async () => {
    const { db, gc, rows, commits } = setup();
    await Promise.all(['a', 'b', 'c'].map((v) => gc.run(async () => db.prepare('insert into t values (?)').run(v))));
    expect(rows()).toEqual(['a', 'b', 'c']);
    expect(commits()).toBe(1);
  });

  it('rolls back only the transaction that failed, and tells only its caller', async () => {
    const { db, gc, rows } = setup();
    const results = await Promise.allSettled([
      gc.run(async () => db.prepare('insert into t values (?)').run('x')),
      gc.run(async () => {
        db.prepare('insert into t values (?)').run('y');
        throw new Error('bad input');
      }),
      gc.run(async () => db.prepare('insert into t values (?)').run('x')), // duplicate key: fails alone
      gc.run(async () => db.prepare('insert into t values (?)').run('z')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(rows()).toEqual(['x', 'z']);
  });

  it('runs a transaction alone in its batch without a savepoint, and rolls all of it back when it fails', async () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('create table t (v text primary key)');
    const statements: string[] = [];
    const gc = new GroupCommit({
      exec: (sql) => {
        statements.push(sql);
        db.exec(sql);
      },
      inTransaction: () => db.inTransaction,
    });
    await gc.run(async () => db.prepare('insert into t values (?)').run('a'));
    const failed = gc.run(async () => {
      db.prepare('insert into t values (?)').run('b');
      db.prepare('insert into t values (?)').run('a'); // duplicate key
    });
    await expect(failed).rejects.toThrow(/UNIQUE/);
    expect(statements).toEqual(['BEGIN IMMEDIATE', 'COMMIT', 'BEGIN IMMEDIATE', 'ROLLBACK']);
    expect(db.prepare('select v from t').all()).toEqual([{ v: 'a' }]);
    expect(db.inTransaction).toBe(false);
    await gc.run(async () => db.prepare('insert into t values (?)').run('c'));
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 2 });
  });

  it('settles a caller only after the commit is done', async () => {
    const { db, gc } = setup();
    let seenInTransaction: boolean | undefined;
    await gc.run(async () => db.prepare('insert into t values (?)').run('a')).then(() => {
      seenInTransaction = db.inTransaction;
    });
    expect(seenInTransaction).toBe(false);
  });

  it('rejects the whole batch when COMMIT fails, and keeps working afterwards', async () => {
    const db = new BetterSqlite3(':memory:');
    db.exec('create table t (v text)');
    let failCommit = true;
    const gc = new GroupCommit({
      exec: (sql) => {
        if (sql === 'COMMIT' && failCommit) {
          failCommit = false;
          throw new Error('disk I/O error');
        }
        db.exec(sql);
      },
      inTransaction: () => db.inTransaction,
    });
    const first = await Promise.allSettled([1, 2].map((n) => gc.run(async () => db.prepare('insert into t values (?)').run(String(n)))));
    expect(first.every((r) => r.status === 'rejected')).toBe(true);
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 0 });
    await gc.run(async () => db.prepare('insert into t values (?)').run('3'));
    expect(db.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
  });
});
