/**
 * @module A flow: what ops staff draw. A versioned JSON graph of nodes and edges with one entry node, started
 * by a canonical event (`order.received` routes orders; the others are exception flows).
 *
 * The shape here is only the envelope; each node's `settings` is checked against its node type's schema by
 * `validateFlow`, which also checks the graph (cycles, dangling edges, unreachable nodes, …).
 */
import { z } from 'zod';
import { EVENT_TYPES, type EventType } from '@dropline/connectors/model';

/** The JSON format of a stored flow; a change to it bumps this and `parseFlow` upgrades older ones. */
export const FLOW_SCHEMA_VERSION = 1;

/** Canonical events a flow can start from. `order.received` is the routing trigger. */
export const FLOW_TRIGGERS = [
  'order.received',
  'order.updated',
  'supplier_order.backordered',
  'supplier_order.rejected',
  'supplier_order.cancelled',
  'shipment.tracking_updated',
  'shipment.delivered',
  'return.requested',
  'return.received',
] as const satisfies readonly EventType[];
export type FlowTrigger = (typeof FLOW_TRIGGERS)[number];

export const ROUTING_TRIGGER = 'order.received' satisfies FlowTrigger;

for (const t of FLOW_TRIGGERS) if (!EVENT_TYPES.includes(t)) throw new Error(`flow trigger "${t}" is not a canonical event type`);

const Id = z.string().regex(/^[A-Za-z0-9][\w.:-]{0,99}$/, 'expected an id of letters, digits, "_", "-", ".", ":" (at most 100)');

export const FlowNodeSchema = z.object({
  id: Id,
  type: z.string().min(1),
  /** Where the editor draws it; the runtime ignores it. */
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  /** Checked against the node type's schema by `validateFlow`. */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** A caption the editor shows instead of the type's title. */
  label: z.string().max(200).optional(),
});
export type FlowNode = z.output<typeof FlowNodeSchema>;

export const FlowEdgeSchema = z.object({
  id: Id,
  source: Id,
  /** Which output of the source node (`true`, `false`, `out`, `none`, a table outcome, …). */
  sourceHandle: z.string().min(1),
  target: Id,
});
export type FlowEdge = z.output<typeof FlowEdgeSchema>;

export const FlowSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION).default(FLOW_SCHEMA_VERSION),
  id: Id,
  name: z.string().trim().min(1, 'expected a name').max(200),
  description: z.string().max(2000).optional(),
  /** The published version this graph is (set by the hub on publish; a draft has none). */
  version: z.number().int().nonnegative().optional(),
  trigger: z.enum(FLOW_TRIGGERS),
  nodes: z.array(FlowNodeSchema),
  edges: z.array(FlowEdgeSchema),
});
export type Flow = z.output<typeof FlowSchema>;
/** A flow as an editor or a file may hold it: defaults not yet applied. */
export type FlowDocument = z.input<typeof FlowSchema>;
