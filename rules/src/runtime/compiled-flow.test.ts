import { describe, expect, it } from 'vitest';
import { createInMemoryFactProvider } from '../facts/in-memory-fact-provider.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { generateInputs } from '../testing/generate-inputs.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { NOW, runFlow, steps } from '../testing/run-flow.ts';
import { compileFlow } from './compile-flow.ts';
import type { Decision } from './decision.ts';

/** A flow using most node types, order and line conditions, a table and provider lookups. */
function richFlow() {
  const b = new FlowBuilder({ id: 'rich', name: 'Rich', trigger: 'order.received', version: 7 });
  const fraud = b.add('condition', {
    condition: {
      any: [
        { fact: 'order.shippingAddress.country', operator: 'notEqual', valueFact: { fact: 'order.billingAddress.country' } },
        { fact: 'customer.recentOrders.count', params: { by: 'email', windowHours: 24 }, operator: 'greaterThan', value: 2 },
      ],
    },
  }, { id: 'fraud' });
  const region = b.add('decision-table', {
    columns: [{ fact: 'order.shippingAddress.country' }, { fact: 'order.total' }],
    rows: [
      { cells: [{ operator: 'countryIn', value: ['US', 'CA', 'MX'] }, null], outcome: 'na' },
      { cells: [{ operator: 'countryIn', value: ['DE', 'FR', 'GB', 'NL'] }, { operator: 'moneyGreaterThan', value: '50' }], outcome: 'eu' },
      { cells: [{ operator: 'countryIn', value: ['AU', 'JP', 'SG'] }, null], outcome: 'apac' },
    ],
  }, { id: 'region' });
  const express = b.add('condition', { condition: { fact: 'order.lines[].sku', operator: 'skuMatches', value: ['EXPRESS-*'] } }, { id: 'express' });
  const westFast = b.add('condition', {
    condition: { all: [{ fact: 'supplier.leadTimeDays', params: { supplierId: 'us-west' }, operator: 'lessThan', value: 3 }, { fact: 'order.lines[].quantity', operator: 'lessThanInclusive', value: 2 }] },
  }, { id: 'west-fast' });
  const fastest = b.add('route-by-sku', { rules: [{ skus: ['EXPRESS-*'], strategy: 'fastest' }], otherwise: 'cheapest' }, { id: 'fastest' });
  const toWest = b.add('route-to-supplier', { supplierId: 'us-west' }, { id: 'to-west' });
  const naChain = b.add('route-failover', { suppliers: ['us-east', 'us-west', 'dropco'] }, { id: 'na-chain' });
  const split = b.add('split-order', { splitLines: true }, { id: 'split' });
  const nearest = b.add('route-nearest', { areas: [{ countries: ['DE', 'FR', 'NL'], suppliers: ['eu-west'] }, { countries: ['GB'], suppliers: ['eu-west', 'dropco'] }], fallback: ['dropco'] }, { id: 'nearest' });
  const toApac = b.add('route-to-supplier', { supplierId: 'apac', stock: 'allow-unknown' }, { id: 'to-apac' });
  const intl = b.add('add-tag', { tags: ['international'] }, { id: 'intl' });
  const cheapest = b.add('route-by-sku', { rules: [], otherwise: 'cheapest' }, { id: 'cheapest' });
  const vip = b.add('condition', { condition: { fact: 'order.tags', operator: 'contains', value: 'vip' } }, { id: 'vip' });
  const holdFraud = b.add('hold', { reason: 'possible fraud' }, { id: 'hold-fraud' });
  const holdNone = b.add('hold', { reason: 'VIP order without a supplier' }, { id: 'hold-none' });
  const tell = b.add('notify-customer', { template: 'delayed' }, { id: 'tell' });
  const refund = b.add('cancel-refund', { reason: 'nobody has it' }, { id: 'refund' });
  b.connect(b.start, 'out', fraud)
    .connect(fraud, 'true', holdFraud)
    .connect(fraud, 'false', region)
    .connect(region, 'na', express)
    .connect(express, 'true', fastest)
    .connect(express, 'false', westFast)
    .connect(westFast, 'true', toWest)
    .connect(westFast, 'false', naChain)
    .connect(toWest, 'none', naChain)
    .connect(fastest, 'none', naChain)
    .connect(naChain, 'none', split)
    .connect(region, 'eu', nearest)
    .connect(nearest, 'none', split)
    .connect(region, 'apac', toApac)
    .connect(toApac, 'none', tell)
    .connect(region, 'default', intl)
    .connect(intl, 'out', cheapest)
    .connect(cheapest, 'none', split)
    .connect(split, 'none', vip)
    .connect(vip, 'true', holdNone)
    .connect(vip, 'false', refund);
  return b.build();
}

const PROVIDER = createInMemoryFactProvider({
  terms: { 'us-east': { leadTimeDays: 4 }, 'us-west': { leadTimeDays: 2 }, 'eu-west': { leadTimeDays: 3 }, apac: { leadTimeDays: 6 }, dropco: { leadTimeDays: 1 } },
  pastOrders: Array.from({ length: 12 }, (_, i) => ({ orderId: `old${i}`, placedAt: '2026-03-10T10:00:00Z', total: '10.00', currency: 'USD', email: 'customer7@example.com' })),
});

describe('compiled flow', () => {
  it('decides the same in both evaluation modes on generated orders', async () => {
    const flow = richFlow();
    const kinds = new Map<string, number>();
    for (const input of generateInputs(250, 42)) {
      const d = await runFlow(flow, input, { facts: PROVIDER });
      const k = d.kind === 'hold' ? `hold:${d.reason}` : d.unassigned.length ? 'assign+unassigned' : d.settled.length ? 'assign+refund' : 'assign';
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    // The inputs reach every outcome, so the comparison means something.
    expect([...kinds.keys()].sort()).toEqual(['assign', 'assign+refund', 'assign+unassigned', 'hold:VIP order without a supplier', 'hold:possible fraud']);
  });

  it('records the flow version, each node on the path with its facts, and each candidate dropped', async () => {
    const input = routingInput(sampleOrder(), {
      all: [candidate('us-east', { stock: 0 }), candidate('us-west', { stock: 5 })],
      excluded: { '466157049': [{ supplierId: 'dropco', reason: 'backordered this line earlier' }] },
    });
    const d = await runFlow(richFlow(), input, { facts: PROVIDER });
    expect(d).toMatchObject({ kind: 'assign', flowId: 'rich', flowVersion: 7 });
    const green = d.trace.filter((s) => !s.facts?.lineId || s.facts.lineId === '466157049').map((s) => [s.step, s.nodeId ?? '', s.outcome ?? '', s.note ?? '', JSON.stringify(s.facts ?? {})]);
    expect(green).toEqual([
      ['flow', '', 'rich@7', 'flow rich version 7 on order.received (compiled)', '{"flowId":"rich","flowVersion":7,"trigger":"order.received"}'],
      ['candidate dropped', '', 'dropco', 'excluded: backordered this line earlier', '{"lineId":"466157049","sku":"IPOD2008GREEN"}'],
      ['condition', 'fraud', 'false', '', '{"order.shippingAddress.country":"US","order.billingAddress.country":"US","customer.recentOrders.count(email, 24)":0}'],
      ['decision table', 'region', 'na', 'row 1 matched', '{"order.shippingAddress.country":"US","order.total":"598.94"}'],
      ['condition', 'express', 'false', '', '{"lineId":"466157049","order.lines[].sku":"IPOD2008GREEN"}'],
      ['condition', 'west-fast', 'true', '', '{"lineId":"466157049","supplier.leadTimeDays(us-west)":2,"order.lines[].quantity":1}'],
      ['line assigned', 'to-west', 'us-west', 'routed to us-west', '{"lineId":"466157049","sku":"IPOD2008GREEN","quantity":1,"stock":5,"priority":1}'],
    ]);
  });

  it('compiles once and reuses its engines run after run', async () => {
    const compiled = compileFlow(richFlow(), { evaluation: 'engine', facts: PROVIDER });
    const built = compiled.enginesCreated;
    expect(built).toBe(2);
    for (const input of generateInputs(30, 7)) await compiled.run(input, { now: NOW });
    expect(compiled.enginesCreated).toBe(built);
  });

  it('runs concurrently on one compiled flow without runs disturbing each other', async () => {
    let calls = 0;
    const slow = {
      ...PROVIDER,
      // Lookups answer in a random order, so runs interleave at every await.
      async supplierTerms(id: string) {
        calls++;
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 5)));
        return PROVIDER.supplierTerms(id);
      },
    };
    const inputs = generateInputs(60, 9);
    for (const evaluation of ['compiled', 'engine'] as const) {
      const compiled = compileFlow(richFlow(), { evaluation, facts: slow });
      const sequential: Decision[] = [];
      for (const input of inputs) sequential.push(await compiled.run(input, { now: NOW }));
      const concurrent = await Promise.all(inputs.map((input) => compiled.run(input, { now: NOW })));
      expect(concurrent).toEqual(sequential);
      if (evaluation === 'engine') expect(compiled.enginesCreated).toBeGreaterThan(2);
    }
    expect(calls).toBeGreaterThan(0);
  });

  it('looks facts up only when a path needs them, once per run', async () => {
    const provider = createInMemoryFactProvider({ terms: { 'us-west': { leadTimeDays: 2 } } });
    const compiled = compileFlow(richFlow(), { facts: provider });
    // A German order never reaches the us-west lead-time check.
    const de = sampleOrder((o) => ({ ...o, shippingAddress: { ...o.shippingAddress!, country: 'DE' }, billingAddress: { ...o.billingAddress!, country: 'DE' } }));
    await compiled.run(routingInput(de, { all: [candidate('eu-west')] }), { now: NOW });
    expect(provider.calls.supplierTerms).toBe(0);
    expect(provider.calls.recentOrders).toBe(1);
    // A US order checks it for three lines: one lookup.
    await compiled.run(routingInput(sampleOrder(), { all: [candidate('us-west')] }), { now: NOW });
    expect(provider.calls.supplierTerms).toBe(1);
  });

  it('without a trace when asked (shadow runs that only count)', async () => {
    const d = await compileFlow(richFlow()).run(routingInput(sampleOrder(), { all: [candidate('us-east')] }), { now: NOW, trace: false, facts: PROVIDER });
    expect(d.trace).toEqual([]);
    expect(d.kind).toBe('assign');
  });

  it('asks the catalog mapping for lines the input gave no candidates for', async () => {
    const provider = createInMemoryFactProvider({ catalog: { IPOD2008GREEN: [candidate('us-east', { supplierSku: 'UE-1' })] } });
    const input = routingInput(sampleOrder(), { lines: ['466157049'] });
    delete (input.candidates as Record<string, unknown>)['466157049'];
    const b = new FlowBuilder({ id: 'c', name: 'C', trigger: 'order.received' });
    b.connect(b.start, 'out', b.add('route-failover', { suppliers: ['us-east'] }));
    const d = await runFlow(b.build(), input, { facts: provider });
    expect(d.kind === 'assign' && d.assignments).toEqual([{ lineId: '466157049', sku: 'IPOD2008GREEN', quantity: 1, supplierId: 'us-east', supplierSku: 'UE-1' }]);
  });

  it('an exception flow decides on the event: backorder expected soon → alert, else refund', async () => {
    const b = new FlowBuilder({ id: 'bo', name: 'Backorder', trigger: 'supplier_order.backordered' });
    const soon = b.add('condition', { condition: { fact: 'event.expectedInDays', operator: 'lessThanInclusive', value: 5 } }, { id: 'soon' });
    b.connect(b.start, 'out', soon).connect(soon, 'true', b.add('notify-customer', { template: 'delay' }, { id: 'alert' })).connect(soon, 'false', b.add('cancel-refund', { reason: 'backorder' }, { id: 'refund' }));
    const event = (expectedAt?: string) => ({ type: 'supplier_order.backordered' as const, data: { supplierId: 'a', supplierOrderId: 'PO-9', lines: [{ lineId: '518995019', sku: 'IPOD2008RED', quantity: 1 }], ...(expectedAt ? { expectedAt } : {}) } });
    const soonD = await runFlow(b.build(), routingInput(sampleOrder(), { lines: ['518995019'], event: event('2026-03-13T00:00:00Z') }));
    expect(soonD.actions.map((a) => a.type)).toEqual(['notify-customer']);
    expect(steps(soonD, 'condition', 'soon')[0]!.facts).toEqual({ 'event.expectedInDays': 3 });
    const late = await runFlow(b.build(), routingInput(sampleOrder(), { lines: ['518995019'], event: event('2026-04-30T00:00:00Z') }));
    expect(late.actions.map((a) => a.type)).toEqual(['cancel-refund']);
    // No date given: the fact is missing, the comparison false.
    const unknown = await runFlow(b.build(), routingInput(sampleOrder(), { lines: ['518995019'], event: event() }));
    expect(unknown.actions.map((a) => a.type)).toEqual(['cancel-refund']);
  });

  it('a flow about the whole order (no lines) still runs its order-level path', async () => {
    const b = new FlowBuilder({ id: 'track', name: 'Tracking', trigger: 'shipment.tracking_updated' });
    const failed = b.add('condition', { condition: { fact: 'event.status', operator: 'in', value: ['exception', 'failed_attempt'] } }, { id: 'failed' });
    const tag = b.add('add-tag', { tags: ['delivery-problem'] }, { id: 'tag' });
    b.connect(b.start, 'out', failed).connect(failed, 'true', tag).connect(tag, 'out', b.add('notify-customer', { template: 'delivery-problem' }, { id: 'tell' }));
    const input = { ...routingInput(sampleOrder(), { event: { type: 'shipment.tracking_updated', data: { carrier: 'ups', trackingNumber: '1Z', status: 'failed_attempt' } } }), lines: [] };
    const d = await runFlow(b.build(), input);
    expect(d.actions.map((a) => a.type)).toEqual(['add-tag', 'notify-customer']);
    expect(steps(d, 'condition', 'failed')[0]!.facts).toEqual({ 'event.status': 'failed_attempt' });
  });

  it('cut-off before/after on the supplier clock, with the run time', async () => {
    const b = new FlowBuilder({ id: 'cutoff', name: 'Cut-off', trigger: 'order.received' });
    const before = b.add('condition', { condition: { fact: 'clock.now', operator: 'beforeCutoff', valueFact: { fact: 'supplier.cutoff', params: { supplierId: 'east' } } } }, { id: 'before' });
    b.connect(b.start, 'out', before).connect(before, 'true', b.add('route-to-supplier', { supplierId: 'east' }, { id: 'to-east' })).connect(before, 'false', b.add('route-to-supplier', { supplierId: 'west' }, { id: 'to-west' }));
    const facts = createInMemoryFactProvider({ terms: { east: { cutoff: { time: '14:00', timeZone: 'America/New_York' } } } });
    const input = routingInput(sampleOrder(), { all: [candidate('east'), candidate('west')] });
    // 13:30 in New York in summer (EDT) is 17:30 UTC; in winter (EST) 18:30 UTC.
    const at = async (now: string) => ((await runFlow(b.build(), input, { facts, now })) as Extract<Decision, { kind: 'assign' }>).assignments[0]!.supplierId;
    expect(await at('2026-07-01T17:30:00Z')).toBe('east');
    expect(await at('2026-07-01T18:30:00Z')).toBe('west');
    expect(await at('2026-01-05T18:30:00Z')).toBe('east');
  });
});
