/**
 * @module A decision table: columns are facts, each row gives a comparison per column (an empty cell matches
 * anything) and an outcome. The first row that matches wins (first hit); lines leave through that outcome's
 * handle, or `default` when no row matches.
 */
import { z } from 'zod';
import { FactParamsSchema, FactRefSchema } from '../model/condition.ts';
import { checkComparison, checkParams } from '../validation/check-condition.ts';
import type { NodeIssue } from '../validation/issues.ts';
import { defineNode } from './define-node.ts';

export const DEFAULT_OUTCOME = 'default';

const Outcome = z
  .string()
  .regex(/^[A-Za-z0-9][\w-]{0,63}$/, 'expected an outcome name of letters, digits, "_" or "-"')
  .refine((s) => s !== DEFAULT_OUTCOME, '"default" is the outcome when no row matches; name this one differently')
  .meta({ title: 'Outcome' });

export const TableCellSchema = z
  .object({
    operator: z.string().min(1).meta({ title: 'Operator', ui: { widget: 'operator' } }),
    value: z.unknown().optional().meta({ title: 'Value', ui: { widget: 'operator-value' } }),
    valueFact: FactRefSchema.optional(),
  })
  .strict();
export type TableCell = z.output<typeof TableCellSchema>;

export const TableColumnSchema = z
  .object({
    fact: z.string().min(1).meta({ title: 'Fact', ui: { widget: 'fact' } }),
    params: FactParamsSchema.optional(),
    label: z.string().max(100).optional(),
  })
  .strict();

/** One handle per distinct outcome, in row order, then `default`. */
export function tableOutputs(rows: readonly { outcome: string }[]): string[] {
  return [...new Set(rows.map((r) => r.outcome)), DEFAULT_OUTCOME];
}

export const decisionTable = defineNode({
  type: 'decision-table',
  category: 'table',
  title: 'Decision table',
  description: 'Rows of comparisons, checked top to bottom; the first matching row picks the outcome (or "default").',
  settings: z
    .object({
      columns: z.array(TableColumnSchema).min(1, 'expected at least one column').meta({ title: 'Columns (facts)' }),
      rows: z
        .array(
          z
            .object({
              cells: z.array(TableCellSchema.nullable()).meta({ title: 'Cells', description: 'One per column; empty matches anything' }),
              outcome: Outcome,
            })
            .strict(),
        )
        .meta({ title: 'Rows', ui: { widget: 'decision-table' } }),
    })
    .strict(),
  outputs: (s) => tableOutputs(s.rows),
  check(settings, ctx) {
    const issues: NodeIssue[] = [];
    if (settings.rows.length === 0) issues.push({ code: 'empty_table', field: 'rows', message: 'a decision table needs at least one row' });
    const facts = settings.columns.map((col, i) => {
      const fact = ctx.facts.get(col.fact);
      if (!fact) issues.push({ code: 'unknown_fact', field: `columns[${i}].fact`, message: `no fact "${col.fact}" in flows started by ${ctx.trigger}` });
      else issues.push(...checkParams(fact, col.params, `columns[${i}].params`, ctx));
      return fact;
    });
    settings.rows.forEach((row, r) => {
      if (row.cells.length !== settings.columns.length) {
        issues.push({ code: 'invalid_setting', field: `rows[${r}].cells`, message: `expected ${settings.columns.length} cells (one per column), got ${row.cells.length}` });
      }
      row.cells.forEach((cell, c) => {
        const fact = facts[c];
        if (cell && fact) issues.push(...checkComparison(fact, cell, `rows[${r}].cells[${c}]`, ctx));
      });
    });
    if (settings.rows.length > 0 && !tableOutputs(settings.rows).some((h) => ctx.connected(h))) {
      issues.push({ code: 'unconnected_handle', field: '', message: 'connect at least one outcome' });
    }
    return issues;
  },
});
