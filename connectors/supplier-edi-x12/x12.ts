/**
 * @module ASC X12 text: a tolerant reader and a strict writer.
 *
 * node-x12 1.7.1 refuses two of the real-world samples we must read (an ISA whose elements are not
 * padded to their fixed widths, and a 997 without an envelope), so this is a small reader of our own.
 * Reading is tolerant (delimiters taken from the ISA wherever its 16 elements end, or guessed for a bare
 * ST…SE; line breaks after terminators ignored; counts checked and reported rather than fatal). Writing
 * is strict: fixed-width ISA, every element free of delimiters, SE/GE/IEA counts and control numbers
 * that match.
 *
 * A segment is an array whose element 0 is the segment id, so `seg[3]` is the third data element, as
 * X12 numbers them (BEG03 is `beg[3]`).
 */
import { ValidationError } from '../sdk/errors.ts';

export type Segment = string[];

export interface Delimiters {
  element: string;
  segment: string;
  component: string;
  repetition?: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { element: '*', segment: '~', component: '>' };

export interface TransactionSet {
  /** ST01, e.g. "850". */
  type: string;
  /** ST02. */
  control: string;
  /** The segments between ST and SE. */
  body: Segment[];
  /** Count or control-number mismatches in the trailer, for the 997 we send back. */
  issues: string[];
}

export interface FunctionalGroup {
  /** The GS segment; absent for a bare ST…SE. */
  gs?: Segment;
  /** GS01, e.g. "PO", "PR", "SH", "IN", "IB", "FA". */
  functionalId: string;
  /** GS06. */
  control: string;
  sets: TransactionSet[];
  issues: string[];
}

export interface Interchange {
  isa?: Segment;
  /** ISA13. */
  control?: string;
  groups: FunctionalGroup[];
  issues: string[];
}

export interface X12Document {
  delimiters: Delimiters;
  interchanges: Interchange[];
}

/** Functional identifier (GS01) of each transaction set type we trade. */
export const FUNCTIONAL_ID: Record<string, string> = { '850': 'PO', '855': 'PR', '856': 'SH', '810': 'IN', '846': 'IB', '997': 'FA', '860': 'PC' };

export function detectDelimiters(text: string): Delimiters {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('ISA')) {
    const element = t[3]!;
    // ISA has 16 elements; the 16th is one character (the component separator) and the segment
    // terminator follows it. Counting separators, rather than taking fixed offsets, reads ISAs whose
    // elements were not padded to their widths.
    let seen = 0;
    let at = -1;
    for (let i = 3; i < t.length && i < 400; i++) {
      if (t[i] === element && ++seen === 16) {
        at = i;
        break;
      }
    }
    if (at < 0 || at + 2 >= t.length) throw new ValidationError('the ISA segment is incomplete', [{ field: 'ISA', message: 'expected 16 elements' }], 'x12_malformed', 400);
    const component = t[at + 1]!;
    const segment = t[at + 2]!;
    const isa = t.slice(0, at + 1).split(element);
    const repetition = isa[11] && isa[12] && isa[12] >= '00402' && !/^[A-Za-z0-9 ]$/.test(isa[11]) ? isa[11] : undefined;
    return { element, segment, component, ...(repetition ? { repetition } : {}) };
  }
  if (/^(ST|GS)./.test(t)) {
    const element = t[2]!;
    const segment = ['~', "'", '\n'].find((c) => t.includes(c)) ?? '~';
    return { element, segment, component: '>' };
  }
  throw new ValidationError('not X12: expected the text to start with ISA, GS or ST', [{ field: 'ISA', message: 'missing' }], 'x12_malformed', 400);
}

export function splitSegments(text: string, d: Delimiters): Segment[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(d.segment)
    .map((s) => s.replace(/^[\s]+/, '').replace(/[\r\n]+$/, ''))
    .filter((s) => s.length > 0)
    .map((s) => s.split(d.element));
}

/** Parses X12 text into interchanges, groups and transaction sets. */
export function parseX12(text: string): X12Document {
  const delimiters = detectDelimiters(text);
  const interchanges: Interchange[] = [];
  let ix: Interchange | undefined;
  let group: FunctionalGroup | undefined;
  let set: TransactionSet | undefined;
  const malformed = (message: string) => new ValidationError(message, [{ field: 'segments', message }], 'x12_malformed', 400);

  for (const seg of splitSegments(text, delimiters)) {
    const id = seg[0]!.trim();
    if (set && id !== 'SE') {
      set.body.push(seg);
      continue;
    }
    switch (id) {
      case 'ISA':
        ix = { isa: seg, control: seg[13]?.trim(), groups: [], issues: [] };
        interchanges.push(ix);
        group = undefined;
        break;
      case 'GS':
        if (!ix) interchanges.push((ix = { groups: [], issues: [] }));
        group = { gs: seg, functionalId: seg[1] ?? '', control: seg[6] ?? '', sets: [], issues: [] };
        ix.groups.push(group);
        break;
      case 'ST':
        if (!ix) interchanges.push((ix = { groups: [], issues: [] }));
        if (!group) ix.groups.push((group = { functionalId: FUNCTIONAL_ID[seg[1] ?? ''] ?? '', control: '', sets: [], issues: [] }));
        set = { type: seg[1] ?? '', control: seg[2] ?? '', body: [], issues: [] };
        group.sets.push(set);
        break;
      case 'SE': {
        if (!set) throw malformed('SE without ST');
        const count = Number(seg[1]);
        if (count !== set.body.length + 2) set.issues.push(`SE01 says ${seg[1]} segments, the set has ${set.body.length + 2}`);
        if ((seg[2] ?? '') !== set.control) set.issues.push(`SE02 ${seg[2]} does not match ST02 ${set.control}`);
        set = undefined;
        break;
      }
      case 'GE':
        if (!group) throw malformed('GE without GS');
        if (Number(seg[1]) !== group.sets.length) group.issues.push(`GE01 says ${seg[1]} sets, the group has ${group.sets.length}`);
        if ((seg[2] ?? '') !== group.control) group.issues.push(`GE02 ${seg[2]} does not match GS06 ${group.control}`);
        group = undefined;
        break;
      case 'IEA':
        if (!ix) throw malformed('IEA without ISA');
        if (Number(seg[1]) !== ix.groups.length) ix.issues.push(`IEA01 says ${seg[1]} groups, the interchange has ${ix.groups.length}`);
        if (Number(seg[2]) !== Number(ix.control)) ix.issues.push(`IEA02 ${seg[2]} does not match ISA13 ${ix.control}`);
        ix = undefined;
        group = undefined;
        break;
      default:
        throw malformed(`segment ${id} outside a transaction set`);
    }
  }
  if (set) throw malformed(`transaction set ${set.type} ${set.control} has no SE`);
  if (interchanges.length === 0) throw malformed('no transaction sets');
  return { delimiters, interchanges };
}

/** The value of element `n` of `seg`, trimmed; undefined when empty. */
export function el(seg: Segment | undefined, n: number): string | undefined {
  const v = seg?.[n]?.trim();
  return v ? v : undefined;
}

/** Qualifier/value pairs from element `from` on (PO106/PO107, LIN02/LIN03, …), as a map. */
export function idPairs(seg: Segment, from: number): Map<string, string> {
  const ids = new Map<string, string>();
  for (let i = from; i + 1 < seg.length; i += 2) {
    const q = el(seg, i);
    const v = el(seg, i + 1);
    if (q && v && !ids.has(q)) ids.set(q, v);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------
// Writing

/** Text made safe for an element: delimiters and control characters replaced, trimmed to `max`. */
export function clean(value: string | number | undefined | null, max = 80, d: Delimiters = DEFAULT_DELIMITERS): string {
  if (value === undefined || value === null) return '';
  const bad = new Set([d.element, d.segment, d.component, ...(d.repetition ? [d.repetition] : [])]);
  let out = '';
  for (const ch of String(value)) out += bad.has(ch) || ch < ' ' || ch === '\u007f' ? ' ' : ch;
  return out.replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

export interface EnvelopeParties {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** GS02/GS03 application codes (default: the ISA ids). */
  senderCode?: string;
  receiverCode?: string;
  usage: 'P' | 'T';
  /** ISA12, e.g. "00401". */
  version: string;
  /** GS08, e.g. "004010". */
  groupVersion: string;
}

export interface ControlNumbers {
  interchange: number;
  group: number;
  /** One per transaction set, in order. */
  sets: number[];
}

const pad = (v: string, n: number) => v.padEnd(n, ' ').slice(0, n);
const zeros = (n: number, width: number) => String(n).padStart(width, '0');

/** ST02/SE02 for a transaction set control number. */
export const setControl = (n: number) => zeros(n, 4);

/**
 * One interchange holding one functional group of transaction sets, each given as its body (the
 * segments between ST and SE). Strict: the ISA is exactly 106 characters with its terminator.
 */
export function writeInterchange(
  parties: EnvelopeParties,
  control: ControlNumbers,
  functionalId: string,
  sets: { type: string; body: Segment[] }[],
  at: Date,
  d: Delimiters = DEFAULT_DELIMITERS,
): string {
  if (control.interchange < 1 || control.interchange > 999_999_999) throw new RangeError('interchange control number out of range');
  if (sets.length !== control.sets.length) throw new RangeError('one control number per transaction set');
  const iso = at.toISOString();
  const yymmdd = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  const ccyymmdd = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  const hhmm = iso.slice(11, 13) + iso.slice(14, 16);
  const repetition = parties.version >= '00402' ? '^' : 'U';
  const isa: Segment = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    pad(parties.senderQualifier, 2),
    pad(clean(parties.senderId, 15, d), 15),
    pad(parties.receiverQualifier, 2),
    pad(clean(parties.receiverId, 15, d), 15),
    yymmdd,
    hhmm,
    repetition,
    parties.version,
    zeros(control.interchange, 9),
    '0',
    parties.usage,
    d.component,
  ];
  const segments: Segment[] = [isa];
  segments.push(['GS', functionalId, clean(parties.senderCode ?? parties.senderId, 15, d), clean(parties.receiverCode ?? parties.receiverId, 15, d), ccyymmdd, hhmm, String(control.group), 'X', parties.groupVersion]);
  sets.forEach((set, i) => {
    const st = setControl(control.sets[i]!);
    segments.push(['ST', set.type, st], ...set.body, ['SE', String(set.body.length + 2), st]);
  });
  segments.push(['GE', String(sets.length), String(control.group)], ['IEA', '1', zeros(control.interchange, 9)]);
  // No line breaks between segments: strict receivers count them as part of the next segment.
  const text = segments.map((s) => s.join(d.element) + d.segment).join('');
  const isaLength = text.indexOf(d.segment) + 1;
  if (isaLength !== 106) throw new Error(`ISA is ${isaLength} characters, not 106`);
  return text;
}
