/**
 * @module A condition: facts compared with values, grouped with all / any / not; lines leave through `true`
 * or `false`. A condition on a line fact (`order.lines[].sku`) is evaluated once per line, so lines can part
 * ways here.
 */
import { z } from 'zod';
import { ConditionNodeSchema } from '../model/condition.ts';
import { checkCondition } from '../validation/check-condition.ts';
import { defineNode } from './define-node.ts';

export const condition = defineNode({
  type: 'condition',
  category: 'condition',
  title: 'Condition',
  description: 'Branches on facts: the order, a line, the customer, a supplier. Line facts are checked line by line.',
  settings: z
    .object({
      condition: ConditionNodeSchema.meta({ title: 'When', description: 'Facts compared with values; combine with all / any / not' }),
    })
    .strict(),
  outputs: () => ['true', 'false'],
  check(settings, ctx) {
    const issues = checkCondition(settings.condition, 'condition', ctx);
    if (!ctx.connected('true') && !ctx.connected('false')) {
      issues.push({ code: 'unconnected_handle', field: '', message: 'connect the true or the false branch (or both)' });
    }
    return issues;
  },
});
