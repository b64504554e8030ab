import { describe, expect, it } from 'vitest';
import { compileFlow } from '../runtime/compile-flow.ts';
import { geographicRouting } from '../templates/geographic-routing.ts';
import { primarySecondaryFailover } from '../templates/primary-secondary-failover.ts';
import { FlowBuilder } from '../templates/flow-builder.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { NOW } from '../testing/run-flow.ts';
import { simulateFlows } from './simulate.ts';

const SUPPLIERS = ['us-east', 'eu-west', 'apac'];
const all = SUPPLIERS.map((s) => candidate(s));
const shipTo = (country: string) => sampleOrder((o) => ({ ...o, externalId: `${o.externalId}-${country}`, shippingAddress: { ...o.shippingAddress!, country, region: undefined } }));

describe('simulateFlows', () => {
  it('runs a draft against the published version and reports what would change', async () => {
    const published = compileFlow(primarySecondaryFailover.build(['us-east', 'eu-west']), { version: 3 });
    const draft = compileFlow(geographicRouting.build(SUPPLIERS, { id: 'primary-secondary-failover' }));
    const inputs = ['US', 'DE', 'JP'].map((c) => routingInput(shipTo(c), { all }));
    const report = await simulateFlows({ draft, published, inputs, now: NOW });

    expect(report.draft).toEqual({ flowId: 'primary-secondary-failover', version: 0 });
    expect(report.published).toEqual({ flowId: 'primary-secondary-failover', version: 3 });
    expect(report.summary).toEqual({ inputs: 3, changed: 2, failed: 0, draft: { assign: 3 }, published: { assign: 3 } });
    const [us, de] = report.cases;
    expect(us!.diff).toMatchObject({ changed: false, assignments: [] });
    expect(de!.orderId).toBe('ord_450789469-DE');
    expect(de!.diff!.assignments).toEqual([
      { lineId: '466157049', sku: 'IPOD2008GREEN', before: [{ supplierId: 'us-east', quantity: 1 }], after: [{ supplierId: 'eu-west', quantity: 1 }] },
      { lineId: '518995019', sku: 'IPOD2008RED', before: [{ supplierId: 'us-east', quantity: 1 }], after: [{ supplierId: 'eu-west', quantity: 1 }] },
      { lineId: '703073504', sku: 'IPOD2008BLACK', before: [{ supplierId: 'us-east', quantity: 1 }], after: [{ supplierId: 'eu-west', quantity: 1 }] },
    ]);
    // Each side keeps its decision and trace.
    expect('decision' in de!.draft && de!.draft.decision.trace[0]!.outcome).toBe('primary-secondary-failover@0');
  });

  it('reports changed outcomes and actions, and a draft alone', async () => {
    const b = new FlowBuilder({ id: 'draft', name: 'Draft', trigger: 'order.received' });
    const big = b.add('condition', { condition: { fact: 'order.total', operator: 'moneyGreaterThan', value: '500' } }, { id: 'big' });
    const tag = b.add('add-tag', { tags: ['big'] }, { id: 'tag' });
    b.connect(b.start, 'out', big).connect(big, 'true', tag).connect(tag, 'out', b.add('hold', { reason: 'big order' })).connect(big, 'false', b.add('route-failover', { suppliers: ['us-east'] }));
    const draft = compileFlow(b.build());
    const published = compileFlow(primarySecondaryFailover.build(['us-east', 'eu-west']), { version: 1 });
    const report = await simulateFlows({ draft, published, inputs: [routingInput(sampleOrder(), { all })], now: NOW });
    expect(report.cases[0]!.diff).toMatchObject({
      changed: true,
      kind: { before: 'assign', after: 'hold' },
      holdReason: { after: 'big order' },
      actions: { added: [{ type: 'add-tag', tags: ['big'] }, { type: 'hold', reason: 'big order' }], removed: [] },
    });
    expect(report.cases[0]!.diff!.assignments).toHaveLength(3);

    const alone = await simulateFlows({ draft, inputs: [routingInput(sampleOrder(), { all })], now: NOW });
    expect(alone.cases[0]).not.toHaveProperty('diff');
    expect(alone.summary).toEqual({ inputs: 1, changed: 0, failed: 0, draft: { hold: 1 } });
  });

  it('a run that fails is reported per input, the others still run', async () => {
    const b = new FlowBuilder({ id: 'lookup', name: 'Lookup', trigger: 'order.received' });
    const slow = b.add('condition', { condition: { fact: 'supplier.leadTimeDays', params: { supplierId: 'us-east' }, operator: 'lessThan', value: 3 } });
    b.connect(b.start, 'out', slow).connect(slow, 'true', b.add('route-failover', { suppliers: ['us-east'] }));
    const broken = {
      supplierTerms: async () => {
        throw new Error('terms service down');
      },
      supplierStock: async () => null,
      catalogCandidates: async () => [],
      recentOrders: async () => ({ count: 0, total: '0' }),
      validateAddress: async () => undefined,
    };
    const report = await simulateFlows({ draft: compileFlow(b.build()), inputs: [routingInput(sampleOrder(), { all }), routingInput(sampleOrder(), { all })], facts: broken, now: NOW });
    expect(report.summary.failed).toBe(2);
    expect(report.cases[0]!.draft).toEqual({ error: 'terms service down' });
  });
});
