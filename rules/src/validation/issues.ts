/**
 * @module What validation reports: each problem with a stable code and, where it has one, the node (or edge)
 * and the settings field it is about, so the editor can put the message next to the field.
 */
export const ISSUE_CODES = [
  /** The flow JSON does not have the flow shape at all. */
  'invalid_flow',
  'duplicate_id',
  'unknown_node_type',
  'missing_entry',
  'multiple_entries',
  'cycle',
  'dangling_edge',
  'unknown_handle',
  'duplicate_edge',
  'entry_has_inputs',
  'unreachable',
  'unconnected_handle',
  /** A settings field is missing or wrong (schema). */
  'invalid_setting',
  'unknown_fact',
  'missing_param',
  'unknown_operator',
  'operator_mismatch',
  'invalid_value',
  'unknown_supplier',
  'empty_table',
  'too_many_paths',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** A problem inside one node's settings; validation adds the node id. */
export interface NodeIssue {
  code: IssueCode;
  /** Path inside `settings`, e.g. `condition.all[1].value`, `rows[0].cells[2].operator`; empty for the node itself. */
  field: string;
  message: string;
}

export interface FlowIssue {
  code: IssueCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** For node issues: the path inside the node's settings. For flow-shape issues: the path in the flow JSON. */
  field?: string;
}

/** Thrown by `compileFlow` (and `parseFlow`) for a flow that does not validate. */
export class FlowValidationError extends Error {
  readonly code = 'flow_invalid';
  readonly status = 422;
  readonly retryable = false;
  readonly issues: FlowIssue[];

  constructor(issues: FlowIssue[], message = describeFlowIssues(issues)) {
    super(message);
    this.name = 'FlowValidationError';
    this.issues = issues;
  }
}

export function describeFlowIssues(issues: readonly FlowIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${i.nodeId ? `node ${i.nodeId}${i.field ? ` ${i.field}` : ''}: ` : i.edgeId ? `edge ${i.edgeId}: ` : ''}${i.message}`);
  return `flow is invalid: ${shown.join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`;
}
