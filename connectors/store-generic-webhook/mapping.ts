/**
 * @module The generic webhook's mappings: JSONata expressions from the connector's config, compiled once
 * per expression text and evaluated against the posted JSON.
 *
 * JSONata evaluates asynchronously, which is why the mapping runs in the inbound `enrich` step (the
 * `inbox.apply` job) rather than in the synchronous `normalize`. A failure while evaluating is the
 * configuration's (or the payload's) fault, not a transient one: the delivery is kept as rejected, to be
 * replayed once the expression is fixed.
 */
import jsonata from 'jsonata';
import { ValidationError } from '../sdk/errors.ts';

const compiled = new Map<string, jsonata.Expression>();

function compile(expression: string): jsonata.Expression {
  let expr = compiled.get(expression);
  if (!expr) {
    expr = jsonata(expression);
    compiled.set(expression, expr);
  }
  return expr;
}

/** Why `expression` doesn't compile, or undefined when it does (for config validation). */
export function expressionError(expression: string): string | undefined {
  try {
    compile(expression);
    return undefined;
  } catch (err) {
    const e = err as { message: string; position?: number };
    return `JSONata: ${e.message}${e.position !== undefined ? ` (at character ${e.position})` : ''}`;
  }
}

export async function evaluate(name: string, expression: string, input: unknown): Promise<unknown> {
  try {
    return await compile(expression).evaluate(input);
  } catch (err) {
    const e = err as { message: string; code?: string; position?: number };
    throw new ValidationError(`the ${name} mapping failed: ${e.message}`, [{ field: `config.${name}`, message: `${e.code ? `${e.code}: ` : ''}${e.message}` }], 'mapping_failed');
  }
}
