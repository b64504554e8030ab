import { describe, expect, it } from 'vitest';
import { compileFlow } from '../runtime/compile-flow.ts';
import { backorderAlertOrRefund } from '../templates/backorder-alert-or-refund.ts';
import { primarySecondaryFailover } from '../templates/primary-secondary-failover.ts';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { flowRouter } from './flow-router.ts';
import type { Router, RoutingDecision } from './routing-types.ts';

describe('flowRouter', () => {
  it('is a Router: a published flow decides where the hub sends the order', async () => {
    const router: Router = flowRouter(compileFlow(primarySecondaryFailover.build(['a', 'b']), { version: 4 }), { now: () => new Date('2026-03-10T12:00:00Z') });
    const input = routingInput(sampleOrder(), { all: [candidate('a', { stock: 0 }), candidate('b')] });
    const decision: RoutingDecision = await router.route(input);
    expect(decision).toMatchObject({ kind: 'assign', flowId: 'primary-secondary-failover', flowVersion: 4, unassigned: [], actions: [], settled: [] });
    expect(decision.kind === 'assign' && decision.assignments.map((a) => a.supplierId)).toEqual(['b', 'b', 'b']);
  });

  it('only routing flows can route', () => {
    expect(() => flowRouter(compileFlow(backorderAlertOrRefund.build([])))).toThrow(/needs a flow on order.received/);
  });
});
