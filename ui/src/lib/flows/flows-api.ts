/**
 * @module The flows API from the browser: one function per call, JSON in and out, the hub's problem
 * answers turned into {@link FlowsApiError} (with the validation issues when a publish is refused).
 *
 * @example
 * ```ts
 * const api = flowsApi(fetch);
 * const flow = await api.get('failover');
 * await api.saveDraft(flow.id, flow.draft);
 * ```
 */
import type { FlowDocument, FlowIssue } from '@dropline/rules';
import type {
  CreateFlowRequest,
  FlowDetail,
  FlowSummary,
  FlowVersion,
  FlowVersionSummary,
  ShadowDecision,
  SimulationResponse,
} from './api-types.ts';

type Fetch = typeof fetch;

export class FlowsApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** Node-level problems the hub found (a refused publish answers 422 with them). */
  readonly issues: FlowIssue[];

  constructor(status: number, message: string, code?: string, issues: FlowIssue[] = []) {
    super(message);
    this.name = 'FlowsApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** What a test run starts from: a sample order, a real one by id, or the last N real orders. */
export type SimulateRequest = { flow?: FlowDocument } & ({ order: unknown } | { orderId: string } | { replay: number });

export interface FlowsApi {
  list(): Promise<FlowSummary[]>;
  create(request: CreateFlowRequest): Promise<FlowDetail>;
  get(id: string): Promise<FlowDetail>;
  saveDraft(id: string, flow: FlowDocument, author?: string): Promise<FlowDetail>;
  validate(id: string, flow?: FlowDocument): Promise<FlowIssue[]>;
  publish(id: string, message: string, author?: string): Promise<{ version: number }>;
  versions(id: string): Promise<FlowVersionSummary[]>;
  version(id: string, version: number): Promise<FlowVersion>;
  rollback(id: string, version: number, author?: string): Promise<{ version: number }>;
  simulate(id: string, request: SimulateRequest): Promise<SimulationResponse>;
  setShadow(id: string, version: number | null): Promise<void>;
  shadowDecisions(id: string, limit?: number): Promise<ShadowDecision[]>;
  remove(id: string): Promise<void>;
}

export function flowsApi(fetchFn: Fetch): FlowsApi {
  const base = (id: string) => `/api/flows/${encodeURIComponent(id)}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await fetchFn(path, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new FlowsApiError(0, 'The hub could not be reached.');
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const json: unknown = text ? safeJson(text) : undefined;
    if (res.ok) return json as T;
    const problem = (json ?? {}) as { title?: string; detail?: string; code?: string; issues?: unknown };
    const issues = Array.isArray(problem.issues) ? (problem.issues as FlowIssue[]) : [];
    throw new FlowsApiError(res.status, problem.detail ?? problem.title ?? `the hub answered ${res.status}`, problem.code, issues);
  };

  return {
    list: async () => (await call<{ items: FlowSummary[] }>('GET', '/api/flows')).items,
    create: (request) => call('POST', '/api/flows', request),
    get: (id) => call('GET', base(id)),
    saveDraft: (id, flow, author) => call('PUT', `${base(id)}/draft`, { flow, ...(author ? { author } : {}) }),
    validate: async (id, flow) => (await call<{ issues: FlowIssue[] }>('POST', `${base(id)}/validate`, flow ? { flow } : {})).issues,
    publish: (id, message, author) => call('POST', `${base(id)}/publish`, { message, ...(author ? { author } : {}) }),
    versions: async (id) => (await call<{ items: FlowVersionSummary[] }>('GET', `${base(id)}/versions`)).items,
    version: (id, version) => call('GET', `${base(id)}/versions/${version}`),
    rollback: (id, version, author) => call('POST', `${base(id)}/rollback`, { version, ...(author ? { author } : {}) }),
    simulate: (id, request) => call('POST', `${base(id)}/simulate`, request),
    setShadow: async (id, version) => {
      await call('PUT', `${base(id)}/shadow`, { version });
    },
    shadowDecisions: async (id, limit = 20) => (await call<{ items: ShadowDecision[] }>('GET', `${base(id)}/shadow-decisions?limit=${limit}`)).items,
    remove: (id) => call('DELETE', base(id)),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
