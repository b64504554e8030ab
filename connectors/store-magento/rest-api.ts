/**
 * @module The Magento 2 / Adobe Commerce REST API (`{baseUrl}/rest[/{storeCode}]/V1`), authenticated with an
 * integration's access token as a bearer token. Magento itself doesn't rate-limit REST calls; Adobe
 * Commerce Cloud's CDN and other proxies in front of it answer 429, waited out in place when short.
 */
import type { ActionContext } from '../sdk/actions.ts';
import type { HttpRequestOptions, HttpResponse } from '../sdk/http-client.ts';
import { retryOnRateLimit } from '../sdk/rate-limit.ts';

export interface MagentoConfig {
  baseUrl: string;
  storeCode?: string;
}

export interface MagentoSecrets {
  accessToken: string;
}

export interface MagentoApi {
  request<T>(path: string, options?: HttpRequestOptions): Promise<HttpResponse<T>>;
}

export function magentoApi(ctx: ActionContext<MagentoConfig, MagentoSecrets>): MagentoApi {
  const base = `${ctx.config.baseUrl.replace(/\/+$/, '')}/rest${ctx.config.storeCode ? `/${ctx.config.storeCode}` : ''}/V1`;
  const http = ctx.http(base, { headers: { authorization: `Bearer ${ctx.secrets.accessToken}` } });
  return { request: <T>(path: string, options?: HttpRequestOptions) => retryOnRateLimit(() => http.request<T>(path, options)) };
}

/**
 * `searchCriteria` in Magento's bracket syntax. Filters in one group are OR-ed, groups are AND-ed.
 *
 * @example
 * searchCriteria([[{ field: 'order_id', value: 3, condition: 'eq' }]], { pageSize: 20 })
 * // { 'searchCriteria[filter_groups][0][filters][0][field]': 'order_id', … }
 */
export function searchCriteria(
  groups: { field: string; value: string | number; condition: string }[][],
  options: { sort?: { field: string; direction: 'ASC' | 'DESC' }[]; pageSize?: number; currentPage?: number } = {},
): Record<string, string | number> {
  const q: Record<string, string | number> = {};
  groups.forEach((filters, g) =>
    filters.forEach((f, i) => {
      const at = `searchCriteria[filter_groups][${g}][filters][${i}]`;
      q[`${at}[field]`] = f.field;
      q[`${at}[value]`] = f.value;
      q[`${at}[condition_type]`] = f.condition;
    }),
  );
  (options.sort ?? []).forEach((s, i) => {
    q[`searchCriteria[sortOrders][${i}][field]`] = s.field;
    q[`searchCriteria[sortOrders][${i}][direction]`] = s.direction;
  });
  if (options.pageSize !== undefined) q['searchCriteria[pageSize]'] = options.pageSize;
  if (options.currentPage !== undefined) q['searchCriteria[currentPage]'] = options.currentPage;
  return q;
}
