/**
 * @module CPU per delivery, stage by stage, of the hub's intake path, measured in this process on the
 * real code: the Shopify connector's verify and normalize steps one by one, the inbox (`Inbox.receive`,
 * storage included), and the whole Hono app (`app.request`, middleware and route included).
 *
 * Each stage runs over the same N distinct signed deliveries (fresh Buffers, so nothing cached from an
 * earlier stage helps a later one), a few rounds; the figure is the fastest round's CPU time (user +
 * system, `process.cpuUsage`) divided by N. CPU time, not wall time: other work on a shared machine
 * slows a stage down less in CPU time than on the clock, and the fastest round is the one it disturbed
 * least. Stages that wait on storage run `concurrency` deliveries at a time, as a server would.
 *
 * `app.request()` builds a WHATWG Request, which @hono/node-server does not (it wraps Node's request
 * lazily), so the whole-app figure is an upper bound of the hub's own share; the HTTP server's parser and
 * sockets are not in it (the `--cpu` mode of the ingest benchmark measures those, in a real server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_CONNECTORS } from '@dropline/connectors';
import { OrderSnapshotSchema } from '@dropline/connectors/model';
import { bodyText, parseJsonBody, type InboundRequest } from '@dropline/connectors/sdk';
import { mapShopifyOrder, type ShopifyOrder } from '../../connectors/store-shopify/map-order.ts';
import { loadConfig } from '../../server/src/config.ts';
import { createTestDatabaseUrl } from '../../server/src/db/testing.ts';
import { createHub, type Hub } from '../../server/src/hub.ts';
import { storableHeaders } from '../../server/src/inbox/delivery-repository.ts';
import { createLogger } from '../../server/src/logging.ts';
import { BENCH_SHOP, SignedDeliveryPool, type PreparedDelivery } from './signed-deliveries.ts';

export interface StageFigure {
  stage: string;
  /** CPU µs per delivery, fastest round. */
  cpuUs: number;
  /** Every round's figure, in order. */
  roundsUs: number[];
}

export interface StageOptions {
  deliveries: number;
  rounds: number;
  concurrency: number;
  dialect: 'sqlite' | 'postgres';
}

const ADMIN_TOKEN = 'bench-cpu-stages-admin-token';

/** Runs `fn` for indexes 0…count-1, `concurrency` at a time, and returns the CPU µs per call. */
async function cpuPerCall(count: number, concurrency: number, fn: (i: number) => unknown): Promise<number> {
  const t0 = process.cpuUsage();
  if (concurrency <= 1) {
    for (let i = 0; i < count; i++) {
      const r = fn(i);
      if (r instanceof Promise) await r;
    }
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) await fn(next++);
      }),
    );
  }
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / count;
}

async function startHub(dialect: 'sqlite' | 'postgres'): Promise<{ hub: Hub; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dropline-cpu-stages-'));
  const db = dialect === 'postgres' ? await createTestDatabaseUrl() : undefined;
  const config = loadConfig({
    PORT: '0',
    DROPLINE_DATA_DIR: dataDir,
    DROPLINE_ADMIN_TOKEN: ADMIN_TOKEN,
    DROPLINE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    DROPLINE_LOG_LEVEL: 'warn',
    ...(db ? { DATABASE_URL: db.url } : {}),
  });
  // Workers are not started: this measures intake alone.
  const hub = await createHub(config, { log: createLogger(config.logLevel) });
  return {
    hub,
    async stop() {
      await hub.stop();
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const round = (us: number) => Math.round(us * 10) / 10;

export async function measureIntakeStages(options: StageOptions): Promise<StageFigure[]> {
  const pool = new SignedDeliveryPool(options.deliveries * (options.rounds * 2 + 3));
  const shopify = BUILTIN_CONNECTORS.find((c) => c.type === 'shopify')!;
  const ctx = { connectorId: BENCH_SHOP.connectorId, config: { shopDomain: BENCH_SHOP.shopDomain }, secrets: { webhookSecret: pool.webhookSecret, accessToken: 'x' } };
  const { hub, stop } = await startHub(options.dialect);
  try {
    const created = await hub.app.request('/api/connectors', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: BENCH_SHOP.connectorId, type: 'shopify', config: { shopDomain: BENCH_SHOP.shopDomain }, secrets: { webhookSecret: pool.webhookSecret, accessToken: 'x' } }),
    });
    if (created.status !== 201) throw new Error(`creating the connector answered ${created.status}: ${await created.text()}`);
    const connector = await hub.inbox.connectorFor(BENCH_SHOP.connectorId);
    const request = (d: PreparedDelivery): InboundRequest => ({ rawBody: d.body, headers: d.headers, query: new URLSearchParams() });

    // Each delivery's body is assembled as the stage needs it and dropped after, as a server's would be:
    // a batch of live bodies would make caches keyed on them (bodyText's) look costlier than they are.
    // The assembling itself is measured alone and taken off every stage that does it.
    const N = options.deliveries;
    const parsedOf = () => Array.from({ length: N }, (_, i) => JSON.parse(pool.at(i).body.toString('utf8')) as ShopifyOrder);
    let unseen = N;

    type Stage = { stage: string; fresh?: boolean; concurrency?: number; prepare?: () => unknown[]; run: (i: number, prepared: unknown[]) => unknown };
    const stages: Stage[] = [
      { stage: 'verify: HMAC-SHA256 of the raw body, constant-time compare', fresh: true, run: (i) => shopify.inbound!.verify(request(pool.at(i)), ctx) },
      { stage: 'decode: body bytes → UTF-8 string (bodyText, cached per body)', fresh: true, run: (i) => bodyText(pool.at(i).body) },
      { stage: 'parse: JSON.parse of the body (decode included)', fresh: true, run: (i) => parseJsonBody(pool.at(i).body) },
      { stage: 'map: Shopify order → canonical snapshot input', prepare: parsedOf, run: (i, p) => mapShopifyOrder(p[i] as ShopifyOrder) },
      {
        stage: 'validate: canonical order schema, zod\'s runtime parser (the connector runs its compiled form, in normalize)',
        prepare: () => parsedOf().map((o) => mapShopifyOrder(o)),
        run: (i, p) => OrderSnapshotSchema.parse(p[i]),
      },
      { stage: 'normalize: the connector step as a whole (decode, parse, envelope, map, validate)', fresh: true, run: (i) => shopify.inbound!.normalize(request(pool.at(i)), ctx) },
      { stage: 'headers: storable copy + JSON text', fresh: true, run: (i) => JSON.stringify(storableHeaders(pool.at(i).headers)) },
      {
        stage: `inbox: Inbox.receive, verify → stored (${options.dialect})`,
        fresh: true,
        concurrency: options.concurrency,
        run: async () => {
          const r = await hub.inbox.receive(connector, request(pool.at(unseen++)));
          if (r.outcome !== 'accepted') throw new Error(`expected accepted, got ${r.outcome}`);
        },
      },
      {
        stage: `app: the Hono app, POST /webhooks/:id via app.request (${options.dialect})`,
        fresh: true,
        concurrency: options.concurrency,
        run: async () => {
          const d = pool.at(unseen++);
          const res = await hub.app.request(`/webhooks/${BENCH_SHOP.connectorId}`, { method: 'POST', headers: d.headers, body: d.body });
          if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${await res.text()}`);
        },
      },
    ];

    const figures: StageFigure[] = [];
    const assembling: number[] = [];
    for (let r = 0; r <= options.rounds; r++) assembling.push(await cpuPerCall(N, 1, (i) => pool.at(i)));
    const assembleUs = Math.min(...assembling.slice(1));
    figures.push({ stage: 'assembling a body (bench overhead, already taken off the stages below that do it)', cpuUs: round(assembleUs), roundsUs: assembling.slice(1).map(round) });
    for (const s of stages) {
      const roundsUs: number[] = [];
      // One round not counted: the JIT warms up on it.
      for (let r = 0; r <= options.rounds; r++) {
        const prepared = s.prepare?.() ?? [];
        const us = await cpuPerCall(N, s.concurrency ?? 1, (i) => s.run(i, prepared));
        if (r > 0) roundsUs.push(round(s.fresh ? Math.max(0, us - assembleUs) : us));
      }
      figures.push({ stage: s.stage, cpuUs: Math.min(...roundsUs), roundsUs });
    }
    return figures;
  } finally {
    await stop();
  }
}
