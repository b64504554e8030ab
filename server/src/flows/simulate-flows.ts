/**
 * @module Simulate and replay: run a draft (and the published version) on one order — pasted, or a real one
 * by id — or on the last N real orders, and report both decisions, what changed, and what each node saw.
 * Nothing is executed and nothing is stored.
 */
import { compileFlow, FlowValidationError, simulateFlows, ROUTING_TRIGGER, type CompiledFlowCache, type Decision, type FactProvider, type FlowRunInput } from '@dropline/rules';
import { OrderSnapshotSchema, type CanonicalOrder } from '@dropline/connectors/model';
import { parseOrThrow } from '@dropline/connectors/sdk';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database } from '../db/database.ts';
import { shippableLines } from '../workflow/order-status.ts';
import type { Repositories } from '../workflow/repositories.ts';
import { flowInvalid, type FlowService } from './flow-service.ts';

export interface SimulateRequest {
  flow?: unknown;
  order?: unknown;
  orderId?: string;
  replay?: number;
}

export interface SimulationResult {
  orderId?: string;
  orderNumber: string;
  draft: Decision | { error: string };
  published: Decision | { error: string } | null;
  diff: unknown;
  /** Per node on the draft's path: its outcome and the fact values it saw. */
  nodes: { nodeId: string; step: string; outcome?: string; facts?: Record<string, unknown>; note?: string }[];
}

export async function simulate(
  deps: { db: Database; repos: Repositories; flows: FlowService; connectors: ConnectorService; facts: FactProvider; cache: CompiledFlowCache },
  flowId: string,
  req: SimulateRequest,
): Promise<{ results: SimulationResult[]; summary: { total: number; changed: number; failed: number } }> {
  const view = await deps.flows.get(flowId);
  const knownSuppliers = (await deps.connectors.list({ kind: 'supplier' })).map((c) => c.id);
  let draft;
  try {
    draft = compileFlow(req.flow ?? view.draft, { knownSuppliers, facts: deps.facts, version: 0 });
  } catch (err) {
    if (err instanceof FlowValidationError) throw flowInvalid(err.issues);
    throw err;
  }
  const published = view.publishedVersion !== null ? deps.cache.get({ ...(await deps.flows.version(flowId, view.publishedVersion)).flow, version: view.publishedVersion }) : undefined;
  const orders = await ordersFor(deps, req);
  const inputs = await Promise.all(orders.map((o) => routingInput(deps, o)));
  const report = await simulateFlows({ draft, ...(published ? { published } : {}), inputs, facts: deps.facts });
  const results: SimulationResult[] = report.cases.map((c, i) => {
    const d = 'decision' in c.draft ? c.draft.decision : c.draft;
    const p = c.published ? ('decision' in c.published ? c.published.decision : c.published) : null;
    const trace = 'trace' in d ? d.trace : [];
    return {
      ...(orders[i]!.id !== SIMULATED_ID ? { orderId: orders[i]!.id } : {}),
      orderNumber: orders[i]!.number,
      draft: d,
      published: p,
      diff: c.diff ?? null,
      nodes: trace.filter((s) => s.nodeId).map((s) => ({ nodeId: s.nodeId!, step: s.step, ...(s.outcome ? { outcome: s.outcome } : {}), ...(s.facts ? { facts: s.facts } : {}), ...(s.note ? { note: s.note } : {}) })),
    };
  });
  return { results, summary: { total: report.summary.inputs, changed: report.summary.changed, failed: report.summary.failed } };
}

const SIMULATED_ID = 'ord_simulated';

async function ordersFor(deps: { db: Database; repos: Repositories }, req: SimulateRequest): Promise<CanonicalOrder[]> {
  if (req.order !== undefined) {
    const snapshot = parseOrThrow(OrderSnapshotSchema, req.order, 'order');
    const now = new Date().toISOString();
    return [{ ...snapshot, id: SIMULATED_ID, source: 'simulation', status: 'received', trackingUrl: '', createdAt: now, modifiedAt: now }];
  }
  if (req.orderId) return [deps.repos.orders.toCanonical(await deps.repos.orders.require(deps.db.q, req.orderId))];
  const { rows } = await deps.repos.orders.list({ limit: Math.min(Math.max(req.replay ?? 20, 1), 500) });
  return rows.map((r) => deps.repos.orders.toCanonical(r));
}

/** The order as routing first saw it: every shippable line, every supplier that carries it, nobody excluded. */
async function routingInput(deps: { db: Database; repos: Repositories }, order: CanonicalOrder): Promise<FlowRunInput> {
  const lines = shippableLines(order).map((l) => ({ lineId: l.lineId, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice }));
  const skus = [...new Set(lines.map((l) => l.sku).filter((s): s is string => s !== null))];
  const all = await deps.repos.catalog.candidates(deps.db.q, skus);
  return {
    order: { ...order, status: 'received' },
    lines,
    candidates: Object.fromEntries(lines.map((l) => [l.lineId, all.filter((c) => c.sku === l.sku)])),
    excluded: {},
    attempt: 1,
    cause: { eventId: 'simulation', type: ROUTING_TRIGGER },
  };
}
