// @ts-check
/**
 * @module The CSV half of a feed's ingest, run in a worker thread (see feed-parser.ts): parses the
 * bytes it is sent, checks each record, and sends the valid rows back packed — SKUs and costs each
 * as one string with an array of end offsets, quantities as a Float64Array — so that crossing
 * threads costs a few copies per batch rather than an object per row.
 *
 * Parsing is about half of a long feed's work; here it runs on another core while the calling thread
 * reads the stored stock and writes changes. Plain JavaScript, so the worker starts in milliseconds
 * without a TypeScript loader (registering tsx in a worker takes over a second).
 *
 * The CSV is read by papaparse's chunk parser, which takes a million-row feed in about 0.5 s of CPU
 * where csv-parse took 1.2 s (measured on the benchmark's feed; bench/README.md): on a machine the
 * database shares, that is CPU the writes get. As csv-parse did here: a byte-order mark and blank lines
 * are skipped, fields are trimmed (inside quotes too: a SKU is never meant to start with a space),
 * rows may have any number of fields, and an unclosed or malformed quoted field fails the feed. A quote
 * inside an unquoted field is taken as a character.
 *
 * In:  a chunk of the feed (Uint8Array or string), or null at its end.
 * Out: { type: 'rows', count, skus, skuEnds, quantities, costs, costEnds, bytes } (bytes: input taken so far),
 *      { type: 'done', invalid, errors } once, or { type: 'fail', kind: 'columns' | 'csv', message, detail }.
 */
import { StringDecoder } from 'node:string_decoder';
import { parentPort, workerData } from 'node:worker_threads';
import Papa from 'papaparse';

/** Rows per message: large enough that per-message costs vanish, small enough to start writing early. */
const BATCH_ROWS = 8_192;
const MAX_REPORTED_ERRORS = 20;
const COST = /^\d+(\.\d+)?$/;

/** @type {{ sku: string | number; quantity: string | number; cost?: string | number } | undefined} */
const columns = workerData?.columns;
const explicitHeader = columns !== undefined && typeof columns.sku === 'string';
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

/** @type {{ sku: number; quantity: number; cost: number | undefined } | undefined} */
let map;
// Errors name the record number (the header is 1): the line, in a file without blank or multi-line fields.
let line = 0;
let invalid = 0;
/** @type {{ line: number; message: string }[]} */
const errors = [];
let bytes = 0;
let failed = false;

/** @type {string[]} */
let skus = [];
/** @type {string[]} */
let costs = [];
let quantities = new Float64Array(BATCH_ROWS);
let count = 0;

const decoder = new StringDecoder('utf8');
// Lines end at "\n": a "\r" before it is trimmed off the last field (after a closing quote papaparse
// takes "\r\n" as well), so files with either ending, or both, read the same.
const parser = new Papa.ParserHandle({ delimiter: ',', newline: '\n', skipEmptyLines: true });
/** The text after the last whole row, parsed again with the next chunk (a row may span chunks). */
let partial = '';
/** Where `partial` starts in the whole text (papaparse's cursors count from the start). */
let base = 0;
let started = false;

port.on('message', (/** @type {Uint8Array | string | null} */ chunk) => {
  if (failed) return;
  if (chunk === null) {
    parseText(decoder.end(), true);
    if (failed) return;
    send();
    port.postMessage({ type: 'done', invalid, errors });
    return;
  }
  bytes += chunk.length;
  // A multi-byte character cut between chunks is kept by the decoder until its end arrives.
  parseText(typeof chunk === 'string' ? chunk : decoder.write(chunk), false);
});

/**
 * Parses the text held over and `text`: every whole row (all rows, at the `end`), keeping what follows
 * the last one for the next chunk.
 * @param {string} text
 * @param {boolean} end
 */
function parseText(text, end) {
  let input = partial + text;
  if (!started && input.length > 0) {
    started = true;
    if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
  }
  if (input.length === 0) return;
  const results = parser.parse(input, base, !end);
  /** @type {string[][]} */
  const rows = results.data;
  // Every error is the text's, however it continues: an unclosed quote held over is not one until the end.
  const error = results.errors[0];
  if (error) {
    fail('csv', error.message, `line ${line + (error.row ?? 0) + 1}`);
    return;
  }
  for (let i = 0; i < rows.length && !failed; i++) take(/** @type {string[]} */ (rows[i]));
  if (!end) {
    const cursor = results.meta.cursor;
    partial = input.substring(cursor - base);
    base = cursor;
  }
}

/** @param {string[]} record */
function take(record) {
  // A line of blanks is a blank line (papaparse skips only empty ones).
  if (record.length === 1 && trimmed(/** @type {string} */ (record[0])) === '') return;
  line++;
  if (!map) {
    const header = headerMap(record);
    if (header) {
      map = header;
      return;
    }
    if (explicitHeader) {
      fail('columns', 'the feed has no header line with the configured columns', `first line: ${record.join(',')}`);
      return;
    }
    map = {
      sku: Number(columns?.sku ?? 0),
      quantity: Number(columns?.quantity ?? 1),
      cost: columns?.cost === undefined ? (columns ? undefined : 2) : Number(columns.cost),
    };
  }
  const sku = trimmed(record[map.sku] ?? '');
  if (!sku) return reject('no SKU');
  const q = trimmed(record[map.quantity] ?? '');
  const quantity = wholeNumber(q);
  if (quantity === undefined) return reject(`quantity "${q}" is not a whole number`);
  const cost = map.cost === undefined ? '' : trimmed(record[map.cost] ?? '');
  if (cost !== '' && !COST.test(cost)) return reject(`cost "${cost}" is not a decimal amount`);
  skus.push(sku);
  costs.push(cost);
  // A negative count (the supplier oversold) means none to sell.
  quantities[count++] = quantity < 0 ? 0 : quantity;
  if (count === BATCH_ROWS) send();
}

/** @param {string} message */
function reject(message) {
  invalid++;
  if (errors.length < MAX_REPORTED_ERRORS) errors.push({ line, message });
}

function send() {
  if (count === 0) return;
  const skuEnds = ends(skus);
  const costEnds = ends(costs);
  const q = quantities.slice(0, count);
  port.postMessage({ type: 'rows', count, skus: skus.join(''), skuEnds, quantities: q, costs: costs.join(''), costEnds, bytes }, [skuEnds.buffer, costEnds.buffer, q.buffer]);
  skus = [];
  costs = [];
  quantities = new Float64Array(BATCH_ROWS);
  count = 0;
}

/** @param {string[]} parts */
function ends(parts) {
  const out = new Uint32Array(parts.length);
  let end = 0;
  for (let i = 0; i < parts.length; i++) out[i] = end += /** @type {string} */ (parts[i]).length;
  return out;
}

/**
 * @param {'columns' | 'csv'} kind
 * @param {string} message
 * @param {string} detail
 */
function fail(kind, message, detail) {
  if (failed) return;
  failed = true;
  port.postMessage({ type: 'fail', kind, message, detail });
  partial = '';
}

/**
 * `text` without surrounding white space; the same string when it has none (almost always: checked
 * first, as it runs for three fields of every row).
 * @param {string} text
 */
function trimmed(text) {
  const n = text.length;
  return n > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(n - 1) <= 32) ? text.trim() : text;
}

/**
 * Column positions from a header line, or undefined when the line isn't one.
 * @param {string[]} record
 */
function headerMap(record) {
  const lower = record.map((h) => h.trim().toLowerCase());
  /** @param {(string | number | undefined)[]} names */
  const find = (names) => {
    for (const n of names) {
      if (typeof n !== 'string') continue;
      const i = lower.indexOf(n.toLowerCase());
      if (i >= 0) return i;
    }
    return -1;
  };
  const sku = find(explicitHeader ? [columns?.sku] : ['sku', 'supplier_sku', 'item']);
  const quantity = find(explicitHeader ? [columns?.quantity] : ['quantity', 'qty', 'available']);
  if (sku < 0 || quantity < 0) return undefined;
  const cost = find(explicitHeader ? [columns?.cost] : ['cost', 'unit_cost', 'price']);
  return { sku, quantity, cost: cost >= 0 ? cost : undefined };
}

/**
 * The integer `text` spells (optionally negative), or undefined; by hand, as it runs once per row.
 * @param {string} text
 */
function wholeNumber(text) {
  const negative = text.charCodeAt(0) === 45;
  const start = negative ? 1 : 0;
  if (text.length === start || text.length - start > 9) return /^-?\d+$/.test(text) ? Number(text) : undefined;
  let n = 0;
  for (let k = start; k < text.length; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}
