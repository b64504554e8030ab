/**
 * The intake statement on its own, on both databases: one delivery and its job stored together, a repeat
 * stored not at all, and (PostgreSQL) the raw body kept LZ4-compressed, the cheaper of its TOAST methods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createIngestStatement, type IngestStatement } from './ingest-statement.ts';
import type { DeliveryRow } from './delivery-repository.ts';

const BODY = JSON.stringify(JSON.parse(readFileSync(fileURLToPath(new URL('../../../test/fixtures/store/shopify_order_get_2024-10.json', import.meta.url)), 'utf8')).order);

describe.each(DIALECTS)('ingest statement on %s', (dialect) => {
  let t: TestDatabase;
  let ingest: IngestStatement;
  let n = 0;

  beforeAll(async () => {
    t = await openTestDatabase(dialect);
    ingest = createIngestStatement(t.db);
  });
  afterAll(() => t?.cleanup());

  const row = (deliveryId = `wh-${++n}`): DeliveryRow => ({
    id: `dlv_test_${++n}`,
    connectorId: 'shop',
    deliveryId,
    topic: 'orders/create',
    status: 'pending',
    headers: { 'x-shopify-webhook-id': deliveryId },
    body: BODY,
    error: null,
    receivedAt: Date.now(),
    processedAt: null,
  });
  const rows = (sql: string, params: unknown[]) => query(t, sql, params);

  it('stores a new delivery with its job, and a repeat of the same delivery id not at all', async () => {
    const first = row('wh-repeat');
    expect(await ingest(first, { type: 'inbox.apply', payload: { delivery: first.id } })).toBe(true);
    const again = { ...row('wh-repeat') };
    expect(await ingest(again, { type: 'inbox.apply', payload: { delivery: again.id } })).toBe(false);
    expect(await rows('select id, body from deliveries where delivery_id = $1', ['wh-repeat'])).toEqual([{ id: first.id, body: BODY }]);
    const jobs = await rows('select payload from jobs where type = $1', ['inbox.apply']);
    expect(jobs.map((j) => (typeof j.payload === 'string' ? JSON.parse(j.payload) : j.payload))).toEqual([{ delivery: first.id }]);
  });

  it('stores each of many concurrent deliveries once, with one job each, repeats included', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `wh-burst-${i % 100}`);
    const rowsIn = ids.map((deliveryId) => row(deliveryId));
    const fresh = await Promise.all(rowsIn.map((r) => ingest(r, { type: 'inbox.burst', payload: { delivery: r.id } })));
    const winners = rowsIn.filter((_, i) => fresh[i]);
    expect(new Set(winners.map((r) => r.deliveryId)).size).toBe(100);
    expect(winners).toHaveLength(100);
    const stored = await rows("select id from deliveries where delivery_id like 'wh-burst-%' order by id", []);
    expect(stored.map((r) => r.id)).toEqual(winners.map((r) => r.id).sort());
    const jobs = await rows('select payload from jobs where type = $1', ['inbox.burst']);
    const jobDeliveries = jobs.map((j) => (typeof j.payload === 'string' ? JSON.parse(j.payload) : j.payload).delivery).sort();
    expect(jobDeliveries).toEqual(winners.map((r) => r.id).sort());
  });
});

describe('ingest statement on postgres, the body column', () => {
  let t: TestDatabase;
  beforeAll(async () => void (t = await openTestDatabase('postgres')));
  afterAll(() => t?.cleanup());

  it('keeps the raw body LZ4-compressed', async () => {
    const id = 'dlv_test_lz4';
    await createIngestStatement(t.db)(
      { id, connectorId: 'shop', deliveryId: 'wh-lz4', topic: 'orders/create', status: 'pending', headers: {}, body: BODY, error: null, receivedAt: Date.now(), processedAt: null },
      undefined,
    );
    const [stored] = await query(t, 'select pg_column_compression(body) as method, length(body) as chars from deliveries where id = $1', [id]);
    expect(stored).toEqual({ method: 'lz4', chars: BODY.length });
  });

  it('fails only the delivery PostgreSQL refuses when it arrives together with others', async () => {
    const ingest = createIngestStatement(t.db);
    const make = (i: number, body = BODY) => ({
      id: `dlv_test_mixed_${i}`, connectorId: 'shop', deliveryId: `wh-mixed-${i}`, topic: 'orders/create', status: 'pending' as const,
      headers: {}, body, error: null, receivedAt: Date.now(), processedAt: null,
    });
    // PostgreSQL text can't hold a NUL character: that one insert fails, and must fail alone.
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => ingest(i === 17 ? make(i, 'bad \u0000 body') : make(i), undefined)));
    expect(outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []))).toEqual([17]);
    const stored = await query(t, "select count(*)::int as n from deliveries where delivery_id like 'wh-mixed-%'", []);
    expect(stored).toEqual([{ n: 39 }]);
  });
});

/** A raw query with `$n` parameters on either database. */
async function query(t: TestDatabase, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const native = t.db.native;
  if (native.dialect === 'postgres') return (await native.pool.query(sql, params)).rows;
  return native.client.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as Record<string, unknown>[];
}
