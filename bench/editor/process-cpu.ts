/**
 * @module CPU time used by this process and the Chromium it started, by kind of process, read from Linux's
 * `/proc`: a diagnostic for the editor benchmark. On a 2-core machine an open is as slow as the CPU it
 * needs from everyone, not only from the page's own renderer; this says who used it.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Milliseconds of CPU (user + system), by kind of process. */
export interface CpuByKind {
  /** Renderers of web pages (the editor's, and the blank one a new tab starts with). */
  pageRenderers: number;
  /** Chromium's own UI pages (`--top-chrome-webui`), which headless Chromium loads for every new window. */
  chromeUiRenderers: number;
  /** The browser, GPU and utility (network, storage) processes. */
  browser: number;
  /** This process, the hub (server-side rendering, the API, static files) with the playwright driver, and its helpers. */
  hubAndDriver: number;
}

type Kind = keyof CpuByKind;

/** The CPU each process has used so far, by pid. */
export type ProcessCpu = Map<number, { kind: Kind; cpu: number }>;

const TICK_MS = 10; // USER_HZ is 100 on Linux.

/** The CPU each of these processes has used so far, or undefined where there is no `/proc`. */
export function processCpu(): ProcessCpu | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const procs = new Map<number, { ppid: number; cpu: number }>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, …, utime (14th), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(pid), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // Gone since it was listed.
    }
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) {
      if (!mine.has(pid) && mine.has(p.ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  const out: ProcessCpu = new Map();
  for (const pid of mine) {
    const { cpu } = procs.get(pid)!;
    if (pid === process.pid) {
      out.set(pid, { kind: 'hubAndDriver', cpu });
      continue;
    }
    let args: string[] = [];
    try {
      // Processes forked from Chromium's zygote write their arguments back as one line, with spaces.
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    } catch {
      // Gone since it was listed.
    }
    const kind: Kind = !args[0]?.includes('chromium')
      ? 'hubAndDriver' // tsx's esbuild
      : !args.includes('--type=renderer')
        ? 'browser'
        : args.includes('--top-chrome-webui')
          ? 'chromeUiRenderers'
          : 'pageRenderers';
    out.set(pid, { kind, cpu });
  }
  return out;
}

/** What was used between two readings (a process that ended in between is left out). */
export function cpuUsedSince(before: ProcessCpu, after: ProcessCpu): CpuByKind {
  const used: CpuByKind = { pageRenderers: 0, chromeUiRenderers: 0, browser: 0, hubAndDriver: 0 };
  for (const [pid, { kind, cpu }] of after) used[kind] += cpu - (before.get(pid)?.cpu ?? 0);
  return used;
}

/**
 * Resolves once Chromium's processes have been idle for a while (under `busyMs` of CPU, all together, in each
 * of `quietPolls` polls `pollMs` apart), or after `maxMs`; says how long it waited. A new window starts work
 * of its own (headless Chromium loads its omnibox popup, a WebUI page, into a renderer of its own: about a
 * second of CPU) that has nothing to do with the page about to open in it, and on two cores it would be
 * timed as part of that page's open. A user opens the editor in a browser that is already up.
 */
export async function chromiumIdle({ pollMs = 100, busyMs = 15, quietPolls = 3, maxMs = 5000 } = {}): Promise<number> {
  const started = performance.now();
  const chromiumCpu = (reading: ProcessCpu | undefined) => {
    let sum = 0;
    for (const { kind, cpu } of reading?.values() ?? []) if (kind !== 'hubAndDriver') sum += cpu;
    return sum;
  };
  let last = chromiumCpu(processCpu());
  for (let quiet = 0; quiet < quietPolls && performance.now() - started < maxMs; ) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const now = chromiumCpu(processCpu());
    quiet = now - last < busyMs ? quiet + 1 : 0;
    last = now;
  }
  return performance.now() - started;
}
