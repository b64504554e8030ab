/** @module Turning zod failures into messages a sender can act on. */
import type { z } from 'zod';

/** "lines[0].quantity: expected a positive integer; currency: expected an ISO 4217 …" */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export interface FieldIssue {
  field: string;
  message: string;
}

export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((i) => ({ field: formatPath(i.path), message: i.message }));
}
