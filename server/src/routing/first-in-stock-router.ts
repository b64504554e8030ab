/**
 * @module The built-in router: for each line, the best-priority supplier whose reported stock covers the
 * quantity; otherwise the next. Used until a flow is published.
 */
import type { Assignment, TraceStep } from '@dropline/connectors/model';
import type { Router, RoutingDecision, RoutingInput } from './router.ts';

export const BUILTIN_FLOW_ID = 'builtin:first-in-stock';

export const firstInStockRouter: Router = {
  async route(input: RoutingInput): Promise<RoutingDecision> {
    const assignments: Assignment[] = [];
    const unassigned: Extract<RoutingDecision, { kind: 'assign' }>['unassigned'] = [];
    const trace: TraceStep[] = [];
    for (const line of input.lines) {
      for (const ex of input.excluded[line.lineId] ?? []) {
        trace.push({ step: 'candidate dropped', outcome: ex.supplierId, note: ex.reason, facts: { lineId: line.lineId, sku: line.sku } });
      }
      if (line.sku === null) {
        unassigned.push({ lineId: line.lineId, sku: null, quantity: line.quantity, reason: 'line has no SKU to map' });
        trace.push({ step: 'line unassigned', facts: { lineId: line.lineId }, note: 'no SKU' });
        continue;
      }
      const candidates = input.candidates[line.lineId] ?? [];
      const chosen = candidates.find((c) => {
        if (c.capacity && c.capacity.left <= 0) {
          trace.push({
            step: 'candidate dropped',
            outcome: c.supplierId,
            note: `at capacity: ${c.capacity.placed} of ${c.capacity.limit} orders today`,
            facts: { lineId: line.lineId, sku: line.sku, ordersToday: c.capacity.placed, capacity: c.capacity.limit },
          });
          return false;
        }
        const ok = c.stock !== null && c.stock >= line.quantity;
        if (!ok) {
          trace.push({
            step: 'candidate dropped',
            outcome: c.supplierId,
            note: c.stock === null ? 'no stock reported' : `stock ${c.stock} < ${line.quantity}`,
            facts: { lineId: line.lineId, sku: line.sku, stock: c.stock, quantity: line.quantity },
          });
        }
        return ok;
      });
      if (!chosen) {
        unassigned.push({
          lineId: line.lineId,
          sku: line.sku,
          quantity: line.quantity,
          reason: candidates.length ? 'no supplier has stock' : 'no supplier carries the SKU',
        });
        continue;
      }
      assignments.push({ lineId: line.lineId, sku: line.sku, quantity: line.quantity, supplierId: chosen.supplierId, supplierSku: chosen.supplierSku });
      trace.push({
        step: 'line assigned',
        outcome: chosen.supplierId,
        note: `priority ${chosen.priority}, stock ${chosen.stock}`,
        facts: { lineId: line.lineId, sku: line.sku, quantity: line.quantity, stock: chosen.stock, priority: chosen.priority },
      });
    }
    return { kind: 'assign', flowId: BUILTIN_FLOW_ID, flowVersion: 0, assignments, trace, unassigned };
  },
};
