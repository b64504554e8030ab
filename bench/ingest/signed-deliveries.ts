/**
 * @module Signed Shopify `orders/create` deliveries, prepared before the timed window so that signing
 * never loads the generator.
 *
 * The body is the real 2024-10 order sample (the object inside `"order"`, re-serialised: about 17 KB)
 * with `id` and `admin_graphql_api_id` replaced by a distinct 11-digit number per delivery. Every id has
 * the same width, so only the id bytes differ between bodies: a body is assembled from three shared
 * slices and its id at request time (two memcpys), and the pool holds just the headers, including the
 * precomputed `X-Shopify-Hmac-Sha256` over exactly those bytes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shopifyWebhookHeaders } from '@dropline/connectors/fakes';

export const SHOPIFY_ORDER_SAMPLE = fileURLToPath(new URL('../../test/fixtures/store/shopify_order_get_2024-10.json', import.meta.url));

/** The store the benchmark's deliveries come from, as the hub's connector is configured. */
export const BENCH_SHOP = {
  connectorId: 'bench-shop',
  shopDomain: 'bench.myshopify.com',
  topic: 'orders/create',
} as const;

/** Order ids are FIRST_ORDER_ID + index: always 11 digits, so every body has the same length. */
const FIRST_ORDER_ID = 10_000_000_000;
const ID_PLACEHOLDER = '99999999999';

export interface PreparedDelivery {
  index: number;
  orderId: string;
  webhookId: string;
  headers: Record<string, string>;
  body: Buffer;
}

export class SignedDeliveryPool {
  readonly webhookSecret = randomBytes(24).toString('base64url');
  readonly size: number;
  /** Body length in bytes (the same for every delivery). */
  readonly bodyBytes: number;
  #slices: [Buffer, Buffer, Buffer];
  #headers: Record<string, string>[] = [];
  #cursor = 0;
  #handedOut = 0;

  constructor(size: number) {
    const order = (JSON.parse(readFileSync(SHOPIFY_ORDER_SAMPLE, 'utf8')) as { order: Record<string, unknown> }).order;
    // Spreading keeps each key where it was: only the two values change.
    const template = JSON.stringify({ ...order, id: Number(ID_PLACEHOLDER), admin_graphql_api_id: `gid://shopify/Order/${ID_PLACEHOLDER}` });
    const parts = template.split(ID_PLACEHOLDER);
    if (parts.length !== 3) throw new Error(`the order sample already contains ${ID_PLACEHOLDER}; pick another placeholder`);
    this.#slices = parts.map((p) => Buffer.from(p, 'utf8')) as [Buffer, Buffer, Buffer];
    this.size = size;
    this.bodyBytes = Buffer.byteLength(template);
    for (let i = 0; i < size; i++) {
      const orderId = String(FIRST_ORDER_ID + i);
      const body = parts.join(orderId);
      this.#headers.push({
        'content-type': 'application/json',
        ...shopifyWebhookHeaders(this.webhookSecret, BENCH_SHOP.shopDomain, BENCH_SHOP.topic, body, randomUUID()),
      });
    }
  }

  /** Starts handing out from the first delivery again (a fresh database has seen none of them). */
  rewind(): void {
    this.#cursor = 0;
    this.#handedOut = 0;
  }

  /** Hands out from delivery `index` next (counting as if the ones before it were handed out). */
  seek(index: number): void {
    this.#cursor = index % this.size;
    this.#handedOut = index;
  }

  /** Deliveries handed out since the last rewind; beyond `size` they repeat (duplicates to the hub). */
  get handedOut(): number {
    return this.#handedOut;
  }

  get wrapped(): boolean {
    return this.#handedOut > this.size;
  }

  at(index: number): PreparedDelivery {
    const headers = this.#headers[index]!;
    const orderId = String(FIRST_ORDER_ID + index);
    const id = Buffer.from(orderId, 'latin1');
    const [a, b, c] = this.#slices;
    return { index, orderId, webhookId: headers['x-shopify-webhook-id']!, headers, body: Buffer.concat([a, id, b, id, c]) };
  }

  next(): PreparedDelivery {
    const delivery = this.at(this.#cursor);
    this.#cursor = (this.#cursor + 1) % this.size;
    this.#handedOut++;
    return delivery;
  }
}
