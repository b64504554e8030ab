/**
 * @module Sample orders for test runs, as canonical order snapshots (what a store connector produces):
 * the sandbox store's goods, shipping to a few places, small and large, so the common branches of a
 * routing flow can be tried before any real order exists. A pasted order is checked against the same
 * schema the hub uses.
 */
import { OrderSnapshotSchema, formatPath, type OrderSnapshotInput } from '@dropline/connectors/model';

export interface SampleOrder {
  id: string;
  title: string;
  order: OrderSnapshotInput;
}

const PLACED = '2026-03-10T14:00:00.000Z';

function line(lineId: string, sku: string | null, title: string, quantity: number, unitPrice: string) {
  return { lineId, sku, title, quantity, unitPrice };
}

function totals(lines: { quantity: number; unitPrice: string }[]) {
  // Cents as integers: the samples stay exact without a decimal library.
  const cents = lines.reduce((sum, l) => sum + l.quantity * Math.round(Number(l.unitPrice) * 100), 0);
  const amount = (cents / 100).toFixed(2);
  return { subtotal: amount, total: amount };
}

function sample(id: string, title: string, number: string, lines: ReturnType<typeof line>[], address: OrderSnapshotInput['shippingAddress'], extra: Partial<OrderSnapshotInput> = {}): SampleOrder {
  return {
    id,
    title,
    order: {
      externalId: `sample-${id}`,
      number,
      currency: 'USD',
      ...totals(lines),
      lines,
      shippingAddress: address,
      billingAddress: address,
      customer: { email: 'pat.sample@example.com', firstName: 'Pat', lastName: 'Sample' },
      tags: [],
      placedAt: PLACED,
      updatedAt: PLACED,
      ...extra,
    },
  };
}

const LOUISVILLE = { name: 'Pat Sample', line1: '1 Main Street', city: 'Louisville', region: 'KY', postalCode: '40202', country: 'US' } as const;

export const SAMPLE_ORDERS: readonly SampleOrder[] = [
  sample('us-two-items', 'US · mug and two tees', '#S-1001', [line('1', 'DL-MUG-BLK', 'Enamel camp mug', 1, '18.00'), line('2', 'DL-TEE-M', 'Organic cotton tee', 2, '29.00')], LOUISVILLE),
  sample('de-lantern', 'Germany · lantern', '#S-1002', [line('1', 'DL-LAMP-01', 'Rechargeable lantern', 1, '59.00')], {
    name: 'Kim Beispiel',
    line1: 'Hauptstraße 5',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  }),
  sample('au-large', 'Australia · large order', '#S-1003', [line('1', 'DL-BLKT-WL', 'Wool blanket', 3, '120.00'), line('2', 'DL-PACK-20', 'Day pack 20 l', 2, '79.00')], {
    name: 'Alex Example',
    line1: '10 George Street',
    city: 'Sydney',
    region: 'NSW',
    postalCode: '2000',
    country: 'AU',
  }),
  sample('mismatch', 'US ship-to, billing in Brazil', '#S-1004', [line('1', 'DL-KNIFE-8', 'Chef knife 8"', 4, '89.00')], LOUISVILLE, {
    billingAddress: { name: 'Pat Sample', line1: 'Rua Augusta 100', city: 'São Paulo', postalCode: '01304-000', country: 'BR' },
    clientIp: '203.0.113.7',
  }),
  sample('no-sku', 'US · one line without a SKU', '#S-1005', [line('1', 'DL-SOCK-3P', 'Merino socks (3 pairs)', 1, '24.00'), line('2', null, 'Gift note', 1, '5.00')], LOUISVILLE),
];

export type PastedOrder = { ok: true; order: unknown } | { ok: false; message: string };

/** A pasted order (a snapshot, or a whole order from `/api/orders/:id`), checked like the hub checks it. */
export function parsePastedOrder(text: string): PastedOrder {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `Not JSON: ${(err as Error).message}` };
  }
  const parsed = OrderSnapshotSchema.safeParse(json);
  if (parsed.success) return { ok: true, order: json };
  const first = parsed.error.issues.slice(0, 3).map((i) => `${formatPath(i.path) || 'order'}: ${i.message}`);
  return { ok: false, message: first.join('; ') };
}
