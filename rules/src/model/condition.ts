/**
 * @module Conditions as they are stored in a flow: a fact from the catalogue, an operator that fits its type
 * and a value (or another fact), combined in `all` / `any` / `not` groups.
 *
 * @example
 * ```ts
 * const bigForeignOrder: ConditionNode = {
 *   all: [
 *     { fact: 'order.total', operator: 'moneyGreaterThan', value: '500' },
 *     { fact: 'order.shippingAddress.country', operator: 'notEqual', valueFact: { fact: 'order.billingAddress.country' } },
 *   ],
 * };
 * ```
 */
import { z } from 'zod';

/** Parameters of a fact that needs them (`supplier.leadTimeDays` takes `supplierId`). */
export const FactParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type FactParams = z.output<typeof FactParamsSchema>;

export const FactRefSchema = z.object({
  fact: z.string().min(1).meta({ title: 'Fact', ui: { widget: 'fact' } }),
  params: FactParamsSchema.optional(),
});
export type FactRef = z.output<typeof FactRefSchema>;

export const ConditionLeafSchema = z
  .object({
    fact: z.string().min(1, 'expected a fact').meta({ title: 'Fact', ui: { widget: 'fact' } }),
    params: FactParamsSchema.optional().meta({ title: 'Fact parameters', ui: { widget: 'fact-params' } }),
    operator: z.string().min(1, 'expected an operator').meta({ title: 'Operator', ui: { widget: 'operator' } }),
    value: z.unknown().optional().meta({ title: 'Value', ui: { widget: 'operator-value' } }),
    /** Compare with another fact instead of a literal (shipping country ≠ billing country). */
    valueFact: FactRefSchema.optional().meta({ title: 'Compare with fact' }),
  })
  .meta({ title: 'Condition' });
export type ConditionLeaf = z.output<typeof ConditionLeafSchema>;

export type ConditionGroup = { all: ConditionNode[] } | { any: ConditionNode[] } | { not: ConditionNode };
export type ConditionNode = ConditionLeaf | ConditionGroup;

export const ConditionNodeSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(ConditionNodeSchema).min(1, 'expected at least one condition') }).strict(),
    z.object({ any: z.array(ConditionNodeSchema).min(1, 'expected at least one condition') }).strict(),
    z.object({ not: ConditionNodeSchema }).strict(),
    ConditionLeafSchema.strict(),
  ]),
).meta({ id: 'ConditionNode', title: 'Condition', ui: { widget: 'condition-builder' } });

export function isLeaf(node: ConditionNode): node is ConditionLeaf {
  return 'fact' in node;
}

/** Every leaf with its path inside the tree (`all[1].any[0]`), for error messages that point at a field. */
export function leaves(node: ConditionNode, path = ''): { leaf: ConditionLeaf; path: string }[] {
  if (isLeaf(node)) return [{ leaf: node, path }];
  if ('all' in node) return node.all.flatMap((n, i) => leaves(n, `${path ? `${path}.` : ''}all[${i}]`));
  if ('any' in node) return node.any.flatMap((n, i) => leaves(n, `${path ? `${path}.` : ''}any[${i}]`));
  return leaves(node.not, `${path ? `${path}.` : ''}not`);
}
