/**
 * @module A node-postgres client that turns the hub's recurring parameterised queries into named prepared
 * statements, so PostgreSQL parses and plans each of them once per connection instead of on every call.
 *
 * drizzle sends every query unnamed, and an unnamed statement is parsed, analysed and planned anew each
 * time. Measured on the ingest benchmark's backlog (server/src/db/preparing-client.test.ts shows the
 * mechanism, bench/ingest the effect), that work was most of PostgreSQL's CPU per recorded order: an order
 * is some twenty short statements. Naming a statement by its text makes pg's client send Parse once per
 * connection and only Bind/Execute afterwards.
 *
 * Bounded on purpose, because every named statement holds memory in each backend until its connection
 * closes: only text seen `HOT_AFTER` times is named (so one-off texts, like a bulk insert of an unusual
 * row count, stay unnamed), and at most `MAX_NAMED` distinct texts per process are. Queries without
 * parameters (BEGIN, COMMIT, migrations) and queries that carry their own name or are submittables
 * (cursors, streams) pass through untouched.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

/** A text is named from its third use on. */
const HOT_AFTER = 2;
/** Distinct statement texts named per process; the rest run unnamed. */
const MAX_NAMED = 400;
/** Texts counted before the count is forgotten (and starts again). */
const MAX_COUNTED = 10_000;

const named = new Map<string, string>();
const seen = new Map<string, number>();

/** The name a statement text runs under, or undefined while it isn't hot (or the budget is spent). */
export function statementName(text: string): string | undefined {
  const name = named.get(text);
  if (name !== undefined) return name;
  const count = (seen.get(text) ?? 0) + 1;
  if (count <= HOT_AFTER || named.size >= MAX_NAMED) {
    if (seen.size >= MAX_COUNTED) seen.clear();
    seen.set(text, count);
    return undefined;
  }
  seen.delete(text);
  const fresh = `dl_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  named.set(text, fresh);
  return fresh;
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
}

function withName(config: unknown, values: unknown): unknown {
  if (typeof config === 'string') {
    if (!Array.isArray(values) || values.length === 0) return config;
    const name = statementName(config);
    return name ? { text: config, name } : config;
  }
  if (config === null || typeof config !== 'object') return config;
  const c = config as QueryConfigLike;
  if (c.name || typeof c.submit === 'function' || typeof c.text !== 'string') return config;
  const params = Array.isArray(values) ? values : c.values;
  if (!Array.isArray(params) || params.length === 0) return config;
  const name = statementName(c.text);
  return name ? { ...c, name } : config;
}

export class PreparingClient extends pg.Client {
  // pg's query() is heavily overloaded; only the first two arguments matter here, the rest pass through.
  override query(...args: unknown[]): any {
    args[0] = withName(args[0], args[1]);
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}
