/**
 * The flows API end to end: graphs refused before publish with problems that point at the node, versions
 * with their author and time, publish and rollback live at once on the running hub, a published flow that
 * can't be deleted, each routing decision naming the version it used; simulate on a pasted order, on a
 * stored one and as a replay of the last orders; shadow mode recording without acting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedSupplier } from '@dropline/connectors/fakes';
import { FlowBuilder, type Flow } from '../../rules/src/index.ts';
import { DIALECTS } from '../../server/src/db/testing.ts';
import { eventually, startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { addShop, addSupplier, deliver, shopifyOrder, stockReported } from '../support/small-world.ts';
import { eventsOf, hasEvent, orderWhen, publishFlow } from './support.ts';

/** Every line to one supplier, held when it can't take them. */
function routeTo(supplierId: string, id = 'route-one'): Flow {
  const b = new FlowBuilder({ id, name: `Everything to ${supplierId}`, trigger: 'order.received' });
  const route = b.add('route-to-supplier', { supplierId }, { id: 'route' });
  b.connect(b.start, 'out', route).connect(route, 'none', b.add('hold', { reason: `${supplierId} cannot take it` }, { id: 'hold' }));
  return b.build();
}

/** A valid graph to break in one place per case. */
function baseGraph(): any {
  return structuredClone(routeTo('sup-a', 'broken'));
}

const INVALID: { name: string; graph: () => any; expect: { code: string; nodeId?: string; edgeId?: string; field?: string } }[] = [
  {
    name: 'a cycle',
    graph: () => {
      const g = baseGraph();
      g.nodes.push({ id: 'tag', type: 'add-tag', position: { x: 0, y: 0 }, settings: { tags: ['x'] } });
      g.edges = g.edges.filter((e: any) => e.source !== 'start');
      g.edges.push({ id: 'e1', source: 'start', sourceHandle: 'out', target: 'tag' }, { id: 'e2', source: 'tag', sourceHandle: 'out', target: 'route' }, { id: 'e3', source: 'hold', sourceHandle: 'out', target: 'tag' });
      return g;
    },
    expect: { code: 'cycle', nodeId: 'tag' },
  },
  {
    name: 'an edge to a node that does not exist',
    graph: () => {
      const g = baseGraph();
      g.edges.push({ id: 'to-ghost', source: 'route', sourceHandle: 'out', target: 'ghost' });
      return g;
    },
    expect: { code: 'dangling_edge', edgeId: 'to-ghost' },
  },
  {
    name: 'a node nothing leads to',
    graph: () => {
      const g = baseGraph();
      g.nodes.push({ id: 'orphan', type: 'hold', position: { x: 0, y: 0 }, settings: { reason: 'never reached' } });
      return g;
    },
    expect: { code: 'unreachable', nodeId: 'orphan' },
  },
  {
    name: 'a condition on a fact that does not exist',
    graph: () => conditionGraph({ fact: 'order.shoeSize', operator: 'equal', value: 42 }),
    expect: { code: 'unknown_fact', nodeId: 'cond', field: 'condition.fact' },
  },
  {
    name: "an operator that does not fit the fact's type",
    graph: () => conditionGraph({ fact: 'order.total', operator: 'skuMatches', value: ['MUG-*'] }),
    expect: { code: 'operator_mismatch', nodeId: 'cond', field: 'condition.operator' },
  },
  {
    name: 'an action missing a required setting',
    graph: () => {
      const g = baseGraph();
      g.nodes.find((n: any) => n.id === 'hold').settings = {};
      return g;
    },
    expect: { code: 'invalid_setting', nodeId: 'hold', field: 'reason' },
  },
  {
    name: 'a route to an unknown supplier',
    graph: () => {
      const g = baseGraph();
      g.nodes.find((n: any) => n.id === 'route').settings = { supplierId: 'nobody' };
      return g;
    },
    expect: { code: 'unknown_supplier', nodeId: 'route', field: 'supplierId' },
  },
];

function conditionGraph(condition: object): any {
  const g = baseGraph();
  g.nodes.push({ id: 'cond', type: 'condition', position: { x: 0, y: 0 }, settings: { condition } });
  g.edges = g.edges.filter((e: any) => e.source !== 'start');
  g.edges.push({ id: 'e-start', source: 'start', sourceHandle: 'out', target: 'cond' }, { id: 'e-true', source: 'cond', sourceHandle: 'true', target: 'route' }, { id: 'e-false', source: 'cond', sourceHandle: 'false', target: 'hold' });
  return g;
}

describe.each(DIALECTS)('flows API on %s', (dialect) => {
  let t: TestHub;
  const sims: SimulatedSupplier[] = [];
  /** The routing flow the tests publish into. */
  let flowId: string;

  beforeAll(async () => {
    t = await startTestHub({ dialect, hub: { jobRetryBaseMs: 50 } });
    await addShop(t);
    sims.push(await addSupplier(t, 'sup-a', { skus: ['MUG'], priority: 1 }));
    sims.push(await addSupplier(t, 'sup-b', { skus: ['MUG'], priority: 2 }));
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await t?.stop();
  });

  const routedOrder = async (lines: [string, number][] = [['MUG', 1]]) => {
    const order = shopifyOrder(lines);
    expect(await deliver(t, order)).toBe(202);
    return orderWhen(t, order.id, (o) => hasEvent('order.routed')(o) || hasEvent('order.held')(o));
  };

  it.each(INVALID)('refuses to publish $name, pointing at the node', async (c) => {
    const created = await t.api('POST', '/api/flows', { name: `Broken: ${c.name}` });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // An autosave keeps the graph as drawn, broken or not.
    expect((await t.api('PUT', `/api/flows/${id}/draft`, { flow: c.graph() })).status).toBe(200);
    const validated = await t.api('POST', `/api/flows/${id}/validate`, {});
    expect(validated.status).toBe(200);
    expect(validated.body.issues).toEqual(expect.arrayContaining([expect.objectContaining(c.expect)]));

    const published = await t.api('POST', `/api/flows/${id}/publish`, { message: 'try' });
    expect(published.status).toBe(422);
    expect(published.headers.get('content-type')).toContain('application/problem+json');
    expect(published.body.code).toBe('flow_invalid');
    expect(published.body.issues).toEqual(expect.arrayContaining([expect.objectContaining(c.expect)]));
    const where = c.expect.nodeId ? `nodes.${c.expect.nodeId}` : c.expect.edgeId ? `edges.${c.expect.edgeId}` : 'flow';
    expect(published.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining([expect.stringContaining(where)]));
    expect((await t.api('GET', `/api/flows/${id}/versions`)).body.items).toEqual([]);
    expect((await t.api('DELETE', `/api/flows/${id}`)).status).toBe(204);
  });

  it('publishes versions live without a restart, records the version on each decision, rolls back, and keeps a published flow from deletion', async () => {
    // Nothing published yet: the built-in first-in-stock router takes the priority-1 supplier.
    const before = await routedOrder();
    expect(eventsOf(before, 'order.routed')[0].data).toMatchObject({ flowVersion: 0, assignments: [expect.objectContaining({ supplierId: 'sup-a' })] });

    const v1 = await publishFlow(t, routeTo('sup-b'), { author: 'alice', message: 'all to B' });
    flowId = v1.id;
    expect(v1.version).toBe(1);
    expect((await t.api('GET', `/api/flows/${flowId}`)).body).toMatchObject({ publishedVersion: 1, draftDiffersFromPublished: false, draftUpdatedBy: 'alice' });
    const first = await routedOrder();
    expect(eventsOf(first, 'order.routed')[0].data).toMatchObject({ flowId, flowVersion: 1, assignments: [expect.objectContaining({ supplierId: 'sup-b' })] });
    // The decision's trace says why: the flow and version, the node that placed the line.
    const trace = eventsOf(first, 'order.routed')[0].data.trace;
    expect(trace[0]).toMatchObject({ outcome: expect.stringContaining(`${flowId}@1`) });
    expect(trace).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'route', outcome: 'sup-b' })]));

    const v2 = await publishFlow(t, routeTo('sup-a'), { into: flowId, author: 'bob', message: 'back to A' });
    expect(v2.version).toBe(2);
    const second = await routedOrder();
    expect(eventsOf(second, 'order.routed')[0].data).toMatchObject({ flowId, flowVersion: 2, assignments: [expect.objectContaining({ supplierId: 'sup-a' })] });

    const versions = (await t.api('GET', `/api/flows/${flowId}/versions`)).body.items;
    expect(versions.map((v: any) => [v.version, v.author, v.message, v.published])).toEqual([
      [2, 'bob', 'back to A', true],
      [1, 'alice', 'all to B', false],
    ]);
    for (const v of versions) expect(Date.now() - Date.parse(v.createdAt)).toBeLessThan(120_000);
    const one = await t.api('GET', `/api/flows/${flowId}/versions/1`);
    expect(one.body.flow.nodes.find((n: any) => n.id === 'route').settings.supplierId).toBe('sup-b');

    const rolled = await t.api('POST', `/api/flows/${flowId}/rollback`, { version: 1, author: 'carol' });
    expect(rolled.status).toBe(200);
    expect(rolled.body.version).toBe(3);
    const third = await routedOrder();
    expect(eventsOf(third, 'order.routed')[0].data).toMatchObject({ flowId, flowVersion: 3, assignments: [expect.objectContaining({ supplierId: 'sup-b' })] });
    const latest = (await t.api('GET', `/api/flows/${flowId}/versions`)).body.items[0];
    expect(latest).toMatchObject({ version: 3, author: 'carol', message: 'Rollback to version 1', published: true });
    const view = (await t.api('GET', `/api/flows/${flowId}`)).body;
    expect(view).toMatchObject({ publishedVersion: 3, draftDiffersFromPublished: true });

    const refused = await t.api('DELETE', `/api/flows/${flowId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('flow_published');
    expect((await t.api('GET', `/api/flows/${flowId}`)).status).toBe(200);
    expect((await t.api('DELETE', '/api/flows/flow_nope')).status).toBe(404);
  });

  it('publishes atomically: concurrent publishes get consecutive versions, and one flow serves a trigger', async () => {
    const other = await t.api('POST', '/api/flows', { name: 'Competing routing flow' });
    expect((await t.api('PUT', `/api/flows/${other.body.id}/draft`, { flow: routeTo('sup-a') })).status).toBe(200);
    const [x, y, z] = await Promise.all([
      t.api('POST', `/api/flows/${flowId}/publish`, { message: 'race 1' }),
      t.api('POST', `/api/flows/${flowId}/publish`, { message: 'race 2' }),
      t.api('POST', `/api/flows/${other.body.id}/publish`, { message: 'race 3' }),
    ]);
    expect([x.status, y.status, z.status]).toEqual([200, 200, 200]);
    expect([x.body.version, y.body.version].sort()).toEqual([4, 5]);
    const live = (await t.api('GET', '/api/flows')).body.items.filter((f: any) => f.trigger === 'order.received' && f.publishedVersion !== null);
    expect(live).toHaveLength(1);
    // Put the first flow back (as version 6, the graph of version 3) for the tests that follow.
    const back = await t.api('POST', `/api/flows/${flowId}/rollback`, { version: 3 });
    expect(back.body.version).toBe(6);
    expect((await t.api('DELETE', `/api/flows/${other.body.id}`)).status).toBe(204);
  });

  it('simulates the draft against the published version: a pasted order, a stored one, and a replay of the last orders', async () => {
    // Published: v6, everything to sup-b. The draft sends everything to sup-a.
    expect((await t.api('PUT', `/api/flows/${flowId}/draft`, { flow: routeTo('sup-a') })).status).toBe(200);
    const stored = await routedOrder();

    const { id: _id, source: _s, status: _st, trackingUrl: _t, createdAt: _c, modifiedAt: _m, suppliers: _su, events: _e, supplierOrders: _so, shipments: _sh, ...snapshot } = stored;
    const pasted = await t.api('POST', `/api/flows/${flowId}/simulate`, { order: { ...snapshot, number: '#SIM-1' } });
    expect(pasted.status).toBe(200);
    const [p] = pasted.body.results;
    expect(p.orderId).toBeUndefined();
    expect(p.orderNumber).toBe('#SIM-1');
    expect(p.draft.assignments.map((a: any) => a.supplierId)).toEqual(['sup-a']);
    expect(p.published.assignments.map((a: any) => a.supplierId)).toEqual(['sup-b']);
    expect(p.published.flowVersion).toBe(6);
    expect(p.diff.changed).toBe(true);
    expect(p.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'route', outcome: 'sup-a' })]));
    expect(pasted.body.summary).toEqual({ total: 1, changed: 1, failed: 0 });

    const byId = await t.api('POST', `/api/flows/${flowId}/simulate`, { orderId: stored.id });
    expect(byId.body.results[0]).toMatchObject({ orderId: stored.id, orderNumber: stored.number, diff: expect.objectContaining({ changed: true }) });

    // A draft that decides like the published version changes nothing on replay.
    const same = await t.api('POST', `/api/flows/${flowId}/simulate`, { flow: routeTo('sup-b'), replay: 3 });
    expect(same.body.summary).toEqual({ total: 3, changed: 0, failed: 0 });
    const replay = await t.api('POST', `/api/flows/${flowId}/simulate`, { replay: 3 });
    expect(replay.body.summary).toEqual({ total: 3, changed: 3, failed: 0 });
    expect(replay.body.results.map((r: any) => r.orderId)).toContain(stored.id);

    // Nothing was executed: the stored order still has its one decision.
    const after = await orderWhen(t, stored.externalId, () => true);
    expect(eventsOf(after, 'order.routed')).toHaveLength(1);

    // A draft reading the address check sees one (the offline check) but keeps nothing on the order.
    const checking = await t.api('POST', `/api/flows/${flowId}/simulate`, { flow: conditionGraph({ fact: 'addressValidation.verdict', operator: 'equal', value: 'deliverable' }), orderId: stored.id });
    expect(checking.status).toBe(200);
    expect(checking.body.results[0].draft.assignments.map((a: any) => a.supplierId)).toEqual(['sup-a']);
    expect(await t.hub.addressChecks.stored(stored.id)).toBeUndefined();

    const invalid = await t.api('POST', `/api/flows/${flowId}/simulate`, { flow: conditionGraph({ fact: 'order.nope', operator: 'equal', value: 1 }), replay: 1 });
    expect(invalid.status).toBe(422);
    expect(invalid.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unknown_fact', nodeId: 'cond' })]));
  });

  it('shadow mode records what another version would decide on live orders, without acting on it', async () => {
    // Published v6 routes to sup-b; version 2 (everything to sup-a) runs in its shadow.
    const set = await t.api('PUT', `/api/flows/${flowId}/shadow`, { version: 2 });
    expect(set.status).toBe(200);
    expect(set.body.shadowVersion).toBe(2);
    const ordersAtA = sims[0]!.orders.size;
    const o = await routedOrder();
    expect(eventsOf(o, 'order.routed')[0].data.assignments.map((a: any) => a.supplierId)).toEqual(['sup-b']);

    const shadow = await (async () => {
      for (let i = 0; i < 100; i++) {
        const items = (await t.api('GET', `/api/flows/${flowId}/shadow-decisions?differs=true`)).body.items;
        const mine = items.find((d: any) => d.orderId === o.id);
        if (mine) return mine;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no shadow decision recorded');
    })();
    expect(shadow).toMatchObject({ flowId, version: 2, liveFlow: flowId, liveVersion: 6, differs: true });
    expect(shadow.decision.assignments.map((a: any) => a.supplierId)).toEqual(['sup-a']);
    // Only the live decision acted: no purchase order went to the shadow's supplier.
    expect(o.supplierOrders.map((so: any) => so.supplierId)).toEqual(['sup-b']);
    expect(sims[0]!.orders.size).toBe(ordersAtA);

    // A shadow that agrees with the live decision is recorded as not differing; the filter finds each kind.
    expect((await t.api('PUT', `/api/flows/${flowId}/shadow`, { version: 1 })).status).toBe(200);
    const agreeing = await routedOrder();
    const same = await (async () => {
      for (let i = 0; i < 100; i++) {
        const items = (await t.api('GET', `/api/flows/${flowId}/shadow-decisions?differs=false&limit=1`)).body.items;
        if (items[0]?.orderId === agreeing.id) return items[0];
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no agreeing shadow decision recorded');
    })();
    expect(same).toMatchObject({ version: 1, differs: false });
    const differing = (await t.api('GET', `/api/flows/${flowId}/shadow-decisions?differs=true&limit=1`)).body.items;
    expect(differing.map((d: any) => d.orderId)).toEqual([o.id]);

    expect((await t.api('PUT', `/api/flows/${flowId}/shadow`, { version: null })).body.shadowVersion).toBeNull();
    const unknown = await t.api('PUT', `/api/flows/${flowId}/shadow`, { version: 99 });
    expect(unknown.status).toBe(404);
  });

  it('unpublishes: orders fall back to the built-in routing at once, the versions stay, and the flow can then be deleted', async () => {
    const off = await t.api('POST', `/api/flows/${flowId}/unpublish`);
    expect(off.status).toBe(200);
    expect(off.body.publishedVersion).toBeNull();
    // Published, the flow sent everything to sup-b; the built-in routing takes the first supplier by priority.
    const o = await routedOrder();
    const routed = eventsOf(o, 'order.routed')[0].data;
    expect(routed.flowId).toBe('builtin:first-in-stock');
    expect(routed.assignments.map((a: any) => a.supplierId)).toEqual(['sup-a']);
    const versions = (await t.api('GET', `/api/flows/${flowId}/versions`)).body.items;
    expect(versions.length).toBeGreaterThanOrEqual(6);
    expect(versions.every((v: any) => v.published === false)).toBe(true);
    expect((await t.api('POST', '/api/flows/flow_nope/unpublish')).status).toBe(404);
    expect((await t.api('DELETE', `/api/flows/${flowId}`)).status).toBe(204);
  });
});

describe('a publish on one hub is live on another hub of the same database', () => {
  let api: TestHub;
  let worker: TestHub;
  const sims: SimulatedSupplier[] = [];

  beforeAll(async () => {
    // `api` takes requests and webhooks only; `worker` (a second process in production) does the routing.
    api = await startTestHub({ dialect: 'postgres', env: { DROPLINE_WORKER_CONCURRENCY: '0' } });
    await addShop(api);
    sims.push(await addSupplier(api, 'sup-a', { skus: ['MUG'], priority: 1, awaitStock: false }));
    sims.push(await addSupplier(api, 'sup-b', { skus: ['MUG'], priority: 2, awaitStock: false }));
    // The worker starts once both suppliers exist: a hub re-reads the connectors another hub added only
    // after its cache's few seconds, which is not what this test is about. The storage is `api`'s: it
    // drops the database when it stops, after the worker.
    worker = await startTestHub({ storage: { dataDir: api.dataDir, databaseUrl: api.databaseUrl }, keepStorage: true, hub: { jobRetryBaseMs: 50 } });
    // The suppliers' stock pushes were accepted by `api` and are applied by the worker's jobs: before an order.
    await eventually(async () => (await stockReported(api, 'sup-a', ['MUG'])) && (await stockReported(api, 'sup-b', ['MUG'])), 20_000);
  }, 60_000);
  afterAll(async () => {
    for (const s of sims) await s.close();
    await worker?.stop();
    await api?.stop();
  });

  it('routes by each new version at once, with no restart and no message between the hubs', async () => {
    const routedBy = async () => {
      const order = shopifyOrder([['MUG', 1]]);
      expect(await deliver(api, order)).toBe(202);
      const o = await orderWhen(api, order.id, hasEvent('order.routed'));
      return eventsOf(o, 'order.routed')[0].data;
    };
    const v1 = await publishFlow(api, routeTo('sup-b'));
    expect(await routedBy()).toMatchObject({ flowId: v1.id, flowVersion: 1, assignments: [expect.objectContaining({ supplierId: 'sup-b' })] });
    const v2 = await publishFlow(api, routeTo('sup-a'), { into: v1.id });
    expect(await routedBy()).toMatchObject({ flowId: v1.id, flowVersion: v2.version, assignments: [expect.objectContaining({ supplierId: 'sup-a' })] });
  });
});
