/**
 * Magento end to end: the hub polls a fake Magento's `GET /V1/orders` on its schedule, routes what it
 * finds to simulated suppliers and ships it back with tracks; and across a hub restart in the middle of
 * the backlog every order arrives exactly once — on both databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { magentoNow, magentoSampleOrder, startFakeMagento, type FakeMagento, type SimulatedSupplier } from '@dropline/connectors/fakes';
import { DIALECTS, createTestDatabaseUrl } from '../../server/src/db/testing.ts';
import { storeOrderJob } from '../../server/src/store-sync/store-order-jobs.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { JOB_TYPES } from '../../server/src/workflow/job-types.ts';
import { addSupplier } from '../support/small-world.ts';
import { connector, enqueue, eventTypes, orderWhen, shipped, storeOrder } from './store-world.ts';

const ID = 'mage';

describe.each(DIALECTS)('magento store end to end on %s', (dialect) => {
  let t: TestHub;
  let mg: FakeMagento;
  const sims: SimulatedSupplier[] = [];
  const storage: { dataDir: string; databaseUrl?: string } = { dataDir: mkdtempSync(join(tmpdir(), 'dropline-magento-')) };
  let dropDatabase: (() => Promise<void>) | undefined;
  const startHub = () => startTestHub({ dialect, storage, keepStorage: true, hub: { jobRetryBaseMs: 50 } });

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const created = await createTestDatabaseUrl();
      storage.databaseUrl = created.url;
      dropDatabase = created.drop;
    }
    mg = await startFakeMagento({ accessToken: 'mg-e2e' });
    t = await startHub();
    await connector(t, {
      id: ID,
      type: 'magento',
      config: { baseUrl: mg.url, since: '2024-01-01T00:00:00Z', pollIntervalSeconds: 1, pageSize: 2, maxPagesPerPoll: 1, overlapSeconds: 2 },
      secrets: { accessToken: 'mg-e2e' },
    });
    sims.push(await addSupplier(t, 'mg-mugs', { skus: ['MUG'], priority: 1 }));
    sims.push(await addSupplier(t, 'mg-tees', { skus: ['TEE'], priority: 1 }));
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await t?.stop();
    await mg?.close();
    await dropDatabase?.();
    rmSync(storage.dataDir, { recursive: true, force: true });
  });

  const pollNow = async () => {
    const [id] = await enqueue(t, { type: JOB_TYPES.poll, payload: { connectorId: ID } });
    await eventually(async () => ['done', 'dead'].includes((await t.hub.queue.get(id!)).status));
  };

  it('polls an order in on its schedule, routes it, and ships each parcel back with its track', async () => {
    const order = magentoSampleOrder(100, [['MUG', 2, 22], ['TEE', 1, 10]], { updatedAt: magentoNow() });
    mg.addOrder(order);
    const o = await eventually(() => shipped(t, ID, 100), 40_000);
    expect(o).toMatchObject({ number: '#000000100', total: '59.00', shippingAddress: { line1: '123 Oak Ave', region: 'NY', country: 'US' } });
    await eventually(async () => mg.shipments.filter((s) => s.order_id === 100).length === 2);
    for (const s of o.shipments) {
      const post = mg.requests.find((r) => r.method === 'POST' && r.path === '/rest/V1/order/100/ship' && JSON.parse(r.body).tracks[0].track_number === s.trackingNumber)!;
      expect(JSON.parse(post.body)).toEqual({
        items: s.lines.map((l: any) => ({ order_item_id: Number(l.lineId), qty: l.quantity })),
        notify: true,
        appendComment: true,
        comment: { comment: `Shipped with UPS, tracking number ${s.trackingNumber}`, is_visible_on_front: 1 },
        tracks: [{ track_number: s.trackingNumber, title: 'UPS', carrier_code: 'ups' }],
      });
      expect(post.headers.authorization).toBe('Bearer mg-e2e');
    }
    expect(order.state).toBe('complete');
  }, 60_000);

  it('takes every order exactly once across a hub restart in the middle of the backlog, then their updates', async () => {
    // Seven orders nobody can supply (they wait as exceptions), three of them saved in the same second. Their
    // times run an hour ahead of the clock, so they sort after everything polled before (the cursor is there).
    const base = Date.now() + 3_600_000;
    const at = [0, 0, 0, 5, 9, 60, 120].map((s) => magentoNow(base + s * 1000));
    const ids = at.map((_, i) => 200 + ((i * 3) % 7));
    at.forEach((updatedAt, i) => mg.addOrder(magentoSampleOrder(ids[i]!, [['UNSOLD', 1]], { updatedAt })));
    const known = async () => {
      const { items } = (await t.api('GET', `/api/orders?source=${ID}&limit=100`)).body;
      return (items as any[]).filter((o) => Number(o.externalId) >= 200).length;
    };
    await pollNow();
    await pollNow();
    await eventually(async () => (await known()) >= 4);

    await t.stop();
    t = await startHub();
    // The new hub listens on another port: the suppliers learn where to send their news.
    for (const s of sims) s.setWebhookUrl(`${t.url}/webhooks/${s === sims[0] ? 'mg-mugs' : 'mg-tees'}`);
    for (let i = 0; i < 4 && (await known()) < 7; i++) await pollNow();
    await eventually(async () => (await known()) === 7);

    const later = magentoNow(base + 3_600_000);
    mg.updateOrder(ids[0]!, (o) => (o.customer_note = 'Leave with the neighbour'), later);
    await pollNow();
    await pollNow();
    const updated = await orderWhen(t, ID, ids[0]!, (o) => o.note === 'Leave with the neighbour');

    for (const id of ids) {
      const o = await storeOrder(t, ID, id);
      expect(eventTypes(o).filter((x) => x === 'order.received')).toHaveLength(1);
    }
    expect(eventTypes(updated).filter((x) => x === 'order.updated')).toHaveLength(1);
    const { items } = (await t.api('GET', `/api/deliveries?connectorId=${ID}&limit=500`)).body;
    const mine = (items as any[]).filter((d) => Number(d.deliveryId.split(':')[1]) >= 200);
    expect(mine.map((d) => d.deliveryId).sort()).toEqual(
      [...ids.map((id, i) => `order:${id}:${at[i]}`), `order:${ids[0]}:${later}`].sort(),
    );
    expect(mine.every((d) => d.status === 'accepted')).toBe(true);
  }, 90_000);

  it('refunds with a credit memo and cancels through the hub\'s store jobs', async () => {
    // After the previous test's orders, which ran two hours ahead of the clock.
    const order = magentoSampleOrder(300, [['MUG', 1, 22]], { updatedAt: magentoNow(Date.now() + 3 * 3_600_000) });
    mg.addOrder(order);
    await pollNow();
    const o = await eventually(() => shipped(t, ID, 300), 30_000);
    await enqueue(t, storeOrderJob('refund', { orderId: o.id, cause: 'evt_mg_1', amount: '22.00', reason: 'Wrong colour', lines: [{ lineId: o.lines[0].lineId, quantity: 1 }] }));
    const refunded = await orderWhen(t, ID, 300, (x) => eventTypes(x).includes('refund.issued'));
    const memos = mg.creditMemos.filter((m) => m.order_id === 300);
    expect(memos).toHaveLength(1);
    expect(memos[0]).toMatchObject({ grand_total: 22, comments: [{ comment: 'Wrong colour [dropline:refund:evt_mg_1]' }] });
    expect(refunded.events.find((e: any) => e.type === 'refund.issued').data).toMatchObject({ amount: '22.00', externalId: String(memos[0]!.entity_id) });

    const open = magentoSampleOrder(301, [['UNSOLD', 1]], { updatedAt: magentoNow(Date.now() + 3 * 3_600_000 + 1_000) });
    mg.addOrder(open);
    await pollNow();
    const held = await eventually(() => storeOrder(t, ID, 301), 30_000);
    await enqueue(t, storeOrderJob('cancel', { orderId: held.id, cause: 'ops_1', reason: 'duplicate order', by: 'ops' }));
    await orderWhen(t, ID, 301, (x) => x.status === 'cancelled');
    expect(open.state).toBe('canceled');
    expect(mg.comments.get(301)!.map((c) => c.comment)).toEqual(['Cancelled: duplicate order']);
  }, 60_000);
});
