import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabaseUrl } from './testing.ts';
import { PreparingClient, statementName } from './preparing-client.ts';

describe('statementName', () => {
  it('names a text from its third use on, the same name every time', () => {
    const text = `select ${Math.random()} where $1::int > 0`;
    expect(statementName(text)).toBeUndefined();
    expect(statementName(text)).toBeUndefined();
    const name = statementName(text);
    expect(name).toMatch(/^dl_[0-9a-f]{20}$/);
    expect(statementName(text)).toBe(name);
    expect(statementName(`${text} `)).toBeUndefined();
  });
});

describe('PreparingClient on PostgreSQL', () => {
  let pool: pg.Pool;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabaseUrl();
    drop = db.drop;
    // One connection, so pg_prepared_statements shows what this very session prepared.
    pool = new pg.Pool({ connectionString: db.url, max: 1, Client: PreparingClient });
    await pool.query('create table items (id int primary key, label text not null)');
  });

  afterAll(async () => {
    await pool.end();
    await drop();
  });

  const prepared = async () =>
    (await pool.query<{ name: string; statement: string }>('select name, statement from pg_prepared_statements order by name')).rows;

  it('prepares a recurring parameterised query once and keeps answering it correctly', async () => {
    const text = 'insert into items (id, label) values ($1, $2) returning label';
    for (let i = 1; i <= 6; i++) expect((await pool.query(text, [i, `item ${i}`])).rows).toEqual([{ label: `item ${i}` }]);
    const select = { text: 'select label from items where id = $1', values: [4] };
    for (let i = 0; i < 4; i++) expect((await pool.query(select)).rows).toEqual([{ label: 'item 4' }]);
    const statements = await prepared();
    expect(statements.filter((s) => s.statement === text)).toHaveLength(1);
    expect(statements.filter((s) => s.statement === select.text)).toHaveLength(1);
    expect(statements.every((s) => s.name.startsWith('dl_'))).toBe(true);
  });

  it('leaves queries without parameters and queries with their own name alone', async () => {
    for (let i = 0; i < 4; i++) await pool.query('select count(*) from items');
    for (let i = 0; i < 4; i++) await pool.query({ name: 'my_own', text: 'select label from items where id = $1 and true', values: [1] });
    const names = (await prepared()).map((s) => s.name);
    expect(names).toContain('my_own');
    expect((await prepared()).some((s) => s.statement === 'select count(*) from items')).toBe(false);
  });

  it('keeps a failing statement from poisoning the next calls of the same text', async () => {
    const text = 'insert into items (id, label) values ($1, $2)';
    for (let i = 100; i < 104; i++) await pool.query(text, [i, 'x']);
    await expect(pool.query(text, [100, 'again'])).rejects.toThrow(/duplicate key/);
    await pool.query(text, [104, 'y']);
    expect((await pool.query('select label from items where id = $1', [104])).rows).toEqual([{ label: 'y' }]);
  });
});
