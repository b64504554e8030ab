/**
 * @module Errors as RFC 9457 problem details (`application/problem+json`).
 *
 * `type` is a relative URI reference (§3.1.1) naming the problem; `code` repeats it as a stable,
 * machine-readable member; `errors` lists bad fields when input was invalid.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '@dropline/connectors/sdk';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  [extension: string]: unknown;
}

export function problemBody(status: number, code: string, detail?: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, ...(detail ? { detail } : {}), ...extra };
}

export function problemResponse(c: Context, status: number, code: string, detail?: string, extra: Record<string, unknown> = {}): Response {
  const body = problemBody(status, code, detail, { instance: c.req.path, requestId: c.get('requestId' as never), ...extra });
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'content-type': PROBLEM_CONTENT_TYPE });
}

/** Any thrown error → a problem response; unknown errors become a 500 that leaks nothing. */
export function errorToProblem(c: Context, err: unknown): Response {
  if (err instanceof AppError) {
    const extra = Object.fromEntries(Object.entries(err.extra).filter(([, v]) => v !== undefined));
    return problemResponse(c, err.status, err.code, err.message, err.status >= 500 ? {} : extra);
  }
  return problemResponse(c, 500, 'internal_error', 'something went wrong on our side; the request id finds it in the logs');
}
