/**
 * @module Refunds in Magento as credit memos (`POST /V1/order/{orderId}/refund`, an offline refund).
 *
 * Magento totals a credit memo as its items plus shipping plus adjustments. To refund exactly the amount
 * asked: with lines, their items (at the price including tax) and an adjustment for the difference; with
 * an amount only, every item at quantity 0 (an empty item list would refund the whole order) and the
 * amount as a positive adjustment. Nothing is returned to stock (drop-shipped goods never were in it).
 * The endpoint has no idempotency key: the memo's comment carries `[dropline:<key>]`, and a retry that
 * finds a memo of the order with it returns that one instead of refunding twice.
 */
import Big from 'big.js';
import type { ActionContext, RefundInput } from '../sdk/actions.ts';
import type { MagentoOrder } from './map-order.ts';
import { magentoApi, searchCriteria, type MagentoConfig, type MagentoSecrets } from './rest-api.ts';

interface MagentoCreditMemo {
  entity_id: number;
  order_id: number;
  grand_total: number;
  comments?: { comment: string }[];
}

export const refundMarker = (key: string) => `[dropline:${key}]`;

export async function createMagentoCreditMemo(input: RefundInput, ctx: ActionContext<MagentoConfig, MagentoSecrets>): Promise<{ externalId?: string; amount: string }> {
  const api = magentoApi(ctx);
  const orderId = Number(input.order.externalId);
  const marker = refundMarker(ctx.idempotencyKey);
  const { body: memos } = await api.request<{ items: MagentoCreditMemo[] }>('/creditmemos', {
    query: searchCriteria([[{ field: 'order_id', value: orderId, condition: 'eq' }]]),
  });
  const same = (memos.items ?? []).find((m) => m.comments?.some((c) => c.comment.includes(marker)));
  if (same) return { externalId: String(same.entity_id), amount: new Big(same.grand_total).toFixed(2) };

  const { body: order } = await api.request<MagentoOrder>(`/orders/${orderId}`);
  const byId = new Map((order.items ?? []).map((i) => [String(i.item_id), i]));
  let items: { order_item_id: number; qty: number }[];
  let itemsTotal = new Big(0);
  if (input.lines.length) {
    items = input.lines.map((l) => ({ order_item_id: Number(l.lineId), qty: l.quantity }));
    for (const l of input.lines) itemsTotal = itemsTotal.plus(new Big(byId.get(l.lineId)?.price_incl_tax ?? 0).times(l.quantity));
  } else {
    items = (order.items ?? []).map((i) => ({ order_item_id: i.item_id, qty: 0 }));
  }
  const adjustment = new Big(input.amount).minus(itemsTotal);
  const { body: memoId } = await api.request<number>(`/order/${orderId}/refund`, {
    method: 'POST',
    json: {
      items,
      notify: true,
      appendComment: true,
      comment: { comment: `${input.reason ?? 'Refund'} ${marker}`, is_visible_on_front: 0 },
      arguments: {
        shipping_amount: 0,
        adjustment_positive: adjustment.gt(0) ? Number(adjustment) : 0,
        adjustment_negative: adjustment.lt(0) ? Number(adjustment.abs()) : 0,
        extension_attributes: { return_to_stock_items: [] },
      },
    },
  });
  return { externalId: String(memoId), amount: new Big(input.amount).toFixed(2) };
}
