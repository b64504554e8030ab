/**
 * @module The inbox: take a delivery, and answer 2xx only once it is durably stored.
 *
 * Order of checks, each cheaper than the next and nothing stored before the signature holds: known
 * connector (404) → size (413, by the HTTP layer) → signature (401) → normalise and validate the events
 * (400/422 naming the field; the delivery is kept as `rejected`, to replay after a fix) → one transaction
 * that stores the delivery (unique on connector + delivery id: a repeat is a 2xx with no effect) and the
 * job that records its events → 202.
 *
 * Recording the events (creating the order, routing it, …) is that job's work, off the request path, so
 * a burst of deliveries is taken as fast as it can be stored and processed as fast as it can be worked.
 */
import { createHash } from 'node:crypto';
import { EVENT_DATA } from '@dropline/connectors/model';
import {
  AppError,
  NotFoundError,
  bodyText,
  VerificationError,
  parseOrThrow,
  type InboundEvent,
  type InboundRequest,
  type NormalizeResult,
  type PolledDelivery,
} from '@dropline/connectors/sdk';
import { actionContext } from '../connectors/action-context.ts';
import type { ConnectorService, ResolvedConnector } from '../connectors/connector-service.ts';
import type { Database, Queryable } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging.ts';
import type { EventRecorder } from '../workflow/event-recorder.ts';
import { JOB_TYPES } from '../workflow/job-types.ts';
import { storableHeaders, type DeliveryRepository, type DeliveryRow } from './delivery-repository.ts';
import { createIngestStatement, type IngestStatement } from './ingest-statement.ts';

export type ReceiveOutcome =
  | { outcome: 'accepted'; status: 202; delivery: string }
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

type Commit = <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>;

export class Inbox {
  #inFlight = 0;
  readonly #ingest: IngestStatement;

  constructor(private readonly deps: InboxDeps) {
    this.#ingest = createIngestStatement(deps.db);
  }

  /** Deliveries being received right now (the job runner eases off while this is high). */
  get inFlight(): number {
    return this.#inFlight;
  }

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
    this.#inFlight++;
    try {
      return await this.#receive(connector, req);
    } finally {
      this.#inFlight--;
    }
  }

  async #receive(connector: ResolvedConnector, req: InboundRequest): Promise<ReceiveOutcome> {
    const inbound = connector.def.inbound!;
    const cctx = { connectorId: connector.id, config: connector.config, secrets: connector.secrets };
    const verdict = inbound.verify(req, cctx);
    if (!verdict.ok) throw new VerificationError(verdict.reason);
    const deliveryId = inbound.deliveryId?.(req, cctx) ?? `sha256:${createHash('sha256').update(req.rawBody).digest('hex')}`;

    let result: NormalizeResult;
    try {
      result = inbound.normalize(req, cctx);
      if (result.kind === 'events' && !inbound.validatesEvents) validateEvents(result.events);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      // A repeat of a delivery we already took is answered as such, whatever its body says now.
      const earlier = await this.deps.deliveries.find(connector.id, deliveryId);
      if (earlier && earlier.status !== 'rejected') return { outcome: 'duplicate', status: 200, delivery: earlier.id };
      await this.#keepRejected(connector.id, deliveryId, req, err, earlier);
      throw err;
    }
    if (result.kind === 'reply') return { outcome: 'reply', status: result.status, body: result.body };
    return this.#store(connector.id, deliveryId, req, result);
  }

  /** An item a polling connector found: stored like a webhook delivery (it has no signature to check). */
  async acceptPolled(connectorId: string, item: PolledDelivery): Promise<ReceiveOutcome> {
    const req: InboundRequest = { rawBody: Buffer.from(JSON.stringify(item.payload)), headers: {}, query: new URLSearchParams() };
    try {
      validateEvents(item.events);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await this.#keepRejected(connectorId, item.deliveryId, req, err, await this.deps.deliveries.find(connectorId, item.deliveryId));
      return { outcome: 'ignored', status: 200, delivery: item.deliveryId, reason: err.message };
    }
    return this.#store(connectorId, item.deliveryId, req, { kind: 'events', events: item.events, topic: item.topic }, item.events);
  }

  /**
   * The `inbox.apply` job (and replays): record a stored delivery's events, from the raw body through the
   * connector again, or as a poll gave them. Events already recorded are recognised and skipped.
   */
  async apply(deliveryRowId: string, commit: Commit, polled?: InboundEvent[]): Promise<void> {
    const row = await this.deps.deliveries.get(deliveryRowId);
    let events = polled;
    if (!events) {
      const connector = await this.deps.connectors.resolve(row.connectorId);
      const inbound = connector.def.inbound!;
      const req: InboundRequest = { rawBody: Buffer.from(row.body, 'utf8'), headers: row.headers, query: new URLSearchParams() };
      let result: NormalizeResult;
      try {
        // Payloads that only point at their data are completed here, off the request path (see InboundHandler.enrich).
        if (inbound.enrich) req.enriched = await inbound.enrich(req, actionContext(this.deps.db, connector, `enrich:${row.id}`, this.deps.log));
        result = inbound.normalize(req, { connectorId: connector.id, config: connector.config, secrets: connector.secrets });
      } catch (err) {
        if (!(err instanceof AppError) || (err.status >= 500 && err.retryable)) throw err;
        await commit((tx) => this.deps.deliveries.setStatus(tx, row.id, 'rejected', `${err.code}: ${err.message}`));
        return;
      }
      if (result.kind !== 'events') {
        await commit((tx) => this.deps.deliveries.setStatus(tx, row.id, 'ignored', result.kind === 'ignored' ? result.reason : 'nothing to record'));
        return;
      }
      events = result.events;
    }
    try {
      await commit(async (tx) => {
        const r = await this.deps.recorder.record(tx, events!, { source: row.connectorId, deliveryId: row.id });
        const skipped = r.skipped.map((s) => `${s.type}: ${s.reason}`).join('; ') || null;
        const stale = r.recorded.length === 0 && r.skipped.length > 0 && r.skipped.every((s) => s.reason.startsWith('stale'));
        await this.deps.deliveries.setStatus(tx, row.id, stale ? 'stale' : 'accepted', skipped);
      });
    } catch (err) {
      // The sender's data can't be recorded as it stands (an unknown purchase order, say): keep it,
      // visible in the inbox, for a person to fix and replay. Retrying wouldn't change the answer.
      if (!(err instanceof AppError) || err.status >= 500 || err.retryable) throw err;
      await commit((tx) => this.deps.deliveries.setStatus(tx, row.id, 'rejected', `${err.code}: ${err.message}`));
      this.deps.log.warn({ delivery: row.id, connector: row.connectorId, err }, 'delivery could not be recorded; kept as rejected');
    }
  }

  async #store(
    connectorId: string,
    deliveryId: string,
    req: InboundRequest,
    result: Extract<NormalizeResult, { kind: 'events' | 'ignored' }>,
    polled?: InboundEvent[],
  ): Promise<ReceiveOutcome> {
    const now = Date.now();
    const row: DeliveryRow = {
      id: newId('dlv', now),
      connectorId,
      deliveryId,
      topic: result.topic,
      status: result.kind === 'ignored' ? 'ignored' : 'pending',
      headers: storableHeaders(req.headers),
      body: bodyText(req.rawBody),
      error: result.kind === 'ignored' ? result.reason : null,
      receivedAt: now,
      processedAt: result.kind === 'ignored' ? now : null,
    };
    const job = result.kind === 'events' ? { type: JOB_TYPES.applyDelivery, payload: polled ? { delivery: row.id, events: polled } : { delivery: row.id } } : undefined;
    const stored = (await this.#ingest(row, job)) ? { id: row.id, fresh: true } : await this.#storeAgain(row, job);
    if (!stored.fresh) return { outcome: 'duplicate', status: 200, delivery: stored.id };
    if (result.kind === 'ignored') return { outcome: 'ignored', status: 200, delivery: stored.id, reason: result.reason };
    this.deps.onJobs();
    return { outcome: 'accepted', status: 202, delivery: stored.id };
  }

  /**
   * The delivery id is known already: a repeat (no effect), unless we refused it before and this attempt
   * is good, in which case it takes the rejected row's place.
   */
  async #storeAgain(row: DeliveryRow, job: { type: string; payload: Record<string, unknown> } | undefined): Promise<{ id: string; fresh: boolean }> {
    return this.deps.db.transaction(async (tx) => {
      const earlier = await this.deps.deliveries.find(row.connectorId, row.deliveryId, tx);
      if (!earlier || !(await this.deps.deliveries.replaceRejected(tx, earlier.id, row))) return { id: earlier?.id ?? row.id, fresh: false };
      if (job) await this.deps.queue.enqueue(tx, [{ ...job, payload: { ...job.payload, delivery: earlier.id } }]);
      return { id: earlier.id, fresh: true };
    });
  }

  async #keepRejected(connectorId: string, deliveryId: string, req: InboundRequest, err: AppError, earlier: DeliveryRow | undefined) {
    const error = `${err.code}: ${err.message}`.slice(0, 4000);
    await this.deps.db
      .transaction(async (tx) => {
        if (earlier) return this.deps.deliveries.setStatus(tx, earlier.id, 'rejected', error);
        await this.deps.deliveries.insert(tx, {
          id: newId('dlv'),
          connectorId,
          deliveryId,
          topic: null,
          status: 'rejected',
          headers: storableHeaders(req.headers),
          body: req.rawBody.toString('utf8'),
          error,
          receivedAt: Date.now(),
          processedAt: Date.now(),
        });
      })
      .catch((e) => this.deps.log.error({ err: e, connectorId, deliveryId }, 'keeping a rejected delivery failed'));
  }
}

/** Checks each event's data against its canonical schema, so bad input is refused at the door. */
function validateEvents(events: InboundEvent[]): void {
  for (const [i, e] of events.entries()) {
    const schema = EVENT_DATA[e.type];
    if (!schema) throw new AppError(`unknown event type "${e.type}"`, { code: 'validation_failed', status: 422 });
    parseOrThrow(schema, e.data, `events[${i}] (${e.type})`);
  }
}
