/**
 * @module Polling Magento for orders (Magento Open Source has no webhooks).
 *
 * `GET /V1/orders` is walked with keyset pagination over (`updated_at`, `entity_id`): each page asks for
 * orders updated after the cursor, or at the cursor's second with a greater id — expressed in Magento's
 * searchCriteria as two AND-ed groups, `updated_at >= t` and (`updated_at > t` OR `entity_id > id`) —
 * sorted by both, always page 1. Unlike page numbers, this neither skips nor repeats an order that is
 * updated while we walk (it moves behind the cursor and is met again, as its new version).
 *
 * The cursor lives in the connector's state and moves only in `acknowledge`, once the hub has stored every
 * item of the run: a crash in between fetches them again instead of losing them. Each order version is
 * one delivery (`order:{entity_id}:{updated_at}`), so fetching one again is a duplicate the inbox drops.
 * Each run also reads again the last `overlapSeconds` behind the cursor: an order saved in a transaction
 * that committed late can carry an `updated_at` already behind the cursor, and the overlap picks it up.
 */
import type { ActionContext } from '../sdk/actions.ts';
import type { PolledDelivery } from '../sdk/define-connector.ts';
import type { InboundEvent } from '../sdk/inbound.ts';
import { mapMagentoOrder, utc, type MagentoOrder } from './map-order.ts';
import { magentoApi, searchCriteria, type MagentoConfig, type MagentoSecrets } from './rest-api.ts';

export interface MagentoPollConfig extends MagentoConfig {
  pageSize: number;
  maxPagesPerPoll: number;
  overlapSeconds: number;
  /** Orders updated before this are never imported (a new connector shouldn't route last year's orders). */
  since?: string;
}

export interface OrdersCursor {
  /** Magento's `updated_at`, "YYYY-MM-DD HH:MM:SS" UTC. */
  updatedAt: string;
  entityId: number;
}

export const CURSOR_KEY = 'orders-cursor';
type Ctx = ActionContext<MagentoPollConfig, MagentoSecrets>;

/** Where each run's items end, keyed by the run's context, for `acknowledge` to persist. */
const runEnds = new WeakMap<object, OrdersCursor>();

export const magentoTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const magentoMs = (t: string) => Date.parse(`${t.replace(' ', 'T')}Z`);
const after = (a: OrdersCursor, b: OrdersCursor) => a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.entityId > b.entityId);

export async function pollMagentoOrders(ctx: Ctx): Promise<PolledDelivery[]> {
  const held = await ctx.state.get<OrdersCursor>(CURSOR_KEY);
  const start: OrdersCursor = held ?? { updatedAt: ctx.config.since ? magentoTime(Date.parse(ctx.config.since)) : magentoTime(Date.now()), entityId: 0 };
  const found: MagentoOrder[] = [];
  // The overlap window behind the cursor, read again for late commits: what was seen already comes back as
  // duplicates. It has its own page budget, so a busy window can't stop the cursor from moving on.
  if (held && ctx.config.overlapSeconds > 0) {
    const from = { updatedAt: magentoTime(magentoMs(held.updatedAt) - ctx.config.overlapSeconds * 1000), entityId: 0 };
    found.push(...(await walk(ctx, from, held)).orders);
  }
  const ahead = await walk(ctx, start);
  found.push(...ahead.orders);
  runEnds.set(ctx, ahead.last ?? start);
  const seen = new Set<string>();
  return found.map(toDelivery).filter((d) => !seen.has(d.deliveryId) && seen.add(d.deliveryId));
}

/**
 * Orders after `from` (and up to `until`, inclusive, when given) in (updated_at, entity_id) order, one page
 * after another from the last one seen, for at most `maxPagesPerPoll` pages.
 */
async function walk(ctx: Ctx, from: OrdersCursor, until?: OrdersCursor): Promise<{ orders: MagentoOrder[]; last?: OrdersCursor }> {
  const api = magentoApi(ctx);
  const orders: MagentoOrder[] = [];
  let cursor = from;
  let last: OrdersCursor | undefined;
  for (let page = 0; page < ctx.config.maxPagesPerPoll; page++) {
    const { body } = await api.request<{ items: MagentoOrder[]; total_count: number }>('/orders', {
      query: searchCriteria(
        [
          // After the cursor: updated_at >= t AND (updated_at > t OR entity_id > id).
          [{ field: 'updated_at', value: cursor.updatedAt, condition: 'gteq' }],
          [
            { field: 'updated_at', value: cursor.updatedAt, condition: 'gt' },
            { field: 'entity_id', value: cursor.entityId, condition: 'gt' },
          ],
          // Up to `until`: updated_at <= u AND (updated_at < u OR entity_id <= id).
          ...(until
            ? [
                [{ field: 'updated_at', value: until.updatedAt, condition: 'lteq' }],
                [
                  { field: 'updated_at', value: until.updatedAt, condition: 'lt' },
                  { field: 'entity_id', value: until.entityId, condition: 'lteq' },
                ],
              ]
            : []),
        ],
        {
          sort: [
            { field: 'updated_at', direction: 'ASC' },
            { field: 'entity_id', direction: 'ASC' },
          ],
          pageSize: ctx.config.pageSize,
          currentPage: 1,
        },
      ),
    });
    const items = body.items ?? [];
    orders.push(...items);
    const tail = items.at(-1);
    if (tail) cursor = last = { updatedAt: tail.updated_at ?? cursor.updatedAt, entityId: tail.entity_id };
    if (items.length < ctx.config.pageSize) break;
  }
  return { orders, last };
}

/** Moves the cursor to the end of the run, never backwards (two runs may overlap). */
export async function acknowledgeMagentoOrders(_items: PolledDelivery[], ctx: Ctx): Promise<void> {
  const end = runEnds.get(ctx);
  if (!end) return;
  const held = await ctx.state.get<OrdersCursor>(CURSOR_KEY);
  if (!held || after(end, held)) await ctx.state.set(CURSOR_KEY, end);
}

function toDelivery(o: MagentoOrder): PolledDelivery {
  const order = mapMagentoOrder(o);
  const ref = { externalOrderId: String(o.entity_id) };
  const at = utc(o.updated_at);
  // `order.updated` for an order we don't hold yet is how we receive it (the recorder records it as received).
  const events: InboundEvent[] = [{ type: 'order.updated', ...(at ? { occurredAt: at } : {}), data: { order }, ref }];
  if (o.state === 'canceled') events.push({ type: 'order.cancelled', ...(at ? { occurredAt: at } : {}), data: { by: 'store' }, ref });
  return { deliveryId: `order:${o.entity_id}:${o.updated_at}`, topic: o.state === 'canceled' ? 'orders/cancelled' : 'orders/updated', events, payload: o };
}
