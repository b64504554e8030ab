/**
 * @module Real vendor sample payloads kept in `test/fixtures/` (origins and licences in its SOURCES.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

export function fixtureText(relativePath: string): string {
  return readFileSync(FIXTURES_DIR + relativePath, 'utf8');
}

export function fixtureJson<T = any>(relativePath: string): T {
  return JSON.parse(fixtureText(relativePath)) as T;
}
