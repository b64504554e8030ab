/**
 * @module What a server actually stored, read straight from its database after it stopped: the check that
 * every delivery answered 2xx is there (and how much of the follow-up work the hub's jobs got through).
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

export type Storage = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface HubRows {
  /** X-Shopify-Webhook-Id of every stored delivery. */
  deliveryIds: Set<string>;
  deliveriesByStatus: Record<string, number>;
  orders: number;
  eventsByType: Record<string, number>;
  /** `type/status` → count. */
  jobs: Record<string, number>;
}

type Row = Record<string, unknown>;

async function query(storage: Storage, statements: string[]): Promise<Row[][]> {
  if (storage.dialect === 'sqlite') {
    const db = new BetterSqlite3(storage.file, { readonly: true, fileMustExist: true });
    try {
      return statements.map((s) => db.prepare(s).all() as Row[]);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: storage.url });
  await client.connect();
  try {
    const results: Row[][] = [];
    for (const s of statements) results.push((await client.query(s)).rows as Row[]);
    return results;
  } finally {
    await client.end();
  }
}

const tally = (rows: Row[], key: (r: Row) => string) => Object.fromEntries(rows.map((r) => [key(r), Number(r.n)]));

/** The hub's storage is fresh for each run, so everything in it came from the benchmark's one connector. */
export async function readHubRows(storage: Storage): Promise<HubRows> {
  const [ids, byStatus, orders, events, jobs] = await query(storage, [
    'select delivery_id from deliveries',
    'select status, count(*) as n from deliveries group by status',
    'select count(*) as n from orders',
    'select type, count(*) as n from events group by type',
    'select type, status, count(*) as n from jobs group by type, status',
  ]);
  return {
    deliveryIds: new Set(ids!.map((r) => String(r.delivery_id))),
    deliveriesByStatus: tally(byStatus!, (r) => String(r.status)),
    orders: Number(orders![0]!.n),
    eventsByType: tally(events!, (r) => String(r.type)),
    jobs: tally(jobs!, (r) => `${r.type}/${r.status}`),
  };
}

export async function countFloorRows(storage: Storage): Promise<number> {
  const [rows] = await query(storage, ['select count(*) as n from deliveries']);
  return Number(rows![0]!.n);
}
