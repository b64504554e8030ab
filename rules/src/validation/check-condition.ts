/**
 * @module Checks of a condition tree against the fact catalogue and the operators: the fact exists for the
 * flow's trigger, its parameters are given, the operator fits the fact's type and the value fits the operator.
 */
import type { z } from 'zod';
import { formatPath } from '@dropline/connectors/model';
import type { FactDefinition } from '../facts/catalogue.ts';
import { leaves, type ConditionLeaf, type ConditionNode, type FactParams } from '../model/condition.ts';
import { operatorFits, operatorValueFactType, operatorValueSchema } from '../operators/define-operator.ts';
import { OPERATORS, findOperator } from '../operators/registry.ts';
import type { NodeCheckContext } from '../nodes/define-node.ts';
import type { NodeIssue } from './issues.ts';

export function checkCondition(node: ConditionNode, field: string, ctx: NodeCheckContext): NodeIssue[] {
  return leaves(node).flatMap(({ leaf, path }) => checkLeaf(leaf, path ? `${field}.${path}` : field, ctx));
}

/** A decision-table cell, or a condition leaf: a fact with an operator and a value. */
export function checkLeaf(leaf: ConditionLeaf, field: string, ctx: NodeCheckContext): NodeIssue[] {
  const fact = ctx.facts.get(leaf.fact);
  if (!fact) return [{ code: 'unknown_fact', field: `${field}.fact`, message: `no fact "${leaf.fact}" in flows started by ${ctx.trigger}` }];
  const issues = checkParams(fact, leaf.params, `${field}.params`, ctx);
  issues.push(...checkComparison(fact, leaf, field, ctx));
  return issues;
}

/** The operator and right-hand side of a leaf, for a fact already found. */
export function checkComparison(fact: FactDefinition, leaf: Pick<ConditionLeaf, 'operator' | 'value' | 'valueFact'>, field: string, ctx: NodeCheckContext): NodeIssue[] {
  const op = findOperator(leaf.operator);
  if (!op) return [{ code: 'unknown_operator', field: `${field}.operator`, message: `no operator "${leaf.operator}"` }];
  if (!operatorFits(op, fact.type)) {
    const fitting = OPERATORS.filter((o) => operatorFits(o, fact.type)).map((o) => o.name);
    return [{ code: 'operator_mismatch', field: `${field}.operator`, message: `"${op.name}" does not fit ${fact.path} (${fact.type}); use one of ${fitting.join(', ')}` }];
  }
  if (leaf.valueFact) {
    if (leaf.value !== undefined) return [{ code: 'invalid_value', field: `${field}.value`, message: 'give a value or a fact to compare with, not both' }];
    const wanted = operatorValueFactType(op, fact.type);
    if (!wanted) return [{ code: 'invalid_value', field: `${field}.valueFact`, message: `"${op.name}" compares with literal values only` }];
    const other = ctx.facts.get(leaf.valueFact.fact);
    if (!other) return [{ code: 'unknown_fact', field: `${field}.valueFact.fact`, message: `no fact "${leaf.valueFact.fact}" in flows started by ${ctx.trigger}` }];
    const issues = checkParams(other, leaf.valueFact.params, `${field}.valueFact.params`, ctx);
    if (other.type !== wanted) issues.push({ code: 'operator_mismatch', field: `${field}.valueFact.fact`, message: `${other.path} is ${other.type}; "${op.name}" needs ${wanted} here` });
    if (other.scope === 'line' && fact.scope === 'order') issues.push({ code: 'invalid_value', field: `${field}.valueFact.fact`, message: 'an order-level fact cannot be compared with a line-level one; put the line fact on the left' });
    return issues;
  }
  const schema = operatorValueSchema(op, fact.type, fact.values);
  if (!schema) {
    return leaf.value === undefined ? [] : [{ code: 'invalid_value', field: `${field}.value`, message: `"${op.name}" takes no value` }];
  }
  if (leaf.value === undefined) return [{ code: 'invalid_value', field: `${field}.value`, message: `"${op.name}" needs a value` }];
  const parsed = schema.safeParse(leaf.value);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ code: 'invalid_value' as const, field: joinField(`${field}.value`, i.path), message: i.message }));
  if (op.name === 'hasStockAt' && typeof parsed.data === 'string') return checkSupplierIds([parsed.data], `${field}.value`, ctx, false);
  return [];
}

export function checkParams(fact: FactDefinition, params: FactParams | undefined, field: string, ctx: NodeCheckContext): NodeIssue[] {
  if (!fact.params) {
    return params && Object.keys(params).length > 0 ? [{ code: 'invalid_setting', field, message: `${fact.path} takes no parameters` }] : [];
  }
  const parsed = (fact.params as z.ZodObject).safeParse(params ?? {});
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({
      code: i.code === 'invalid_type' && i.input === undefined ? ('missing_param' as const) : ('invalid_value' as const),
      field: joinField(field, i.path),
      message: i.code === 'invalid_type' && i.input === undefined ? `${fact.path} needs "${formatPath(i.path)}"` : i.message,
    }));
  }
  const supplierId = (parsed.data as { supplierId?: unknown }).supplierId;
  return typeof supplierId === 'string' ? checkSupplierIds([supplierId], `${field}.supplierId`, ctx, false) : [];
}

/** Route targets must be suppliers the hub knows (when the caller says which it knows). */
export function checkSupplierIds(ids: readonly string[], field: string, ctx: NodeCheckContext, indexed = true): NodeIssue[] {
  if (!ctx.knownSuppliers) return [];
  const issues: NodeIssue[] = [];
  ids.forEach((id, i) => {
    if (!ctx.knownSuppliers!.has(id)) issues.push({ code: 'unknown_supplier', field: indexed ? `${field}[${i}]` : field, message: `no supplier "${id}"` });
  });
  return issues;
}

export function joinField(base: string, path: readonly PropertyKey[]): string {
  if (path.length === 0) return base;
  const rest = formatPath(path);
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}
