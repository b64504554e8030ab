import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EVENT_DATA } from '../model/events.ts';
import { csvSupplierConfig } from './config.ts';
import { acknowledgmentItems, inventoryItems, readCsv, shipmentItems } from './inbound-files.ts';

const config = csvSupplierConfig.parse({
  host: 'h',
  username: 'u',
  acknowledgments: { columns: { po: 'PO', sku: 'Item #', quantity: 'Qty', status: 'Result', reason: 'Why', lineId: 'Our Line' }, statuses: { accepted: ['ok'], backordered: ['later'], rejected: ['no'] } },
  shipments: { delimiter: ';', columns: { po: 'PO', sku: 'Item', quantity: 'Qty', carrier: 'Carrier', trackingNumber: 'Tracking', shippedAt: 'Shipped' } },
  inventory: { full: false, columns: { sku: 'Item', quantity: 'On Hand', warehouse: 'DC' } },
});
const file = { name: 'f.csv', path: '/out/f.csv', size: 10, mtimeMs: 1 };
const csv = (text: string, delimiter = ',') => readCsv(Readable.from([Buffer.from(text)]), delimiter);

describe('supplier CSV files', () => {
  it('maps acknowledgment columns by header (any case, spaces, BOM), one delivery per PO', async () => {
    const parsed = await csv('\uFEFFpo,ITEM  #,qty,result,why,our line\r\nPO-1,A,2,OK,,11\r\nPO-1,B,1,no,discontinued,12\r\nPO-2,C,3,later,,\r\n');
    const items = acknowledgmentItems('nw', file, parsed, config.acknowledgments!);
    expect(items.map((i) => i.deliveryId)).toEqual([`/out/f.csv#${parsed.sha256.slice(0, 32)}#po:PO-1`, `/out/f.csv#${parsed.sha256.slice(0, 32)}#po:PO-2`]);
    expect(items[0]!.events.map((e) => [e.type, e.data])).toEqual([
      ['supplier_order.acknowledged', { supplierId: 'nw', supplierOrderId: 'PO-1', externalId: undefined, lines: [{ lineId: '11', sku: 'A', quantity: 2 }] }],
      ['supplier_order.rejected', { supplierId: 'nw', supplierOrderId: 'PO-1', reason: 'discontinued', lines: [{ lineId: '12', sku: 'B', quantity: 1 }] }],
    ]);
    expect(items[1]!.events.map((e) => e.type)).toEqual(['supplier_order.backordered']);
    for (const i of items) for (const e of i.events) EVENT_DATA[e.type].parse(e.data);
  });

  it('groups shipment rows by PO and tracking number', async () => {
    const parsed = await csv('PO;Item;Qty;Carrier;Tracking;Shipped\nPO-1;A;2;UPS;1Z1;2026-03-02\nPO-1;B;1;UPS;1Z2;2026-03-02T10:00:00+01:00\nPO-1;C;1;UPS;1Z1;\n', ';');
    const items = shipmentItems('nw', file, parsed, config.shipments!);
    expect(items.map((i) => i.events[0]!.data)).toEqual([
      expect.objectContaining({ trackingNumber: '1Z1', lines: [{ sku: 'A', quantity: 2 }, { sku: 'C', quantity: 1 }], shippedAt: '2026-03-02T00:00:00.000Z' }),
      expect.objectContaining({ trackingNumber: '1Z2', lines: [{ sku: 'B', quantity: 1 }], shippedAt: '2026-03-02T09:00:00.000Z' }),
    ]);
  });

  it('reads stock with warehouses as a delta feed, and names the row and column of a bad value', async () => {
    const items = inventoryItems('nw', file, await csv('Item,On Hand,DC\nA,5,east\nB,0,\n'), config.inventory!);
    expect(items[0]!.events).toEqual([{ type: 'inventory.updated', data: { supplierId: 'nw', items: [{ sku: 'A', quantity: 5, warehouse: 'east' }, { sku: 'B', quantity: 0 }], full: false } }]);
    await expect(csv('Item,On Hand\nA,-1\n').then((p) => inventoryItems('nw', file, p, config.inventory!))).rejects.toThrow('line 2: quantity "-1" is not a whole number');
    await expect(csv('PO,Item #,Qty,Result\nPO-1,,2,ok\n').then((p) => acknowledgmentItems('nw', file, p, config.acknowledgments!))).rejects.toThrow('line 2: the item column "Item #" is empty or missing');
  });
});
