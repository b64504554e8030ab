/**
 * @module Cancelling a Magento order (`POST /V1/orders/{id}/cancel`) and annotating it with order
 * comments (`POST /V1/orders/{id}/comments`).
 *
 * An order already canceled is reported as such without a call; one that is complete or closed has
 * shipped or been refunded and is not cancelled; Magento itself answers `false` when an order can't be
 * cancelled. Magento orders have no tags: tags become a `Tags: …` comment (only those not noted before), a
 * note becomes a comment, each added once, so a retry adds nothing. Comments are for staff, not customers.
 */
import type { ActionContext } from '../sdk/actions.ts';
import type { MagentoOrder } from './map-order.ts';
import { magentoApi, type MagentoConfig, type MagentoSecrets } from './rest-api.ts';

type Ctx = ActionContext<MagentoConfig, MagentoSecrets>;
const FINAL = new Set(['complete', 'closed']);

export async function cancelMagentoOrder(input: { order: { externalId: string }; reason?: string }, ctx: Ctx): Promise<{ cancelled: boolean }> {
  const api = magentoApi(ctx);
  const id = Number(input.order.externalId);
  const { body: order } = await api.request<MagentoOrder>(`/orders/${id}`);
  if (order.state === 'canceled') return { cancelled: true };
  if (FINAL.has(order.state ?? '')) return { cancelled: false };
  const { body: cancelled } = await api.request<boolean>(`/orders/${id}/cancel`, { method: 'POST' });
  if (cancelled && input.reason) await addComments(ctx, id, [`Cancelled: ${input.reason}`]);
  return { cancelled: cancelled === true };
}

export async function annotateMagentoOrder(input: { order: { externalId: string }; tags?: string[]; note?: string }, ctx: Ctx): Promise<void> {
  const id = Number(input.order.externalId);
  const held = await comments(ctx, id);
  const noted = new Set(held.filter((c) => c.startsWith('Tags: ')).flatMap((c) => c.slice(6).split(',').map((t) => t.trim())));
  const fresh = (input.tags ?? []).map((t) => t.trim()).filter((t) => t && !noted.has(t));
  const wanted = [...(fresh.length ? [`Tags: ${fresh.join(', ')}`] : []), ...(input.note?.trim() ? [input.note.trim()] : [])];
  await addComments(ctx, id, wanted, held);
}

async function comments(ctx: Ctx, id: number): Promise<string[]> {
  const { body } = await magentoApi(ctx).request<{ items: { comment: string | null }[] }>(`/orders/${id}/comments`);
  return (body.items ?? []).map((c) => c.comment ?? '');
}

async function addComments(ctx: Ctx, id: number, wanted: string[], held?: string[]): Promise<void> {
  const existing = held ?? (wanted.length ? await comments(ctx, id) : []);
  for (const comment of wanted) {
    if (existing.includes(comment)) continue;
    await magentoApi(ctx).request(`/orders/${id}/comments`, {
      method: 'POST',
      json: { statusHistory: { comment, is_customer_notified: 0, is_visible_on_front: 0, parent_id: id } },
    });
  }
}
