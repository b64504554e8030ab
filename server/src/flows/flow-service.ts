/**
 * @module Flows as ops staff work on them: a draft that autosaves (and may be invalid), versions that are
 * published atomically with their author and message, rollback to an earlier version, and shadow mode.
 *
 * At most one flow per trigger is published: publishing a flow for a trigger that another flow already
 * serves takes the other off, in the same transaction, so there is never a moment with two or none.
 * Every hub process reads the published pointer when it decides, so a publish is live at once, with no
 * restart and no message between processes.
 */
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { ConflictError, NotFoundError, ValidationError } from '@dropline/connectors/sdk';
import {
  FlowSchema,
  findTemplate,
  validateFlow,
  type Flow,
  type FlowIssue,
  type FlowTrigger,
  ROUTING_TRIGGER,
  FLOW_TRIGGERS,
} from '@dropline/rules';
import type { ConnectorService } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import { newId } from '../ids.ts';

/** The key publishes take turns on (a PostgreSQL advisory lock shared by every hub). */
const PUBLISH_LOCK = 'flows:publish';

type FlowRow = typeof import('../db/schema-sqlite.ts').flows.$inferSelect;

export interface FlowView {
  id: string;
  name: string;
  trigger: FlowTrigger;
  draft: Record<string, unknown>;
  publishedVersion: number | null;
  shadowVersion: number | null;
  draftUpdatedAt: string;
  draftUpdatedBy: string;
  draftDiffersFromPublished: boolean;
}

export interface FlowVersionView {
  version: number;
  flow: Flow;
  message: string;
  author: string;
  createdAt: string;
  published: boolean;
}

/** A version as the runtime needs it. */
export interface PublishedFlow {
  flow: Flow & { version: number };
  shadow?: Flow & { version: number };
}

export class FlowService {
  readonly #versions = new Map<string, Flow & { version: number }>();

  constructor(
    private readonly db: Database,
    private readonly connectors: ConnectorService,
  ) {}

  async list(): Promise<FlowView[]> {
    const rows = await this.db.q.select().from(this.db.t.flows).orderBy(this.db.t.flows.createdAt);
    return Promise.all(rows.map((r) => this.#view(r)));
  }

  async get(id: string): Promise<FlowView> {
    return this.#view(await this.#row(id));
  }

  /** A blank flow (just its trigger node), or one built from a starter template for the given suppliers. */
  async create(input: { name: string; trigger?: FlowTrigger; template?: { id: string; suppliers: string[] }; author?: string }): Promise<FlowView> {
    const id = newId('flow').toLowerCase();
    let draft: Record<string, unknown>;
    if (input.template) {
      const template = findTemplate(input.template.id);
      if (!template) throw new ValidationError(`no starter template "${input.template.id}"`, [{ field: 'template.id', message: 'unknown template' }]);
      try {
        draft = template.build(input.template.suppliers, { id, name: input.name }) as unknown as Record<string, unknown>;
      } catch (err) {
        throw new ValidationError((err as Error).message, [{ field: 'template.suppliers', message: (err as Error).message }]);
      }
    } else {
      const trigger = input.trigger ?? ROUTING_TRIGGER;
      if (!FLOW_TRIGGERS.includes(trigger)) throw new ValidationError(`"${trigger}" is not a flow trigger`, [{ field: 'trigger', message: `expected one of ${FLOW_TRIGGERS.join(', ')}` }]);
      draft = { schemaVersion: 1, id, name: input.name, trigger, nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, settings: {} }], edges: [] };
    }
    const now = Date.now();
    const row: FlowRow = {
      id,
      name: input.name,
      trigger: String(draft.trigger),
      draft,
      draftUpdatedAt: now,
      draftUpdatedBy: input.author ?? 'admin',
      publishedVersion: null,
      shadowVersion: null,
      createdAt: now,
    };
    await this.db.transaction((tx) => tx.insert(this.db.t.flows).values(row));
    return this.#view(row);
  }

  /** Autosave: stores the graph as it is (the editor shows its problems; publishing checks them). */
  async saveDraft(id: string, flow: unknown, author = 'admin'): Promise<FlowView> {
    const row = await this.#row(id);
    if (typeof flow !== 'object' || flow === null || Array.isArray(flow)) {
      throw new ValidationError('flow must be a flow document', [{ field: 'flow', message: 'expected an object' }]);
    }
    const draft: Record<string, unknown> = { ...(flow as Record<string, unknown>), id };
    const trigger = FLOW_TRIGGERS.includes(draft.trigger as FlowTrigger) ? String(draft.trigger) : row.trigger;
    const name = typeof draft.name === 'string' && draft.name.trim() ? draft.name.trim() : row.name;
    const t = this.db.t.flows;
    const next = { draft, trigger, name, draftUpdatedAt: Date.now(), draftUpdatedBy: author };
    await this.db.transaction((tx) => tx.update(t).set(next).where(eq(t.id, id)));
    return this.#view({ ...row, ...next });
  }

  /** Node-level problems of `flow` (default: the draft), checked against the suppliers configured now. */
  async validate(id: string, flow?: unknown): Promise<FlowIssue[]> {
    const row = await this.#row(id);
    const result = validateFlow(flow ?? row.draft, { knownSuppliers: await this.#supplierIds() });
    return result.ok ? [] : result.issues;
  }

  /** Publishes the draft as the next version; refused with the node-level issues if it doesn't validate. */
  async publish(id: string, input: { message: string; author?: string }): Promise<{ version: number }> {
    const row = await this.#row(id);
    const result = validateFlow(row.draft, { knownSuppliers: await this.#supplierIds() });
    if (!result.ok) throw flowInvalid(result.issues);
    return this.#publishGraph(id, result.flow, input.message, input.author ?? 'admin');
  }

  /** Publishes an earlier version's graph again, as a new version (history only ever grows). */
  async rollback(id: string, version: number, author = 'admin'): Promise<{ version: number }> {
    const old = await this.version(id, version);
    return this.#publishGraph(id, old.flow, `Rollback to version ${version}`, author);
  }

  /**
   * Takes the flow off its trigger: orders fall back to the built-in routing (first supplier with stock),
   * other events run no flow. Its versions stay, so publishing or rolling back puts it live again.
   */
  async unpublish(id: string): Promise<FlowView> {
    await this.#row(id);
    const t = this.db.t.flows;
    await this.db.exclusive(PUBLISH_LOCK, () => this.db.transaction((tx) => tx.update(t).set({ publishedVersion: null }).where(eq(t.id, id))));
    return this.get(id);
  }

  async versions(id: string): Promise<Omit<FlowVersionView, 'flow'>[]> {
    const row = await this.#row(id);
    const t = this.db.t.flowVersions;
    const rows = await this.db.q.select().from(t).where(eq(t.flowId, id)).orderBy(desc(t.version));
    return rows.map((v) => ({ version: v.version, message: v.message, author: v.author, createdAt: new Date(v.createdAt).toISOString(), published: v.version === row.publishedVersion }));
  }

  async version(id: string, version: number): Promise<FlowVersionView> {
    const row = await this.#row(id);
    const t = this.db.t.flowVersions;
    const [v] = await this.db.q.select().from(t).where(and(eq(t.flowId, id), eq(t.version, version)));
    if (!v) throw new NotFoundError(`flow "${id}" has no version ${version}`, 'flow_version_not_found');
    return { version: v.version, flow: v.flow as unknown as Flow, message: v.message, author: v.author, createdAt: new Date(v.createdAt).toISOString(), published: v.version === row.publishedVersion };
  }

  /** Runs `version` (or nothing, with null) beside the published flow on live orders, without effects. */
  async setShadow(id: string, version: number | null): Promise<FlowView> {
    const row = await this.#row(id);
    if (version !== null) await this.version(id, version);
    const t = this.db.t.flows;
    await this.db.transaction((tx) => tx.update(t).set({ shadowVersion: version }).where(eq(t.id, id)));
    return this.#view({ ...row, shadowVersion: version });
  }

  async delete(id: string): Promise<void> {
    const row = await this.#row(id);
    if (row.publishedVersion !== null) throw new ConflictError(`flow "${id}" is published; publish another flow for its trigger first`, 'flow_published');
    await this.db.transaction(async (tx) => {
      await tx.delete(this.db.t.flowVersions).where(eq(this.db.t.flowVersions.flowId, id));
      await tx.delete(this.db.t.shadowDecisions).where(eq(this.db.t.shadowDecisions.flowId, id));
      await tx.delete(this.db.t.flows).where(eq(this.db.t.flows.id, id));
    });
  }

  /** The published flow for `trigger` (with its shadow version), read fresh so a publish anywhere is live. */
  async published(trigger: FlowTrigger, tx: Queryable = this.db.q): Promise<PublishedFlow | undefined> {
    const t = this.db.t.flows;
    const [row] = await tx
      .select({ id: t.id, publishedVersion: t.publishedVersion, shadowVersion: t.shadowVersion })
      .from(t)
      .where(and(eq(t.trigger, trigger), isNotNull(t.publishedVersion)))
      .limit(1);
    if (!row || row.publishedVersion === null) return undefined;
    const flow = await this.#graph(row.id, row.publishedVersion, tx);
    const shadow = row.shadowVersion !== null && row.shadowVersion !== row.publishedVersion ? await this.#graph(row.id, row.shadowVersion, tx) : undefined;
    return { flow, ...(shadow ? { shadow } : {}) };
  }

  /** Triggers that have a published flow (for the reactions that start exception flows). */
  async publishedTriggers(tx: Queryable = this.db.q): Promise<Set<string>> {
    const t = this.db.t.flows;
    const rows = await tx.select({ trigger: t.trigger }).from(t).where(isNotNull(t.publishedVersion));
    return new Set(rows.map((r) => r.trigger));
  }

  async #publishGraph(id: string, flow: Flow, message: string, author: string): Promise<{ version: number }> {
    const t = this.db.t.flows;
    const v = this.db.t.flowVersions;
    // One publish at a time across hubs: two at once would both take the next version number, or both
    // take another flow off the trigger without seeing each other and leave two published.
    return this.db.exclusive(PUBLISH_LOCK, () => this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(t).where(eq(t.id, id));
      if (!row) throw new NotFoundError(`no flow "${id}"`, 'flow_not_found');
      const [last] = await tx.select({ version: v.version }).from(v).where(eq(v.flowId, id)).orderBy(desc(v.version)).limit(1);
      const version = (last?.version ?? 0) + 1;
      const graph = { ...flow, id, version };
      await tx.insert(v).values({ flowId: id, version, flow: graph as unknown as Record<string, unknown>, message: message.trim() || `Version ${version}`, author, createdAt: Date.now() });
      // One published flow per trigger: this one replaces whichever served the trigger before.
      await tx.update(t).set({ publishedVersion: null }).where(and(eq(t.trigger, flow.trigger), isNotNull(t.publishedVersion)));
      await tx.update(t).set({ publishedVersion: version, trigger: flow.trigger }).where(eq(t.id, id));
      return { version };
    }));
  }

  async #graph(id: string, version: number, tx: Queryable): Promise<Flow & { version: number }> {
    const key = `${id}@${version}`;
    const hit = this.#versions.get(key);
    if (hit) return hit;
    const t = this.db.t.flowVersions;
    const [v] = await tx.select({ flow: t.flow }).from(t).where(and(eq(t.flowId, id), eq(t.version, version)));
    if (!v) throw new NotFoundError(`flow "${id}" has no version ${version}`, 'flow_version_not_found');
    // Versions never change once written: safe to keep.
    const flow = { ...FlowSchema.parse(v.flow), version };
    this.#versions.set(key, flow);
    return flow;
  }

  async #supplierIds(): Promise<string[]> {
    return (await this.connectors.list({ kind: 'supplier' })).map((c) => c.id);
  }

  async #row(id: string): Promise<FlowRow> {
    const [row] = await this.db.q.select().from(this.db.t.flows).where(eq(this.db.t.flows.id, id));
    if (!row) throw new NotFoundError(`no flow "${id}"`, 'flow_not_found');
    return row;
  }

  async #view(row: FlowRow): Promise<FlowView> {
    let differs = true;
    if (row.publishedVersion !== null) {
      const published = await this.#graph(row.id, row.publishedVersion, this.db.q);
      const { version: _v, ...graph } = published;
      differs = JSON.stringify(canonical(graph)) !== JSON.stringify(canonical({ ...row.draft, id: row.id }));
    }
    return {
      id: row.id,
      name: row.name,
      trigger: row.trigger as FlowTrigger,
      draft: row.draft,
      publishedVersion: row.publishedVersion,
      shadowVersion: row.shadowVersion,
      draftUpdatedAt: new Date(row.draftUpdatedAt).toISOString(),
      draftUpdatedBy: row.draftUpdatedBy,
      draftDiffersFromPublished: differs,
    };
  }
}

/** The graph without editor-only noise (positions) and with defaults applied, keys sorted. */
function canonical(flow: unknown): unknown {
  const parsed = FlowSchema.safeParse(flow);
  if (!parsed.success) return flow;
  const { version: _v, ...f } = parsed.data;
  return sortKeys({ ...f, nodes: f.nodes.map(({ position: _p, ...n }) => n) });
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** A flow that doesn't validate, as a 422 whose `issues` point at nodes, edges and fields. */
export function flowInvalid(issues: FlowIssue[]): ValidationError {
  const err = new ValidationError(
    `the flow has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.slice(0, 3).map((i) => i.message).join('; ')}`,
    // An edge problem (dangling, unknown handle) is about the edge even when its source node is known.
    issues.map((i) => ({ field: [i.edgeId ? `edges.${i.edgeId}` : i.nodeId ? `nodes.${i.nodeId}` : 'flow', i.field].filter(Boolean).join('.'), message: i.message })),
    'flow_invalid',
  );
  (err.extra as Record<string, unknown>).issues = issues;
  return err;
}
