/**
 * @module A supplier that trades CSV files, behind an SFTP server (see testing/sftp-server.ts): it picks
 * order files up from its order folder, and writes acknowledgments, shipments and stock files in its
 * own column layout (which the retailer's connector config maps). Tests drive it step by step.
 *
 * Like a real supplier it takes each PO number once: a second file for the same PO is set aside as a
 * duplicate, never a second order.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const FAKE_CSV_LAYOUT = {
  acknowledgment: ['PO_NUMBER', 'LINE_NO', 'VENDOR_SKU', 'QTY', 'ACK_CODE', 'NOTE', 'SO_NUMBER'],
  shipment: ['PO_NUMBER', 'VENDOR_SKU', 'QTY_SHIPPED', 'CARRIER', 'TRACKING_NO', 'SHIP_DATE'],
  inventory: ['VENDOR_SKU', 'QTY_AVAILABLE', 'UNIT_COST'],
} as const;

export interface FakeCsvOrder {
  po: string;
  file: string;
  salesOrder: string;
  lines: { line: string; sku: string; quantity: number; status?: 'IA' | 'IB' | 'IR' }[];
}

export interface FakeCsvSupplierOptions {
  /** The SFTP server's root directory. */
  root: string;
  /** Supplier SKU → units on hand (and optional cost). */
  stock: Record<string, number>;
  cost?: Record<string, string>;
  folders?: { orders?: string; acknowledgments?: string; shipments?: string; inventory?: string };
  /** Headers of the retailer's order file that the supplier reads. */
  orderColumns?: { po: string; sku: string; quantity: string; line?: string };
}

export interface FakeCsvSupplier {
  orders: Map<string, FakeCsvOrder>;
  stock: Map<string, number>;
  /** Every order file picked up, duplicates included. */
  received: string[];
  duplicates: string[];
  /** Picks up new order files; returns the PO numbers of new orders. */
  takeOrders(): string[];
  /** Writes an acknowledgment: each line accepted from stock, or backordered when short (or as told). */
  acknowledge(po: string, override?: Record<string, 'IA' | 'IB' | 'IR'>): string;
  /** Writes a shipment file for the accepted lines. */
  ship(po: string, shipment: { carrier: string; trackingNumber: string; date?: string }): string;
  publishInventory(): string;
  /** Writes a file into one of its outbound folders as given (tests of odd or broken files). */
  writeRaw(folder: 'acknowledgments' | 'shipments' | 'inventory', name: string, content: string): string;
}

export function startFakeCsvSupplier(o: FakeCsvSupplierOptions): FakeCsvSupplier {
  const folders = { orders: '/in', acknowledgments: '/out/acks', shipments: '/out/shipments', inventory: '/out/inventory', ...o.folders };
  const cols = { po: 'PO Number', sku: 'Item', quantity: 'Quantity', line: 'Line', ...o.orderColumns };
  const disk = (p: string) => join(o.root, p);
  for (const f of Object.values(folders)) mkdirSync(disk(f), { recursive: true });
  mkdirSync(disk(`${folders.orders}/processed`), { recursive: true });
  const stock = new Map(Object.entries(o.stock));
  const orders = new Map<string, FakeCsvOrder>();
  const received: string[] = [];
  const duplicates: string[] = [];
  let seq = 0;

  /** Publishes like a careful supplier: a temporary name first, so a half-written file is never read. */
  const write = (folder: string, name: string, content: string) => {
    const temp = disk(`${folder}/${name}.tmp`);
    writeFileSync(temp, content);
    renameSync(temp, disk(`${folder}/${name}`));
    return `${folder}/${name}`;
  };

  return {
    orders,
    stock,
    received,
    duplicates,
    takeOrders() {
      const fresh: string[] = [];
      for (const name of readdirSync(disk(folders.orders)).sort()) {
        if (name.startsWith('.') || !name.endsWith('.csv')) continue;
        const rows = parse(readFileSync(disk(`${folders.orders}/${name}`)), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
        renameSync(disk(`${folders.orders}/${name}`), disk(`${folders.orders}/processed/${name}.${randomBytes(3).toString('hex')}`));
        received.push(name);
        const po = rows[0]?.[cols.po];
        if (!po) continue;
        if (orders.has(po)) {
          duplicates.push(name);
          continue;
        }
        orders.set(po, {
          po,
          file: name,
          salesOrder: `SO${100_000 + orders.size}`,
          lines: rows.map((r, i) => ({ line: r[cols.line] ?? String(i + 1), sku: r[cols.sku]!, quantity: Number(r[cols.quantity]) })),
        });
        fresh.push(po);
      }
      return fresh;
    },
    acknowledge(po, override = {}) {
      const order = orders.get(po);
      if (!order) throw new Error(`no order ${po}`);
      for (const line of order.lines) {
        const have = stock.get(line.sku) ?? 0;
        line.status = override[line.sku] ?? (have >= line.quantity ? 'IA' : 'IB');
        if (line.status === 'IA') stock.set(line.sku, have - line.quantity);
      }
      const rows = order.lines.map((l) => [po, l.line, l.sku, l.quantity, l.status, l.status === 'IA' ? '' : l.status === 'IB' ? 'out of stock' : 'discontinued', order.salesOrder]);
      return write(folders.acknowledgments, `ACK_${po}_${++seq}.csv`, stringify(rows, { header: true, columns: [...FAKE_CSV_LAYOUT.acknowledgment] }));
    },
    ship(po, s) {
      const order = orders.get(po);
      if (!order) throw new Error(`no order ${po}`);
      const rows = order.lines.filter((l) => l.status === 'IA').map((l) => [po, l.sku, l.quantity, s.carrier, s.trackingNumber, s.date ?? new Date().toISOString().slice(0, 10)]);
      return write(folders.shipments, `SHIP_${po}_${++seq}.csv`, stringify(rows, { header: true, columns: [...FAKE_CSV_LAYOUT.shipment] }));
    },
    publishInventory() {
      const rows = [...stock].map(([sku, qty]) => [sku, qty, o.cost?.[sku] ?? '']);
      return write(folders.inventory, `STOCK_${Date.now()}_${++seq}.csv`, stringify(rows, { header: true, columns: [...FAKE_CSV_LAYOUT.inventory] }));
    },
    writeRaw(folder, name, content) {
      return write(folders[folder], name, content);
    },
  };
}
