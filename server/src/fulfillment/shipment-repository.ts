/** @module Shipments: what left a supplier's dock, with carrier and tracking number, and where it is now. */
import { and, eq } from 'drizzle-orm';
import type { Database, Queryable } from '../db/database.ts';
import { newId } from '../ids.ts';

export type ShipmentRow = typeof import('../db/schema-sqlite.ts').shipments.$inferSelect;

export interface ShipmentLine {
  lineId?: string;
  sku: string | null;
  quantity: number;
}

export class ShipmentRepository {
  constructor(private readonly db: Database) {}

  /** Inserts unless the carrier + tracking number is known; returns undefined for a repeat. */
  async insert(
    tx: Queryable,
    input: Omit<ShipmentRow, 'id' | 'status' | 'updatedAt' | 'deliveredAt' | 'lastEvent' | 'estimatedDeliveryAt'>,
    now: number,
  ): Promise<ShipmentRow | undefined> {
    const row: ShipmentRow = {
      ...input,
      id: newId('shp', now),
      status: 'pre_transit',
      lastEvent: null,
      estimatedDeliveryAt: null,
      deliveredAt: null,
      updatedAt: now,
    };
    const rows = await tx.insert(this.db.t.shipments).values(row).onConflictDoNothing().returning({ id: this.db.t.shipments.id });
    return rows.length === 1 ? row : undefined;
  }

  /** By tracking number; the carrier name is compared loosely ("UPS" and "ups" are one carrier). */
  async byTracking(tx: Queryable, trackingNumber: string, carrier?: string): Promise<ShipmentRow | undefined> {
    const t = this.db.t.shipments;
    const rows = await tx.select().from(t).where(eq(t.trackingNumber, trackingNumber));
    if (rows.length <= 1 || !carrier) return rows[0];
    return rows.find((r) => r.carrier.toLowerCase() === carrier.toLowerCase()) ?? rows[0];
  }

  async forOrder(tx: Queryable, orderId: string): Promise<ShipmentRow[]> {
    const t = this.db.t.shipments;
    return tx.select().from(t).where(eq(t.orderId, orderId)).orderBy(t.shippedAt, t.id);
  }

  async update(tx: Queryable, id: string, patch: Partial<Omit<ShipmentRow, 'id'>>, now: number): Promise<void> {
    const t = this.db.t.shipments;
    await tx.update(t).set({ ...patch, updatedAt: now }).where(and(eq(t.id, id)));
  }
}
