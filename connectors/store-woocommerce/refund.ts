/**
 * @module Refunds in WooCommerce (`POST /orders/{id}/refunds`), full or partial, by amount with the lines
 * it covers.
 *
 * `api_refund` asks the payment gateway to send the money back (turn it off for gateways that can't, and
 * the refund is recorded in WooCommerce only). The endpoint has no idempotency key: each refund we make
 * carries our key in its meta data (`_dropline_idempotency_key`), and a retry that finds it returns that
 * refund instead of refunding twice. Drop-shipped goods were never in stock, so nothing is restocked.
 */
import type { ActionContext, RefundInput } from '../sdk/actions.ts';
import { metaValue } from './fulfil.ts';
import type { WooMeta } from './map-order.ts';
import { wooApi, type WooConfig, type WooSecrets } from './rest-api.ts';

export const REFUND_KEY_META = '_dropline_idempotency_key';

interface WooRefund {
  id: number;
  amount: string;
  reason?: string;
  meta_data?: WooMeta[];
}

export async function createWooRefund(
  input: RefundInput,
  ctx: ActionContext<WooConfig & { refundPayment?: boolean }, WooSecrets>,
): Promise<{ externalId?: string; amount: string }> {
  const api = wooApi(ctx);
  const path = `/orders/${encodeURIComponent(input.order.externalId)}/refunds`;
  const { body: earlier } = await api.request<WooRefund[]>(path, { query: { per_page: 100 } });
  const same = earlier.find((r) => metaValue(r.meta_data, REFUND_KEY_META) === ctx.idempotencyKey);
  if (same) return { externalId: String(same.id), amount: same.amount };
  const { body: refund } = await api.request<WooRefund>(path, {
    method: 'POST',
    json: {
      amount: input.amount,
      reason: input.reason ?? '',
      api_refund: ctx.config.refundPayment ?? true,
      api_restock: false,
      line_items: input.lines.map((l) => ({ id: Number(l.lineId), quantity: l.quantity })),
      meta_data: [{ key: REFUND_KEY_META, value: ctx.idempotencyKey }],
    },
  });
  return { externalId: String(refund.id), amount: refund.amount };
}
