/**
 * @module How a hub profile sample is attributed, in two views:
 * - **work**: what kind of work the sample's leaf is doing (SQLite COMMIT, statement preparation,
 *   query building, JSON and zod parsing, HTTP), whoever asked for it;
 * - **initiator**: which path the stack shows asked for it (the job worker, the webhook path, or code
 *   both share whose caller an `await` hid). The worker is tried first: a job that re-applies a
 *   delivery runs inbox code under the job runner.
 */
import type { ActivityRule, Frame, ProfileViews } from '../lib/cpu-profile-summary.ts';

/** JobQueue methods only the worker calls; `enqueue` belongs to whoever records events. */
const WORKER_QUEUE_METHODS = new Set(['claim', 'complete', 'fail', 'extendLease', 'depth', 'nextDueAt', 'prune']);

const under =
  (...prefixes: string[]) =>
  (f: Frame) =>
    prefixes.some((p) => f.module.startsWith(p));
const any = (stack: Frame[], test: (f: Frame) => boolean) => stack.some(test);
const leafIs = (test: (f: Frame) => boolean, name: string): ActivityRule => (s) => (test(s.at(-1)!) ? name : undefined);
const stackHas = (test: (f: Frame) => boolean, name: string): ActivityRule => (s) => (any(s, test) ? name : undefined);

const COMMON: ActivityRule[] = [
  leafIs((f) => f.module === '(garbage collector)', 'GC'),
  leafIs((f) => f.module === '(program)', 'V8 / native, unattributed (program)'),
  stackHas(under('node:internal/modules', 'tsx', 'node:internal/deps', 'node:internal/bootstrap', 'node:internal/main'), 'start-up: module loading (tsx)'),
];

const WORK: ActivityRule[] = [
  ...COMMON,
  leafIs((f) => f.module === 'better-sqlite3' && f.functionName === 'exec', 'SQLite exec: BEGIN IMMEDIATE / COMMIT (COMMIT waits for fsync)'),
  leafIs((f) => f.module === 'better-sqlite3' && f.functionName === 'prepare', 'SQLite prepare: statement compiled anew for every query'),
  leafIs(under('better-sqlite3'), 'SQLite statement run / all / get'),
  (s) =>
    ['writev', 'writeBuffer', 'writeUtf8String'].includes(s.at(-1)!.functionName) && any(s, under('pg'))
      ? 'socket writes to PostgreSQL (one per statement; loopback TCP)'
      : undefined,
  leafIs((f) => ['writev', 'writeBuffer', 'writeUtf8String'].includes(f.functionName), 'socket writes: HTTP responses'),
  leafIs(under('pg', 'pg-protocol', 'pg-pool', 'pg-types', 'postgres-'), 'pg driver (protocol, result parsing)'),
  leafIs(under('drizzle-orm'), 'drizzle: query building + result mapping'),
  stackHas((f) => f.functionName === 'parseJsonBody', 'JSON.parse of the body (parseJsonBody)'),
  leafIs(under('zod'), 'zod parsing (Shopify envelope, canonical order, API schemas)'),
  stackHas((f) => f.module.startsWith('node:internal/crypto') || f.module === 'connectors/sdk/signatures.ts', 'crypto: HMAC verify, ids, digests'),
  leafIs(under('pino'), 'logging (pino)'),
  leafIs(under('prom-client'), 'metrics (prom-client)'),
  leafIs(under('hono', '@hono/'), 'HTTP: hono + @hono/node-server'),
  leafIs(under('node:_http', 'node:internal/streams', 'node:net', 'node:internal/http', 'node:stream', 'node:internal/webstreams', 'node:buffer', 'node:internal/buffer'), 'HTTP: Node core (parser, sockets, streams, buffers)'),
  (s) => {
    const leaf = s.at(-1)!;
    return leaf.module.startsWith('server/') || leaf.module.startsWith('connectors/') ? `hub code (self): ${leaf.module}` : undefined;
  },
  (s) => `other: ${s.at(-1)!.module}`,
];

export const JOB_WORKER = 'job worker (claim, route-order jobs, their transactions)';
export const WEBHOOK_PATH = 'webhook path (route, inbox, Shopify verify + normalize, its transaction)';

const INITIATOR: ActivityRule[] = [
  ...COMMON,
  (s) =>
    any(s, under('server/src/jobs/job-runner.ts', 'server/src/routing/', 'server/src/fulfillment/', 'server/src/inbox/apply-delivery-job.ts')) ||
    any(s, (f) => f.module === 'server/src/jobs/job-queue.ts' && WORKER_QUEUE_METHODS.has(f.functionName))
      ? JOB_WORKER
      : undefined,
  stackHas(under('server/src/inbox/', 'server/src/http/routes/webhooks.ts', 'connectors/'), WEBHOOK_PATH),
  stackHas(under('server/src/db/'), 'either: transaction wrapper resumed after await (BEGIN/COMMIT, write lock)'),
  stackHas(under('server/src/workflow/'), 'either: event recorder + appliers resumed after await'),
  (s) => {
    const f = s.find(under('server/src/'));
    return f ? `hub, other: ${f.module.split('/').slice(0, 3).join('/')}` : undefined;
  },
  // Before the HTTP layers: the driver's socket writes run through node:net and streams too.
  (s) => {
    const f = s.find(under('drizzle-orm', 'better-sqlite3', 'pg', 'pino', 'prom-client'));
    return f ? `either: ${f.module} resumed after await` : undefined;
  },
  stackHas(under('hono', '@hono/', 'node:_http', 'node:internal/streams', 'node:net', 'node:internal/http', 'node:stream', 'node:internal/webstreams'), 'HTTP layers (Node core, hono)'),
  (s) => `other: ${s.find((f) => f.module !== '(root)')?.module ?? '(root)'}`,
];

export const HUB_PROFILE_VIEWS: ProfileViews = { 'Work (by leaf frame)': WORK, 'Initiator (by stack)': INITIATOR };
