/**
 * @module JSONata mappings: compiled once per expression text, evaluated with the bindings every
 * mapping gets, and their output turned into canonical events this supplier may send.
 *
 * Bindings: `$supplierId` (the connector id), `$now` is JSONata's own. A mapping that produces events
 * returns an array of `{ type, data, occurredAt? }` (a single object is taken as a one-element array);
 * the connector sets `data.supplierId` itself, so a mapping can't speak for another supplier.
 */
import jsonata from 'jsonata';
import { isEventType } from '../model/events.ts';
import { ValidationError } from '../sdk/errors.ts';
import type { InboundEvent } from '../sdk/inbound.ts';

const compiled = new Map<string, jsonata.Expression>();

/** Throws the JSONata syntax error (with its position) for a bad expression. */
export function compileMapping(expression: string): jsonata.Expression {
  let expr = compiled.get(expression);
  if (!expr) {
    expr = jsonata(expression);
    compiled.set(expression, expr);
  }
  return expr;
}

/** Why `expression` doesn't compile, or undefined when it does (for config validation). */
export function mappingError(expression: string): string | undefined {
  try {
    compileMapping(expression);
    return undefined;
  } catch (err) {
    const e = err as { message: string; position?: number };
    return `JSONata: ${e.message}${e.position !== undefined ? ` (at character ${e.position})` : ''}`;
  }
}

/** Evaluates a mapping; a runtime failure is the configuration's fault (or the payload's), not transient. */
export async function evaluateMapping(name: string, expression: string, input: unknown, bindings: Record<string, unknown>): Promise<unknown> {
  try {
    return await compileMapping(expression).evaluate(input, bindings);
  } catch (err) {
    throw new ValidationError(`the ${name} mapping failed: ${(err as Error).message}`, [{ field: name, message: (err as Error).message }], 'mapping_failed', 422);
  }
}

/** Mapping output as events from `supplierId`, each referring to its PO when it names one. */
export function toEvents(name: string, output: unknown, supplierId: string): InboundEvent[] {
  if (output === undefined || output === null) return [];
  const list = Array.isArray(output) ? output : [output];
  return list.map((raw, i) => {
    const e = raw as { type?: unknown; data?: unknown; occurredAt?: unknown };
    if (typeof e?.type !== 'string' || !isEventType(e.type)) {
      throw new ValidationError(`the ${name} mapping made an event with type ${JSON.stringify(e?.type)}`, [{ field: `${name}[${i}].type`, message: 'not a canonical event type' }], 'mapping_failed', 422);
    }
    const data: Record<string, unknown> = { ...((e.data ?? {}) as Record<string, unknown>), supplierId };
    const po = typeof data.supplierOrderId === 'string' ? data.supplierOrderId : undefined;
    return {
      type: e.type,
      data,
      ...(typeof e.occurredAt === 'string' ? { occurredAt: e.occurredAt } : {}),
      ...(po ? { ref: { supplierOrderId: po } } : {}),
    } as InboundEvent;
  });
}

/** The value at a dot path (`event`, `meta.type`) of a parsed body, as text. */
export function valueAt(body: unknown, path: string): string | undefined {
  let at: unknown = body;
  for (const key of path.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return typeof at === 'string' || typeof at === 'number' ? String(at) : undefined;
}
