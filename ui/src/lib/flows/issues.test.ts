import { describe, expect, it } from 'vitest';
import type { FlowIssue } from '@dropline/rules';
import { issuesAt, issuesByNode, sameIssues } from './issues.ts';

describe('issues', () => {
  const issues: FlowIssue[] = [
    { code: 'missing_setting', message: 'needs reason', nodeId: 'hold', field: 'reason' },
    { code: 'unknown_supplier', message: 'unknown', nodeId: 'chain', field: 'suppliers[1]' },
    { code: 'dangling_edge', message: 'edge goes nowhere', edgeId: 'e1' },
  ] as FlowIssue[];

  it('files an edge problem under the node it leaves', () => {
    const byNode = issuesByNode(issues, { edges: [{ id: 'e1', source: 'chain', sourceHandle: 'out', target: 'x' }] });
    expect(byNode.get('chain')!.map((i) => i.code)).toEqual(['unknown_supplier', 'dangling_edge']);
    expect(byNode.get('hold')).toHaveLength(1);
  });

  it('finds the problems of a field, or inside it', () => {
    expect(issuesAt(issues, 'suppliers')).toEqual([]);
    expect(issuesAt(issues, 'suppliers', { inside: true })).toHaveLength(1);
    expect(sameIssues(issues, [...issues])).toBe(true);
    expect(sameIssues(issues, issues.slice(1))).toBe(false);
  });
});
