import { describe, expect, it } from 'vitest';
import { describeFacts, factCatalogue } from './catalogue.ts';

describe('fact catalogue', () => {
  const facts = factCatalogue('order.received');

  it('derives order and line facts from the canonical schema, typed by their formats', () => {
    expect(facts.get('order.total')).toMatchObject({ type: 'money', scope: 'order', source: 'input', ref: { fact: 'order', path: 'total' } });
    expect(facts.get('order.currency')?.type).toBe('currency');
    expect(facts.get('order.shippingAddress.country')).toMatchObject({ type: 'country', ref: { fact: 'order', path: 'shippingAddress.country' } });
    expect(facts.get('order.tags')?.type).toBe('string[]');
    expect(facts.get('order.placedAt')?.type).toBe('instant');
    expect(facts.get('order.status')).toMatchObject({ type: 'enum', values: expect.arrayContaining(['received', 'held']) });
    expect(facts.get('order.customer.email')).toMatchObject({ type: 'string', title: 'Customer email' });
    expect(facts.get('order.lines[].sku')).toMatchObject({ type: 'sku', scope: 'line', ref: { fact: 'line', path: 'sku' } });
    expect(facts.get('order.lines[].unitPrice')).toMatchObject({ type: 'money', scope: 'line' });
    expect(facts.get('order.lines[].quantity')).toMatchObject({ type: 'number', scope: 'line' });
    // Ids and bookkeeping are not offered.
    expect(facts.has('order.trackingUrl')).toBe(false);
    expect(facts.has('order.lines[].lineId')).toBe(false);
  });

  it('declares the derived and looked-up facts with their parameters', () => {
    expect(facts.get('order.lines[].availability')).toMatchObject({ type: 'availability', scope: 'line' });
    expect(facts.get('supplier.cutoff')).toMatchObject({ type: 'cutoff', source: 'provider', ref: { fact: 'supplier', path: 'cutoff' } });
    expect(facts.get('supplier.leadTimeDays')!.params!.safeParse({}).success).toBe(false);
    expect(facts.get('customer.recentOrders.count')!.params!.parse({ by: 'ip', windowHours: 1 })).toEqual({ by: 'ip', windowHours: 1 });
    expect(facts.get('addressValidation.verdict')).toMatchObject({ type: 'enum', values: ['deliverable', 'corrected', 'undeliverable'] });
  });

  it('offers event facts only for their trigger', () => {
    expect(facts.has('event.supplierId')).toBe(false);
    const backorder = factCatalogue('supplier_order.backordered');
    expect(backorder.get('event.supplierId')).toMatchObject({ type: 'string', ref: { fact: 'event', path: 'supplierId' } });
    expect(backorder.get('event.expectedAt')?.type).toBe('instant');
    expect(backorder.get('event.expectedInDays')).toMatchObject({ type: 'number', ref: { fact: 'eventFacts' } });
    expect(factCatalogue('shipment.tracking_updated').get('event.status')).toMatchObject({ type: 'enum', values: expect.arrayContaining(['delivered', 'exception']) });
    expect(factCatalogue('supplier_order.rejected').get('event.reason')?.type).toBe('string');
  });

  it('describes facts as JSON for the editor', () => {
    const info = describeFacts('order.received');
    expect(info.find((f) => f.path === 'supplier.region')).toMatchObject({ source: 'provider', paramsSchema: { type: 'object', required: ['supplierId'] } });
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });
});
