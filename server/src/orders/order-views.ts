/** @module Orders as the API and console show them: canonical order, suppliers, and on detail the timeline. */
import { inArray } from 'drizzle-orm';
import type { CanonicalOrder } from '@dropline/connectors/model';
import type { Database } from '../db/database.ts';
import type { StoredEvent } from '../events/event-store.ts';
import type { Repositories } from '../workflow/repositories.ts';
import type { OrderRow } from './order-repository.ts';

export type OrderView = CanonicalOrder & { suppliers: string[] };

export interface OrderDetail extends OrderView {
  events: StoredEvent[];
  supplierOrders: Record<string, unknown>[];
  shipments: Record<string, unknown>[];
}

export class OrderViews {
  constructor(
    private readonly db: Database,
    private readonly repos: Repositories,
  ) {}

  async list(filter: Parameters<Repositories['orders']['list']>[0]): Promise<{ items: OrderView[]; nextCursor: string | null }> {
    const { rows, nextCursor } = await this.repos.orders.list(filter);
    const suppliers = await this.#suppliersOf(rows);
    return { items: rows.map((r) => ({ ...this.repos.orders.toCanonical(r), suppliers: suppliers.get(r.id) ?? [] })), nextCursor };
  }

  async get(id: string): Promise<OrderDetail> {
    const { row, events, supplierOrders, shipments } = await this.db.snapshot(async (tx) => ({
      row: await this.repos.orders.require(tx, id),
      events: await this.repos.events.forOrder(id, tx),
      supplierOrders: await this.repos.supplierOrders.forOrder(tx, id),
      shipments: await this.repos.shipments.forOrder(tx, id),
    }));
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      ...this.repos.orders.toCanonical(row),
      suppliers: activeSuppliers(supplierOrders),
      events,
      supplierOrders: supplierOrders.map((so) => ({
        ...so,
        placedAt: iso(so.placedAt),
        acknowledgedAt: iso(so.acknowledgedAt),
        shippedAt: iso(so.shippedAt),
        createdAt: iso(so.createdAt),
        updatedAt: iso(so.updatedAt),
      })),
      shipments: shipments.map((s) => ({ ...s, shippedAt: iso(s.shippedAt), deliveredAt: iso(s.deliveredAt), updatedAt: iso(s.updatedAt) })),
    };
  }

  async #suppliersOf(rows: OrderRow[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (rows.length === 0) return out;
    const t = this.db.t.supplierOrders;
    const sos = await this.db.q
      .select({ orderId: t.orderId, supplierId: t.supplierId, status: t.status })
      .from(t)
      .where(inArray(t.orderId, rows.map((r) => r.id)));
    const byOrder = new Map<string, typeof sos>();
    for (const so of sos) byOrder.set(so.orderId, [...(byOrder.get(so.orderId) ?? []), so]);
    for (const [orderId, list] of byOrder) out.set(orderId, activeSuppliers(list));
    return out;
  }
}

/** Suppliers that hold or shipped lines (not the ones that gave everything back). */
function activeSuppliers(sos: { supplierId: string; status: string }[]): string[] {
  return [...new Set(sos.filter((so) => !['backordered', 'rejected', 'cancelled'].includes(so.status)).map((so) => so.supplierId))];
}
