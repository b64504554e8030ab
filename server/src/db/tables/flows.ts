/** @module Flows: the draft each flow is edited in, its published versions, and shadow-mode decisions. */
import type { ColumnBuilders } from '../column-builders.ts';

export function defineFlowTables(b: ColumnBuilders) {
  const flows = b.table('flows', {
    id: b.text('id').primaryKey(),
    name: b.text('name').notNull(),
    trigger: b.text('trigger').notNull(),
    /** The graph being edited (autosaved; may be invalid). */
    draft: b.json<Record<string, unknown>>('draft').notNull(),
    draftUpdatedAt: b.ms('draft_updated_at').notNull(),
    draftUpdatedBy: b.text('draft_updated_by').notNull(),
    /** The version the hub runs, or null when none is published. */
    publishedVersion: b.int('published_version'),
    /** A version run beside the published one on live orders, recording what it would decide. */
    shadowVersion: b.int('shadow_version'),
    createdAt: b.ms('created_at').notNull(),
  });

  const flowVersions = b.table(
    'flow_versions',
    {
      flowId: b.text('flow_id').notNull(),
      version: b.int('version').notNull(),
      flow: b.json<Record<string, unknown>>('flow').notNull(),
      message: b.text('message').notNull(),
      author: b.text('author').notNull(),
      createdAt: b.ms('created_at').notNull(),
    },
    (t) => [b.primaryKey({ columns: [t.flowId, t.version] })],
  );

  const shadowDecisions = b.table(
    'shadow_decisions',
    {
      id: b.serial('id'),
      flowId: b.text('flow_id').notNull(),
      version: b.int('version').notNull(),
      orderId: b.text('order_id').notNull(),
      /** What the shadow version would have decided. */
      decision: b.json<Record<string, unknown>>('decision').notNull(),
      /** Flow and version that decided for real. */
      liveFlow: b.text('live_flow').notNull(),
      liveVersion: b.int('live_version').notNull(),
      differs: b.bool('differs').notNull(),
      /** What would change (assignments, outcome, actions). */
      diff: b.json<Record<string, unknown>>('diff').notNull(),
      createdAt: b.ms('created_at').notNull(),
    },
    (t) => [b.index('shadow_decisions_flow_idx').on(t.flowId, t.id)],
  );

  return { flows, flowVersions, shadowDecisions };
}
