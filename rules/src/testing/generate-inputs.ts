/**
 * @module Generated routing inputs: orders with 1–4 lines across a small catalog, shipping to a spread of
 * countries, with candidates whose stock, cost and priority vary, some exclusions from earlier failures,
 * some VIP tags and some billing/shipping mismatches. Seeded, so a failing case can be replayed.
 */
import { seededRandom } from '@dropline/connectors/testing';
import type { CanonicalOrder, CountryCode } from '@dropline/connectors/model';
import type { FlowRunInput } from '../runtime/decision.ts';
import type { RoutingCandidate } from '../routing/routing-types.ts';

export const GENERATED_SUPPLIERS = ['us-east', 'us-west', 'eu-west', 'apac', 'dropco'] as const;

const SKUS = ['IPOD-NANO', 'IPOD-CLASSIC', 'CASE-S', 'CASE-M', 'CASE-L', 'EXPRESS-CABLE', 'EXPRESS-CHARGER', 'BOOK-001', 'BOOK-002', 'GIFT-WRAP'];
const COUNTRIES: CountryCode[] = ['US', 'US', 'US', 'CA', 'MX', 'DE', 'FR', 'GB', 'NL', 'AU', 'JP', 'SG', 'BR', 'ZA'];
const US_STATES = ['CA', 'NY', 'TX', 'KY', 'WA', 'FL'];

export function generateInputs(count: number, seed = 1): FlowRunInput[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const money = (min: number, max: number) => (Math.round((min + rnd() * (max - min)) * 100) / 100).toFixed(2);
  const out: FlowRunInput[] = [];
  for (let n = 0; n < count; n++) {
    const country = pick(COUNTRIES);
    const lineCount = 1 + Math.floor(rnd() * rnd() * 4);
    const skus = new Set<string>();
    while (skus.size < lineCount) skus.add(pick(SKUS));
    const lines = [...skus].map((sku, i) => ({
      lineId: `${n}-${i}`,
      sku: rnd() < 0.01 ? null : sku,
      title: sku,
      quantity: 1 + Math.floor(rnd() * rnd() * 4),
      unitPrice: money(5, 400),
      totalDiscount: '0',
      requiresShipping: true,
      giftCard: false,
    }));
    const subtotal = lines.reduce((s, l) => s + Number(l.unitPrice) * l.quantity, 0).toFixed(2);
    const address = { line1: `${n} Main Street`, city: 'Springfield', region: country === 'US' ? pick(US_STATES) : undefined, postalCode: '40202', country };
    const order: CanonicalOrder = {
      id: `ord_${n}`,
      externalId: String(100000 + n),
      number: `#${1000 + n}`,
      source: 'shopify-main',
      status: 'received',
      trackingUrl: `http://127.0.0.1:8787/t/${n}`,
      currency: 'USD',
      subtotal,
      shippingTotal: '0',
      taxTotal: '0',
      discountTotal: '0',
      total: subtotal,
      lines,
      shippingLines: [],
      shippingAddress: address,
      billingAddress: rnd() < 0.05 ? { ...address, country: pick(COUNTRIES) } : address,
      customer: { email: `customer${Math.floor(rnd() * 5000)}@example.com` },
      tags: rnd() < 0.1 ? ['vip'] : [],
      placedAt: '2026-03-10T14:00:00.000Z',
      updatedAt: '2026-03-10T14:00:00.000Z',
      createdAt: '2026-03-10T14:00:00.000Z',
      modifiedAt: '2026-03-10T14:00:00.000Z',
      test: false,
    };
    const attempt = rnd() < 0.1 ? 2 : 1;
    const candidates: Record<string, RoutingCandidate[]> = {};
    const excluded: FlowRunInput['excluded'] = {};
    for (const l of lines) {
      const carriers = GENERATED_SUPPLIERS.filter(() => rnd() < 0.6);
      if (attempt === 2 && carriers.length > 0 && rnd() < 0.5) excluded[l.lineId] = [{ supplierId: carriers[0]!, reason: 'rejected this line earlier' }];
      const out = new Set((excluded[l.lineId] ?? []).map((e) => e.supplierId));
      candidates[l.lineId] = carriers
        .filter((s) => !out.has(s))
        .map((supplierId, i) => ({
          supplierId,
          supplierSku: `${supplierId}:${l.sku}`,
          priority: i + 1,
          cost: rnd() < 0.05 ? null : money(2, 200),
          currency: 'USD',
          stock: rnd() < 0.1 ? null : Math.floor(rnd() * 8),
          stockUpdatedAt: null,
        }));
    }
    out.push({
      order,
      lines: lines.map((l) => ({ lineId: l.lineId, sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice })),
      candidates,
      excluded,
      attempt,
      cause: { eventId: `evt_${n}`, type: attempt === 1 ? 'order.received' : 'supplier_order.rejected' },
    });
  }
  return out;
}
