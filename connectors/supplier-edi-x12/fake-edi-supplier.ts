/**
 * @module A supplier that trades X12 over SFTP (behind testing/sftp-server.ts): it reads our 850s and
 * 997s with node-x12's strict parser (an independent check that what we write is valid X12), and
 * writes 997, 855, 856, 810 and 846 documents the way many translators do: ISA elements not padded,
 * a line break after every segment. Tests drive it step by step.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X12Parser, type X12Interchange } from 'node-x12';

export interface FakeEdiOrder {
  po: string;
  /** GS06 and ST02 of the 850 that carried it (what its 997 acknowledges). */
  groupControl: string;
  setControl: string;
  interchangeControl: string;
  shipTo: string[];
  lines: { line: string; sku: string; buyerSku?: string; quantity: number; price?: string; status?: 'IA' | 'IB' | 'IR' | 'IQ'; accepted?: number }[];
}

export interface FakeEdiSupplierOptions {
  root: string;
  stock: Record<string, number>;
  /** Our (the supplier's) interchange id, and the retailer's. */
  supplierId: string;
  retailerId: string;
  folders?: { incoming?: string; outgoing?: string };
  prices?: Record<string, string>;
}

export interface FakeEdiSupplier {
  orders: Map<string, FakeEdiOrder>;
  stock: Map<string, number>;
  /** Every 850 file taken, duplicates included. */
  received: string[];
  duplicates: string[];
  /** 997s the retailer sent us: which of our groups they acknowledge, and how. */
  acksReceived: { groupControl: string; functionalId: string; status: string; sets: string[] }[];
  /** Groups we sent: control → functional id. */
  sentGroups: Map<string, string>;
  /** Control numbers of every interchange the retailer sent (to check none is reused). */
  interchangesReceived: string[];
  takeFiles(): string[];
  functionalAck(po: string, status: 'A' | 'R'): string;
  acknowledge(po: string, override?: Record<string, 'IA' | 'IB' | 'IR' | { IQ: number }>): string;
  ship(po: string, shipment: { scac: string; trackingNumber: string }): string;
  invoice(po: string, invoiceNumber: string): string;
  publishInventory(): string;
  writeRaw(name: string, content: string): string;
}

export function startFakeEdiSupplier(o: FakeEdiSupplierOptions): FakeEdiSupplier {
  const folders = { incoming: '/inbound', outgoing: '/outbound', ...o.folders };
  const disk = (p: string) => join(o.root, p);
  mkdirSync(disk(`${folders.incoming}/processed`), { recursive: true });
  mkdirSync(disk(folders.outgoing), { recursive: true });
  const stock = new Map(Object.entries(o.stock));
  const orders = new Map<string, FakeEdiOrder>();
  const received: string[] = [];
  const duplicates: string[] = [];
  const acksReceived: FakeEdiSupplier['acksReceived'] = [];
  const interchangesReceived: string[] = [];
  const sentGroups = new Map<string, string>();
  let control = 500;
  const today = () => new Date().toISOString().slice(0, 10).replaceAll('-', '');

  /** Writes one interchange with one group, loosely formatted (unpadded ISA, line breaks). */
  const send = (name: string, functionalId: string, type: string, body: string[]): string => {
    const n = ++control;
    const d = today();
    const segs = [
      `ISA*00* *00* *ZZ*${o.supplierId}*ZZ*${o.retailerId}*${d.slice(2)}*1200*U*00401*${n}*0*P*>`,
      `GS*${functionalId}*${o.supplierId}*${o.retailerId}*${d}*1200*${n}*X*004010`,
      `ST*${type}*${String(n).padStart(4, '0')}`,
      ...body,
      `SE*${body.length + 2}*${String(n).padStart(4, '0')}`,
      `GE*1*${n}`,
      `IEA*1*${n}`,
    ];
    sentGroups.set(String(n), functionalId);
    const temp = disk(`${folders.outgoing}/.${name}.tmp`);
    writeFileSync(temp, segs.join('~\n') + '~\n');
    renameSync(temp, disk(`${folders.outgoing}/${name}`));
    return `${folders.outgoing}/${name}`;
  };
  const order = (po: string) => {
    const found = orders.get(po);
    if (!found) throw new Error(`no order ${po}`);
    return found;
  };

  return {
    orders,
    stock,
    received,
    duplicates,
    acksReceived,
    sentGroups,
    interchangesReceived,
    takeFiles() {
      const fresh: string[] = [];
      for (const name of readdirSync(disk(folders.incoming)).sort()) {
        if (name.startsWith('.') || !name.endsWith('.edi')) continue;
        const text = readFileSync(disk(`${folders.incoming}/${name}`), 'utf8');
        renameSync(disk(`${folders.incoming}/${name}`), disk(`${folders.incoming}/processed/${name}.${Date.now()}`));
        // Strict: a malformed ISA (not 106 characters), bad counts or a wrong control number throw here.
        const ix = new X12Parser(true).parse(text) as X12Interchange;
        interchangesReceived.push(String(ix.header.valueOf(13)));
        for (const group of ix.functionalGroups) {
          for (const tx of group.transactions) {
            const type = tx.header.valueOf(1);
            const segs = tx.segments;
            if (type === '997') {
              const ak1 = segs.find((s) => s.tag === 'AK1')!;
              acksReceived.push({
                functionalId: ak1.valueOf(1)!,
                groupControl: ak1.valueOf(2)!,
                status: segs.find((s) => s.tag === 'AK9')!.valueOf(1)!,
                sets: segs.filter((s) => s.tag === 'AK2').map((s) => `${s.valueOf(1)}:${s.valueOf(2)}`),
              });
              continue;
            }
            if (type !== '850') continue;
            received.push(name);
            const po = segs.find((s) => s.tag === 'BEG')!.valueOf(3)!;
            if (orders.has(po)) {
              duplicates.push(name);
              continue;
            }
            const lines: FakeEdiOrder['lines'] = [];
            for (const s of segs.filter((x) => x.tag === 'PO1')) {
              const ids = new Map<string, string>();
              for (let i = 6; s.valueOf(i); i += 2) ids.set(s.valueOf(i)!, s.valueOf(i + 1)!);
              lines.push({ line: s.valueOf(1)!, quantity: Number(s.valueOf(2)), price: s.valueOf(4) || undefined, sku: ids.get('VP')!, buyerSku: ids.get('BP') });
            }
            const n1 = segs.findIndex((s) => s.tag === 'N1');
            orders.set(po, {
              po,
              groupControl: String(group.header.valueOf(6)),
              setControl: String(tx.header.valueOf(2)),
              interchangeControl: String(ix.header.valueOf(13)),
              shipTo: n1 >= 0 ? [segs[n1]!.valueOf(2)!, segs[n1 + 1]?.valueOf(1) ?? ''] : [],
              lines,
            });
            fresh.push(po);
          }
        }
      }
      return fresh;
    },
    functionalAck(po, status) {
      const x = order(po);
      const body = [`AK1*PO*${x.groupControl}`, `AK2*850*${x.setControl}`, status === 'A' ? 'AK5*A' : 'AK5*R*5', `AK9*${status}*1*1*${status === 'A' ? 1 : 0}`];
      return send(`997_${po}.x12`, 'FA', '997', body);
    },
    acknowledge(po, override = {}) {
      const x = order(po);
      const body = [`BAK*00*AC*${po}*${today()}****SO-${po.slice(-6)}`];
      for (const l of x.lines) {
        const have = stock.get(l.sku) ?? 0;
        const told = override[l.sku];
        if (typeof told === 'object') {
          l.status = 'IQ';
          l.accepted = told.IQ;
        } else {
          l.status = told ?? (have >= l.quantity ? 'IA' : 'IB');
          l.accepted = l.status === 'IA' ? l.quantity : 0;
        }
        if (l.accepted) stock.set(l.sku, have - l.accepted);
        body.push(`PO1*${l.line}*${l.quantity}*EA*${l.price ?? ''}**VP*${l.sku}`);
        body.push(`ACK*${l.status}*${l.status === 'IA' || l.status === 'IQ' ? l.accepted : l.status === 'IB' ? l.quantity : 0}*EA`);
      }
      body.push(`CTT*${x.lines.length}`);
      return send(`855_${po}.x12`, 'PR', '855', body);
    },
    ship(po, s) {
      const x = order(po);
      const shipped = x.lines.filter((l) => l.accepted);
      const body = [`BSN*00*SHP${control + 1}*${today()}*1200*0001`, 'HL*1**S', 'TD1*CTN25*1', `TD5*B*2*${s.scac}*M*GROUND`, `REF*CN*${s.trackingNumber}`, `DTM*011*${today()}`, 'HL*2*1*O', `PRF*${po}`];
      shipped.forEach((l, i) => body.push(`HL*${i + 3}*2*I`, `LIN*${l.line}*VP*${l.sku}`, `SN1*${l.line}*${l.accepted}*EA`));
      body.push(`CTT*${shipped.length + 2}`);
      return send(`856_${po}.x12`, 'SH', '856', body);
    },
    invoice(po, invoiceNumber) {
      const x = order(po);
      const billed = x.lines.filter((l) => l.accepted);
      let cents = 0;
      const body = [`BIG*${today()}*${invoiceNumber}*${today()}*${po}`, 'CUR*SE*USD'];
      for (const l of billed) {
        const price = o.prices?.[l.sku] ?? l.price ?? '0';
        cents += Math.round(Number(price) * 100) * l.accepted!;
        body.push(`IT1*${l.line}*${l.accepted}*EA*${price}**VP*${l.sku}`);
      }
      body.push(`TDS*${cents}`, `CTT*${billed.length}`);
      return send(`810_${invoiceNumber}.x12`, 'IN', '810', body);
    },
    publishInventory() {
      const body = [`BIA*00*MM*INV${control + 1}*${today()}`];
      [...stock].forEach(([sku, qty], i) => body.push(`LIN*${i + 1}*VP*${sku}`, `QTY*33*${qty}*EA`));
      return send(`846_${control + 1}.x12`, 'IB', '846', body);
    },
    writeRaw(name, content) {
      writeFileSync(disk(`${folders.outgoing}/${name}`), content);
      return `${folders.outgoing}/${name}`;
    },
  };
}
