/**
 * @module Shopify-shaped orders for the sandbox store: a few lines of the sandbox catalog, customers in
 * several countries, totals computed in decimals. Now and then a custom line without a SKU, which no
 * supplier can take (it shows up as an exception, as it would in a real shop).
 */
import { money } from '@dropline/connectors/model';
import type { ShopifyOrder } from '@dropline/connectors/fakes';
import { SANDBOX_PRODUCTS } from './sandbox-catalog.ts';

const CUSTOMERS = [
  { first: 'Ada', last: 'Okafor', email: 'ada.okafor@example.com', address1: '12 Beacon St', city: 'Boston', province_code: 'MA', zip: '02108', country_code: 'US' },
  { first: 'Miguel', last: 'Santos', email: 'miguel.santos@example.com', address1: '455 Market St', city: 'San Francisco', province_code: 'CA', zip: '94105', country_code: 'US' },
  { first: 'Priya', last: 'Raman', email: 'priya.raman@example.com', address1: '88 Queen St W', city: 'Toronto', province_code: 'ON', zip: 'M5H 2N2', country_code: 'CA' },
  { first: 'Oliver', last: 'Hughes', email: 'oliver.hughes@example.co.uk', address1: '221B Baker Street', city: 'London', province_code: null, zip: 'NW1 6XE', country_code: 'GB' },
  { first: 'Lena', last: 'Schulz', email: 'lena.schulz@example.de', address1: 'Torstraße 49', city: 'Berlin', province_code: null, zip: '10119', country_code: 'DE' },
  { first: 'Camille', last: 'Martin', email: 'camille.martin@example.fr', address1: '8 Rue de Rivoli', city: 'Paris', province_code: null, zip: '75004', country_code: 'FR' },
  { first: 'Jack', last: 'Nguyen', email: 'jack.nguyen@example.com.au', address1: '1 Martin Pl', city: 'Sydney', province_code: 'NSW', zip: '2000', country_code: 'AU' },
];

export function sandboxOrder(number: number, random: () => number = Math.random, now = new Date()): ShopifyOrder {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const c = pick(CUSTOMERS);
  const lineCount = 1 + Math.floor(random() * 3);
  const products = [...SANDBOX_PRODUCTS].sort(() => random() - 0.5).slice(0, lineCount);
  const id = 7_000_000_000_000 + now.getTime() * 10 + Math.floor(random() * 10);
  const lines: NonNullable<ShopifyOrder['line_items']> = products.map((p, i) => ({
    id: id * 10 + i,
    sku: p.sku,
    title: p.title,
    variant_title: p.variant ?? null,
    name: p.variant ? `${p.title} - ${p.variant}` : p.title,
    quantity: 1 + Math.floor(random() * 2),
    price: p.price,
    total_discount: '0.00',
    requires_shipping: true,
    gift_card: false,
    product_id: 8_000_000 + i,
    variant_id: 9_000_000 + i,
    vendor: 'Dropline Sandbox',
    grams: p.grams,
  }));
  if (random() < 0.05) {
    lines.push({ id: id * 10 + 9, sku: '', title: 'Custom engraving', quantity: 1, price: '15.00', total_discount: '0.00', requires_shipping: true, gift_card: false });
  }
  const subtotal = money.toCurrencyPrecision(money.add('0', ...lines.map((l) => money.mul(String(l.price), l.quantity))), 'USD');
  const shipping = c.country_code === 'US' ? '0.00' : '12.00';
  const tax = money.toCurrencyPrecision(money.mul(subtotal, '0.08'), 'USD');
  const total = money.toCurrencyPrecision(money.add(subtotal, shipping, tax), 'USD');
  const address = {
    first_name: c.first,
    last_name: c.last,
    name: `${c.first} ${c.last}`,
    address1: c.address1,
    address2: null,
    city: c.city,
    province_code: c.province_code,
    zip: c.zip,
    country_code: c.country_code,
    phone: null,
    company: null,
  };
  const at = now.toISOString();
  return {
    id,
    name: `#${number}`,
    order_number: number,
    currency: 'USD',
    subtotal_price: subtotal,
    total_tax: tax,
    total_discounts: '0.00',
    total_price: total,
    total_shipping_price_set: { shop_money: { amount: shipping } },
    line_items: lines,
    shipping_lines: [{ title: shipping === '0.00' ? 'Free Shipping' : 'International', code: 'STANDARD', price: shipping }],
    shipping_address: address,
    billing_address: address,
    customer: { id: 600_000 + CUSTOMERS.indexOf(c), email: c.email, first_name: c.first, last_name: c.last, phone: null },
    email: c.email,
    tags: random() < 0.2 ? 'gift, vip' : '',
    note: null,
    created_at: at,
    processed_at: at,
    updated_at: at,
    financial_status: 'paid',
    browser_ip: `203.0.113.${1 + Math.floor(random() * 250)}`,
    test: true,
  };
}
