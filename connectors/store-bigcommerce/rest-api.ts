/**
 * @module The BigCommerce REST API (`https://api.bigcommerce.com/stores/{store_hash}/v2|v3`), with the
 * store's API account token in `X-Auth-Token`.
 *
 * BigCommerce limits requests per store in a time window and answers 429 with
 * `X-Rate-Limit-Time-Reset-Ms` (how long until the window resets) instead of `Retry-After`; that wait is
 * taken in place when short, or handed to the job queue. A 429 did nothing, so repeating it is safe.
 */
import type { ActionContext } from '../sdk/actions.ts';
import { UpstreamError } from '../sdk/errors.ts';
import type { HttpRequestOptions, HttpResponse } from '../sdk/http-client.ts';
import { retryOnRateLimit } from '../sdk/rate-limit.ts';

export interface BigCommerceConfig {
  storeHash: string;
  apiBaseUrl?: string;
}

export interface BigCommerceSecrets {
  accessToken: string;
}

export interface BigCommerceApi {
  request<T>(path: string, options?: HttpRequestOptions): Promise<HttpResponse<T>>;
}

export function bigCommerceApi(ctx: ActionContext<BigCommerceConfig, BigCommerceSecrets>): BigCommerceApi {
  const base = `${(ctx.config.apiBaseUrl ?? 'https://api.bigcommerce.com').replace(/\/+$/, '')}/stores/${ctx.config.storeHash}`;
  const http = ctx.http(base, { headers: { 'x-auth-token': ctx.secrets.accessToken } });
  return {
    request: <T>(path: string, options: HttpRequestOptions = {}) =>
      retryOnRateLimit(async () => {
        const res = await http.request<T>(path, { ...options, accept: [...(options.accept ?? []), 429] });
        if (res.status !== 429 || options.accept?.includes(429)) return res;
        const reset = Number(res.headers.get('x-rate-limit-time-reset-ms'));
        throw new UpstreamError(`BigCommerce rate limit on ${path}`, {
          upstreamStatus: 429,
          retryable: true,
          retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset : 1_000,
          body: res.text,
        });
      }),
  };
}
