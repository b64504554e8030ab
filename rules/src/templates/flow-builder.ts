/**
 * @module Building flows in code (starter templates, tests, the benchmark) from the node declarations:
 * settings are checked against each node type's schema as they are added, and nodes are laid out left to
 * right by depth so the editor shows a readable graph.
 *
 * @example
 * ```ts
 * const b = new FlowBuilder({ id: 'failover', name: 'Failover', trigger: 'order.received' });
 * const route = b.add('route-failover', { suppliers: ['us-east', 'eu-west'] });
 * b.connect(b.start, 'out', route);
 * b.connect(route, 'none', b.add('hold', { reason: 'no supplier has stock' }));
 * const flow = b.build();
 * ```
 */
import { FlowSchema, FLOW_SCHEMA_VERSION, type Flow, type FlowTrigger } from '../model/flow.ts';
import { NODES, type NodeSettingsInput, type NodeType } from '../nodes/registry.ts';

interface BuilderNode {
  id: string;
  type: string;
  settings: Record<string, unknown>;
  label?: string;
}

export class FlowBuilder {
  readonly #meta: { id: string; name: string; trigger: FlowTrigger; description?: string; version?: number };
  readonly #nodes: BuilderNode[] = [];
  readonly #edges: { id: string; source: string; sourceHandle: string; target: string }[] = [];
  readonly #counts = new Map<string, number>();
  /** The entry node's id. */
  readonly start: string;

  constructor(meta: { id: string; name: string; trigger: FlowTrigger; description?: string; version?: number }) {
    this.#meta = meta;
    this.start = this.add('trigger', {}, { id: 'start' });
  }

  /** Adds a node; its settings must satisfy the node type's schema. Returns its id. */
  add<T extends NodeType>(type: T, settings: NodeSettingsInput<T>, options: { id?: string; label?: string } = {}): string {
    const def = NODES[type];
    const parsed = def.settings.safeParse(settings);
    if (!parsed.success) throw new Error(`FlowBuilder: ${type} settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const n = (this.#counts.get(type) ?? 0) + 1;
    this.#counts.set(type, n);
    const id = options.id ?? `${type}-${n}`;
    this.#nodes.push({ id, type, settings: settings as Record<string, unknown>, ...(options.label ? { label: options.label } : {}) });
    return id;
  }

  connect(source: string, handle: string, target: string): this {
    this.#edges.push({ id: `e-${source}-${handle}`, source, sourceHandle: handle, target });
    return this;
  }

  build(): Flow {
    const depth = new Map<string, number>([[this.start, 0]]);
    // Longest distance from the start, so every edge points right.
    for (let changed = true, rounds = 0; changed && rounds <= this.#nodes.length; rounds++) {
      changed = false;
      for (const e of this.#edges) {
        const d = (depth.get(e.source) ?? 0) + 1;
        if (depth.has(e.source) && (depth.get(e.target) ?? -1) < d) {
          depth.set(e.target, d);
          changed = true;
        }
      }
    }
    const rows = new Map<number, number>();
    const nodes = this.#nodes.map((n) => {
      const d = depth.get(n.id) ?? 0;
      const row = rows.get(d) ?? 0;
      rows.set(d, row + 1);
      return { ...n, position: { x: d * 280, y: row * 160 } };
    });
    return FlowSchema.parse({ schemaVersion: FLOW_SCHEMA_VERSION, ...this.#meta, nodes, edges: this.#edges });
  }
}
