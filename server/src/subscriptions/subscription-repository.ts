/**
 * @module Event subscriptions as stored: the subscriptions (their signing secrets sealed, returned only
 * when made or rotated), their deliveries and the attempts at each (the delivery log).
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import { NotFoundError, newWebhookSecret } from '@dropline/connectors/sdk';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { SubscriptionDeliveryStatus } from '../db/tables/subscriptions.ts';
import { newId } from '../ids.ts';

export type SubscriptionRow = typeof import('../db/schema-sqlite.ts').subscriptions.$inferSelect;
export type SubscriptionDeliveryRow = typeof import('../db/schema-sqlite.ts').subscriptionDeliveries.$inferSelect;
export type SubscriptionAttemptRow = typeof import('../db/schema-sqlite.ts').subscriptionAttempts.$inferSelect;

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  description?: string | null;
  enabled?: boolean;
}

export class SubscriptionRepository {
  /** Enabled subscriptions, cached briefly: the recorder asks on every event it records. */
  #active: { at: number; rows: Promise<SubscriptionRow[]> } | undefined;

  constructor(
    private readonly db: Database,
    private readonly box: SecretBox,
    /** Several hubs may share the database: a change made by another is seen after this long. */
    private readonly cacheTtlMs = 2_000,
  ) {}

  /** Creates a subscription; the secret is returned this once (and on rotation), never again. */
  async create(input: SubscriptionInput): Promise<{ row: SubscriptionRow; secret: string }> {
    const now = Date.now();
    const id = newId('sub', now);
    const secret = newWebhookSecret();
    const row: SubscriptionRow = {
      id,
      url: input.url,
      eventTypes: input.eventTypes,
      description: input.description ?? null,
      secretEnc: this.#seal(id, secret),
      enabled: input.enabled ?? true,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.db.transaction((tx) => tx.insert(this.db.t.subscriptions).values(row));
    this.#active = undefined;
    return { row, secret };
  }

  async update(id: string, patch: Partial<SubscriptionInput>): Promise<SubscriptionRow> {
    const held = await this.get(id);
    const next: SubscriptionRow = {
      ...held,
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.eventTypes !== undefined ? { eventTypes: patch.eventTypes } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled, disabledReason: patch.enabled ? null : held.disabledReason } : {}),
      updatedAt: Date.now(),
    };
    await this.db.transaction((tx) => tx.update(this.db.t.subscriptions).set(next).where(eq(this.db.t.subscriptions.id, id)));
    this.#active = undefined;
    return next;
  }

  async rotateSecret(id: string): Promise<{ row: SubscriptionRow; secret: string }> {
    const held = await this.get(id);
    const secret = newWebhookSecret();
    const row = { ...held, secretEnc: this.#seal(id, secret), updatedAt: Date.now() };
    await this.db.transaction((tx) => tx.update(this.db.t.subscriptions).set(row).where(eq(this.db.t.subscriptions.id, id)));
    return { row, secret };
  }

  /** The endpoint said it is gone (410): stop sending to it until someone turns it back on. */
  async disable(tx: Queryable, id: string, reason: string): Promise<void> {
    await tx.update(this.db.t.subscriptions).set({ enabled: false, disabledReason: reason, updatedAt: Date.now() }).where(eq(this.db.t.subscriptions.id, id));
    this.#active = undefined;
  }

  async delete(id: string): Promise<void> {
    const rows = await this.db.transaction((tx) =>
      tx.delete(this.db.t.subscriptions).where(eq(this.db.t.subscriptions.id, id)).returning({ id: this.db.t.subscriptions.id }),
    );
    this.#active = undefined;
    if (rows.length === 0) throw notFound(id);
  }

  async get(id: string, tx: Queryable = this.db.q): Promise<SubscriptionRow> {
    const [row] = await tx.select().from(this.db.t.subscriptions).where(eq(this.db.t.subscriptions.id, id));
    if (!row) throw notFound(id);
    return row;
  }

  async list(): Promise<SubscriptionRow[]> {
    const t = this.db.t.subscriptions;
    return this.db.q.select().from(t).orderBy(t.createdAt, t.id);
  }

  async active(): Promise<SubscriptionRow[]> {
    if (this.#active && Date.now() - this.#active.at < this.cacheTtlMs) return this.#active.rows;
    const t = this.db.t.subscriptions;
    const rows = this.db.q.select().from(t).where(eq(t.enabled, true));
    this.#active = { at: Date.now(), rows };
    rows.catch(() => (this.#active = undefined));
    return rows;
  }

  secretOf(row: SubscriptionRow): string {
    return this.box.open(row.secretEnc, `subscription:${row.id}`);
  }

  /** Inserts a delivery unless this subscription has one for the event already; true when inserted. */
  async addDelivery(tx: Queryable, row: SubscriptionDeliveryRow): Promise<boolean> {
    const t = this.db.t.subscriptionDeliveries;
    return (await tx.insert(t).values(row).onConflictDoNothing().returning({ id: t.id })).length === 1;
  }

  async delivery(id: string, tx: Queryable = this.db.q): Promise<SubscriptionDeliveryRow> {
    const [row] = await tx.select().from(this.db.t.subscriptionDeliveries).where(eq(this.db.t.subscriptionDeliveries.id, id));
    if (!row) throw new NotFoundError(`no subscription delivery "${id}"`, 'subscription_delivery_not_found');
    return row;
  }

  async deliveries(filter: { subscriptionId: string; status?: SubscriptionDeliveryStatus; before?: string; limit: number }): Promise<SubscriptionDeliveryRow[]> {
    const t = this.db.t.subscriptionDeliveries;
    return this.db.q
      .select()
      .from(t)
      .where(and(eq(t.subscriptionId, filter.subscriptionId), filter.status ? eq(t.status, filter.status) : undefined, filter.before ? lt(t.id, filter.before) : undefined))
      .orderBy(desc(t.id))
      .limit(filter.limit);
  }

  async attempts(deliveryId: string): Promise<SubscriptionAttemptRow[]> {
    const t = this.db.t.subscriptionAttempts;
    return this.db.q.select().from(t).where(eq(t.deliveryId, deliveryId)).orderBy(t.id);
  }

  /** Logs one attempt and the delivery's state after it, together. */
  async recordAttempt(
    tx: Queryable,
    attempt: Omit<SubscriptionAttemptRow, 'id'>,
    state: { status: SubscriptionDeliveryStatus; nextAttemptAt: number | null },
  ): Promise<void> {
    await tx.insert(this.db.t.subscriptionAttempts).values(attempt);
    const t = this.db.t.subscriptionDeliveries;
    await tx
      .update(t)
      .set({
        status: state.status,
        attempts: attempt.attempt,
        lastStatus: attempt.responseStatus,
        lastError: attempt.error,
        nextAttemptAt: state.nextAttemptAt,
        updatedAt: attempt.attemptedAt,
        ...(state.status === 'succeeded' ? { deliveredAt: attempt.attemptedAt } : {}),
      })
      .where(eq(t.id, attempt.deliveryId));
  }

  /** A replay starts the delivery over: pending again, on a fresh retry schedule. */
  async reopen(tx: Queryable, id: string): Promise<void> {
    const t = this.db.t.subscriptionDeliveries;
    await tx.update(t).set({ status: 'pending', nextAttemptAt: Date.now(), updatedAt: Date.now() }).where(eq(t.id, id));
  }

  #seal(id: string, secret: string): string {
    return this.box.seal(secret, `subscription:${id}`);
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`no subscription "${id}"`, 'subscription_not_found');
}
