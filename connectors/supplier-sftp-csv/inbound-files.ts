/**
 * @module The supplier's CSV files (acknowledgments, shipments, inventory) read as canonical events.
 *
 * A file is parsed as a stream and hashed as it is read; each purchase order in it (each shipment, for
 * shipment files) becomes its own polled delivery with the id `path#sha256#…`, so the inbox stores
 * each once however often the file is read, and one unknown PO doesn't hold back the others.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { toUtcIso } from '../model/time.ts';
import type { PolledDelivery } from '../sdk/define-connector.ts';
import { ValidationError } from '../sdk/errors.ts';
import type { InboundEvent } from '../sdk/inbound.ts';
import type { CsvSupplierConfig } from './config.ts';
import type { RemoteFile } from './sftp-client.ts';

export type InboundKind = 'acknowledgments' | 'shipments' | 'inventory';

export interface CsvRow {
  /** 2 for the first data row under the header, as a spreadsheet numbers it. */
  line: number;
  values: Record<string, string>;
}

export interface ParsedCsv {
  sha256: string;
  rows: CsvRow[];
}

/** What each polled item keeps as its payload: enough to audit it and to archive its file. */
export interface CsvItemPayload {
  kind: InboundKind;
  file: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  rows: CsvRow[];
}

const norm = (header: string) => header.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

/** Parses CSV with a header row from a stream, hashing the bytes as they pass. */
export async function readCsv(stream: Readable, delimiter: string): Promise<ParsedCsv> {
  const hash = createHash('sha256');
  const parser = parse({
    delimiter,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    columns: (headers: string[]) => headers.map(norm),
    info: true,
  });
  stream.on('data', (chunk: Buffer) => hash.update(chunk));
  stream.on('error', (err) => parser.destroy(err));
  stream.pipe(parser);
  const rows: CsvRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      rows.push({ line: info.lines, values: record });
    }
  } catch (err) {
    // csv-parse's own errors (an unclosed quote, say) mean the file is malformed: no retry will help.
    const e = err as Error & { code?: string };
    if (e.code?.startsWith('CSV_')) throw new ValidationError(`not readable as CSV: ${e.message}`, [{ field: 'file', message: e.message }], 'csv_malformed');
    throw err;
  }
  return { sha256: hash.digest('hex'), rows };
}

const cell = (row: CsvRow, header: string | undefined) => (header === undefined ? undefined : row.values[norm(header)]?.trim() || undefined);

function required(row: CsvRow, header: string, what: string): string {
  const v = cell(row, header);
  if (v === undefined) throw new ValidationError(`line ${row.line}: the ${what} column "${header}" is empty or missing`, [{ field: header, message: 'required' }]);
  return v;
}

function quantity(row: CsvRow, header: string): number {
  const raw = required(row, header, 'quantity');
  if (!/^\d+(\.0+)?$/.test(raw)) throw new ValidationError(`line ${row.line}: quantity "${raw}" is not a whole number`, [{ field: header, message: 'expected a whole number' }]);
  return Number.parseInt(raw, 10);
}

/** A date ("2026-03-01") or a date-time with a zone, as UTC; undefined for anything else. */
export function looseTimestamp(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00.000Z`;
  return toUtcIso(value);
}

type Line = { lineId?: string; sku: string; quantity: number };

export function acknowledgmentItems(
  supplierId: string,
  file: RemoteFile,
  parsed: ParsedCsv,
  cfg: NonNullable<CsvSupplierConfig['acknowledgments']>,
): PolledDelivery[] {
  const c = cfg.columns;
  const statusOf = (row: CsvRow): 'accepted' | 'backordered' | 'rejected' => {
    const raw = required(row, c.status, 'status').toLowerCase();
    for (const s of ['accepted', 'backordered', 'rejected'] as const) if (cfg.statuses[s].some((v) => v.toLowerCase() === raw)) return s;
    throw new ValidationError(`line ${row.line}: status "${raw}" is none of the configured values`, [{ field: c.status, message: 'unknown status' }]);
  };
  // Validate every row before any item is made: a file is taken whole or not at all.
  const rows = parsed.rows.map((row) => {
    const lineId = cell(row, c.lineId);
    return { row, po: required(row, c.po, 'PO number'), status: statusOf(row), line: { ...(lineId ? { lineId } : {}), sku: required(row, c.sku, 'item'), quantity: quantity(row, c.quantity) } as Line };
  });
  const items: PolledDelivery[] = [];
  for (const po of new Set(rows.map((r) => r.po))) {
    const mine = rows.filter((r) => r.po === po);
    const by = (s: string) => mine.filter((r) => r.status === s).map((r) => r.line);
    const reference = mine.map((r) => cell(r.row, c.reference)).find(Boolean);
    const reasons = [...new Set(mine.filter((r) => r.status === 'rejected').map((r) => cell(r.row, c.reason)).filter(Boolean))];
    const events: InboundEvent[] = [];
    const ref = { supplierOrderId: po };
    if (by('accepted').length) events.push({ type: 'supplier_order.acknowledged', data: { supplierId, supplierOrderId: po, externalId: reference, lines: by('accepted') }, ref });
    if (by('backordered').length) events.push({ type: 'supplier_order.backordered', data: { supplierId, supplierOrderId: po, lines: by('backordered') }, ref });
    if (by('rejected').length) {
      events.push({ type: 'supplier_order.rejected', data: { supplierId, supplierOrderId: po, reason: reasons.join('; ') || 'rejected by the supplier', lines: by('rejected') }, ref });
    }
    items.push(item('acknowledgments', file, parsed, `po:${po}`, 'csv.acknowledgment', events, mine.map((r) => r.row)));
  }
  return items;
}

export function shipmentItems(supplierId: string, file: RemoteFile, parsed: ParsedCsv, cfg: NonNullable<CsvSupplierConfig['shipments']>): PolledDelivery[] {
  const c = cfg.columns;
  const rows = parsed.rows.map((row) => ({
    row,
    po: required(row, c.po, 'PO number'),
    carrier: required(row, c.carrier, 'carrier'),
    trackingNumber: required(row, c.trackingNumber, 'tracking number'),
    service: cell(row, c.service),
    shippedAt: looseTimestamp(cell(row, c.shippedAt)),
    line: { sku: required(row, c.sku, 'item'), quantity: quantity(row, c.quantity) },
  }));
  const shipments = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `po:${r.po}#tracking:${r.trackingNumber}`;
    shipments.set(key, [...(shipments.get(key) ?? []), r]);
  }
  return [...shipments].map(([key, mine]) => {
    const first = mine[0]!;
    const event: InboundEvent = {
      type: 'shipment.created',
      occurredAt: first.shippedAt,
      data: {
        supplierId,
        supplierOrderId: first.po,
        carrier: first.carrier,
        service: first.service,
        trackingNumber: first.trackingNumber,
        lines: mine.map((r) => r.line),
        shippedAt: first.shippedAt,
      },
      ref: { supplierOrderId: first.po },
    };
    return item('shipments', file, parsed, key, 'csv.shipment', [event], mine.map((r) => r.row));
  });
}

export function inventoryItems(supplierId: string, file: RemoteFile, parsed: ParsedCsv, cfg: NonNullable<CsvSupplierConfig['inventory']>): PolledDelivery[] {
  const c = cfg.columns;
  const stock: { sku: string; quantity: number; warehouse?: string }[] = [];
  const costs: { sku: string; cost: string }[] = [];
  for (const row of parsed.rows) {
    const sku = required(row, c.sku, 'item');
    const warehouse = cell(row, c.warehouse);
    stock.push({ sku, quantity: quantity(row, c.quantity), ...(warehouse ? { warehouse } : {}) });
    const cost = cell(row, c.cost);
    if (cfg.currency && cost !== undefined) {
      if (!/^\d+(\.\d+)?$/.test(cost)) throw new ValidationError(`line ${row.line}: cost "${cost}" is not a decimal amount`, [{ field: c.cost!, message: 'expected a decimal amount' }]);
      costs.push({ sku, cost });
    }
  }
  const events: InboundEvent[] = [{ type: 'inventory.updated', data: { supplierId, items: stock, full: cfg.full } }];
  if (costs.length && cfg.currency) events.push({ type: 'price.updated', data: { supplierId, currency: cfg.currency, items: costs } });
  // The rows are in the events already; the payload keeps the file's identity only.
  return [item('inventory', file, parsed, 'feed', 'csv.inventory', events, [])];
}

function item(kind: InboundKind, file: RemoteFile, parsed: ParsedCsv, part: string, topic: string, events: InboundEvent[], rows: CsvRow[]): PolledDelivery {
  const payload: CsvItemPayload = { kind, file: file.path, size: file.size, mtimeMs: file.mtimeMs, sha256: parsed.sha256, rows };
  return { deliveryId: `${file.path}#${parsed.sha256.slice(0, 32)}#${part}`, topic, events, payload };
}
