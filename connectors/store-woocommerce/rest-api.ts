/**
 * @module The WooCommerce REST API v3 (`{siteUrl}/wp-json/wc/v3`), authenticated with the store's REST
 * API key pair over HTTP Basic (WooCommerce accepts it over HTTPS). WooCommerce itself doesn't rate-limit,
 * but hosts and security plugins in front of it answer 429: short `Retry-After`s are waited out in place.
 */
import type { ActionContext } from '../sdk/actions.ts';
import type { HttpRequestOptions, HttpResponse } from '../sdk/http-client.ts';
import { retryOnRateLimit } from '../sdk/rate-limit.ts';

export interface WooConfig {
  siteUrl: string;
}

export interface WooSecrets {
  consumerKey: string;
  consumerSecret: string;
}

export interface WooApi {
  request<T>(path: string, options?: HttpRequestOptions): Promise<HttpResponse<T>>;
}

export function wooApi(ctx: ActionContext<WooConfig, WooSecrets>): WooApi {
  const basic = Buffer.from(`${ctx.secrets.consumerKey}:${ctx.secrets.consumerSecret}`).toString('base64');
  const http = ctx.http(`${ctx.config.siteUrl.replace(/\/+$/, '')}/wp-json/wc/v3`, { headers: { authorization: `Basic ${basic}` } });
  return {
    request: <T>(path: string, options?: HttpRequestOptions) => retryOnRateLimit(() => http.request<T>(path, options)),
  };
}
