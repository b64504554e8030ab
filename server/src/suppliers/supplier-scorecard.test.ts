/**
 * Supplier scorecards on both databases: orders judged by the agreement version in force when each was
 * placed (acknowledgment window, turnaround from receipt), feeds against their schedule, orders against
 * the daily capacity; and the HTTP view of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/testing.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 2026-10-05, 12:00 UTC: before the 15:00 cut-off, so an order placed then is received then. */
const B = Date.UTC(2026, 9, 5, 12);

const v1 = {
  acknowledgment: { windowMinutes: 120, failoverOnTimeout: true },
  turnaround: { shipWithinHours: 24 },
  cutoff: { time: '15:00', timeZone: 'UTC' },
  inventoryFeed: { cron: '0 */6 * * *', format: 'csv' },
  capacity: { ordersPerDay: 2 },
};
/** From day 5 on, acknowledgments are due within the hour. */
const v2 = { ...v1, acknowledgment: { windowMinutes: 60, failoverOnTimeout: true } };

describe.each(DIALECTS)('supplier scorecard on %s', (dialect) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ dialect });
    const r = await t.api('POST', '/api/connectors', { id: 'acme', type: 'sandbox-supplier', config: { apiBaseUrl: 'http://127.0.0.1:9' }, secrets: { apiKey: 'k', webhookSecret: 'w' } });
    expect(r.status).toBe(201);
    const { agreements } = t.hub.suppliers;
    await agreements.put('acme', v1, 'ops', 'signed', B - DAY);
    await agreements.put('acme', v2, 'ops', 'tighter acknowledgments', B + 5 * DAY);
    let n = 0;
    const order = (placedAt: number, o: { status: string; ackAfter?: number; shipAfter?: number; updatedAfter?: number }) => ({
      id: `PO-SCORE-${++n}`,
      orderId: `order-${n}`,
      supplierId: 'acme',
      status: o.status,
      lines: [],
      attempt: 1,
      externalId: null,
      placedAt,
      acknowledgedAt: o.ackAfter === undefined ? null : placedAt + o.ackAfter,
      shippedAt: o.shipAfter === undefined ? null : placedAt + o.shipAfter,
      createdAt: placedAt,
      updatedAt: placedAt + (o.updatedAfter ?? o.shipAfter ?? o.ackAfter ?? 0),
    });
    const db = t.hub.db;
    await db.q.insert(db.t.supplierOrders).values([
      // Day 0, agreement v1 (120 minutes to acknowledge, 24 hours to ship): 90 minutes is on time.
      order(B, { status: 'shipped', ackAfter: 90 * MIN, shipAfter: 20 * HOUR }),
      order(B + HOUR, { status: 'shipped', ackAfter: 150 * MIN, shipAfter: 30 * HOUR }),
      // Never acknowledged: the acknowledgment timer rejected it a minute after the window.
      order(B + 2 * HOUR, { status: 'rejected', updatedAfter: 121 * MIN }),
      order(B + 3 * HOUR, { status: 'shipped', ackAfter: 45 * MIN, shipAfter: 10 * HOUR }),
      // Day 6, agreement v2: 90 minutes is late now; not shipped yet.
      order(B + 6 * DAY, { status: 'acknowledged', ackAfter: 90 * MIN }),
      order(B + 6 * DAY + HOUR, { status: 'placed' }),
      // Another supplier's order and one outside the period count for nothing.
      { ...order(B, { status: 'placed' }), supplierId: 'globex' },
      order(B + 9 * DAY, { status: 'placed' }),
    ]);
    const run = (at: number) => ({ supplierId: 'acme', source: 'upload', rows: 10, changed: 1, pushed: 1, startedAt: at - MIN, finishedAt: at });
    await db.q.insert(db.t.supplierFeedRuns).values([run(B + HOUR), run(B + 3 * DAY), run(B + 7 * DAY - HOUR)]);
  }, 60_000);
  afterAll(() => t?.stop());

  const card = (now: number) => t.hub.suppliers.scorecard.forSupplier('acme', B - HOUR, B + 7 * DAY, now);

  it('judges each order by the agreement in force when it was placed', async () => {
    const s = await card(B + 8 * DAY);
    expect(s.agreementVersions).toEqual([1, 2]);
    expect(s.orders).toEqual({ placed: 6, acknowledged: 4, shipped: 3, backordered: 0, rejected: 1, cancelled: 0 });
    // On time: the first and fourth. Late: 150 minutes (v1), the timer's rejection, 90 minutes (v2). Missed: the last.
    expect(s.acknowledgment).toEqual({ onTime: 2, late: 3, missed: 1, open: 0, onTimeRate: 2 / 6, windowMinutes: 60, medianMinutes: 90 });
    // The rejected order is not the supplier's to ship; the two of day 6 are past their deadline.
    expect(s.shipping).toEqual({ onTime: 2, late: 1, missed: 2, open: 0, onTimeRate: 0.4, shipWithinHours: 24, medianHours: 20 });
  });

  it('counts what is not yet due as open', async () => {
    const s = await card(B + 6 * DAY + HOUR + 10 * MIN);
    expect(s.acknowledgment).toMatchObject({ onTime: 2, late: 3, missed: 0, open: 1 });
    expect(s.shipping).toMatchObject({ onTime: 2, late: 1, missed: 0, open: 2, onTimeRate: 2 / 3 });
  });

  it('compares feeds with their schedule and orders with the daily capacity', async () => {
    const s = await card(B + 8 * DAY);
    // Every six hours from 12:00 on day 0 to 06:00 on day 7: 28 runs expected, 3 received; the last is 25 hours old.
    expect(s.inventoryFeed).toEqual({ cron: '0 */6 * * *', expected: 28, received: 3, lastFeedAt: B + 7 * DAY - HOUR, allowedAgeMinutes: 720, fresh: false });
    // Day 0 took three orders (the rejected one doesn't count) against a limit of two.
    expect(s.capacity).toEqual({ ordersPerDay: 2, busiestDay: { day: '2026-10-05', orders: 3, limit: 2 }, daysOverLimit: 1 });
  });

  it('serves the scorecard over the API, and refuses a period it cannot cover', async () => {
    const r = await t.api('GET', `/api/suppliers/acme/scorecard?from=${new Date(B - HOUR).toISOString()}&to=${new Date(B + 7 * DAY).toISOString()}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ supplierId: 'acme', from: '2026-10-05T11:00:00.000Z', agreementVersions: [1, 2], orders: { placed: 6 } });
    expect(r.body.inventoryFeed.lastFeedAt).toBe(new Date(B + 7 * DAY - HOUR).toISOString());
    const backwards = await t.api('GET', `/api/suppliers/acme/scorecard?from=${new Date(B).toISOString()}&to=${new Date(B - DAY).toISOString()}`);
    expect(backwards.status).toBe(422);
    expect(backwards.headers.get('content-type')).toContain('application/problem+json');
    expect((await t.api('GET', '/api/suppliers/acme/scorecard?from=yesterday')).status).toBe(400);
    expect((await t.api('GET', '/api/suppliers/nobody/scorecard')).status).toBe(404);
  });
});
