import { describe, expect, it } from 'vitest';
import { candidate, routingInput, sampleOrder } from '../testing/sample-order.ts';
import { createInMemoryFactProvider } from './in-memory-fact-provider.ts';
import { RunFacts } from './run-facts.ts';
import { velocityKey } from './fact-provider.ts';

const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('run facts', () => {
  it('derives order, routing and line facts from the input', () => {
    const input = routingInput(sampleOrder(), {
      all: [candidate('a', { stock: 4 }), candidate('b', { stock: null })],
      excluded: { '466157049': [{ supplierId: 'b', reason: 'rejected' }] },
      attempt: 2,
    });
    const run = new RunFacts(input, createInMemoryFactProvider(), NOW);
    expect(run.orderFacts()).toEqual({ lineCount: 3, totalQuantity: 3 });
    expect(run.routing()).toEqual({ attempt: 2, cause: 'order.received', excludedSuppliers: ['b'], lineCount: 3 });
    expect(run.clock).toEqual({ now: '2026-03-10T12:00:00.000Z' });
    const green = run.lines[0]!.facts;
    expect(green.derived()).toEqual({ lineTotal: '199.00', candidates: ['a'], candidateCount: 1, availability: { quantity: 1, stock: { a: 4 } }, excludedSuppliers: ['b'] });
    expect(green.line()).toMatchObject({ sku: 'IPOD2008GREEN', quantity: 1, unitPrice: '199.00', requiresShipping: true });
  });

  it('line totals are decimals less the discount share', () => {
    const order = sampleOrder((o) => ({ ...o, lines: [{ ...o.lines[0]!, quantity: 3, unitPrice: '0.10', totalDiscount: '0.01' }] }));
    const run = new RunFacts(routingInput(order), createInMemoryFactProvider(), NOW);
    // 3 × 0.10 − 0.01 = 0.29 (as floats, 0.30000000000000004 − 0.01).
    expect(run.lines[0]!.facts.derived().lineTotal).toBe('0.29');
  });

  it('days until a backorder is expected, rounded up; none without a date', () => {
    const at = (expectedAt?: string) =>
      new RunFacts(routingInput(sampleOrder(), { event: { type: 'supplier_order.backordered', data: { supplierId: 'a', supplierOrderId: 'x', lines: [], ...(expectedAt ? { expectedAt } : {}) } } }), createInMemoryFactProvider(), NOW).eventFacts();
    expect(at('2026-03-11T18:00:00Z')).toEqual({ expectedInDays: 2, lineCount: 0 });
    expect(at('2026-03-09T00:00:00Z').expectedInDays).toBe(0);
    expect(at()).toEqual({ lineCount: 0 });
  });

  it('memoises lookups per run', async () => {
    const provider = createInMemoryFactProvider({ terms: { a: { leadTimeDays: 2 } }, stock: { z: { IPOD2008GREEN: 7 } } });
    const run = new RunFacts(routingInput(sampleOrder(), { all: [candidate('a', { stock: 3 })] }), provider, NOW);
    await Promise.all([run.supplier('a'), run.supplier('a'), run.supplier('a')]);
    expect(provider.calls.supplierTerms).toBe(1);
    // Stock of a candidate comes from the input; of another supplier from the provider.
    expect(await run.lines[0]!.facts.stockAt('a')).toBe(3);
    expect(await run.lines[0]!.facts.stockAt('z')).toBe(7);
    expect(provider.calls.supplierStock).toBe(1);
  });

  it('counts recent orders by email, address or IP within the window, never the order itself', async () => {
    const order = sampleOrder();
    const past = (orderId: string, hoursAgo: number, o: { email?: string; clientIp?: string } = {}) => ({
      orderId,
      placedAt: new Date(NOW - hoursAgo * 3_600_000).toISOString(),
      total: '100.10',
      currency: 'USD',
      ...o,
    });
    const provider = createInMemoryFactProvider({
      pastOrders: [
        past('p1', 1, { email: 'Bob.Norman@mail.example.com' }),
        past('p2', 20, { email: 'bob.norman@mail.example.com' }),
        past('p3', 30, { email: 'bob.norman@mail.example.com' }),
        past(order.id, 0, { email: 'bob.norman@mail.example.com' }),
        past('p4', 2, { clientIp: '0.0.0.0' }),
      ],
    });
    const run = new RunFacts(routingInput(order), provider, NOW);
    expect(await run.recentOrders('email', 24)).toEqual({ count: 2, total: '200.20' });
    expect(await run.recentOrders('ip', 24)).toEqual({ count: 1, total: '100.10' });
    expect(velocityKey('shippingAddress', order)).toBe('chestnut street 92|40202|us');
    expect(velocityKey('email', { customer: {} })).toBeUndefined();
  });

  it('validates the shipping address through the provider', async () => {
    const provider = createInMemoryFactProvider({ addresses: { 'chestnut street 92': { verdict: 'corrected' } } });
    const run = new RunFacts(routingInput(sampleOrder()), provider, NOW);
    expect(await run.addressCheck()).toEqual({ verdict: 'corrected', corrected: true });
    const none = new RunFacts(routingInput(sampleOrder((o) => ({ ...o, shippingAddress: undefined }))), provider, NOW);
    expect(await none.addressCheck()).toBeUndefined();
    expect(provider.calls.validateAddress).toBe(1);
  });
});
