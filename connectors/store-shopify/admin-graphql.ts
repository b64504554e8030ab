/**
 * @module The Shopify Admin GraphQL API, within its rate limits.
 *
 * Shopify meters GraphQL by query cost against a leaky bucket per shop and app (`extensions.cost
 * .throttleStatus`: maximumAvailable, currentlyAvailable, restoreRate per second). We track the bucket
 * from every answer and wait before a call it could not afford; a call Shopify refuses anyway comes back as
 * HTTP 200 with a `THROTTLED` error and was not executed, so it is repeated after the bucket refills. A 429
 * (REST-style limit, or too many requests at once) is waited out by `Retry-After`. Waits longer than
 * `maxWaitMs` are handed back to the job queue as a retryable error carrying the wait. None of these
 * repeats can duplicate a mutation: Shopify ran none of them.
 */
import type { ActionContext } from '../sdk/actions.ts';
import { ConfigurationError, UpstreamError } from '../sdk/errors.ts';
import { retryOnRateLimit } from '../sdk/rate-limit.ts';
import { SHOPIFY_API_VERSION } from './api-version.ts';

export interface ShopifyAdminConfig {
  shopDomain: string;
  apiBaseUrl?: string;
  apiVersion?: string;
}

export interface ShopifyAdminSecrets {
  accessToken: string;
}

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[] | string;
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } };
}

interface Bucket extends ThrottleStatus {
  at: number;
}

/** Buckets per shop endpoint, shared by every call this process makes to it (Shopify's bucket is per shop and app). */
const buckets = new Map<string, Bucket>();
/** The last requested cost of each operation, to know what a call will need before making it. */
const lastCost = new Map<string, number>();

export interface ShopifyAdminOptions {
  /** Longest wait taken in place (bucket refill, Retry-After); longer ones go back to the job queue. */
  maxWaitMs?: number;
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ShopifyAdmin {
  /** Runs one operation; `name` is the operation's name (it keys the cost estimate and the logs). */
  request<T>(name: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  readonly apiVersion: string;
}

export function shopifyAdmin(ctx: ActionContext<ShopifyAdminConfig, ShopifyAdminSecrets>, options: ShopifyAdminOptions = {}): ShopifyAdmin {
  if (!ctx.secrets.accessToken) throw new ConfigurationError('the Shopify connector has no Admin API access token');
  const apiVersion = ctx.config.apiVersion ?? SHOPIFY_API_VERSION;
  const base = ctx.config.apiBaseUrl ?? `https://${ctx.config.shopDomain}`;
  const http = ctx.http(base, { headers: { 'x-shopify-access-token': ctx.secrets.accessToken } });
  const path = `/admin/api/${apiVersion}/graphql.json`;
  const key = `${base}|${ctx.config.shopDomain}`;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  return {
    apiVersion,
    async request<T>(name: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        await waitForBudget(key, lastCost.get(name), maxWaitMs, sleep);
        const res = await retryOnRateLimit(() => http.request<GraphqlResponse<T>>(path, { json: { query, variables } }), { maxWaitMs, sleep });
        const body = res.body ?? {};
        const cost = body.extensions?.cost;
        if (cost?.throttleStatus) buckets.set(key, { ...cost.throttleStatus, at: Date.now() });
        if (cost?.requestedQueryCost !== undefined) lastCost.set(name, cost.requestedQueryCost);
        const errors = typeof body.errors === 'string' ? [{ message: body.errors }] : (body.errors ?? []);
        if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
          const status = cost?.throttleStatus;
          const needed = cost?.requestedQueryCost ?? 0;
          const waitMs = status ? Math.ceil((Math.max(0, needed - status.currentlyAvailable) / status.restoreRate) * 1000) : 1_000;
          if (attempt >= attempts || waitMs > maxWaitMs) {
            throw new UpstreamError(`Shopify throttled ${name} (cost ${needed})`, { retryable: true, retryAfterMs: waitMs, upstreamStatus: 200, body: res.text });
          }
          ctx.log.info({ operation: name, waitMs }, 'Shopify throttled the call; waiting for the bucket to refill');
          await sleep(waitMs);
          continue;
        }
        if (errors.length > 0 || body.data === undefined) {
          // Query errors (a field this API version lacks, a missing scope) won't change on a retry.
          throw new UpstreamError(`Shopify ${name} failed: ${errors.map((e) => e.message).join('; ') || 'no data'}`, {
            retryable: false,
            upstreamStatus: res.status,
            body: res.text,
          });
        }
        return body.data;
      }
    },
  };
}

/** Sleeps until the bucket, as last reported and refilled since, holds `cost` points. */
async function waitForBudget(key: string, cost: number | undefined, maxWaitMs: number, sleep: (ms: number) => Promise<void>): Promise<void> {
  const bucket = buckets.get(key);
  if (!bucket || cost === undefined) return;
  const available = Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + ((Date.now() - bucket.at) / 1000) * bucket.restoreRate);
  if (available >= cost) return;
  const waitMs = Math.ceil(((cost - available) / bucket.restoreRate) * 1000);
  if (waitMs > maxWaitMs) throw new UpstreamError(`Shopify's cost bucket needs ${waitMs} ms to afford ${cost} points`, { retryable: true, retryAfterMs: waitMs });
  await sleep(waitMs);
}

/** `userErrors` are Shopify refusing the request as asked (bad quantity, order closed): retrying won't help. */
export function assertNoUserErrors(operation: string, userErrors: { field?: string[] | null; message: string }[] | undefined): void {
  if (!userErrors?.length) return;
  const text = userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message)).join('; ');
  throw new UpstreamError(`Shopify refused ${operation}: ${text}`, { retryable: false, upstreamStatus: 200, body: JSON.stringify(userErrors) });
}

/** Shopify global ids for REST ids: `gid://shopify/Order/450789469`. A gid is passed through. */
export function gid(type: string, id: string | number): string {
  const s = String(id);
  return s.startsWith('gid://') ? s : `gid://shopify/${type}/${s}`;
}

/** The numeric tail of a gid. */
export function legacyId(globalId: string): string {
  return globalId.slice(globalId.lastIndexOf('/') + 1);
}
