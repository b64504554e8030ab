/**
 * @module `sftp-csv-supplier`: a supplier that trades CSV files over SFTP.
 *
 * Out: one order file per purchase order, named after the PO number, published atomically (temporary
 * name, then rename) into the supplier's order folder. A retry finds the file (or our note that it was
 * sent) and sends nothing new, so a PO is never placed twice.
 *
 * In: a poll reads the supplier's acknowledgment, shipment and inventory folders. Files are moved to
 * the archive only in `acknowledge`, which the hub calls once every item of the poll is stored in its
 * inbox. A hub that dies mid-poll leaves the files where they are; the next poll reads them again, and
 * the inbox recognises what it already stored by the delivery id (path + content hash). So a file is
 * neither lost nor processed twice.
 */
import { posix } from 'node:path';
import type { ActionContext } from '../sdk/actions.ts';
import { defineConnector, type PolledDelivery } from '../sdk/define-connector.ts';
import { AppError } from '../sdk/errors.ts';
import { csvSupplierConfig, type CsvSupplierConfig } from './config.ts';
import { acknowledgmentItems, inventoryItems, readCsv, shipmentItems, type CsvItemPayload, type InboundKind } from './inbound-files.ts';
import { archiveIfUnchanged, setAside } from './file-archive.ts';
import { fileNameFor } from './order-fields.ts';
import { renderOrderFile } from './order-file.ts';
import { SftpSecretsSchema, withSftp, type RemoteFile, type SftpSecrets, type SftpSession } from './sftp-client.ts';

type Ctx = ActionContext<CsvSupplierConfig, SftpSecrets>;

export const sftpCsvSupplier = defineConnector({
  type: 'sftp-csv-supplier',
  kind: 'supplier',
  title: 'SFTP / CSV supplier',
  description: 'Order files out, acknowledgment, shipment and inventory files back, as CSV over SFTP.',
  config: csvSupplierConfig,
  secrets: SftpSecretsSchema,
  poll: {
    intervalMs: (config) => config.pollIntervalSeconds * 1000,
    run: (ctx) => withSftp(ctx.config, ctx.secrets, (s) => readInboundFiles(s, ctx)),
    async acknowledge(items, ctx) {
      const files = new Map<string, CsvItemPayload>();
      for (const item of items) {
        const p = item.payload as CsvItemPayload;
        files.set(p.file, p);
      }
      if (files.size === 0) return;
      await withSftp(ctx.config, ctx.secrets, (s) => archiveIfUnchanged(s, [...files.values()], (f) => posix.join(ctx.config.archiveFolder, f.kind)));
    },
  },
  actions: {
    async placeOrder(input, ctx) {
      const path = posix.join(ctx.config.orders.folder, fileNameFor(ctx.config.orders.fileName, input));
      const sentKey = `sent:${ctx.idempotencyKey}`;
      if (!(await ctx.state.get(sentKey))) {
        const body = renderOrderFile(ctx.config.orders, input);
        // "exists": an earlier attempt published it and the answer was lost; the file is the order.
        const outcome = await withSftp(ctx.config, ctx.secrets, (s) => s.publish(path, body));
        ctx.log.info({ path, outcome, po: input.supplierOrderId }, 'order file published');
        await ctx.state.set(sentKey, { path, at: new Date().toISOString() });
      }
      return { status: 'submitted', externalId: posix.basename(path) };
    },
  },
});

const KINDS: InboundKind[] = ['acknowledgments', 'shipments', 'inventory'];

async function readInboundFiles(s: SftpSession, ctx: Ctx): Promise<PolledDelivery[]> {
  const { config } = ctx;
  const items: PolledDelivery[] = [];
  let budget = config.maxFilesPerPoll;
  for (const kind of KINDS) {
    const cfg = config[kind];
    if (!cfg || budget <= 0) continue;
    const settledBefore = Date.now() - config.minFileAgeSeconds * 1000;
    const files = (await s.list(cfg.folder)).filter((f) => f.mtimeMs <= settledBefore).slice(0, budget);
    budget -= files.length;
    for (const file of files) {
      try {
        const parsed = await readCsv(s.readStream(file.path), cfg.delimiter);
        const made =
          kind === 'acknowledgments'
            ? acknowledgmentItems(ctx.connectorId, file, parsed, config.acknowledgments!)
            : kind === 'shipments'
              ? shipmentItems(ctx.connectorId, file, parsed, config.shipments!)
              : inventoryItems(ctx.connectorId, file, parsed, config.inventory!);
        // A file with no rows carries nothing to lose: archive it now, or it would be read forever.
        if (parsed.rows.length === 0) await archive(s, config, kind, file);
        else items.push(...made);
      } catch (err) {
        if (!(err instanceof AppError) || err.retryable) throw err;
        await quarantine(s, ctx, kind, file, err.message);
      }
    }
  }
  return items;
}

async function archive(s: SftpSession, config: CsvSupplierConfig, kind: InboundKind, file: RemoteFile): Promise<void> {
  const dir = posix.join(config.archiveFolder, kind);
  await s.mkdirp(dir);
  await s.moveTo(file.path, dir);
}

/** An unreadable file goes to the archive's failed/ folder with a note saying why, for a person to fix. */
async function quarantine(s: SftpSession, ctx: Ctx, kind: InboundKind, file: RemoteFile, reason: string): Promise<void> {
  const movedTo = await setAside(s, posix.join(ctx.config.archiveFolder, 'failed', kind), file, reason);
  ctx.log.warn({ file: file.path, movedTo, reason }, 'supplier file could not be read; moved aside');
}
