/**
 * @module The hub's flows API as the editor reads it (`/api/flows`): drafts, versions, validation, test runs
 * and shadow decisions. Flows travel as the rules package's JSON format ({@link FlowDocument}).
 */
import type { Decision, DecisionDiff, FlowDocument, FlowIssue, FlowTrigger } from '@dropline/rules';

/** One row of the flow list. */
export interface FlowSummary {
  id: string;
  name: string;
  trigger: FlowTrigger;
  publishedVersion: number | null;
  shadowVersion: number | null;
  draftUpdatedAt: string;
  draftUpdatedBy: string | null;
  /** The draft has edits that are not published yet. */
  draftDiffersFromPublished: boolean;
}

export interface FlowDetail {
  id: string;
  name: string;
  trigger: FlowTrigger;
  draft: FlowDocument;
  publishedVersion: number | null;
  shadowVersion: number | null;
  draftUpdatedAt: string;
  draftUpdatedBy: string | null;
}

export interface FlowVersionSummary {
  version: number;
  message: string;
  author: string | null;
  createdAt: string;
  /** The version the hub routes with now. */
  published: boolean;
}

export interface FlowVersion {
  version: number;
  flow: FlowDocument;
  message: string;
  author: string | null;
  createdAt: string;
}

/** What one node did in a test run: its outcome (a handle, a supplier, an action) and the facts it read. */
export interface NodeRunResult {
  nodeId: string;
  outcome?: string;
  facts?: Record<string, unknown>;
  note?: string;
}

export interface SimulationResult {
  orderId?: string;
  orderNumber: string;
  draft: Decision | { error: string };
  published: Decision | { error: string } | null;
  diff: DecisionDiff | null;
  nodes: NodeRunResult[];
}

export interface SimulationResponse {
  results: SimulationResult[];
  summary: { total: number; changed: number };
}

export interface ShadowDecision {
  id?: string;
  orderId: string;
  orderNumber?: string;
  version: number;
  changed: boolean;
  createdAt: string;
  diff?: DecisionDiff;
}

/** `POST /api/flows` with a starter template: its id and the suppliers for its slots, in order. */
export interface CreateFlowRequest {
  name: string;
  trigger?: FlowTrigger;
  template?: { id: string; suppliers: string[] };
}

export type { FlowIssue };

/** A starter template as `GET /api/flow-templates` lists it: the suppliers it asks for, in order. */
export interface FlowTemplateSummary {
  id: string;
  title: string;
  description: string;
  trigger: FlowTrigger;
  supplierSlots: { title: string; description?: string }[];
}
