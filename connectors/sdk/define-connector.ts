/**
 * @module `defineConnector`: the one shape every integration has.
 *
 * A connector is a folder that exports one definition. The hub never imports a connector by name: it
 * looks the type up in a {@link ConnectorRegistry}. Config and secrets are zod schemas whose `.meta()`
 * (title, description, `ui` hints) is enough for the console to draw the form.
 *
 * @example
 * ```ts
 * export const acme = defineConnector({
 *   type: 'acme', kind: 'supplier', title: 'Acme',
 *   config: z.object({ apiBaseUrl: z.url() }),
 *   secrets: z.object({ apiKey: z.string() }),
 *   actions: { placeOrder: async (input, ctx) => ({ status: 'submitted' }) },
 * });
 * ```
 */
import { z } from 'zod';
import type { ActionContext, ConnectorActions } from './actions.ts';
import type { ConnectorContext, InboundEvent, InboundHandler } from './inbound.ts';

export const CONNECTOR_KINDS = ['store', 'supplier', 'carrier', 'returns', 'notify', 'address'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** One item a poll found; it enters the same inbox as a webhook delivery, with its own delivery id. */
export interface PolledDelivery {
  deliveryId: string;
  topic: string;
  events: InboundEvent[];
  /** The raw item, kept in the inbox for audit and replay. */
  payload: unknown;
}

export interface PollHandler<Config, Secrets> {
  /** How often to poll when the config doesn't say. */
  intervalMs(config: Config): number;
  run(ctx: ActionContext<Config, Secrets>): Promise<PolledDelivery[]>;
  /**
   * Called once every item `run` returned is stored in the inbox: advance a cursor here, not in `run`,
   * so a crash between the two fetches the items again (deduplicated by delivery id) instead of losing them.
   */
  acknowledge?(items: PolledDelivery[], ctx: ActionContext<Config, Secrets>): Promise<void>;
}

export interface ConnectorDefinition<C extends z.ZodType = z.ZodType, S extends z.ZodType = z.ZodType> {
  type: string;
  kind: ConnectorKind;
  title: string;
  description?: string;
  config: C;
  secrets: S;
  inbound?: InboundHandler<z.output<C>, z.output<S>>;
  poll?: PollHandler<z.output<C>, z.output<S>>;
  actions?: ConnectorActions<z.output<C>, z.output<S>>;
}

/** Identity function that keeps the config and secrets types flowing into the handlers. */
export function defineConnector<C extends z.ZodType, S extends z.ZodType>(
  def: ConnectorDefinition<C, S>,
): ConnectorDefinition<C, S> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(def.type)) throw new Error(`connector type "${def.type}" must be kebab-case`);
  return def;
}

/** A connector definition with its generics erased, as the registry holds them. */
export type AnyConnector = ConnectorDefinition<z.ZodType, z.ZodType>;
export type AnyConnectorContext = ConnectorContext<unknown, unknown>;
export type AnyActionContext = ActionContext<unknown, unknown>;
