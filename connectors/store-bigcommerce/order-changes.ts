/**
 * @module Cancelling a BigCommerce order (status 5, Cancelled) and annotating it.
 *
 * An order already cancelled is reported as such without a call; one already Shipped, Completed or
 * Refunded is not cancelled. BigCommerce orders have no tags: tags and notes are appended to the staff
 * notes (tags as a `Tags: …` line), each only once, so a retry adds nothing.
 */
import type { ActionContext } from '../sdk/actions.ts';
import { BIGCOMMERCE_CANCELLED, type BigCommerceOrder } from './map-order.ts';
import { bigCommerceApi, type BigCommerceConfig, type BigCommerceSecrets } from './rest-api.ts';

type Ctx = ActionContext<BigCommerceConfig, BigCommerceSecrets>;

/** Shipped, Refunded, Completed. */
const FINAL = new Set([2, 4, 10]);

export async function cancelBigCommerceOrder(input: { order: { externalId: string }; reason?: string }, ctx: Ctx): Promise<{ cancelled: boolean }> {
  const api = bigCommerceApi(ctx);
  const path = `/v2/orders/${encodeURIComponent(input.order.externalId)}`;
  const { body: order } = await api.request<BigCommerceOrder>(path);
  if (order.status_id === BIGCOMMERCE_CANCELLED) return { cancelled: true };
  if (FINAL.has(order.status_id ?? -1)) return { cancelled: false };
  const staffNotes = input.reason ? appendOnce(order.staff_notes, `Cancelled: ${input.reason}`) : order.staff_notes;
  await api.request(path, { method: 'PUT', json: { status_id: BIGCOMMERCE_CANCELLED, ...(staffNotes !== order.staff_notes ? { staff_notes: staffNotes } : {}) } });
  return { cancelled: true };
}

export async function annotateBigCommerceOrder(input: { order: { externalId: string }; tags?: string[]; note?: string }, ctx: Ctx): Promise<void> {
  const api = bigCommerceApi(ctx);
  const path = `/v2/orders/${encodeURIComponent(input.order.externalId)}`;
  const { body: order } = await api.request<BigCommerceOrder>(path);
  let notes = order.staff_notes ?? '';
  const tags = (input.tags ?? []).map((t) => t.trim()).filter(Boolean);
  const held = new Set(
    notes
      .split('\n')
      .filter((l) => l.startsWith('Tags: '))
      .flatMap((l) => l.slice(6).split(',').map((t) => t.trim())),
  );
  const fresh = tags.filter((t) => !held.has(t));
  if (fresh.length) notes = appendOnce(notes, `Tags: ${fresh.join(', ')}`);
  if (input.note?.trim()) notes = appendOnce(notes, input.note.trim());
  if (notes !== (order.staff_notes ?? '')) await api.request(path, { method: 'PUT', json: { staff_notes: notes } });
}

function appendOnce(notes: string | undefined, line: string): string {
  if (!notes) return line;
  return notes.includes(line) ? notes : `${notes}\n${line}`;
}
