/** @module Boundary parsing: schemas in, field-named errors out. */
import type { z } from 'zod';
import { describeIssues, fieldIssues } from '../model/validation.ts';
import { ValidationError } from './errors.ts';

/** Parses `data` with `schema` or throws a {@link ValidationError} naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ValidationError(`${what} is invalid: ${describeIssues(result.error.issues)}`, fieldIssues(result.error.issues));
}

const texts = new WeakMap<Uint8Array, string>();

/**
 * The body as UTF-8 text, decoded once per body however many times it is asked for (parsing it and
 * storing it both need it; a 17 KB order decoded twice is measurable garbage at thousands a second).
 */
export function bodyText(raw: Uint8Array): string {
  let text = texts.get(raw);
  if (text === undefined) {
    text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
    texts.set(raw, text);
  }
  return text;
}

/** JSON.parse that answers a malformed body with a 400 instead of a SyntaxError. */
export function parseJsonBody(raw: Uint8Array): unknown {
  const text = bodyText(raw);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ValidationError(`body is not valid JSON: ${(err as Error).message}`, [], 'malformed_body', 400);
  }
}
