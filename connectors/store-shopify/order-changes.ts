/**
 * @module Cancelling a Shopify order (`orderCancel`) and adding tags and a note to it (`tagsAdd`,
 * `orderUpdate`).
 *
 * Both are safe to repeat: an order already cancelled is reported as cancelled without a second call;
 * tags are a set; a note already present is not appended again.
 */
import type { ActionContext } from '../sdk/actions.ts';
import { NotFoundError } from '../sdk/errors.ts';
import { assertNoUserErrors, gid, shopifyAdmin, type ShopifyAdminConfig, type ShopifyAdminSecrets } from './admin-graphql.ts';

type Ctx = ActionContext<ShopifyAdminConfig, ShopifyAdminSecrets>;
type UserErrors = { field?: string[] | null; message: string }[];

const ORDER_STATE = `query DroplineOrderState($id: ID!) {
  order(id: $id) { id cancelledAt note tags }
}`;

const ORDER_CANCEL = `mutation DroplineOrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

const TAGS_ADD = `mutation DroplineTagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;

const ORDER_UPDATE = `mutation DroplineOrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) { order { id note } userErrors { field message } }
}`;

interface OrderState {
  order: { id: string; cancelledAt: string | null; note: string | null; tags: string[] } | null;
}

async function orderState(ctx: Ctx, externalId: string) {
  const admin = shopifyAdmin(ctx);
  const { order } = await admin.request<OrderState>('DroplineOrderState', ORDER_STATE, { id: gid('Order', externalId) });
  if (!order) throw new NotFoundError(`Shopify has no order ${externalId}`, 'store_order_not_found');
  return { admin, order };
}

/**
 * Cancels without refunding (refunds are their own action, with their own amount) and without restocking
 * (drop-shipped goods were never in the retailer's stock).
 */
export async function cancelShopifyOrder(input: { order: { externalId: string }; reason?: string }, ctx: Ctx): Promise<{ cancelled: boolean }> {
  const { admin, order } = await orderState(ctx, input.order.externalId);
  if (order.cancelledAt) return { cancelled: true };
  const { orderCancel } = await admin.request<{ orderCancel: { orderCancelUserErrors: UserErrors } }>('DroplineOrderCancel', ORDER_CANCEL, {
    orderId: order.id,
    reason: 'OTHER',
    refund: false,
    restock: false,
    notifyCustomer: true,
    staffNote: (input.reason ?? 'Cancelled by Dropline').slice(0, 255),
  });
  assertNoUserErrors('orderCancel', orderCancel.orderCancelUserErrors);
  return { cancelled: true };
}

export async function annotateShopifyOrder(input: { order: { externalId: string }; tags?: string[]; note?: string }, ctx: Ctx): Promise<void> {
  const { admin, order } = await orderState(ctx, input.order.externalId);
  const newTags = (input.tags ?? []).map((t) => t.trim()).filter((t) => t && !order.tags.includes(t));
  if (newTags.length > 0) {
    const { tagsAdd } = await admin.request<{ tagsAdd: { userErrors: UserErrors } }>('DroplineTagsAdd', TAGS_ADD, { id: order.id, tags: newTags });
    assertNoUserErrors('tagsAdd', tagsAdd.userErrors);
  }
  const note = input.note?.trim();
  if (note && !(order.note ?? '').includes(note)) {
    const { orderUpdate } = await admin.request<{ orderUpdate: { userErrors: UserErrors } }>('DroplineOrderUpdate', ORDER_UPDATE, {
      input: { id: order.id, note: order.note ? `${order.note}\n${note}` : note },
    });
    assertNoUserErrors('orderUpdate', orderUpdate.userErrors);
  }
}
