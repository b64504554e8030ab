#!/usr/bin/env node
/**
 * The two commands (`npm start`, `npm test`) on a machine that has only Node 20 and npm: this script
 * fetches pnpm (pinned, into .tools/), installs the workspace from the lockfile when it changed, builds
 * the console when its sources changed, then runs the hub or the tests. Plain JS on purpose: it runs
 * before any dependency exists.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.split('@')[1];
const TOOLS = join(ROOT, '.tools');
// pnpm 12 ships native binaries; with install scripts off its Node entry point runs it.
const PNPM_JS = join(TOOLS, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs');

const env = { ...process.env };
// better-sqlite3 compiles from source; node-gyp must use the installed Node headers, not download them.
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
env.COREPACK_ENABLE_STRICT = '0';

function log(msg) {
  process.stderr.write(`[dropline] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env, ...opts });
  if (r.status !== 0) {
    log(`failed: ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

function pnpm(args, opts) {
  run(process.execPath, [PNPM_JS, ...args], opts);
}

function ensurePnpm() {
  if (existsSync(PNPM_JS)) return;
  log(`fetching pnpm ${PNPM_VERSION} into .tools/`);
  mkdirSync(TOOLS, { recursive: true });
  run('npm', ['install', '--prefix', TOOLS, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', `pnpm@${PNPM_VERSION}`]);
}

/** A digest of files (path + size + mtime) under `paths`, to tell when something needs redoing. */
function digest(paths, skip = /node_modules|\/build\/|\.svelte-kit/) {
  const h = createHash('sha256');
  const walk = (p) => {
    if (!existsSync(p) || skip.test(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else h.update(`${p}:${st.size}:${st.mtimeMs}\n`);
  };
  for (const p of paths) walk(join(ROOT, p));
  return h.digest('hex');
}

function stamped(name, value) {
  const file = join(ROOT, 'node_modules', `.dropline-${name}`);
  return existsSync(file) && readFileSync(file, 'utf8') === value;
}

function stamp(name, value) {
  writeFileSync(join(ROOT, 'node_modules', `.dropline-${name}`), value);
}

function ensureInstalled() {
  ensurePnpm();
  const lock = createHash('sha256').update(readFileSync(join(ROOT, 'pnpm-lock.yaml'))).digest('hex');
  if (existsSync(join(ROOT, 'node_modules')) && stamped('install', lock)) return;
  log('installing dependencies (first run compiles better-sqlite3: about a minute)');
  pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
  stamp('install', lock);
}

function ensureConsoleBuilt() {
  const sources = digest(['ui/src', 'ui/static', 'ui/svelte.config.js', 'ui/vite.config.ts', 'rules', 'connectors/model', 'connectors/sdk']);
  if (existsSync(join(ROOT, 'ui', 'build', 'handler.js')) && stamped('ui', sources)) return;
  if (!existsSync(join(ROOT, 'ui', 'svelte.config.js'))) return;
  log('building the console');
  pnpm(['--filter', '@dropline/ui', 'run', 'build']);
  stamp('ui', sources);
}

/** Runs node on the hub's entry and hands it signals, so stopping `npm start` stops the hub cleanly. */
function exec(args, extraEnv) {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: { ...env, ...extraEnv } });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const command = process.argv[2];
switch (command) {
  case 'start': {
    ensureInstalled();
    ensureConsoleBuilt();
    exec(['--import', 'tsx', 'server/src/main.ts'], { DROPLINE_SANDBOX: env.DROPLINE_SANDBOX ?? 'on' });
    break;
  }
  case 'test': {
    ensureInstalled();
    ensureConsoleBuilt();
    log('type-checking');
    pnpm(['exec', 'tsc', '-p', 'tsconfig.json']);
    pnpm(['--filter', '@dropline/ui', 'run', 'check']);
    log('running the tests');
    pnpm(['exec', 'vitest', 'run', ...process.argv.slice(3)]);
    pnpm(['--filter', '@dropline/ui', 'run', 'test']);
    break;
  }
  case 'bench': {
    ensureInstalled();
    ensureConsoleBuilt();
    exec(['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(3)], {});
    break;
  }
  case 'dev': {
    ensureInstalled();
    exec(['--import', 'tsx', '--watch', 'server/src/main.ts'], { DROPLINE_SANDBOX: env.DROPLINE_SANDBOX ?? 'on' });
    break;
  }
  default:
    log('usage: node scripts/dropline.mjs start|test|bench|dev');
    process.exit(2);
}
