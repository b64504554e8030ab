/** @module What a connector sees of an inbound delivery, and what it gives back. */
import type { EventDataInput, EventType } from '../model/events.ts';
import type { ActionContext } from './actions.ts';

export interface InboundRequest {
  /** The body exactly as received: signatures are computed over these bytes. */
  rawBody: Buffer;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** What `enrich` returned for this delivery; set only when `normalize` runs in the inbox's apply job. */
  enriched?: unknown;
}

export interface ConnectorContext<Config, Secrets> {
  /** The id an admin gave this connector instance (also the `source` of its events). */
  connectorId: string;
  config: Config;
  secrets: Secrets;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** How the hub finds the order an event belongs to. */
export interface EventRef {
  /** The store's order id, looked up within this connector's orders. */
  externalOrderId?: string;
  /** The purchase-order number Dropline gave a supplier. */
  supplierOrderId?: string;
  trackingNumber?: string;
  rmaNumber?: string;
}

/** A canonical event as a connector emits it: the hub adds id, source, order id and schema version. */
export type InboundEvent = {
  [K in EventType]: { type: K; occurredAt?: string; data: EventDataInput<K>; ref?: EventRef };
}[EventType];

export type NormalizeResult =
  /** Events to store. `version` orders updates of the same object so a stale retry never wins. */
  | { kind: 'events'; events: InboundEvent[]; topic: string; version?: string }
  /** Authentic, understood, and deliberately not acted on (a topic we don't handle). */
  | { kind: 'ignored'; topic: string; reason: string }
  /** Answered without storing anything (a subscription ping or handshake). */
  | { kind: 'reply'; status: 200 | 204; body?: unknown };

export interface InboundHandler<Config, Secrets> {
  /** Checks authenticity over the raw body. Must be constant-time where it compares secrets. */
  verify(req: InboundRequest, ctx: ConnectorContext<Config, Secrets>): VerifyResult;
  /**
   * The sender's id for this delivery, stable across its retries, so a retry is recognised as a
   * duplicate. Return undefined to let the hub use a digest of the body.
   */
  deliveryId?(req: InboundRequest, ctx: ConnectorContext<Config, Secrets>): string | undefined;
  /** Turns the payload into canonical events; throws ValidationError naming the bad field. */
  normalize(req: InboundRequest, ctx: ConnectorContext<Config, Secrets>): NormalizeResult;
  /**
   * Optional asynchronous step for payloads that only point at the data (BigCommerce sends an order id
   * and nothing else) or whose mapping is asynchronous (JSONata). It runs off the request path, in the
   * `inbox.apply` job, after the delivery is stored; its result reaches `normalize` as `req.enriched`.
   * On receipt `normalize` runs without it, so it must still accept or refuse the delivery there (an
   * `events` result with no events stores it for the job to complete). Throw a retryable error to try
   * again later, any other AppError to keep the delivery as rejected.
   */
  enrich?(req: InboundRequest, ctx: ActionContext<Config, Secrets>): Promise<unknown>;
  /**
   * True when `normalize` already validated its events' data against the canonical schemas (the
   * Shopify connector does, to name the store's fields in errors); otherwise the inbox validates them.
   */
  validatesEvents?: boolean;
}
