/**
 * @module Refunds in BigCommerce through the v3 payment actions: a refund quote first (which payment
 * methods can take how much), then the refund against the first method the quote offers.
 *
 * Lines are refunded as `PRODUCT` items by quantity; an amount without lines as one `ORDER` item. The
 * refund endpoint has no idempotency key: our key goes into the refund's reason as `[dropline:<key>]`,
 * and a retry that finds a refund with it returns that one instead of refunding twice.
 */
import type { ActionContext, RefundInput } from '../sdk/actions.ts';
import { ConflictError } from '../sdk/errors.ts';
import { bigCommerceApi, type BigCommerceConfig, type BigCommerceSecrets } from './rest-api.ts';

interface RefundQuote {
  total_refund_amount: number;
  refund_methods: { provider_id: string; amount: number; offline: boolean }[][];
}

interface BigCommerceRefund {
  id: number;
  reason?: string;
  total_amount: number;
}

export const refundMarker = (key: string) => `[dropline:${key}]`;

export async function createBigCommerceRefund(
  input: RefundInput,
  ctx: ActionContext<BigCommerceConfig, BigCommerceSecrets>,
): Promise<{ externalId?: string; amount: string }> {
  const api = bigCommerceApi(ctx);
  const base = `/v3/orders/${encodeURIComponent(input.order.externalId)}/payment_actions`;
  const marker = refundMarker(ctx.idempotencyKey);
  const { body: earlier } = await api.request<{ data: BigCommerceRefund[] }>(`${base}/refunds`);
  const same = earlier.data.find((r) => r.reason?.includes(marker));
  if (same) return { externalId: String(same.id), amount: same.total_amount.toFixed(2) };

  const items = input.lines.length
    ? input.lines.map((l) => ({ item_type: 'PRODUCT', item_id: Number(l.lineId), quantity: l.quantity }))
    : [{ item_type: 'ORDER', item_id: Number(input.order.externalId), amount: Number(input.amount) }];
  const { body: quote } = await api.request<{ data: RefundQuote }>(`${base}/refund_quotes`, { method: 'POST', json: { items } });
  const method = quote.data.refund_methods[0];
  if (!method?.length) throw new ConflictError(`BigCommerce offers no way to refund order ${input.order.externalId}`, 'store_refund_impossible');
  const { body: refund } = await api.request<{ data: BigCommerceRefund }>(`${base}/refunds`, {
    method: 'POST',
    json: {
      items,
      payments: method.map((p) => ({ provider_id: p.provider_id, amount: p.amount, offline: p.offline })),
      reason: `${input.reason ?? 'Refund'} ${marker}`,
    },
  });
  return { externalId: String(refund.data.id), amount: refund.data.total_amount.toFixed(2) };
}
