/**
 * @module Supplier orders (purchase orders): one per supplier per routing decision.
 *
 * The id is the PO number the supplier sees. It is created with the routing decision and used as the
 * idempotency key of the placement, so re-running a placement can never create a second order.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { ValidationError, type PlaceOrderLine } from '@dropline/connectors/sdk';
import type { Database, Queryable } from '../db/database.ts';

export const SUPPLIER_ORDER_STATUSES = [
  'pending',
  'placed',
  'acknowledged',
  'backordered',
  'rejected',
  'cancelled',
  'shipped',
  'delivered',
] as const;
export type SupplierOrderStatus = (typeof SUPPLIER_ORDER_STATUSES)[number];

/** Statuses after which the supplier no longer holds any of the lines (they go back to routing). */
export const RELEASED_STATUSES: readonly SupplierOrderStatus[] = ['backordered', 'rejected', 'cancelled'];

/** A line of a purchase order: what the supplier is sent (the placement input's line). */
export type SupplierOrderLine = PlaceOrderLine;

export type SupplierOrderRow = typeof import('../db/schema-sqlite.ts').supplierOrders.$inferSelect;

/** "PO-" and 12 characters of Crockford base32: short enough for EDI BEG03 (≤ 22) and humans on a phone. */
export function newPurchaseOrderNumber(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % 32];
  return `PO-${s}`;
}

export class SupplierOrderRepository {
  constructor(private readonly db: Database) {}

  async create(
    tx: Queryable,
    input: { orderId: string; supplierId: string; lines: SupplierOrderLine[]; attempt: number },
    now: number,
  ): Promise<SupplierOrderRow> {
    const row: SupplierOrderRow = {
      id: newPurchaseOrderNumber(),
      orderId: input.orderId,
      supplierId: input.supplierId,
      status: 'pending',
      lines: input.lines as unknown as Array<Record<string, unknown>>,
      attempt: input.attempt,
      externalId: null,
      placedAt: null,
      acknowledgedAt: null,
      shippedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(this.db.t.supplierOrders).values(row);
    return row;
  }

  async find(tx: Queryable, id: string): Promise<SupplierOrderRow | undefined> {
    const [row] = await tx.select().from(this.db.t.supplierOrders).where(eq(this.db.t.supplierOrders.id, id));
    return row;
  }

  /** The supplier order an inbound event names; the supplier must be the one it was placed with. */
  async requireFor(tx: Queryable, id: string, supplierId: string): Promise<SupplierOrderRow> {
    const row = await this.find(tx, id);
    if (!row || row.supplierId !== supplierId) {
      throw new ValidationError(`no supplier order "${id}" with supplier "${supplierId}"`, [
        { field: 'supplierOrderId', message: 'unknown purchase order for this supplier' },
      ], 'supplier_order_unknown');
    }
    return row;
  }

  async forOrder(tx: Queryable, orderId: string): Promise<SupplierOrderRow[]> {
    const t = this.db.t.supplierOrders;
    return tx.select().from(t).where(eq(t.orderId, orderId)).orderBy(t.createdAt, t.id);
  }

  async update(tx: Queryable, id: string, patch: Partial<Omit<SupplierOrderRow, 'id'>>, now: number): Promise<void> {
    const t = this.db.t.supplierOrders;
    await tx.update(t).set({ ...patch, updatedAt: now }).where(eq(t.id, id));
  }

  /** Moves to `status` only from one of `from`; false if the order had moved on (a late or repeated event). */
  async transition(
    tx: Queryable,
    id: string,
    from: readonly SupplierOrderStatus[],
    patch: Partial<Omit<SupplierOrderRow, 'id'>> & { status: SupplierOrderStatus },
    now: number,
  ): Promise<boolean> {
    const t = this.db.t.supplierOrders;
    const rows = await tx
      .update(t)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(t.id, id), inArray(t.status, [...from])))
      .returning({ id: t.id });
    return rows.length === 1;
  }
}
