/** @module The registry the hub resolves connector types through. */
import { z } from 'zod';
import { NotFoundError } from './errors.ts';
import type { AnyConnector, ConnectorDefinition, ConnectorKind } from './define-connector.ts';

export interface ConnectorTypeInfo {
  type: string;
  kind: ConnectorKind;
  title: string;
  description?: string;
  configSchema: unknown;
  secretsSchema: unknown;
  inbound: boolean;
  poll: boolean;
  actions: string[];
}

export class ConnectorRegistry {
  readonly #byType = new Map<string, AnyConnector>();

  register(...defs: ConnectorDefinition<any, any>[]): this {
    for (const def of defs) {
      if (this.#byType.has(def.type)) throw new Error(`connector type "${def.type}" registered twice`);
      this.#byType.set(def.type, def as AnyConnector);
    }
    return this;
  }

  has(type: string): boolean {
    return this.#byType.has(type);
  }

  get(type: string): AnyConnector {
    const def = this.#byType.get(type);
    if (!def) throw new NotFoundError(`no connector type "${type}" is registered`, 'connector_type_unknown');
    return def;
  }

  list(): AnyConnector[] {
    return [...this.#byType.values()];
  }

  /** JSON Schema (draft 2020-12) of config and secrets, with the `ui` hints the console renders. */
  describe(type: string): ConnectorTypeInfo {
    const def = this.get(type);
    return {
      type: def.type,
      kind: def.kind,
      title: def.title,
      description: def.description,
      configSchema: z.toJSONSchema(def.config, { io: 'input', unrepresentable: 'any' }),
      secretsSchema: z.toJSONSchema(def.secrets, { io: 'input', unrepresentable: 'any' }),
      inbound: Boolean(def.inbound),
      poll: Boolean(def.poll),
      actions: Object.keys(def.actions ?? {}),
    };
  }
}
