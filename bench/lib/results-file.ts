/**
 * @module Where a benchmark's results go and what code produced them: the commit and the uncommitted
 * changes under the folders it measures, so a figure in the README can be traced back to its run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('../results', import.meta.url));

/** The commit, and what is uncommitted under `paths` (repository-relative). */
export function gitState(paths: string[]): { commit?: string; dirty?: string[] } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', ...paths], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    return { commit, dirty };
  } catch {
    return {};
  }
}

/** `bench/results/<benchmark>-<day>.json`, or `-2`, `-3`, … when that day already has one: runs never overwrite. */
export function resultsFile(benchmark: string, startedAt: Date): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const day = startedAt.toISOString().slice(0, 10);
  const taken = new Set(readdirSync(RESULTS_DIR));
  let name = `${benchmark}-${day}.json`;
  for (let n = 2; taken.has(name); n++) name = `${benchmark}-${day}-${n}.json`;
  return join(RESULTS_DIR, name);
}
