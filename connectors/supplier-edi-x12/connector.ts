/**
 * @module `edi-x12-supplier`: a supplier that trades ASC X12 documents over SFTP.
 *
 * Out: an 850 per purchase order (BEG03 = our PO number; the file is named after it, so a retry never
 * sends a second one), in its own interchange and group with control numbers that are never reused.
 * In: 855 acknowledgments, 856 ship notices, 810 invoices, 846 inventory and 997s for our 850s. Every
 * functional group the supplier sends gets a 997 back, sent with the archiving once the hub has stored
 * the group's sets (as in `sftp-csv-supplier`, files leave the inbound folder only then).
 */
import { createHash, randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import type { ActionContext } from '../sdk/actions.ts';
import { defineConnector, type PolledDelivery } from '../sdk/define-connector.ts';
import { AppError, ValidationError } from '../sdk/errors.ts';
import { updateState } from '../sdk/update-state.ts';
import { archiveIfUnchanged, setAside } from '../supplier-sftp-csv/file-archive.ts';
import { SftpSecretsSchema, withSftp, type RemoteFile, type SftpSecrets, type SftpSession } from '../supplier-sftp-csv/sftp-client.ts';
import { read855 } from './acknowledgment-855.ts';
import { ediSupplierConfig, type EdiSupplierConfig } from './config.ts';
import { nextControlNumbers } from './control-numbers.ts';
import { functionalAck997, read997 } from './functional-ack-997.ts';
import { read846 } from './inventory-846.ts';
import { read810 } from './invoice-810.ts';
import { purchaseOrder850 } from './purchase-order-850.ts';
import type { ReadContext } from './read-context.ts';
import { read856 } from './ship-notice-856.ts';
import { el, parseX12, writeInterchange, type EnvelopeParties, type FunctionalGroup, type X12Document } from './x12.ts';

type Ctx = ActionContext<EdiSupplierConfig, SftpSecrets>;

/** What each polled item keeps: its file (to archive), and its group and set (for the 997 we send). */
export interface EdiItemPayload {
  file: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  group: { functionalId: string; control: string; issues: string[] };
  set: { type: string; control: string; issues: string[] };
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
const linesKey = (po: string) => `x12:lines:${po}`;
const groupKey = (control: string | number) => `x12:group:${control}`;

export const ediX12Supplier = defineConnector({
  type: 'edi-x12-supplier',
  kind: 'supplier',
  title: 'EDI X12 supplier',
  description: '850 purchase orders out; 855, 856, 810, 846 and 997 in; 997s both ways; over SFTP.',
  config: ediSupplierConfig,
  secrets: SftpSecretsSchema,
  poll: {
    intervalMs: (config) => config.pollIntervalSeconds * 1000,
    run: (ctx) => withSftp(ctx.config, ctx.secrets, (s) => readInbound(s, ctx)),
    async acknowledge(items, ctx) {
      const files = new Map<string, EdiItemPayload[]>();
      for (const item of items) {
        const p = item.payload as EdiItemPayload;
        files.set(p.file, [...(files.get(p.file) ?? []), p]);
      }
      if (files.size === 0) return;
      await withSftp(ctx.config, ctx.secrets, async (s) => {
        for (const [file, parts] of files) await sendFunctionalAcks(s, ctx, file, parts);
        await archiveIfUnchanged(s, [...files.values()].map((parts) => parts[0]!), () => ctx.config.folders.archive);
      });
    },
  },
  actions: {
    async placeOrder(input, ctx) {
      const po = input.supplierOrderId;
      const path = posix.join(ctx.config.folders.outbound, `850_${safeName(po)}.edi`);
      const sentKey = `x12:sent:${ctx.idempotencyKey}`;
      if (await ctx.state.get(sentKey)) return { status: 'submitted', externalId: posix.basename(path) };
      // What the 855/856/810 will refer to, recorded before the 850 can reach the supplier.
      await ctx.state.set(linesKey(po), input.lines.map((l, i) => [String(i + 1), l.lineId]));
      const control = await nextControlNumbers(ctx.state, 1);
      await ctx.state.set(groupKey(control.group), [po]);
      const text = writeInterchange(parties(ctx.config), control, 'PO', [{ type: '850', body: purchaseOrder850(input, { purpose: ctx.config.purchaseOrderType }) }], new Date());
      const outcome = await withSftp(ctx.config, ctx.secrets, (s) => s.publish(path, text));
      ctx.log.info({ path, outcome, po, interchange: control.interchange }, '850 published');
      await ctx.state.set(sentKey, { path, interchange: control.interchange, group: control.group });
      return { status: 'submitted', externalId: posix.basename(path) };
    },
  },
});

function parties(config: EdiSupplierConfig): EnvelopeParties {
  return { ...config.interchange };
}

async function readInbound(s: SftpSession, ctx: Ctx): Promise<PolledDelivery[]> {
  const { config } = ctx;
  const settledBefore = Date.now() - config.minFileAgeSeconds * 1000;
  const files = (await s.list(config.folders.inbound)).filter((f) => f.mtimeMs <= settledBefore).slice(0, config.maxFilesPerPoll);
  const items: PolledDelivery[] = [];
  for (const file of files) {
    const bytes = await s.read(file.path);
    try {
      items.push(...(await itemsOf(ctx, file, bytes)));
    } catch (err) {
      if (!(err instanceof AppError) || err.retryable) throw err;
      const movedTo = await setAside(s, posix.join(config.folders.archive, 'failed'), file, err.message);
      ctx.log.warn({ file: file.path, movedTo, reason: err.message }, 'supplier EDI file could not be read; moved aside');
    }
  }
  return items;
}

async function itemsOf(ctx: Ctx, file: RemoteFile, bytes: Buffer): Promise<PolledDelivery[]> {
  const doc = parseX12(bytes.toString('utf8'));
  checkPartner(ctx.config, doc);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const read = await readContext(ctx, doc);
  const items: PolledDelivery[] = [];
  for (const ix of doc.interchanges) {
    for (const group of ix.groups) {
      for (const set of group.sets) {
        const events =
          set.type === '855'
            ? read855(set, read).events
            : set.type === '856'
              ? read856(set, read).events
              : set.type === '810'
                ? read810(set, read).events
                : set.type === '846'
                  ? read846(set, read).events
                  : set.type === '997'
                    ? read997(set, read, (g) => read.groups.get(g) ?? []).events
                    : [];
        const payload: EdiItemPayload = {
          file: file.path,
          size: file.size,
          mtimeMs: file.mtimeMs,
          sha256,
          group: { functionalId: group.functionalId, control: group.control, issues: [...ix.issues, ...group.issues] },
          set: { type: set.type, control: set.control, issues: set.issues },
        };
        items.push({ deliveryId: `${file.path}#${sha256.slice(0, 32)}#${ix.control ?? ''}-${group.control}-${set.control}`, topic: `x12.${set.type}`, events, payload });
      }
    }
  }
  return items;
}

/** Interchanges must come from this supplier and be addressed to us (when the file has envelopes). */
function checkPartner(config: EdiSupplierConfig, doc: X12Document): void {
  if (!config.checkPartner) return;
  for (const ix of doc.interchanges) {
    if (!ix.isa) continue;
    const from = el(ix.isa, 6);
    const to = el(ix.isa, 8);
    if (from !== config.interchange.receiverId.trim() || to !== config.interchange.senderId.trim()) {
      throw new ValidationError(`interchange ${ix.control} is from "${from}" to "${to}", not from "${config.interchange.receiverId}" to "${config.interchange.senderId}"`, [{ field: 'ISA06', message: 'unexpected trading partner' }], 'x12_partner_unknown', 422);
    }
  }
}

/** The state the readers need, loaded up front: line numbers of the POs named, groups of our 850s. */
async function readContext(ctx: Ctx, doc: X12Document): Promise<ReadContext & { groups: Map<string, string[]> }> {
  const pos = new Set<string>();
  const groupControls = new Set<string>();
  for (const ix of doc.interchanges)
    for (const g of ix.groups)
      for (const set of g.sets)
        for (const seg of set.body) {
          const po = seg[0] === 'BAK' ? el(seg, 3) : seg[0] === 'PRF' ? el(seg, 1) : seg[0] === 'BIG' ? el(seg, 4) : undefined;
          if (po) pos.add(po);
          if (seg[0] === 'AK1' && el(seg, 1) === 'PO' && el(seg, 2)) groupControls.add(el(seg, 2)!);
        }
  const lineMaps = new Map<string, Map<string, string>>();
  for (const po of pos) lineMaps.set(po, new Map((await ctx.state.get<[string, string][]>(linesKey(po))) ?? []));
  const groups = new Map<string, string[]>();
  for (const g of groupControls) groups.set(g, (await ctx.state.get<string[]>(groupKey(Number(g)))) ?? []);
  return {
    supplierId: ctx.connectorId,
    currency: ctx.config.currency,
    inventoryFull: ctx.config.inventoryFull,
    // Suppliers echo PO101 as they like ("1", "001", "000010"): compare numbers as numbers.
    lineIdFor: (po, assigned) => (assigned ? lineMaps.get(po)?.get(/^\d+$/.test(assigned) ? String(Number(assigned)) : assigned) : undefined),
    groups,
  };
}

/** One 997 interchange answering every functional group in `file` (none for the supplier's own 997s). */
async function sendFunctionalAcks(s: SftpSession, ctx: Ctx, file: string, parts: EdiItemPayload[]): Promise<void> {
  // Claimed atomically: two polls racing over the same file (a scheduled one and a retried one) send one 997.
  const sentKey = `x12:997-sent:${file}#${parts[0]!.sha256}`;
  const me = randomUUID();
  if ((await updateState<string | null>(ctx.state, sentKey, (owner) => owner ?? me)) !== me) return;
  const groups = new Map<string, FunctionalGroup>();
  for (const p of parts) {
    if (p.group.functionalId === 'FA' || p.set.type === '997') continue;
    const g = groups.get(p.group.control) ?? { functionalId: p.group.functionalId, control: p.group.control, sets: [], issues: p.group.issues };
    g.sets.push({ type: p.set.type, control: p.set.control, body: [], issues: p.set.issues });
    groups.set(p.group.control, g);
  }
  if (groups.size > 0) {
    const sets = [...groups.values()].map((g) => ({ type: '997', body: functionalAck997(g) }));
    const control = await nextControlNumbers(ctx.state, sets.length);
    const text = writeInterchange(parties(ctx.config), control, 'FA', sets, new Date());
    await s.publish(posix.join(ctx.config.folders.outbound, `997_${String(control.interchange).padStart(9, '0')}.edi`), text).catch(async (err) => {
      await ctx.state.set(sentKey, null);
      throw err;
    });
  }
}
