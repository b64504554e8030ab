/**
 * @module The inbox: take a webhook delivery, and answer 2xx only once it is durably stored.
 *
 * Order of checks (each one cheaper than the next, and nothing stored before the signature holds):
 * known connector (404) → size (413, done by the HTTP layer) → signature (401) → duplicate (2xx, no
 * effect) → normalise (4xx naming the field; the delivery is kept as `rejected` for replay) → one
 * transaction that stores the delivery, records its events and enqueues the jobs they cause.
 *
 * If recording fails for a reason that isn't the payload's fault (a bug, a lock timeout), the delivery
 * is stored on its own with a job to record it later, and still accepted: a delivery we took is never
 * lost, and the sender isn't made to retry for our problem.
 */
import { createHash } from 'node:crypto';
import { AppError, NotFoundError, VerificationError, type InboundRequest, type NormalizeResult, type PolledDelivery } from '@dropline/connectors/sdk';
import type { ConnectorService, ResolvedConnector } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import type { EventDraft } from '../workflow/types.ts';
import { storableHeaders, type DeliveryRepository, type DeliveryRow } from './delivery-repository.ts';

export type ReceiveOutcome =
  | { outcome: 'accepted'; status: 202; delivery: string; events: number; skipped: string[] }
  | { outcome: 'queued'; status: 202; delivery: string }
  | { outcome: 'duplicate'; status: 200; delivery: string }
  | { outcome: 'ignored'; status: 200; delivery: string; reason: string }
  | { outcome: 'reply'; status: 200 | 204; body?: unknown };

export interface InboxDeps {
  db: Database;
  connectors: ConnectorService;
  deliveries: DeliveryRepository;
  recorder: EventRecorder;
  queue: JobQueue;
  log: Logger;
  /** Called after a commit that enqueued jobs, so workers look at once. */
  onJobs: () => void;
}

export class Inbox {
  constructor(private readonly deps: InboxDeps) {}

  /** Finds the connector a delivery is for; 404 if unknown or not one that takes deliveries. */
  async connectorFor(connectorId: string): Promise<ResolvedConnector> {
    const connector = await this.deps.connectors.resolve(connectorId).catch((err) => {
      if (err instanceof NotFoundError) throw new NotFoundError(`no connector "${connectorId}" takes deliveries here`, 'connector_not_found');
      throw err;
    });
    if (!connector.def.inbound || !connector.enabled) {
      throw new NotFoundError(`no connector "${connectorId}" takes deliveries here`, 'connector_not_found');
    }
    return connector;
  }

  async receive(connector: ResolvedConnector, req: InboundRequest): Promise<ReceiveOutcome> {
    const inbound = connector.def.inbound!;
    const cctx = { connectorId: connector.id, config: connector.config, secrets: connector.secrets };
    const verdict = inbound.verify(req, cctx);
    if (!verdict.ok) throw new VerificationError(verdict.reason);

    const deliveryId = inbound.deliveryId?.(req, cctx) ?? `sha256:${createHash('sha256').update(req.rawBody).digest('hex')}`;
    const earlier = await this.deps.deliveries.find(connector.id, deliveryId);
    if (earlier && earlier.status !== 'rejected') return { outcome: 'duplicate', status: 200, delivery: earlier.id };

    let result: NormalizeResult;
    try {
      result = inbound.normalize(req, cctx);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) await this.#keepRejected(connector.id, deliveryId, req, err, earlier);
      throw err;
    }
    if (result.kind === 'reply') return { outcome: 'reply', status: result.status, body: result.body };
    return this.#accept(connector.id, deliveryId, req, result, earlier);
  }

  /** An item a polling connector found: stored and recorded like a webhook delivery (no signature to check). */
  async acceptPolled(connectorId: string, item: PolledDelivery): Promise<ReceiveOutcome> {
    const earlier = await this.deps.deliveries.find(connectorId, item.deliveryId);
    if (earlier && earlier.status !== 'rejected') return { outcome: 'duplicate', status: 200, delivery: earlier.id };
    const req: InboundRequest = { rawBody: Buffer.from(JSON.stringify(item.payload)), headers: {}, query: new URLSearchParams() };
    return this.#accept(connectorId, item.deliveryId, req, { kind: 'events', events: item.events, topic: item.topic }, earlier).catch((err) => {
      if (err instanceof AppError && err.status < 500) return { outcome: 'ignored' as const, status: 200 as const, delivery: item.deliveryId, reason: err.message };
      throw err;
    });
  }

  async #accept(
    connectorId: string,
    deliveryId: string,
    req: InboundRequest,
    result: Exclude<NormalizeResult, { kind: 'reply' }>,
    earlier: DeliveryRow | undefined,
  ): Promise<ReceiveOutcome> {
    const row: DeliveryRow = {
      id: earlier?.id ?? newId('dlv'),
      connectorId,
      deliveryId,
      topic: result.topic,
      status: result.kind === 'ignored' ? 'ignored' : 'accepted',
      headers: storableHeaders(req.headers),
      body: req.rawBody.toString('utf8'),
      error: result.kind === 'ignored' ? result.reason : null,
      receivedAt: Date.now(),
      processedAt: Date.now(),
    };
    if (result.kind === 'ignored') {
      const stored = await this.deps.db.transaction((tx) => this.#store(tx, row, earlier));
      return stored ? { outcome: 'ignored', status: 200, delivery: row.id, reason: result.reason } : { outcome: 'duplicate', status: 200, delivery: row.id };
    }

    const drafts: EventDraft[] = result.events;
    try {
      const recorded = await this.deps.db.transaction(async (tx) => {
        if (!(await this.#store(tx, row, earlier))) return undefined;
        const r = await this.deps.recorder.record(tx, drafts, { source: connectorId, deliveryId: row.id });
        if (r.recorded.length === 0 && r.skipped.length > 0) {
          await this.deps.deliveries.setStatus(tx, row.id, r.skipped.every((s) => s.reason.startsWith('stale')) ? 'stale' : 'accepted', r.skipped.map((s) => `${s.type}: ${s.reason}`).join('; '));
        }
        return r;
      });
      if (!recorded) return { outcome: 'duplicate', status: 200, delivery: row.id };
      if (recorded.jobs > 0) this.deps.onJobs();
      return { outcome: 'accepted', status: 202, delivery: row.id, events: recorded.recorded.length, skipped: recorded.skipped.map((s) => s.reason) };
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        await this.#keepRejected(connectorId, deliveryId, req, err, earlier, row.id);
        throw err;
      }
      this.deps.log.error({ err, connector: connectorId, deliveryId }, 'recording a delivery failed; storing it to record later');
      return this.#queue(row, earlier);
    }
  }

  /** Records a stored delivery's events (the `inbox.apply` job and the replay action). */
  async apply(deliveryRowId: string, commit: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>): Promise<void> {
    const row = await this.deps.deliveries.get(deliveryRowId);
    const connector = await this.deps.connectors.resolve(row.connectorId);
    const req: InboundRequest = { rawBody: Buffer.from(row.body, 'utf8'), headers: row.headers, query: new URLSearchParams() };
    let result: NormalizeResult;
    try {
      result = connector.def.inbound!.normalize(req, { connectorId: connector.id, config: connector.config, secrets: connector.secrets });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await commit((tx) => this.deps.deliveries.setStatus(tx, row.id, 'rejected', err.message));
      return;
    }
    await commit(async (tx) => {
      if (result.kind !== 'events') {
        await this.deps.deliveries.setStatus(tx, row.id, 'ignored', result.kind === 'ignored' ? result.reason : 'no events');
        return;
      }
      const r = await this.deps.recorder.record(tx, result.events, { source: connector.id, deliveryId: row.id });
      await this.deps.deliveries.setStatus(tx, row.id, 'accepted', r.skipped.length ? r.skipped.map((s) => `${s.type}: ${s.reason}`).join('; ') : null, result.topic);
    });
  }

  /** Stores a new delivery, or takes over a previously rejected one; false if somebody else stored it first. */
  async #store(tx: Queryable, row: DeliveryRow, earlier: DeliveryRow | undefined): Promise<boolean> {
    return earlier ? this.deps.deliveries.replaceRejected(tx, earlier.id, row) : this.deps.deliveries.insert(tx, row);
  }

  async #keepRejected(connectorId: string, deliveryId: string, req: InboundRequest, err: AppError, earlier: DeliveryRow | undefined, id?: string) {
    const row: DeliveryRow = {
      id: earlier?.id ?? id ?? newId('dlv'),
      connectorId,
      deliveryId,
      topic: null,
      status: 'rejected',
      headers: storableHeaders(req.headers),
      body: req.rawBody.toString('utf8'),
      error: `${err.code}: ${err.message}`.slice(0, 4000),
      receivedAt: Date.now(),
      processedAt: Date.now(),
    };
    await this.deps.db
      .transaction(async (tx) => {
        if (earlier) await this.deps.deliveries.setStatus(tx, earlier.id, 'rejected', row.error);
        else await this.deps.deliveries.insert(tx, row);
      })
      .catch((e) => this.deps.log.error({ err: e, connectorId, deliveryId }, 'keeping a rejected delivery failed'));
  }

  async #queue(row: DeliveryRow, earlier: DeliveryRow | undefined): Promise<ReceiveOutcome> {
    const stored = await this.deps.db.transaction(async (tx) => {
      if (!(await this.#store(tx, { ...row, status: 'pending', processedAt: null }, earlier))) return false;
      await this.deps.queue.enqueue(tx, [{ type: JOB_TYPES.applyDelivery, payload: { delivery: row.id }, dedupeKey: `apply:${row.id}` }]);
      return true;
    });
    if (!stored) return { outcome: 'duplicate', status: 200, delivery: row.id };
    this.deps.onJobs();
    return { outcome: 'queued', status: 202, delivery: row.id };
  }
}
