/**
 * @module One error type with a stable `code`, an HTTP `status` and whether retrying can help.
 *
 * Expected business outcomes (a supplier saying "backordered") are values, not errors. Errors are for
 * what stops the work: a bad signature, bad input, an upstream outage, a misconfiguration.
 */
import type { FieldIssue } from '../model/validation.ts';

export interface AppErrorOptions {
  code: string;
  status: number;
  retryable?: boolean;
  /** Extra members for the RFC 9457 problem body (e.g. `errors` with field issues). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly extra: Record<string, unknown>;

  constructor(message: string, options: AppErrorOptions) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.extra = options.extra ?? {};
  }
}

/** The sender could not prove who it is (missing or wrong signature). */
export class VerificationError extends AppError {
  constructor(message: string, code = 'signature_invalid') {
    super(message, { code, status: 401 });
  }
}

/** The input is not what the schema says; `errors` names each bad field. */
export class ValidationError extends AppError {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[] = [], code = 'validation_failed', status = 422) {
    super(message, { code, status, extra: issues.length ? { errors: issues } : {} });
    this.issues = issues;
  }
}

/** A remote system failed. 5xx, 429 and network errors are retryable; other 4xx are not. */
export class UpstreamError extends AppError {
  readonly upstreamStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: { upstreamStatus?: number; retryable: boolean; retryAfterMs?: number; body?: string; cause?: unknown },
  ) {
    super(message, {
      code: 'upstream_failed',
      status: 502,
      retryable: options.retryable,
      extra: { upstreamStatus: options.upstreamStatus, upstreamBody: options.body?.slice(0, 2000) },
      cause: options.cause,
    });
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The connector's configuration cannot work (missing secret, unknown supplier, …); retrying won't help. */
export class ConfigurationError extends AppError {
  constructor(message: string, code = 'configuration_invalid') {
    super(message, { code, status: 409 });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, code = 'not_found') {
    super(message, { code, status: 404 });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(message, { code, status: 409 });
  }
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof AppError) return err.retryable;
  // Unknown failures (a bug, a dropped socket) are retried: the job's attempt limit bounds them.
  return true;
}
