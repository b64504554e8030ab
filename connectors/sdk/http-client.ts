/**
 * @module The HTTP client connectors call out with.
 *
 * Every call has a base URL from config (so tests and sandboxes can stand in for vendors), a timeout,
 * and turns failures into {@link UpstreamError}s that say whether a retry can help.
 */
import { UpstreamError } from './errors.ts';

export interface HttpRequestOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Serialised as JSON with the matching content type. */
  json?: unknown;
  body?: string | Buffer | URLSearchParams;
  /** Sent as `Idempotency-Key`, so the far side can drop a repeat of the same call. */
  idempotencyKey?: string;
  timeoutMs?: number;
  /** Statuses the caller handles itself instead of getting an error (e.g. 404 on a lookup). */
  accept?: number[];
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface HttpClient {
  readonly baseUrl: string;
  request<T = unknown>(path: string, options?: HttpRequestOptions): Promise<HttpResponse<T>>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function createHttpClient(baseUrl: string, defaults: { headers?: Record<string, string>; timeoutMs?: number } = {}): HttpClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    async request<T>(path: string, options: HttpRequestOptions = {}): Promise<HttpResponse<T>> {
      const url = new URL(base + (path.startsWith('/') ? path : `/${path}`));
      for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = { accept: 'application/json', ...defaults.headers, ...options.headers };
      let body: string | Buffer | URLSearchParams | undefined = options.body;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] = 'application/json';
      }
      if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
      const method = options.method ?? (body === undefined ? 'GET' : 'POST');
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
      } catch (err) {
        throw new UpstreamError(`${method} ${url.origin}${url.pathname} failed: ${(err as Error).message}`, {
          retryable: true,
          cause: err,
        });
      }
      const text = await res.text();
      if (!res.ok && !options.accept?.includes(res.status)) {
        throw new UpstreamError(`${method} ${url.origin}${url.pathname} answered ${res.status}`, {
          upstreamStatus: res.status,
          retryable: res.status === 429 || res.status >= 500 || res.status === 408,
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
          body: text,
        });
      }
      return { status: res.status, headers: res.headers, body: parseBody(text, res.headers) as T, text };
    },
  };
}

function parseBody(text: string, headers: Headers): unknown {
  if (!text) return undefined;
  if ((headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** RFC 9110 §10.2.3: either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
