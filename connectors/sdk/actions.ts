/**
 * @module Outbound actions: what the hub can ask a connector to do.
 *
 * Each action gets an idempotency key derived from the event that caused it, so a retried job repeats
 * the same request and the far side (or the connector) can drop it. Expected refusals come back as values.
 */
import type { Address, Customer } from '../model/order.ts';
import type { TrackingStatus } from '../model/events.ts';
import type { HttpClient } from './http-client.ts';
import type { ConnectorContext, InboundEvent } from './inbound.ts';

export interface ConnectorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Small durable key/value state per connector (a poll cursor, an OAuth token). */
export interface ConnectorState {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /**
   * Reads, changes and writes one key as one step, across hub processes: for counters that must never
   * hand out a number twice (EDI control numbers) and lists that concurrent jobs add to. `fn` must be
   * pure (it may run again). Use {@link updateState}, which falls back to get/set in one process.
   */
  update?<T>(key: string, fn: (current: T | undefined) => T): Promise<T>;
}

export interface ActionContext<Config, Secrets> extends ConnectorContext<Config, Secrets> {
  idempotencyKey: string;
  log: ConnectorLogger;
  state: ConnectorState;
  /** Builds a client for a base URL; connectors pass their configured (overridable) base URL. */
  http(baseUrl: string, defaults?: { headers?: Record<string, string>; timeoutMs?: number }): HttpClient;
}

export interface PlaceOrderLine {
  lineId: string;
  sku: string | null;
  supplierSku: string;
  title: string;
  quantity: number;
  unitCost?: string;
}

export interface PlaceOrderInput {
  /** Dropline's purchase-order number: unique per supplier order and stable across retries. */
  supplierOrderId: string;
  order: {
    id: string;
    number: string;
    currency: string;
    placedAt: string;
    shippingAddress?: Address;
    customer: Customer;
    shippingMethod?: string;
    note?: string;
  };
  lines: PlaceOrderLine[];
}

/**
 * `submitted`: the supplier took the order and will acknowledge later (webhook, file).
 * Events in `events` are recorded at once, for suppliers whose API answers with the acknowledgment.
 */
export interface PlaceOrderResult {
  status: 'submitted';
  externalId?: string;
  events?: InboundEvent[];
}

export interface FulfillmentInput {
  order: { externalId: string; number: string };
  carrier: string;
  trackingNumber: string;
  trackingUrl?: string;
  /** Store line ids and quantities in this shipment (partial fulfilment when not all lines). */
  lines: { lineId: string; quantity: number }[];
  notifyCustomer: boolean;
}

export interface RefundInput {
  order: { externalId: string; number: string; currency: string };
  amount: string;
  reason?: string;
  lines: { lineId: string; quantity: number }[];
}

export interface TrackInput {
  carrier: string;
  trackingNumber: string;
}

export interface TrackResult {
  status: TrackingStatus;
  events: InboundEvent[];
}

export interface NotifyInput {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface InventoryLevel {
  /** The store's SKU (connectors look up the platform's product/variant/inventory-item ids themselves). */
  sku: string;
  quantity: number;
  productId?: string;
  variantId?: string;
}

export interface PriceUpdate {
  sku: string;
  price: string;
  /** The "was" price shown struck through, when the store supports it. */
  compareAtPrice?: string;
  productId?: string;
  variantId?: string;
}

export interface SupplierFeed {
  items: { sku: string; quantity: number; cost?: string; currency?: string; gtin?: string }[];
  /** A full feed lists everything the supplier carries; a delta only what changed. */
  full: boolean;
}

export type AddressVerdict = 'deliverable' | 'corrected' | 'undeliverable';

export interface AddressValidation {
  verdict: AddressVerdict;
  /** The address as the service would ship it (when `corrected`, or normalised when `deliverable`). */
  corrected?: Address;
  messages: string[];
}

export interface ActionMap {
  placeOrder: (input: PlaceOrderInput) => Promise<PlaceOrderResult>;
  cancelSupplierOrder: (input: { supplierOrderId: string; externalId?: string; reason?: string }) => Promise<{ cancelled: boolean }>;
  createFulfillment: (input: FulfillmentInput) => Promise<{ externalId?: string }>;
  cancelOrder: (input: { order: { externalId: string }; reason?: string }) => Promise<{ cancelled: boolean }>;
  refund: (input: RefundInput) => Promise<{ externalId?: string; amount: string }>;
  track: (input: TrackInput) => Promise<TrackResult>;
  notify: (input: NotifyInput) => Promise<{ messageId?: string }>;
  /** Store: set on-hand quantities (only what changed is sent; the connector batches within rate limits). */
  setInventoryLevels: (input: { items: InventoryLevel[] }) => Promise<{ updated: number }>;
  /** Store: set retail prices. */
  updatePrices: (input: { items: PriceUpdate[] }) => Promise<{ updated: number }>;
  /** Store: add tags and/or a note to an order. */
  annotateOrder: (input: { order: { externalId: string }; tags?: string[]; note?: string }) => Promise<void>;
  /** Supplier: pull its current stock (and costs) feed. */
  fetchInventory: (input: Record<string, never>) => Promise<SupplierFeed>;
  /** Address service: is this address deliverable, and how would it be written correctly? */
  validateAddress: (input: { address: Address }) => Promise<AddressValidation>;
}

export type ActionName = keyof ActionMap;

export type ConnectorActions<Config, Secrets> = {
  [K in ActionName]?: (input: Parameters<ActionMap[K]>[0], ctx: ActionContext<Config, Secrets>) => ReturnType<ActionMap[K]>;
};
