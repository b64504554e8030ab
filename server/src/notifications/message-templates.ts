/**
 * @module The customer messages flows can send, by template id: subject and body for email (text and HTML)
 * and a short text for SMS. Each names the order and links to the branded tracking page, and mentions the
 * lines the message is about when the flow named some.
 */
import type { CanonicalOrder } from '@dropline/connectors/model';

export interface MessageContext {
  order: CanonicalOrder;
  /** Titles of the lines concerned (empty: the whole order). */
  lines: string[];
  shopName: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

interface Template {
  title: string;
  description: string;
  subject: (c: MessageContext) => string;
  /** Paragraphs of the body, plain text. */
  body: (c: MessageContext) => string[];
}

const items = (c: MessageContext) => (c.lines.length ? c.lines.join(', ') : 'your order');

export const MESSAGE_TEMPLATES: Record<string, Template> = {
  'backorder-delay': {
    title: 'Backorder: delay',
    description: 'Some items are back-ordered; the rest is on its way.',
    subject: (c) => `A delay on order ${c.order.number}`,
    body: (c) => [`Some of what you ordered is temporarily out of stock: ${items(c)}. We are sourcing it now and will let you know when it ships.`],
  },
  'backorder-refund': {
    title: 'Backorder: refunded',
    description: 'Back-ordered items were cancelled and refunded.',
    subject: (c) => `A refund for order ${c.order.number}`,
    body: (c) => [`We couldn't source ${items(c)} in time, so we have cancelled and refunded ${c.lines.length === 1 ? 'it' : 'them'}. The refund goes back to your original payment method.`],
  },
  'partial-refund': {
    title: 'Partial refund',
    description: 'Part of the order was cancelled and refunded.',
    subject: (c) => `Part of order ${c.order.number} was refunded`,
    body: (c) => [`Our supplier cancelled ${items(c)}. We have refunded ${c.lines.length === 1 ? 'it' : 'them'}; the rest of your order is unaffected.`],
  },
  'confirm-address': {
    title: 'Confirm the address',
    description: 'The shipping address could not be verified.',
    subject: (c) => `Please confirm your address for order ${c.order.number}`,
    body: () => ["We couldn't verify the shipping address on your order. Please reply to this message with the correct address so we can send it on its way."],
  },
  'order-on-hold': {
    title: 'Order on hold',
    description: 'The order is waiting for a review.',
    subject: (c) => `Order ${c.order.number} is being reviewed`,
    body: () => ['Your order is being reviewed by our team before it ships. We will be in touch if we need anything from you.'],
  },
  'order-cancelled': {
    title: 'Order cancelled',
    description: 'The order was cancelled and refunded.',
    subject: (c) => `Order ${c.order.number} was cancelled`,
    body: () => ['Your order has been cancelled and refunded to your original payment method.'],
  },
  'order-shipped': {
    title: 'Shipped',
    description: 'Items are on their way.',
    subject: (c) => `Order ${c.order.number} has shipped`,
    body: (c) => [`Good news: ${items(c)} ${c.lines.length === 1 ? 'is' : 'are'} on the way.`],
  },
  'order-delivered': {
    title: 'Delivered',
    description: 'The parcel was delivered.',
    subject: (c) => `Order ${c.order.number} was delivered`,
    body: () => ['Your parcel was delivered. We hope you enjoy it.'],
  },
};

/** Renders `templateId`; an id with no template gets a plain update message naming it, never nothing. */
export function renderMessage(templateId: string, c: MessageContext): RenderedMessage {
  const t = MESSAGE_TEMPLATES[templateId] ?? {
    subject: (x: MessageContext) => `An update on order ${x.order.number}`,
    body: () => ['There is an update on your order.'],
  };
  const greeting = c.order.customer.firstName ? `Hello ${c.order.customer.firstName},` : 'Hello,';
  const paragraphs = [greeting, ...t.body(c), `Follow your order: ${c.order.trackingUrl}`, `— ${c.shopName}`];
  const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return {
    subject: t.subject(c),
    text: paragraphs.join('\n\n'),
    html: paragraphs.map((p) => `<p>${escape(p).replace(escape(c.order.trackingUrl), `<a href="${escape(c.order.trackingUrl)}">${escape(c.order.trackingUrl)}</a>`)}</p>`).join('\n'),
    sms: `${c.shopName}: ${t.subject(c)}. ${c.order.trackingUrl}`,
  };
}
