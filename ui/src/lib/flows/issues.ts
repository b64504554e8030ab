/**
 * @module A draft's validation issues (see validate-draft.ts) sorted by node, so each node can show its own
 * and the problems list can point at them, and how they read in the editor.
 */
import type { FlowIssue } from '@dropline/rules';
import type { EditorFlow } from './flow-commands.ts';

export function issuesByNode(issues: readonly FlowIssue[], flow: Pick<EditorFlow, 'edges'>): Map<string, FlowIssue[]> {
  const edgeSource = new Map(flow.edges.map((e) => [e.id, e.source]));
  const out = new Map<string, FlowIssue[]>();
  for (const issue of issues) {
    const nodeId = issue.nodeId ?? (issue.edgeId ? edgeSource.get(issue.edgeId) : undefined);
    if (!nodeId) continue;
    out.set(nodeId, [...(out.get(nodeId) ?? []), issue]);
  }
  return out;
}

/** Issues about a settings field or anything inside it (`suppliers` takes `suppliers[1]`). */
export function issuesAt(issues: readonly FlowIssue[] | undefined, field: string, options: { inside?: boolean } = {}): FlowIssue[] {
  if (!issues) return [];
  return issues.filter((i) => {
    const f = i.field ?? '';
    if (f === field) return true;
    return options.inside === true && field !== '' && (f.startsWith(`${field}.`) || f.startsWith(`${field}[`));
  });
}

/** One line for the problems list: what, and where. */
export function issueLocation(issue: FlowIssue, nodeTitle: (id: string) => string | undefined): string {
  if (issue.nodeId) return `${nodeTitle(issue.nodeId) ?? issue.nodeId}${issue.field ? ` · ${issue.field}` : ''}`;
  if (issue.edgeId) return `edge ${issue.edgeId}`;
  return 'flow';
}

/** A stable key for lists and for telling two runs' issues apart. */
export function issueKey(i: FlowIssue): string {
  return `${i.code}|${i.nodeId ?? ''}|${i.edgeId ?? ''}|${i.field ?? ''}|${i.message}`;
}

export function sameIssues(a: readonly FlowIssue[] | undefined, b: readonly FlowIssue[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((x, i) => issueKey(x) === issueKey(b![i]!));
}
