/**
 * @module A server under test in a child process of its own, so the load generator (in the parent) and
 * the server never share an event loop: started, probed until ready, measured (CPU seconds from /proc),
 * and stopped with SIGTERM like an orchestrator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_SECOND = 100;
/** Kept from the child's stdout and stderr, to explain a failed start. */
const OUTPUT_TAIL_CHARS = 8_000;

export interface ChildServerOptions {
  /** For messages: "floor (sqlite)", "hub (postgres)". */
  name: string;
  /** Arguments to `node`, e.g. `['--import', 'tsx', 'server/src/main.ts']`. */
  nodeArgs: string[];
  env: Record<string, string>;
  cwd: string;
  port: number;
  /** Answered 2xx once the server takes requests. */
  readyPath: string;
  readyTimeoutMs?: number;
  /** Lines that are expected and not worth counting (e.g. a start-up notice). */
  ignoreLines?: RegExp;
}

export interface ChildServer {
  url: string;
  pid: number;
  /** User + system CPU seconds the child has used so far. */
  cpuSeconds(): number;
  /** What the child printed lately (stdout and stderr interleaved). */
  output(): string;
  /** Lines the child printed, less the ignored ones (a hub at log level warn prints none while all is well). */
  outputLines(): number;
  /** SIGTERM, then wait for exit (SIGKILL after `graceMs`); resolves to the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export function processCpuSeconds(pid: number): number {
  // /proc/<pid>/stat: the command name (field 2) may contain spaces, so split after its closing paren.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Busy CPU seconds of the whole machine so far (all cores, every process), from /proc/stat. */
export function machineCpuSeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: everything but idle and iowait is busy.
  const [user, nice, system, , , irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND;
}

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, options.nodeArgs, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let partial = '';
  let lines = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    const complete = (partial + text).split('\n');
    partial = complete.pop()!;
    for (const line of complete) {
      if (options.ignoreLines?.test(line)) continue;
      lines++;
      tail = (tail + line + '\n').slice(-OUTPUT_TAIL_CHARS);
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${options.name} exited with ${exitCode} before it was ready:\n${tail}${partial}`);
    const ready = await fetch(url + options.readyPath).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms:\n${tail}${partial}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const pid = child.pid!;
  return {
    url,
    pid,
    cpuSeconds: () => processCpuSeconds(pid),
    output: () => tail + partial,
    outputLines: () => lines,
    async stop(graceMs = 60_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
