import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { X12Parser, type X12Interchange } from 'node-x12';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorState } from '../sdk/actions.ts';
import { SAMPLE_PO } from '../supplier-sftp-csv/sample-po.ts';
import { actionContextFor, memoryState } from '../testing/action-context.ts';
import { generateSshKeyPair, startSftpServer, type SftpTestServer } from '../testing/sftp-server.ts';
import { ediX12Supplier } from './connector.ts';
import { EXAMPLE_EDI_SUPPLIER_CONFIG } from './example-config.ts';
import { startFakeEdiSupplier, type FakeEdiSupplier } from './fake-edi-supplier.ts';

describe('edi-x12-supplier against a real SFTP server', () => {
  const keys = generateSshKeyPair();
  let server: SftpTestServer;
  let supplier: FakeEdiSupplier;
  let state: ConnectorState & { values: Map<string, unknown> };
  const ctx = (options: { password?: boolean; state?: ConnectorState; po?: string; config?: object } = {}) =>
    actionContextFor(ediX12Supplier, {
      connectorId: 'summit',
      config: { ...EXAMPLE_EDI_SUPPLIER_CONFIG, host: server.host, port: server.port, username: 'DROPLINE', minFileAgeSeconds: 0, ...options.config },
      secrets: options.password ? { password: 'edi-pw' } : { privateKey: keys.privateKey },
      state: options.state ?? state,
      idempotencyKey: options.po ?? SAMPLE_PO.supplierOrderId,
    });
  const place = (po = SAMPLE_PO.supplierOrderId, options: Parameters<typeof ctx>[0] = {}) => ediX12Supplier.actions!.placeOrder!({ ...SAMPLE_PO, supplierOrderId: po }, ctx({ ...options, po }));
  const poll = ediX12Supplier.poll!;
  const listing = (dir: string) => (existsSync(join(server.root, dir)) ? readdirSync(join(server.root, dir)).filter((n) => n !== 'processed').sort() : []);

  beforeAll(async () => {
    server = await startSftpServer({ users: [{ username: 'DROPLINE', password: 'edi-pw', publicKey: keys.publicKey }] });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    state = memoryState();
    for (const n of readdirSync(server.root)) rmSync(join(server.root, n), { recursive: true, force: true });
    supplier = startFakeEdiSupplier({ root: server.root, stock: { 'NW-MUG-01': 10, 'NW-TEE-02': 0 }, supplierId: '8005551234', retailerId: 'DROPLINERTL' });
  });

  it('sends one valid 850 per PO, each in an envelope with fresh control numbers, over key or password', async () => {
    expect(await place()).toEqual({ status: 'submitted', externalId: '850_PO-4P0Q1ZVCXQ1X.edi' });
    await place('PO-2', { password: true });
    const text = readFileSync(join(server.root, 'inbound/850_PO-4P0Q1ZVCXQ1X.edi'), 'utf8');
    const ix = new X12Parser(true).parse(text) as X12Interchange;
    expect([ix.header.valueOf(5), ix.header.valueOf(6)?.trim(), ix.header.valueOf(7), ix.header.valueOf(8)?.trim(), ix.header.valueOf(15)]).toEqual(['ZZ', 'DROPLINERTL', '12', '8005551234', 'P']);
    expect(supplier.takeFiles()).toEqual(['PO-2', 'PO-4P0Q1ZVCXQ1X']);
    const [a, b] = [supplier.orders.get('PO-4P0Q1ZVCXQ1X')!, supplier.orders.get('PO-2')!];
    expect(a.lines).toEqual([
      { line: '1', sku: 'NW-MUG-01', buyerSku: 'MUG', quantity: 2, price: '4.10' },
      { line: '2', sku: 'NW-TEE-02', buyerSku: 'TEE', quantity: 1, price: undefined },
    ]);
    expect(a.shipTo).toEqual(['Bob Norman', 'Chestnut Street 92']);
    expect(new Set([a.interchangeControl, b.interchangeControl]).size).toBe(2);
    expect(new Set([a.groupControl, b.groupControl]).size).toBe(2);
    expect(state.values.get('x12:control-numbers')).toEqual({ interchange: 2, group: 2, set: 2 });
  });

  it('never sends a PO twice: a retry, or a retry after the note of the first send was lost', async () => {
    await place();
    await place();
    const forgetful: ConnectorState = { get: async () => undefined, set: async () => undefined, update: async (_k, fn) => fn(undefined as never) };
    await place(SAMPLE_PO.supplierOrderId, { state: forgetful });
    expect(listing('/inbound')).toEqual(['850_PO-4P0Q1ZVCXQ1X.edi']);
    supplier.takeFiles();
    expect(supplier.orders.size).toBe(1);
    expect(supplier.duplicates).toEqual([]);
  });

  it('reads 997, 855, 856, 810 and 846; answers each group but the 997 with a 997 once stored; archives', async () => {
    await place();
    supplier.takeFiles();
    supplier.functionalAck(SAMPLE_PO.supplierOrderId, 'A');
    supplier.acknowledge(SAMPLE_PO.supplierOrderId);
    supplier.ship(SAMPLE_PO.supplierOrderId, { scac: 'UPSN', trackingNumber: '1Z999AA10123456784' });
    supplier.invoice(SAMPLE_PO.supplierOrderId, 'INV-3001');
    supplier.publishInventory();

    const items = await poll.run(ctx());
    expect(items.map((i) => i.topic).sort()).toEqual(['x12.810', 'x12.846', 'x12.855', 'x12.856', 'x12.997']);
    const byTopic = Object.fromEntries(items.map((i) => [i.topic, i.events]));
    expect(byTopic['x12.997']).toEqual([]);
    expect(byTopic['x12.855']!.map((e) => [e.type, (e.data as { lines?: unknown }).lines])).toEqual([
      ['supplier_order.acknowledged', [{ lineId: '11', sku: 'NW-MUG-01', quantity: 2 }]],
      ['supplier_order.backordered', [{ lineId: '12', sku: 'NW-TEE-02', quantity: 1 }]],
    ]);
    expect(byTopic['x12.856']![0]!.data).toMatchObject({ carrier: 'UPS', service: 'GROUND', trackingNumber: '1Z999AA10123456784', lines: [{ lineId: '11', sku: 'NW-MUG-01', quantity: 2 }] });
    expect(byTopic['x12.810']![0]!.data).toMatchObject({ invoiceNumber: 'INV-3001', amount: '8.20', currency: 'USD', supplierOrderId: 'PO-4P0Q1ZVCXQ1X' });
    expect(byTopic['x12.846']![0]!.data).toMatchObject({ items: [{ sku: 'NW-MUG-01', quantity: 8 }, { sku: 'NW-TEE-02', quantity: 0 }], full: false });

    // Not stored yet (the hub died): no 997 has gone out, nothing moved, and the next poll sees the same.
    expect(listing('/inbound').filter((n) => n.startsWith('997'))).toEqual([]);
    expect((await poll.run(ctx())).map((i) => i.deliveryId)).toEqual(items.map((i) => i.deliveryId));

    await poll.acknowledge!(items, ctx());
    await poll.acknowledge!(items, ctx()); // a retried job: no second 997
    expect(listing('/outbound')).toEqual([]);
    expect(listing('/archive')).toHaveLength(5);
    supplier.takeFiles();
    const ourGroups = [...supplier.sentGroups].filter(([, id]) => id !== 'FA').map(([control]) => control).sort();
    expect(supplier.acksReceived.map((a) => a.groupControl).sort()).toEqual(ourGroups);
    expect(supplier.acksReceived.every((a) => a.status === 'A' && a.sets.length === 1)).toBe(true);
    expect(new Set(supplier.interchangesReceived).size).toBe(supplier.interchangesReceived.length);
    expect(await poll.run(ctx())).toEqual([]);
  });

  it('turns a 997 rejecting our 850 into a rejection of the PO', async () => {
    await place();
    supplier.takeFiles();
    supplier.functionalAck(SAMPLE_PO.supplierOrderId, 'R');
    const [item] = await poll.run(ctx());
    expect(item!.events).toEqual([
      { type: 'supplier_order.rejected', data: { supplierId: 'summit', supplierOrderId: 'PO-4P0Q1ZVCXQ1X', reason: expect.stringMatching(/^997: the supplier's EDI system rejected the 850 \(group 1, AK5 codes 5\)$/) }, ref: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X' } },
    ]);
  });

  it('sets aside files that are not X12, or not from this partner to us', async () => {
    supplier.writeRaw('junk.x12', '<xml/>');
    supplier.writeRaw('stranger.x12', 'ISA*00* *00* *ZZ*SOMEONEELSE*ZZ*DROPLINERTL*260301*1200*U*00401*9*0*P*>~GS*PR*X*Y*20260301*1200*9*X*004010~ST*855*0001~BAK*00*AC*PO-1*20260301~SE*3*0001~GE*1*9~IEA*1*9~');
    expect(await poll.run(ctx())).toEqual([]);
    expect(listing('/archive/failed')).toEqual(['junk.x12', 'junk.x12.error.txt', 'stranger.x12', 'stranger.x12.error.txt']);
    expect(readFileSync(join(server.root, 'archive/failed/stranger.x12.error.txt'), 'utf8')).toMatch(/from "SOMEONEELSE" to "DROPLINERTL", not from "8005551234"/);
  });
});
