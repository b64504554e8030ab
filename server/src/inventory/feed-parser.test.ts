/**
 * The worker-thread CSV parser: rows come back packed and in order, bad rows are reported by line,
 * a missing configured header and malformed CSV are validation errors, and the input is read only a
 * bounded window ahead of the consumer.
 */
import { Readable } from 'node:stream';
import { ValidationError } from '@dropline/connectors/sdk';
import { describe, expect, it } from 'vitest';
import { parseCsvInWorker, WINDOW_BYTES, type PackedRows } from './feed-parser.ts';

/** Packed rows back as [sku, quantity, cost] tuples. */
function rowsOf(batches: PackedRows[]): [string, number, string][] {
  const out: [string, number, string][] = [];
  for (const b of batches) {
    for (let i = 0; i < b.count; i++) {
      out.push([b.skus.slice(i ? b.skuEnds[i - 1] : 0, b.skuEnds[i]), b.quantities[i]!, b.costs.slice(i ? b.costEnds[i - 1] : 0, b.costEnds[i])]);
    }
  }
  return out;
}

async function parseAll(chunks: (string | Buffer)[], columns?: Parameters<typeof parseCsvInWorker>[1]) {
  const batches: PackedRows[] = [];
  const report = await parseCsvInWorker(Readable.from(chunks), columns, (b) => void batches.push(b));
  return { rows: rowsOf(batches), batches, report };
}

describe('parseCsvInWorker', () => {
  it('packs valid rows in order, across chunk boundaries, and reports bad ones by line', async () => {
    const { rows, report } = await parseAll(['sku,qty,cost\nA-1,4,5.00\nA-2,', '-3,\n"A,3",x,1\nA-4,7,1.5\n,2,1\nA-5,1,abc\n', Buffer.from('A-6,12345678901,2\n')]);
    // A negative count is none to sell; an empty cost is no cost; a quoted SKU keeps its comma.
    expect(rows).toEqual([
      ['A-1', 4, '5.00'],
      ['A-2', 0, ''],
      ['A-4', 7, '1.5'],
      ['A-6', 12345678901, '2'],
    ]);
    expect(report).toEqual({
      invalid: 3,
      errors: [
        { line: 4, message: 'quantity "x" is not a whole number' },
        { line: 6, message: 'no SKU' },
        { line: 7, message: 'cost "abc" is not a decimal amount' },
      ],
    });
  });

  it('skips a byte-order mark and blank lines, trims fields, and keeps rows and characters cut between chunks whole', async () => {
    const euro = Buffer.from('E-€,2\n');
    const cut = euro.indexOf(0xe2) + 1; // inside the three bytes of €
    const { rows, report } = await parseAll([
      Buffer.from('\ufeffSKU , Qty\r\n A-1 , 4 \r\n\r\n   \r\n"A-2'),
      '\nsecond line",5\r\n',
      euro.subarray(0, cut),
      euro.subarray(cut),
      '"A-""3""",6',
    ]);
    expect(rows).toEqual([
      ['A-1', 4, ''],
      ['A-2\nsecond line', 5, ''],
      ['E-€', 2, ''],
      ['A-"3"', 6, ''],
    ]);
    expect(report).toEqual({ invalid: 0, errors: [] });
  });

  it('reads columns by position without a header, and by configured header names', async () => {
    expect((await parseAll(['9,B-1,x\n'], { sku: 1, quantity: 0 })).rows).toEqual([['B-1', 9, '']]);
    expect((await parseAll(['Item #,On hand,Unit\nC-1,3,2.50\n'], { sku: 'Item #', quantity: 'On hand', cost: 'Unit' })).rows).toEqual([['C-1', 3, '2.50']]);
  });

  it('sends a long feed in several batches', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `S-${i},${i % 7},1.00\n`);
    const { rows, batches } = await parseAll(['sku,quantity,cost\n', lines.join('')]);
    expect(batches.length).toBeGreaterThan(1);
    expect(rows.length).toBe(20_000);
    expect(rows[19_999]).toEqual(['S-19999', 19_999 % 7, '1.00']);
  });

  it('refuses a feed without the configured header line', async () => {
    const err = await parseAll(['A-1,4,5.00\n'], { sku: 'Item #', quantity: 'On hand' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ message: 'the feed has no header line with the configured columns' });
  });

  it('refuses malformed CSV as a validation error naming the line', async () => {
    const err = await parseAll(['sku,quantity\nA-1,4\n"A-2,5\n']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ message: 'the feed is not valid CSV' });
    // A quoted field with text after its closing quote, the feed going on past it.
    const trailing = await parseAll(['sku,quantity\nA-1,4\n', '"A-2"x,5\nA-3,1\n']).catch((e: unknown) => e);
    expect(trailing).toBeInstanceOf(ValidationError);
    expect(trailing).toMatchObject({ message: 'the feed is not valid CSV' });
  });

  it('passes on an error of the input stream', async () => {
    const input = new Readable({ read() {} });
    input.push('sku,quantity\nA-1,4\n');
    setTimeout(() => input.destroy(new Error('connection reset')), 20);
    await expect(parseCsvInWorker(input, undefined, () => undefined)).rejects.toThrow('connection reset');
  });

  it('reads no further than a bounded window ahead of a consumer that is busy', async () => {
    const chunk = `${'S-0000000,5,1.00\n'.repeat(4_000)}`; // about 68 kB
    let pulled = 0;
    const total = 40 * (1 << 20);
    const input = Readable.from(
      (function* () {
        yield 'sku,quantity,cost\n';
        while (pulled < total) {
          pulled += chunk.length;
          yield chunk;
        }
      })(),
    );
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    let first = true;
    const parsing = parseCsvInWorker(input, undefined, async () => {
      if (!first) return;
      first = false;
      await blocked;
    });
    await new Promise((r) => setTimeout(r, 1_000));
    // The window, plus what the source stream buffers on its own (16 chunks) and one chunk of slack.
    expect(pulled).toBeLessThanOrEqual(WINDOW_BYTES + 18 * chunk.length);
    release();
    await parsing;
    expect(pulled).toBeGreaterThanOrEqual(total);
  }, 60_000);
});
