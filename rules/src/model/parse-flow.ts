/**
 * @module Reading a stored flow: the JSON as saved by the editor or an older hub, checked against the flow
 * shape (not yet the graph rules: see `validateFlow`).
 */
import { FlowSchema, FLOW_SCHEMA_VERSION, type Flow } from './flow.ts';
import { FlowValidationError } from '../validation/issues.ts';
import { formatPath } from '@dropline/connectors/model';

export function parseFlow(json: unknown): Flow {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== undefined && version !== FLOW_SCHEMA_VERSION) {
    throw new FlowValidationError([{ code: 'invalid_flow', field: 'schemaVersion', message: `flow format ${String(version)} is not supported (this hub reads ${FLOW_SCHEMA_VERSION})` }]);
  }
  const parsed = FlowSchema.safeParse(json);
  if (!parsed.success) throw new FlowValidationError(parsed.error.issues.map((i) => ({ code: 'invalid_flow', field: formatPath(i.path), message: i.message })));
  return parsed.data;
}
