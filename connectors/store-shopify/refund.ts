/**
 * @module Refunds in Shopify (`refundCreate`), full or partial, by amount and/or lines.
 *
 * The money goes back against the order's captured payment (its successful SALE or CAPTURE transaction),
 * so we read the order's transactions first. `refundCreate` takes no idempotency key in this API version:
 * each refund we make carries `[dropline:<key>]` in its note, and a retry that finds a refund with that
 * marker returns it instead of refunding twice. Drop-shipped goods were never in the retailer's stock, so
 * refunded lines are not restocked.
 */
import type { ActionContext, RefundInput } from '../sdk/actions.ts';
import { ConflictError, NotFoundError } from '../sdk/errors.ts';
import { assertNoUserErrors, gid, legacyId, shopifyAdmin, type ShopifyAdminConfig, type ShopifyAdminSecrets } from './admin-graphql.ts';

const REFUND_STATE = `query DroplineRefundState($id: ID!) {
  order(id: $id) {
    id
    refunds(first: 250) { id note totalRefundedSet { shopMoney { amount currencyCode } } }
    transactions(first: 50) { id kind status gateway amountSet { shopMoney { amount currencyCode } } }
  }
}`;

const REFUND_CREATE = `mutation DroplineRefundCreate($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}`;

interface RefundState {
  order: {
    id: string;
    refunds: { id: string; note: string | null; totalRefundedSet: { shopMoney: { amount: string } } }[];
    transactions: { id: string; kind: string; status: string; gateway: string }[];
  } | null;
}

interface RefundCreated {
  refundCreate: {
    refund: { id: string; totalRefundedSet: { shopMoney: { amount: string } } } | null;
    userErrors: { field?: string[] | null; message: string }[];
  };
}

/** The marker that makes a refund recognisable on a retry. */
export const refundMarker = (idempotencyKey: string) => `[dropline:${idempotencyKey}]`;

export async function createShopifyRefund(
  input: RefundInput,
  ctx: ActionContext<ShopifyAdminConfig, ShopifyAdminSecrets>,
): Promise<{ externalId?: string; amount: string }> {
  const admin = shopifyAdmin(ctx);
  const orderId = gid('Order', input.order.externalId);
  const { order } = await admin.request<RefundState>('DroplineRefundState', REFUND_STATE, { id: orderId });
  if (!order) throw new NotFoundError(`Shopify has no order ${input.order.externalId}`, 'store_order_not_found');

  const marker = refundMarker(ctx.idempotencyKey);
  const earlier = order.refunds.find((r) => r.note?.includes(marker));
  if (earlier) return { externalId: legacyId(earlier.id), amount: earlier.totalRefundedSet.shopMoney.amount };

  const paid = order.transactions.find((t) => t.status === 'SUCCESS' && (t.kind === 'SALE' || t.kind === 'CAPTURE'));
  if (!paid) throw new ConflictError(`Shopify order ${input.order.externalId} has no captured payment to refund`, 'store_refund_impossible');

  const { refundCreate } = await admin.request<RefundCreated>('DroplineRefundCreate', REFUND_CREATE, {
    input: {
      orderId,
      note: `${input.reason ?? 'Refund'} ${marker}`,
      notify: true,
      refundLineItems: input.lines.map((l) => ({ lineItemId: gid('LineItem', l.lineId), quantity: l.quantity, restockType: 'NO_RESTOCK' })),
      transactions: [{ orderId, parentId: paid.id, gateway: paid.gateway, kind: 'REFUND', amount: input.amount }],
    },
  });
  assertNoUserErrors('refundCreate', refundCreate.userErrors);
  // The REST id, as the refunds/create webhook names the same refund: the two are recorded as one.
  const created = refundCreate.refund;
  return { externalId: created ? legacyId(created.id) : undefined, amount: created?.totalRefundedSet.shopMoney.amount ?? input.amount };
}
