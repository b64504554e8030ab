/** @module Configuration of `edi-x12-supplier`: the SFTP host and folders, and the trading-partner ids. */
import { z } from 'zod';
import { CurrencyCodeSchema } from '../model/currencies.ts';
import { SftpConnectionSchema } from '../supplier-sftp-csv/sftp-client.ts';

const folder = (title: string, fallback: string) => z.string().regex(/^\/[^\0]*$/, 'expected an absolute path').default(fallback).meta({ title });
const qualifier = z.string().regex(/^[0-9A-Z]{2}$/, 'expected a two-character ID qualifier such as ZZ, 01 or 12');
const partnerId = z.string().regex(/^[A-Za-z0-9 ._-]{1,15}$/, 'expected 1–15 letters, digits, spaces, ".", "_" or "-"');

export const ediSupplierConfig = SftpConnectionSchema.extend({
  pollIntervalSeconds: z.number().int().min(1).default(300).meta({ title: 'Poll every (seconds)' }),
  minFileAgeSeconds: z.number().int().min(0).default(10).meta({ title: 'Leave new files for (seconds)', ui: { advanced: true } }),
  maxFilesPerPoll: z.number().int().min(1).default(200).meta({ title: 'Files per poll, at most', ui: { advanced: true } }),
  folders: z
    .object({
      outbound: folder('Folder we write to', '/in').meta({ description: '850 purchase orders and our 997s go here' }),
      inbound: folder('Folder we read from', '/out').meta({ description: 'The supplier’s 855, 856, 810, 846 and 997 files' }),
      archive: folder('Archive folder', '/archive'),
    })
    .prefault({}),
  interchange: z
    .object({
      senderQualifier: qualifier.default('ZZ').meta({ title: 'Our ID qualifier (ISA05)' }),
      senderId: partnerId.meta({ title: 'Our interchange ID (ISA06)' }),
      receiverQualifier: qualifier.default('ZZ').meta({ title: 'Supplier ID qualifier (ISA07)' }),
      receiverId: partnerId.meta({ title: 'Supplier interchange ID (ISA08)' }),
      senderCode: partnerId.optional().meta({ title: 'Our application code (GS02)', description: 'Defaults to our interchange ID', ui: { advanced: true } }),
      receiverCode: partnerId.optional().meta({ title: 'Supplier application code (GS03)', ui: { advanced: true } }),
      usage: z.enum(['P', 'T']).default('P').meta({ title: 'Usage (ISA15)', description: 'P production, T test' }),
      version: z.enum(['00401', '00501']).default('00401').meta({ title: 'Interchange version (ISA12)' }),
      groupVersion: z.string().regex(/^\d{6}[A-Z0-9]*$/).default('004010').meta({ title: 'Version (GS08)', description: 'e.g. 004010 or 004010VICS' }),
    })
    .meta({ title: 'Trading partners' }),
  purchaseOrderType: z.enum(['DS', 'SA']).default('DS').meta({ title: 'PO type (BEG02)', description: 'DS drop ship to the consumer, SA stand-alone' }),
  currency: CurrencyCodeSchema.default('USD').meta({ title: 'Currency when a document names none' }),
  inventoryFull: z.boolean().default(false).meta({ title: '846 is a full feed', description: 'Items missing from an 846 are out of stock' }),
  checkPartner: z.boolean().default(true).meta({ title: 'Only take interchanges from this supplier to us', ui: { advanced: true } }),
});
export type EdiSupplierConfig = z.output<typeof ediSupplierConfig>;
