/**
 * @module Where a process spent its time, from a V8 `.cpuprofile` (`node --cpu-prof`): self time by
 * function and by module (a project file, or an npm package), and any number of views that classify
 * each sample by the frames on its stack (first matching rule wins).
 *
 * The profiler samples the main thread on a wall clock: a synchronous native call that waits (an
 * fsync inside better-sqlite3's COMMIT) counts as busy time of that call, which is what matters for a
 * server whose requests all share that one thread.
 *
 * Async code limits what a stack can tell: a function resumed after `await` runs with only the
 * microtask queue below it, so its caller is not on the stack. Time spent inside code that several
 * callers share (an event recorder, the ORM) lands in that shared code, not in the caller's.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The frame as the classifier sees it: `file` relative to the repository, or `node:…`, or a package name. */
export interface Frame {
  functionName: string;
  module: string;
  /** `module:line` (1-based), or the module for natives. */
  location: string;
}

/** Returns the activity for a stack (root first, leaf last), or undefined to try the next rule. */
export type ActivityRule = (stack: Frame[]) => string | undefined;

/** A named way to classify samples: rules tried in order; unmatched samples count as "other". */
export type ProfileViews = Record<string, ActivityRule[]>;

export interface Share {
  name: string;
  ms: number;
  pct: number;
}

export interface CpuProfileSummary {
  file: string;
  wallMs: number;
  /** Sampled time that was not idle (the percentages are of this). */
  busyMs: number;
  idleMs: number;
  /** One breakdown per view, named as in the options. */
  views: Record<string, Share[]>;
  byModule: Share[];
  topFunctions: (Share & { location: string })[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** A readable module name for a script URL. */
export function moduleOf(url: string, repoRoot: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return path.startsWith(repoRoot + '/') ? path.slice(repoRoot.length + 1) : path;
}

export function summariseCpuProfile(file: string, options: { repoRoot: string; views: ProfileViews; top?: number }): CpuProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const frames = new Map<number, Frame>();
  for (const n of profile.nodes) {
    const module = SPECIAL.has(n.callFrame.functionName) ? n.callFrame.functionName : moduleOf(n.callFrame.url, options.repoRoot);
    const location = n.callFrame.url ? `${module}:${n.callFrame.lineNumber + 1}` : module;
    frames.set(n.id, { functionName: n.callFrame.functionName || '(anonymous)', module, location });
  }
  const stacks = new Map<number, Frame[]>();
  const stackOf = (id: number): Frame[] => {
    let s = stacks.get(id);
    if (!s) {
      const p = parent.get(id);
      s = [...(p === undefined ? [] : stackOf(p)), frames.get(id)!];
      stacks.set(id, s);
    }
    return s;
  };

  const views = Object.keys(options.views).map((name) => ({ name, rules: options.views[name]!, shares: new Map<string, number>() }));
  const modules = new Map<string, number>();
  const functions = new Map<string, { name: string; location: string; ms: number }>();
  let busyMs = 0;
  let idleMs = 0;
  const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = frames.get(id)!;
    if (leaf.module === '(idle)') {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    add(modules, leaf.module, ms);
    const key = `${leaf.functionName} ${leaf.location}`;
    const f = functions.get(key) ?? { name: leaf.functionName, location: leaf.location, ms: 0 };
    f.ms += ms;
    functions.set(key, f);
    const stack = stackOf(id);
    for (const view of views) {
      let name: string | undefined;
      for (const rule of view.rules) if ((name = rule(stack)) !== undefined) break;
      add(view.shares, name ?? 'other', ms);
    }
  });

  const top = options.top ?? 30;
  const shares = (m: Map<string, number>) =>
    [...m.entries()].map(([name, ms]) => ({ name, ms: round(ms), pct: round((100 * ms) / busyMs) })).sort((a, b) => b.ms - a.ms);
  return {
    file,
    wallMs: round((profile.endTime - profile.startTime) / 1000),
    busyMs: round(busyMs),
    idleMs: round(idleMs),
    views: Object.fromEntries(views.map((v) => [v.name, shares(v.shares)])),
    byModule: shares(modules).slice(0, top),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ name: f.name, location: f.location, ms: round(f.ms), pct: round((100 * f.ms) / busyMs) })),
  };
  function round(v: number) {
    return Math.round(v * 10) / 10;
  }
}
