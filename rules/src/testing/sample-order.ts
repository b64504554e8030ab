/**
 * @module Test inputs built from a real Shopify order (test/fixtures/store/shopify_order_get_2024-10.json)
 * mapped by the Shopify connector, so flows are exercised on the canonical order the hub really stores.
 */
import { fixtureJson } from '@dropline/connectors/testing';
import { CanonicalOrderSchema, OrderSnapshotSchema, type CanonicalOrder, type OrderSnapshotInput } from '@dropline/connectors/model';
import { mapShopifyOrder, type ShopifyOrder } from '../../../connectors/store-shopify/map-order.ts';
import type { FlowRunInput, TriggerEvent } from '../runtime/decision.ts';
import type { RoutingCandidate } from '../routing/routing-types.ts';

const SHOPIFY_ORDER = fixtureJson<{ order: ShopifyOrder }>('store/shopify_order_get_2024-10.json').order;

/**
 * The fixture's order (3 iPods at 199.00, USD, shipping to Louisville KY, US) as a canonical order.
 * `change` edits the store snapshot before validation (another country, other lines, …).
 */
export function sampleOrder(change: (snapshot: OrderSnapshotInput) => OrderSnapshotInput = (s) => s): CanonicalOrder {
  const snapshot = OrderSnapshotSchema.parse(change(mapShopifyOrder(structuredClone(SHOPIFY_ORDER))));
  return CanonicalOrderSchema.parse({
    ...snapshot,
    id: `ord_${snapshot.externalId}`,
    source: 'shopify-main',
    status: 'received',
    trackingUrl: `http://127.0.0.1:8787/t/${snapshot.externalId}`,
    createdAt: snapshot.placedAt,
    modifiedAt: snapshot.updatedAt,
  });
}

export function candidate(supplierId: string, o: { stock?: number | null; cost?: string | null; priority?: number; supplierSku?: string } = {}): RoutingCandidate {
  return {
    supplierId,
    // Empty: `routingInput` names it after the line's SKU, so each SKU has its own stock at a supplier.
    supplierSku: o.supplierSku ?? '',
    priority: o.priority ?? 1,
    cost: o.cost === undefined ? '100.00' : o.cost,
    currency: 'USD',
    stock: o.stock === undefined ? 10 : o.stock,
    stockUpdatedAt: null,
  };
}

/**
 * A routing input for the order: every shippable line still to place, candidates per SKU (the same list for
 * each line with that SKU, or `all` for every line), nothing excluded unless given.
 */
export function routingInput(
  order: CanonicalOrder,
  o: {
    candidates?: Record<string, RoutingCandidate[]>;
    all?: RoutingCandidate[];
    excluded?: FlowRunInput['excluded'];
    attempt?: number;
    event?: TriggerEvent;
    lines?: string[];
  } = {},
): FlowRunInput {
  const lines = order.lines
    .filter((l) => l.requiresShipping && !l.giftCard && (!o.lines || o.lines.includes(l.lineId)))
    .map((l) => ({ lineId: l.lineId, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice }));
  const excluded = o.excluded ?? {};
  const candidates: FlowRunInput['candidates'] = {};
  for (const l of lines) {
    const list = (l.sku !== null ? o.candidates?.[l.sku] : undefined) ?? o.all ?? [];
    const out = new Set((excluded[l.lineId] ?? []).map((e) => e.supplierId));
    candidates[l.lineId] = list
      .filter((c) => !out.has(c.supplierId))
      .map((c) => (c.supplierSku ? c : { ...c, supplierSku: `${c.supplierId}:${l.sku ?? ''}` }));
  }
  return {
    order,
    lines,
    candidates,
    excluded,
    attempt: o.attempt ?? 1,
    cause: { eventId: 'evt_1', type: o.event?.type ?? 'order.received' },
    ...(o.event ? { event: o.event } : {}),
  };
}
