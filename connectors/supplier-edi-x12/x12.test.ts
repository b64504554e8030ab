import { X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../testing/fixtures.ts';
import { memoryState } from '../testing/action-context.ts';
import { nextControlNumbers } from './control-numbers.ts';
import { clean, detectDelimiters, parseX12, writeInterchange, type EnvelopeParties } from './x12.ts';

const PARTIES: EnvelopeParties = { senderQualifier: 'ZZ', senderId: 'DROPLINERTL', receiverQualifier: '12', receiverId: '8005551234', usage: 'T', version: '00401', groupVersion: '004010' };

describe('X12 reader', () => {
  it('reads the enveloped samples: delimiters from the ISA, groups, sets and their control numbers', () => {
    const doc = parseX12(fixtureText('edi/x12_850_node-x12.edi'));
    expect(doc.delimiters).toEqual({ element: '*', segment: '~', component: '>' });
    const [ix] = doc.interchanges;
    expect(ix!.control).toBe('000003438');
    expect(ix!.groups[0]).toMatchObject({ functionalId: 'PO', control: '1421' });
    expect(ix!.groups[0]!.sets[0]).toMatchObject({ type: '850', control: '000000010', issues: [] });
    expect(ix!.groups[0]!.sets[0]!.body[0]).toEqual(['BEG', '00', 'SA', '08292233294', '', '20101127', '610385385']);
    expect(ix!.issues).toEqual([]);
  });

  it('takes the repetition separator from a 00406 ISA', () => {
    expect(detectDelimiters(fixtureText('edi/x12_856_node-x12.edi'))).toEqual({ element: '*', segment: '~', component: '>', repetition: '-' });
  });

  it('reads an ISA whose elements are not padded to their widths (which strict parsers refuse)', () => {
    const text = fixtureText('edi/x12_810_invoice_adobe_004010.edi');
    expect(() => new X12Parser(true).parse(text)).toThrow();
    const doc = parseX12(text);
    expect(doc.interchanges[0]!.control).toBe('810000263');
    const set = doc.interchanges[0]!.groups[0]!.sets[0]!;
    expect(set.type).toBe('810');
    expect(set.body).toHaveLength(43);
    // The sample's own trailer miscounts by one: read anyway, and noted for the 997 we send back.
    expect(set.issues).toEqual(['SE01 says 44 segments, the set has 45']);
  });

  it('reads a bare ST…SE without an envelope', () => {
    const doc = parseX12(fixtureText('edi/x12_997_ack_boomi.edi'));
    const group = doc.interchanges[0]!.groups[0]!;
    expect(group).toMatchObject({ functionalId: 'FA', control: '' });
    expect(group.sets[0]).toMatchObject({ type: '997', control: '0001', issues: [] });
  });

  it('reports trailer counts and control numbers that do not match, and refuses what is not X12', () => {
    const doc = parseX12('ISA*00* *00* *ZZ*A*ZZ*B*260301*1200*U*00401*7*0*P*>~GS*PR*A*B*20260301*1200*9*X*004010~ST*855*0001~BAK*00*AC*PO-1*20260301~SE*9*0002~GE*2*8~IEA*1*6~');
    const ix = doc.interchanges[0]!;
    expect(ix.groups[0]!.sets[0]!.issues).toEqual(['SE01 says 9 segments, the set has 3', 'SE02 0002 does not match ST02 0001']);
    expect(ix.groups[0]!.issues).toEqual(['GE01 says 2 sets, the group has 1', 'GE02 8 does not match GS06 9']);
    expect(ix.issues).toEqual(['IEA02 6 does not match ISA13 7']);
    expect(() => parseX12('{"not":"x12"}')).toThrow(/not X12/);
    expect(() => parseX12('ST*855*0001~BAK*00*AC*PO-1~')).toThrow(/has no SE/);
  });

  it('takes line breaks after terminators and a newline terminator in its stride', () => {
    const doc = parseX12('ST*997*0001\nAK1*PO*5\nAK9*A*1*1*1\nSE*4*0001\n');
    expect(doc.delimiters.segment).toBe('\n');
    expect(doc.interchanges[0]!.groups[0]!.sets[0]!.body).toEqual([['AK1', 'PO', '5'], ['AK9', 'A', '1', '1', '1']]);
  });
});

describe('X12 writer', () => {
  const at = new Date('2026-03-01T09:05:00Z');

  it('writes a fixed-width ISA, matching trailers and control numbers, which a strict parser accepts', () => {
    const text = writeInterchange(PARTIES, { interchange: 42, group: 7, sets: [12, 13] }, 'PO', [
      { type: '850', body: [['BEG', '00', 'DS', 'PO-1', '', '20260301']] },
      { type: '850', body: [['BEG', '00', 'DS', 'PO-2', '', '20260301'], ['CTT', '1']] },
    ], at);
    expect(text.slice(0, 106)).toBe('ISA*00*          *00*          *ZZ*DROPLINERTL    *12*8005551234     *260301*0905*U*00401*000000042*0*T*>~');
    expect(text).not.toContain('\n');
    const ix = new X12Parser(true).parse(text) as import('node-x12').X12Interchange;
    expect(Number(ix.header.valueOf(13))).toBe(42);
    expect(ix.functionalGroups[0]!.header.valueOf(6)).toBe('7');
    expect(ix.functionalGroups[0]!.transactions.map((t) => [t.header.valueOf(2), t.trailer.valueOf(1), t.trailer.valueOf(2)])).toEqual([['0012', '3', '0012'], ['0013', '4', '0013']]);
    expect(text).toContain('GE*2*7~IEA*1*000000042~');
    // Our own reader agrees, with nothing to report.
    const doc = parseX12(text);
    expect(doc.interchanges[0]!.issues).toEqual([]);
    expect(doc.interchanges[0]!.groups[0]!.sets.flatMap((s) => s.issues)).toEqual([]);
  });

  it('uses ^ as the repetition separator from version 00501', () => {
    const text = writeInterchange({ ...PARTIES, version: '00501', groupVersion: '005010' }, { interchange: 1, group: 1, sets: [1] }, 'PO', [{ type: '850', body: [['BEG', '00', 'DS', 'PO-1']] }], at);
    expect(text.split('*')[11]).toBe('^');
    expect(detectDelimiters(text).repetition).toBe('^');
  });

  it('keeps delimiters and control characters out of element values', () => {
    expect(clean('Apt 5*B~ >x\n\ty', 80)).toBe('Apt 5 B x y');
    expect(clean('a'.repeat(100), 10)).toBe('aaaaaaaaaa');
  });
});

describe('control numbers', () => {
  it('are never handed out twice, even to concurrent envelopes, and persist in the state', async () => {
    const state = memoryState();
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => nextControlNumbers(state, (i % 3) + 1)));
    const interchanges = all.map((c) => c.interchange);
    const sets = all.flatMap((c) => c.sets);
    expect(new Set(interchanges).size).toBe(20);
    expect(new Set(all.map((c) => c.group)).size).toBe(20);
    expect(new Set(sets).size).toBe(sets.length);
    expect(Math.max(...sets)).toBe(sets.length);
    expect(state.values.get('x12:control-numbers')).toEqual({ interchange: 20, group: 20, set: sets.length });
    expect((await nextControlNumbers(state, 1)).interchange).toBe(21);
  });
});
