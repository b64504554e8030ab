/**
 * @module Cancelling a WooCommerce order and annotating it.
 *
 * Cancelling sets the status to `cancelled` (WooCommerce emails the customer); an order already cancelled
 * is reported as such, and one already completed or refunded is not cancelled (it has shipped, or the
 * money went back). WooCommerce orders have no tags: Dropline's tags are kept in the order's meta data
 * (`_dropline_tags`, shown under Custom Fields), and a note becomes a private order note, added once.
 */
import type { ActionContext } from '../sdk/actions.ts';
import { metaValue } from './fulfil.ts';
import type { WooOrder } from './map-order.ts';
import { wooApi, type WooConfig, type WooSecrets } from './rest-api.ts';

type Ctx = ActionContext<WooConfig, WooSecrets>;

export const TAGS_META_KEY = '_dropline_tags';
const FINAL = new Set(['completed', 'refunded']);

export async function cancelWooOrder(input: { order: { externalId: string }; reason?: string }, ctx: Ctx): Promise<{ cancelled: boolean }> {
  const api = wooApi(ctx);
  const id = encodeURIComponent(input.order.externalId);
  const { body: order } = await api.request<WooOrder>(`/orders/${id}`);
  if (order.status === 'cancelled') return { cancelled: true };
  if (FINAL.has(order.status ?? '')) return { cancelled: false };
  await api.request(`/orders/${id}`, { method: 'PUT', json: { status: 'cancelled' } });
  if (input.reason) await addNoteOnce(ctx, id, `Cancelled: ${input.reason}`);
  return { cancelled: true };
}

export async function annotateWooOrder(input: { order: { externalId: string }; tags?: string[]; note?: string }, ctx: Ctx): Promise<void> {
  const api = wooApi(ctx);
  const id = encodeURIComponent(input.order.externalId);
  const tags = (input.tags ?? []).map((t) => t.trim()).filter(Boolean);
  if (tags.length) {
    const { body: order } = await api.request<WooOrder>(`/orders/${id}`);
    const held = metaValue<string[]>(order.meta_data, TAGS_META_KEY) ?? [];
    const merged = [...new Set([...held, ...tags])];
    if (merged.length > held.length) await api.request(`/orders/${id}`, { method: 'PUT', json: { meta_data: [{ key: TAGS_META_KEY, value: merged }] } });
  }
  if (input.note?.trim()) await addNoteOnce(ctx, id, input.note.trim());
}

async function addNoteOnce(ctx: Ctx, id: string, note: string): Promise<void> {
  const api = wooApi(ctx);
  const { body: notes } = await api.request<{ note: string }[]>(`/orders/${id}/notes`, { query: { type: 'any' } });
  if (notes.some((n) => n.note === note)) return;
  await api.request(`/orders/${id}/notes`, { method: 'POST', json: { note, customer_note: false } });
}
