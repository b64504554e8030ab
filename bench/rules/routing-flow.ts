/**
 * @module The benchmark's routing flow: 25 nodes, what a mid-size retailer might draw. A fraud gate (country
 * mismatch or a very large order → tag, hold, tell the customer, call the fraud desk), a VIP tag, a decision
 * table by region and order value, per-line SKU conditions in North America (express SKUs to the fastest
 * supplier, books to the book specialist, the rest down a failover chain), nearest-warehouse routing in
 * Europe, cheapest in small European orders, a direct supplier for Asia-Pacific, a split for everywhere else,
 * and an exception path for what nobody can ship: hold valuable orders, refund the rest.
 */
import { FlowBuilder, type Flow, type SupplierTerms } from '@dropline/rules';

export const NORTH_AMERICA = ['US', 'CA', 'MX'];
export const EUROPE = ['DE', 'FR', 'GB', 'NL'];
export const ASIA_PACIFIC = ['AU', 'JP', 'SG'];

/** Lead times the fastest-supplier node reads through the fact provider. */
export const SUPPLIER_TERMS: Record<string, SupplierTerms> = {
  'us-east': { leadTimeDays: 4 },
  'us-west': { leadTimeDays: 2 },
  'eu-west': { leadTimeDays: 3 },
  apac: { leadTimeDays: 6 },
  dropco: { leadTimeDays: 5 },
};

export function benchRoutingFlow(): Flow {
  const b = new FlowBuilder({ id: 'bench-routing', name: 'Benchmark routing', trigger: 'order.received', version: 1 });
  const fraud = b.add(
    'condition',
    {
      condition: {
        any: [
          {
            all: [
              { fact: 'order.billingAddress.country', operator: 'isPresent' },
              { fact: 'order.shippingAddress.country', operator: 'notEqual', valueFact: { fact: 'order.billingAddress.country' } },
            ],
          },
          { fact: 'order.total', operator: 'moneyGreaterThan', value: '5000' },
        ],
      },
    },
    { id: 'fraud' },
  );
  const tagReview = b.add('add-tag', { tags: ['fraud-review'] }, { id: 'tag-review' });
  const holdReview = b.add('hold', { reason: 'possible fraud' }, { id: 'hold-review' });
  const notifyReview = b.add('notify-customer', { template: 'order-under-review' }, { id: 'notify-review' });
  const fraudDesk = b.add('call-webhook', { url: 'https://fraud.example.com/hooks/dropline' }, { id: 'fraud-desk' });
  const vip = b.add('condition', { condition: { fact: 'order.tags', operator: 'contains', value: 'vip' } }, { id: 'vip' });
  const tagVip = b.add('add-tag', { tags: ['vip-routing'] }, { id: 'tag-vip' });
  const region = b.add(
    'decision-table',
    {
      columns: [{ fact: 'order.shippingAddress.country' }, { fact: 'order.total' }],
      rows: [
        { cells: [{ operator: 'countryIn', value: NORTH_AMERICA }, null], outcome: 'na' },
        { cells: [{ operator: 'countryIn', value: EUROPE }, { operator: 'moneyGreaterThan', value: '100' }], outcome: 'eu' },
        { cells: [{ operator: 'countryIn', value: EUROPE }, null], outcome: 'eu-small' },
        { cells: [{ operator: 'countryIn', value: ASIA_PACIFIC }, null], outcome: 'apac' },
      ],
    },
    { id: 'region' },
  );
  const express = b.add('condition', { condition: { fact: 'order.lines[].sku', operator: 'skuMatches', value: ['EXPRESS-*'] } }, { id: 'express' });
  const fastest = b.add('route-by-sku', { rules: [{ skus: ['EXPRESS-*'], strategy: 'fastest', suppliers: ['us-east', 'us-west', 'dropco'] }], otherwise: 'none' }, { id: 'fastest-na' });
  const books = b.add('condition', { condition: { fact: 'order.lines[].sku', operator: 'skuStartsWith', value: ['BOOK-'] } }, { id: 'books' });
  const toDropco = b.add('route-to-supplier', { supplierId: 'dropco' }, { id: 'to-dropco' });
  const naChain = b.add('route-failover', { suppliers: ['us-east', 'us-west', 'dropco'] }, { id: 'na-chain' });
  const euNearest = b.add(
    'route-nearest',
    { areas: [{ countries: ['DE', 'FR', 'NL'], suppliers: ['eu-west'] }, { countries: ['GB'], suppliers: ['eu-west', 'dropco'] }], fallback: ['dropco'] },
    { id: 'eu-nearest' },
  );
  const euCheapest = b.add('route-by-sku', { rules: [], otherwise: 'cheapest' }, { id: 'eu-cheapest' });
  const toApac = b.add('route-to-supplier', { supplierId: 'apac', stock: 'allow-unknown' }, { id: 'to-apac' });
  const tagIntl = b.add('add-tag', { tags: ['international'] }, { id: 'tag-intl' });
  const intlSplit = b.add('split-order', { prefer: 'priority' }, { id: 'intl-split' });
  const split = b.add('split-order', { prefer: 'fewest-suppliers', splitLines: true }, { id: 'split' });
  const valuable = b.add('condition', { condition: { fact: 'order.total', operator: 'moneyGreaterThan', value: '200' } }, { id: 'valuable' });
  const holdStock = b.add('hold', { reason: 'valuable order without a supplier' }, { id: 'hold-no-stock' });
  const notifyStock = b.add('notify-customer', { template: 'order-delayed' }, { id: 'notify-no-stock' });
  const refund = b.add('cancel-refund', { mode: 'partial', reason: 'no supplier has it' }, { id: 'refund' });
  const notifyRefund = b.add('notify-customer', { template: 'partial-refund' }, { id: 'notify-refund' });

  b.connect(b.start, 'out', fraud)
    .connect(fraud, 'true', tagReview)
    .connect(tagReview, 'out', holdReview)
    .connect(holdReview, 'out', notifyReview)
    .connect(notifyReview, 'out', fraudDesk)
    .connect(fraud, 'false', vip)
    .connect(vip, 'true', tagVip)
    .connect(tagVip, 'out', region)
    .connect(vip, 'false', region)
    .connect(region, 'na', express)
    .connect(express, 'true', fastest)
    .connect(express, 'false', books)
    .connect(books, 'true', toDropco)
    .connect(books, 'false', naChain)
    .connect(fastest, 'none', naChain)
    .connect(toDropco, 'none', naChain)
    .connect(naChain, 'none', split)
    .connect(region, 'eu', euNearest)
    .connect(euNearest, 'none', split)
    .connect(region, 'eu-small', euCheapest)
    .connect(euCheapest, 'none', split)
    .connect(region, 'apac', toApac)
    .connect(toApac, 'none', split)
    .connect(region, 'default', tagIntl)
    .connect(tagIntl, 'out', intlSplit)
    .connect(intlSplit, 'none', valuable)
    .connect(split, 'none', valuable)
    .connect(valuable, 'true', holdStock)
    .connect(holdStock, 'out', notifyStock)
    .connect(valuable, 'false', refund)
    .connect(refund, 'out', notifyRefund);
  const flow = b.build();
  if (flow.nodes.length !== 25) throw new Error(`the benchmark flow should have 25 nodes, has ${flow.nodes.length}`);
  return flow;
}
