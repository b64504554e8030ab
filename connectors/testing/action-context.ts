/** @module An ActionContext for calling a connector's actions directly in its own tests. */
import type { z } from 'zod';
import type { ActionContext, ConnectorState } from '../sdk/actions.ts';
import type { ConnectorDefinition } from '../sdk/define-connector.ts';
import { createHttpClient } from '../sdk/http-client.ts';

export function memoryState(): ConnectorState & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    async get<T>(key: string) {
      return values.get(key) as T | undefined;
    },
    async set(key, value) {
      values.set(key, structuredClone(value));
    },
  };
}

export function actionContextFor<C extends z.ZodType, S extends z.ZodType>(
  def: ConnectorDefinition<C, S>,
  options: { config: z.input<C>; secrets: z.input<S>; idempotencyKey?: string; state?: ConnectorState; connectorId?: string },
): ActionContext<z.output<C>, z.output<S>> {
  const silent = { info() {}, warn() {}, error() {} };
  return {
    connectorId: options.connectorId ?? def.type,
    config: def.config.parse(options.config),
    secrets: def.secrets.parse(options.secrets),
    idempotencyKey: options.idempotencyKey ?? 'test-key',
    log: silent,
    state: options.state ?? memoryState(),
    http: (baseUrl, defaults) => createHttpClient(baseUrl, defaults),
  };
}
