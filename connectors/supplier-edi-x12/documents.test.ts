import { describe, expect, it } from 'vitest';
import { EVENT_DATA } from '../model/events.ts';
import { SAMPLE_PO } from '../supplier-sftp-csv/sample-po.ts';
import { fixtureText } from '../testing/fixtures.ts';
import { read855 } from './acknowledgment-855.ts';
import { functionalAck997, parse997, read997 } from './functional-ack-997.ts';
import { read846 } from './inventory-846.ts';
import { read810 } from './invoice-810.ts';
import { purchaseOrder850 } from './purchase-order-850.ts';
import type { ReadContext } from './read-context.ts';
import { read856 } from './ship-notice-856.ts';
import { parseX12, type TransactionSet } from './x12.ts';

const ctx = (lines: Record<string, string> = {}): ReadContext => ({ supplierId: 'summit', currency: 'USD', inventoryFull: false, lineIdFor: (_po, n) => (n ? lines[String(Number(n))] : undefined) });
const firstSet = (text: string): TransactionSet => parseX12(text).interchanges[0]!.groups[0]!.sets[0]!;
const setOf = (type: string, body: string) => firstSet(`ST*${type}*0001~${body}~SE*${body.split('~').length + 2}*0001~`);
/** Every event a reader makes must be valid canonical data. */
const valid = (events: { type: keyof typeof EVENT_DATA; data: unknown }[]) => events.forEach((e) => EVENT_DATA[e.type].parse(e.data));

describe('855 purchase-order acknowledgment', () => {
  it('reads the sample: accepted, rejected and deleted lines, per line, with the supplier order number', () => {
    const { po, events } = read855(firstSet(fixtureText('edi/x12_855_node-x12.edi')), ctx({ '1': 'line-a' }));
    valid(events);
    expect(po).toBe('POTEST1112');
    expect(events).toEqual([
      { type: 'supplier_order.acknowledged', data: { supplierId: 'summit', supplierOrderId: 'POTEST1112', lines: [{ lineId: 'line-a', sku: '9780446360265', quantity: 3 }, { sku: '9780446360272', quantity: 2 }] }, ref: { supplierOrderId: 'POTEST1112' } },
      { type: 'supplier_order.rejected', data: { supplierId: 'summit', supplierOrderId: 'POTEST1112', reason: '855: 9780767928427: IR; 9780099599531: IR', lines: [{ sku: '9780767928427', quantity: 2 }, { sku: '9780099599531', quantity: 1 }] }, ref: { supplierOrderId: 'POTEST1112' } },
    ]);
  });

  it('says when backordered stock is expected: the ACK date, else the line schedule; the latest line, and none if a line has none', () => {
    const backorder = (body: string) => read855(setOf('855', `BAK*00*AC*PO-9*20260301~${body}`), ctx()).events.find((e) => e.type === 'supplier_order.backordered')!;
    const ack = backorder('PO1*1*2*EA***VP*MUG~ACK*IB*2*EA*068*20261204');
    valid([ack]);
    expect((ack.data as { expectedAt?: string }).expectedAt).toBe('2026-12-04T00:00:00.000Z');
    const scheduled = backorder('PO1*1*2*EA***VP*MUG~ACK*IB*2*EA~SCH*2*EA***080*20261210~PO1*2*1*EA***VP*TEE~ACK*IB*1*EA*017*20261207');
    expect((scheduled.data as { expectedAt?: string }).expectedAt).toBe('2026-12-10T00:00:00.000Z');
    expect((backorder('PO1*1*2*EA***VP*MUG~ACK*IB*2*EA~DTM*067*20261208').data as { expectedAt?: string }).expectedAt).toBe('2026-12-08T00:00:00.000Z');
    // A requested-delivery date (002) is the buyer's wish, not the supplier's promise; one undated line leaves the order undated.
    expect(backorder('PO1*1*2*EA***VP*MUG~ACK*IB*2*EA*002*20261204').data).not.toHaveProperty('expectedAt');
    expect(backorder('PO1*1*2*EA***VP*MUG~ACK*IB*2*EA*068*20261204~PO1*2*1*EA***VP*TEE~ACK*IB*1*EA').data).not.toHaveProperty('expectedAt');
  });

  it('backorders, changes quantities (giving the rest back) and follows the header when lines have no ACK', () => {
    const set = setOf('855', 'BAK*00*AC*PO-9*20260301****SO-77~PO1*1*3*EA*4.10**VP*MUG~ACK*IQ*2*EA~PO1*2*1*EA***VP*TEE~ACK*IB*1*EA~PO1*3*5*EA***VP*CAP~ACK*IA*5*EA');
    const { events } = read855(set, ctx({ '1': 'l1', '2': 'l2', '3': 'l3' }));
    valid(events);
    expect(events.map((e) => [e.type, (e.data as { lines?: unknown }).lines])).toEqual([
      ['supplier_order.acknowledged', [{ lineId: 'l1', sku: 'MUG', quantity: 2 }, { lineId: 'l3', sku: 'CAP', quantity: 5 }]],
      ['supplier_order.backordered', [{ lineId: 'l2', sku: 'TEE', quantity: 1 }]],
      ['supplier_order.rejected', [{ lineId: 'l1', sku: 'MUG', quantity: 1 }]],
    ]);
    expect((events[0]!.data as { externalId?: string }).externalId).toBe('SO-77');
    expect((events[2]!.data as { reason: string }).reason).toBe('855: MUG: quantity changed from 3 to 2');
    expect(read855(setOf('855', 'BAK*00*RJ*PO-9*20260301'), ctx()).events).toEqual([
      { type: 'supplier_order.rejected', data: { supplierId: 'summit', supplierOrderId: 'PO-9', reason: '855 RJ: the supplier rejected the order' }, ref: { supplierOrderId: 'PO-9' } },
    ]);
    expect(read855(setOf('855', 'BAK*00*AD*PO-9*20260301'), ctx()).events.map((e) => e.type)).toEqual(['supplier_order.acknowledged']);
    expect(() => read855(setOf('855', 'CUR*BT*USD'), ctx())).toThrow(/BAK03/);
  });
});

describe('856 ship notice', () => {
  it('reads the sample: SCAC, tracking, PO and per-line quantities', () => {
    const { events } = read856(firstSet(fixtureText('edi/x12_856_node-x12.edi')), ctx());
    valid(events);
    expect(events).toEqual([
      {
        type: 'shipment.created',
        occurredAt: '2011-12-06T00:00:00.000Z',
        data: {
          supplierId: 'summit',
          supplierOrderId: '99999817',
          carrier: 'XXXX',
          service: 'XXXX',
          trackingNumber: '5787970539',
          lines: [{ sku: '87787D', quantity: 24 }, { sku: '99887D', quantity: 6 }],
          shippedAt: '2011-12-06T00:00:00.000Z',
        },
        ref: { supplierOrderId: '99999817' },
      },
    ]);
  });

  it('splits packs with their own tracking numbers into shipments and names carriers by SCAC', () => {
    const set = setOf(
      '856',
      'BSN*00*S1*20260302*1015~HL*1**S~TD5*B*2*UPSN*U*GROUND~HL*2*1*O~PRF*PO-9~HL*3*2*P~MAN*CP*1Z001~HL*4*3*I~LIN*1*VP*MUG~SN1*1*2*EA~HL*5*2*P~MAN*CP*1Z002~HL*6*5*I~LIN*2*VP*TEE~SN1*2*1*EA',
    );
    const { events } = read856(set, ctx({ '1': 'l1', '2': 'l2' }));
    valid(events);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ carrier: 'UPS', service: 'GROUND', trackingNumber: '1Z001', lines: [{ lineId: 'l1', sku: 'MUG', quantity: 2 }], shippedAt: '2026-03-02T10:15:00.000Z' }),
      expect.objectContaining({ carrier: 'UPS', trackingNumber: '1Z002', lines: [{ lineId: 'l2', sku: 'TEE', quantity: 1 }] }),
    ]);
    expect(() => read856(setOf('856', 'BSN*00*S1*20260302~HL*1**S~HL*2*1*I~LIN*1*VP*MUG~SN1*1*2*EA'), ctx())).toThrow(/PRF/);
  });
});

describe('810 invoice', () => {
  it('reads the sample: invoice number, PO, total with implied decimals, currency and lines', () => {
    const { po, events } = read810(firstSet(fixtureText('edi/x12_810_invoice_adobe_004010.edi')), ctx());
    valid(events);
    expect(po).toBe('V8748745');
    expect(events[0]).toEqual({
      type: 'invoice.received',
      occurredAt: '2007-01-29T00:00:00.000Z',
      data: { supplierId: 'summit', supplierOrderId: 'V8748745', invoiceNumber: '0013833070', invoicedAt: '2007-01-29T00:00:00.000Z', amount: '160.00', currency: 'USD', lines: [{ sku: '65008841AB02A00', quantity: 1, unitPrice: '160' }] },
      ref: { supplierOrderId: 'V8748745' },
    });
  });

  it('adds the lines up when there is no TDS, and needs an invoice and PO number', () => {
    const { events } = read810(setOf('810', 'BIG*20260305*INV-1**PO-9~IT1*1*2*EA*4.10**VP*MUG~IT1*2*1*EA*0.35**VP*TEE'), ctx({ '1': 'l1' }));
    expect(events[0]!.data).toMatchObject({ amount: '8.55', currency: 'USD', lines: [{ lineId: 'l1', sku: 'MUG', quantity: 2, unitPrice: '4.10' }, { sku: 'TEE', quantity: 1, unitPrice: '0.35' }] });
    expect(() => read810(setOf('810', 'BIG*20260305*INV-1'), ctx())).toThrow(/BIG04/);
  });
});

describe('846 inventory', () => {
  it('takes available-for-sale quantities first, then on hand', () => {
    const { events } = read846(setOf('846', 'BIA*00*MM*R1*20260301~LIN*1*VP*MUG~QTY*17*9*EA~QTY*33*7*EA~LIN*2*VP*TEE~QTY*17*0*EA~LIN*3*UP*012345678905~QTY*02*4'), { ...ctx(), inventoryFull: true });
    valid(events);
    expect(events).toEqual([{ type: 'inventory.updated', data: { supplierId: 'summit', items: [{ sku: 'MUG', quantity: 7 }, { sku: 'TEE', quantity: 0 }, { sku: '012345678905', quantity: 4 }], full: true } }]);
  });
});

describe('997 functional acknowledgment', () => {
  it('reads the sample (no envelope): the group and set it rejects', () => {
    const set = firstSet(fixtureText('edi/x12_997_ack_boomi.edi'));
    expect(parse997(set)).toEqual({ functionalId: 'PO', groupControl: '2', groupStatus: 'R', sets: [{ type: '850', control: '103465910', status: 'R', codes: ['4', '5'] }] });
    const { events } = read997(set, ctx(), (g) => (g === '2' ? ['PO-4P0Q1ZVCXQ1X'] : []));
    valid(events);
    expect(events).toEqual([
      { type: 'supplier_order.rejected', data: { supplierId: 'summit', supplierOrderId: 'PO-4P0Q1ZVCXQ1X', reason: "997: the supplier's EDI system rejected the 850 (group 2, AK5 codes 4, 5)" }, ref: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X' } },
    ]);
  });

  it('records nothing for an accepted 850, and acknowledges a received group set by set', () => {
    expect(read997(setOf('997', 'AK1*PO*7~AK2*850*0007~AK5*A~AK9*A*1*1*1'), ctx(), () => ['PO-1']).events).toEqual([]);
    const group = parseX12(fixtureText('edi/x12_855_node-x12.edi')).interchanges[0]!.groups[0]!;
    expect(functionalAck997(group)).toEqual([['AK1', 'PR', '5'], ['AK2', '855', '0005'], ['AK5', 'A'], ['AK9', 'A', '1', '1', '1']]);
    const miscounted = parseX12(fixtureText('edi/x12_810_invoice_adobe_004010.edi')).interchanges[0]!.groups[0]!;
    expect(functionalAck997(miscounted)).toEqual([['AK1', 'IN', '810000263'], ['AK2', '810', '166061414'], ['AK5', 'E', '4'], ['AK9', 'E', '1', '1', '1']]);
  });
});

describe('850 purchase order', () => {
  it('carries the PO number, ship-to, and per line the supplier part number, our SKU, quantity and cost', () => {
    const body = purchaseOrder850(SAMPLE_PO, { purpose: 'DS' });
    expect(body).toEqual([
      ['BEG', '00', 'DS', 'PO-4P0Q1ZVCXQ1X', '', '20260301'],
      ['CUR', 'BY', 'USD'],
      ['REF', 'CO', '#1001'],
      ['TD5', '', '', '', '', 'Standard'],
      ['N1', 'ST', 'Bob Norman'],
      ['N3', 'Chestnut Street 92', 'Apt "B", 2nd floor'],
      ['N4', 'Louisville', 'KY', '40202', 'US'],
      ['PER', 'IC', 'Bob Norman', 'TE', '+1 555 0100', 'EM', 'bob@example.com'],
      ['PO1', '1', '2', 'EA', '4.10', 'PE', 'VP', 'NW-MUG-01', 'BP', 'MUG'],
      ['PID', 'F', '', '', '', 'Mug, blue'],
      ['PO1', '2', '1', 'EA', '', '', 'VP', 'NW-TEE-02', 'BP', 'TEE'],
      ['PID', 'F', '', '', '', '=HYPERLINK("x")'],
      ['CTT', '2', '3'],
    ]);
  });
});
