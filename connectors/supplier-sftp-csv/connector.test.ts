import { existsSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorState } from '../sdk/actions.ts';
import { actionContextFor, memoryState } from '../testing/action-context.ts';
import { generateSshKeyPair, startSftpServer, type SftpTestServer } from '../testing/sftp-server.ts';
import { sftpCsvSupplier } from './connector.ts';
import { EXAMPLE_CSV_SUPPLIER_CONFIG } from './example-config.ts';
import { startFakeCsvSupplier, type FakeCsvSupplier } from './fake-csv-supplier.ts';
import { SAMPLE_PO } from './sample-po.ts';

describe('sftp-csv-supplier against a real SFTP server', () => {
  const keys = generateSshKeyPair();
  let server: SftpTestServer;
  let supplier: FakeCsvSupplier;
  let state: ConnectorState & { values: Map<string, unknown> };

  const ctx = (options: { password?: boolean; state?: ConnectorState; idempotencyKey?: string } = {}) =>
    actionContextFor(sftpCsvSupplier, {
      connectorId: 'northwind',
      config: { ...EXAMPLE_CSV_SUPPLIER_CONFIG, host: server.host, port: server.port, username: 'dropline', minFileAgeSeconds: 0, hostKeySha256: server.hostKeySha256 },
      secrets: options.password ? { password: 'pw-1' } : { privateKey: keys.privateKey },
      state: options.state ?? state,
      idempotencyKey: options.idempotencyKey ?? SAMPLE_PO.supplierOrderId,
    });
  const poll = sftpCsvSupplier.poll!;
  const listing = (dir: string) => (existsSync(join(server.root, dir)) ? readdirSync(join(server.root, dir)).sort() : []);

  beforeAll(async () => {
    server = await startSftpServer({ users: [{ username: 'dropline', password: 'pw-1', publicKey: keys.publicKey }] });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    state = memoryState();
    for (const n of readdirSync(server.root)) rmSync(join(server.root, n), { recursive: true, force: true });
    supplier = startFakeCsvSupplier({ root: server.root, stock: { 'NW-MUG-01': 10, 'NW-TEE-02': 0 }, cost: { 'NW-MUG-01': '4.10' } });
  });

  it('publishes one order file per PO, named after it, with key and with password logins', async () => {
    const result = await sftpCsvSupplier.actions!.placeOrder!(SAMPLE_PO, ctx());
    expect(result).toEqual({ status: 'submitted', externalId: 'DROPLINE_PO-4P0Q1ZVCXQ1X.csv' });
    expect(listing('/in')).toEqual(['DROPLINE_PO-4P0Q1ZVCXQ1X.csv', 'processed']);
    expect(readFileSync(join(server.root, 'in/DROPLINE_PO-4P0Q1ZVCXQ1X.csv'), 'utf8')).toContain('NW-20417,PO-4P0Q1ZVCXQ1X,1,NW-MUG-01');
    await sftpCsvSupplier.actions!.placeOrder!({ ...SAMPLE_PO, supplierOrderId: 'PO-2' }, ctx({ password: true, idempotencyKey: 'PO-2' }));
    expect(server.logins.slice(-2).map((l) => l.method)).toEqual(['publickey', 'password']);
    expect(supplier.takeOrders()).toEqual(['PO-2', 'PO-4P0Q1ZVCXQ1X']);
  });

  it('never places a PO twice: not on a retry, not when the answer was lost before it was noted', async () => {
    await sftpCsvSupplier.actions!.placeOrder!(SAMPLE_PO, ctx());
    await sftpCsvSupplier.actions!.placeOrder!(SAMPLE_PO, ctx());
    // The upload succeeded but the hub died before noting it: the retry finds the file and adds nothing.
    const forgetful: ConnectorState = { get: async () => undefined, set: async () => undefined };
    await sftpCsvSupplier.actions!.placeOrder!(SAMPLE_PO, ctx({ state: forgetful }));
    expect(listing('/in').filter((n) => n.endsWith('.csv'))).toEqual(['DROPLINE_PO-4P0Q1ZVCXQ1X.csv']);
    supplier.takeOrders();
    // Taken by the supplier already and the note lost: the supplier sees the same PO again and drops it.
    await sftpCsvSupplier.actions!.placeOrder!(SAMPLE_PO, ctx({ state: forgetful }));
    supplier.takeOrders();
    expect(supplier.orders.size).toBe(1);
    expect(supplier.duplicates).toEqual(['DROPLINE_PO-4P0Q1ZVCXQ1X.csv']);
  });

  it('reads acknowledgments, shipments and stock as events, and archives only once the hub has stored them', async () => {
    await sftpCsvSupplier.actions!.placeOrder!(SAMPLE_PO, ctx());
    supplier.takeOrders();
    supplier.acknowledge(SAMPLE_PO.supplierOrderId);
    supplier.ship(SAMPLE_PO.supplierOrderId, { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', date: '2026-03-02' });
    supplier.publishInventory();

    const first = await poll.run(ctx());
    expect(first.map((i) => i.topic)).toEqual(['csv.acknowledgment', 'csv.shipment', 'csv.inventory']);
    const [ack, ship, stock] = first;
    expect(ack!.events).toEqual([
      { type: 'supplier_order.acknowledged', data: { supplierId: 'northwind', supplierOrderId: 'PO-4P0Q1ZVCXQ1X', externalId: 'SO100000', lines: [{ sku: 'NW-MUG-01', quantity: 2 }] }, ref: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X' } },
      { type: 'supplier_order.backordered', data: { supplierId: 'northwind', supplierOrderId: 'PO-4P0Q1ZVCXQ1X', lines: [{ sku: 'NW-TEE-02', quantity: 1 }] }, ref: { supplierOrderId: 'PO-4P0Q1ZVCXQ1X' } },
    ]);
    expect(ship!.events[0]).toMatchObject({ type: 'shipment.created', data: { carrier: 'UPS', trackingNumber: '1Z999AA10123456784', shippedAt: '2026-03-02T00:00:00.000Z', lines: [{ sku: 'NW-MUG-01', quantity: 2 }] } });
    expect(stock!.events).toEqual([
      { type: 'inventory.updated', data: { supplierId: 'northwind', items: [{ sku: 'NW-MUG-01', quantity: 8 }, { sku: 'NW-TEE-02', quantity: 0 }], full: true } },
      { type: 'price.updated', data: { supplierId: 'northwind', currency: 'USD', items: [{ sku: 'NW-MUG-01', cost: '4.10' }] } },
    ]);

    // The hub died before storing them: nothing moved, and the next poll returns the very same deliveries.
    expect(listing('/out/acks')).toHaveLength(1);
    const again = await poll.run(ctx());
    expect(again.map((i) => i.deliveryId)).toEqual(first.map((i) => i.deliveryId));

    // Stored: now they go to the archive, and a later poll finds nothing.
    await poll.acknowledge!(again, ctx());
    expect([listing('/out/acks'), listing('/out/shipments'), listing('/out/inventory')]).toEqual([[], [], []]);
    expect(listing('/archive/acknowledgments')).toHaveLength(1);
    expect(listing('/archive/shipments')).toHaveLength(1);
    expect(listing('/archive/inventory')).toHaveLength(1);
    expect(await poll.run(ctx())).toEqual([]);
    // A late acknowledge of the same items (a retried job) finds them gone and is harmless.
    await poll.acknowledge!(again, ctx());
  });

  it('leaves a file the supplier rewrote after it was read for the next poll', async () => {
    supplier.publishInventory();
    const [item] = await poll.run(ctx());
    const path = join(server.root, 'out/inventory', listing('/out/inventory')[0]!);
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    await poll.acknowledge!([item!], ctx());
    expect(listing('/out/inventory')).toHaveLength(1);
  });

  it('sets an unreadable file aside with a note, and leaves files still being written alone', async () => {
    supplier.writeRaw('acknowledgments', 'ACK_bad.csv', 'PO_NUMBER,VENDOR_SKU,QTY,ACK_CODE\nPO-1,NW-MUG-01,two,IA\n');
    supplier.writeRaw('acknowledgments', 'ACK_odd.csv', 'PO_NUMBER,VENDOR_SKU,QTY,ACK_CODE\nPO-1,NW-MUG-01,2,MAYBE\n');
    supplier.writeRaw('acknowledgments', 'ACK_quote.csv', 'PO_NUMBER,VENDOR_SKU,QTY,ACK_CODE\nPO-1,"NW-MUG-01,2,IA\n');
    supplier.writeRaw('acknowledgments', '.ACK_partial.csv', 'PO_NUMBER');
    expect(await poll.run(ctx())).toEqual([]);
    expect(listing('/out/acks')).toEqual(['.ACK_partial.csv']);
    expect(listing('/archive/failed/acknowledgments')).toEqual(['ACK_bad.csv', 'ACK_bad.csv.error.txt', 'ACK_odd.csv', 'ACK_odd.csv.error.txt', 'ACK_quote.csv', 'ACK_quote.csv.error.txt']);
    expect(readFileSync(join(server.root, 'archive/failed/acknowledgments/ACK_quote.csv.error.txt'), 'utf8')).toMatch(/not readable as CSV/);
    expect(readFileSync(join(server.root, 'archive/failed/acknowledgments/ACK_bad.csv.error.txt'), 'utf8')).toMatch(/line 2: quantity "two" is not a whole number/);
    expect(readFileSync(join(server.root, 'archive/failed/acknowledgments/ACK_odd.csv.error.txt'), 'utf8')).toMatch(/status "maybe" is none of the configured values/);
  });

  it('waits for a new file to settle before reading it', async () => {
    supplier.publishInventory();
    const patient = actionContextFor(sftpCsvSupplier, { ...ctxOptions(), config: { ...ctxOptions().config, minFileAgeSeconds: 3600 } });
    expect(await poll.run(patient)).toEqual([]);
    expect(await poll.run(ctx())).toHaveLength(1);
  });

  function ctxOptions() {
    return {
      connectorId: 'northwind',
      config: { ...EXAMPLE_CSV_SUPPLIER_CONFIG, host: server.host, port: server.port, username: 'dropline', minFileAgeSeconds: 0 },
      secrets: { password: 'pw-1' },
      state,
    };
  }
});
