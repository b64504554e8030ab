/**
 * @module A compact, read-only picture of one supplier's stored stock and costs, to filter a long feed.
 *
 * Looking every row of a million-row feed up in the database costs two B-tree searches each (about
 * 7 µs a row on SQLite): far more than parsing it. Reading the supplier's rows once, in key order, and
 * keeping them in typed arrays (a 64-bit hash of the SKU, the quantity, a hash of the cost: 16 bytes a
 * slot, 32 MB for a million items) lets each feed row be checked in a fraction of a microsecond.
 *
 * The snapshot is only a filter. Rows it says may differ go through the exact diff in the database
 * (inventory-statements.ts), so a stale snapshot can only send a row for an exact check, never skip a
 * change — except through a hash collision: two of the supplier's SKUs sharing a 64-bit hash (odds
 * about 3 in 10^8 at a million items) with equal quantity and cost, or a changed cost written with the
 * same 31-bit hash as the stored one (1 in 2·10^9 per changed cost). The next change to the row
 * corrects either.
 */
import type { Database } from '../db/database.ts';
import type { FeedRow } from './inventory-statements.ts';

const EMPTY = 0;
/** Cost markers: the item has no mapping (a feed cost changes nothing); the mapping has no cost. */
const UNMAPPED = -1;
const NO_COST = -2;
const PAGE = 50_000;
/** A hint larger than this (a huge upload) is not trusted with memory up front. */
const MAX_HINT = 4_000_000;

export class StockSnapshot {
  #mask: number;
  #hi: Uint32Array;
  #lo: Uint32Array;
  /** -1: no stock row stored. */
  #quantity: Int32Array;
  /** UNMAPPED, NO_COST (mapped, no cost), or a hash of the cost as stored. */
  #cost: Int32Array;
  #size = 0;

  private constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.#mask = capacity - 1;
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#quantity = new Int32Array(capacity);
    this.#cost = new Int32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /**
   * Reads the supplier's stock and mapped costs, page by page in key order. `sizeHint` (the feed's
   * expected rows, say) sizes the table up front; without it the table grows as it fills.
   */
  static async load(db: Database, supplierId: string, sizeHint = 0): Promise<StockSnapshot> {
    // Counting the rows first would cost two more index scans; a wrong hint costs at most a few rehashes.
    const snap = new StockSnapshot(Math.min(sizeHint, MAX_HINT));
    // Both tables at once: on PostgreSQL the server reads one while this process hashes the other.
    await Promise.all([
      eachPage(db, 'supplier_stock', 'quantity', supplierId, (packed) => snap.#readPage(packed, true)),
      eachPage(db, 'catalog_items', 'cost', supplierId, (packed) => snap.#readPage(packed, false)),
    ]);
    return snap;
  }

  /** False only when the stored quantity equals the row's and, for a mapped item, so does the cost. */
  mayDiffer(row: FeedRow): boolean {
    return this.mayDifferAt(row.sku, 0, row.sku.length, row.quantity, row.cost ?? '', 0, row.cost?.length ?? 0);
  }

  /** `mayDiffer` for a row read in place: the SKU is `skus[from, to)`, the cost `costs[costFrom, costTo)` (empty: none). */
  mayDifferAt(skus: string, from: number, to: number, quantity: number, costs: string, costFrom: number, costTo: number): boolean {
    const i = this.#slot(skus, from, to, false);
    if (i < 0 || this.#quantity[i] !== quantity) return true;
    if (costFrom === costTo) return false;
    const cost = this.#cost[i]!;
    // Costs compare as written: "5.0" against a stored "5.00" goes to the exact (numeric) check.
    return cost !== UNMAPPED && cost !== costHash(costs, costFrom, costTo);
  }

  /**
   * Records that a row was sent for writing, so that a later line of the same feed for the same SKU is
   * compared with it rather than with the stored state: "9" then "8" against a stored 8 must end at 8.
   */
  noteAt(skus: string, from: number, to: number, quantity: number, costs: string, costFrom: number, costTo: number): void {
    const i = this.#slot(skus, from, to, true);
    this.#quantity[i] = quantity;
    if (costFrom !== costTo && this.#cost[i] !== UNMAPPED) this.#cost[i] = costHash(costs, costFrom, costTo);
  }

  /**
   * Reads a packed page (`sku UNIT value RECORD …`) in one pass over its characters, without cutting it
   * into strings: the SKU is hashed as it goes by, then the value is parsed (a quantity) or hashed (a cost).
   */
  #readPage(packed: string, quantities: boolean): void {
    const n = packed.length;
    let k = 0;
    while (k < n) {
      const from = k;
      while (packed.charCodeAt(k) !== 31) k++;
      const i = this.#slot(packed, from, k, true);
      k++;
      if (quantities) {
        const negative = packed.charCodeAt(k) === 45; // '-'
        if (negative) k++;
        let q = 0;
        for (let c = packed.charCodeAt(k); k < n && c !== 30; c = packed.charCodeAt(++k)) q = q * 10 + (c - 48);
        this.#quantity[i] = negative ? -q : q;
      } else {
        const start = k;
        while (k < n && packed.charCodeAt(k) !== 30) k++;
        this.#cost[i] = start === k ? NO_COST : costHash(packed, start, k);
      }
      k++;
    }
  }

  /** The slot of the SKU `text[from, to)`: found, or (when `add`) claimed; -1 when absent and not added. */
  #slot(text: string, from: number, to: number, add: boolean): number {
    // Two 32-bit FNV-1a-style hashes with different multipliers make one 64-bit key; hi 0 marks an empty slot.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ (to - from);
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    const hi = h1 >>> 0 || 1;
    const lo = h2 >>> 0;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.#mask;
    for (;;) {
      const at = this.#hi[i]!;
      if (at === EMPTY) {
        if (!add) return -1;
        if (this.#size * 2 >= this.#mask) this.#grow();
        if (this.#size * 2 >= this.#mask) return this.#slot(text, from, to, add);
        this.#hi[i] = hi;
        this.#lo[i] = lo;
        this.#quantity[i] = -1;
        this.#cost[i] = UNMAPPED;
        this.#size++;
        return i;
      }
      if (at === hi && this.#lo[i] === lo) return i;
      i = (i + 1) & this.#mask;
    }
  }

  #grow(): void {
    const { hi, lo, quantity, cost } = { hi: this.#hi, lo: this.#lo, quantity: this.#quantity, cost: this.#cost };
    const capacity = (this.#mask + 1) * 2;
    this.#mask = capacity - 1;
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#quantity = new Int32Array(capacity);
    this.#cost = new Int32Array(capacity);
    for (let j = 0; j < hi.length; j++) {
      if (hi[j] === EMPTY) continue;
      let i = (hi[j]! ^ Math.imul(lo[j]!, 0x9e3779b1)) & this.#mask;
      while (this.#hi[i] !== EMPTY) i = (i + 1) & this.#mask;
      this.#hi[i] = hi[j]!;
      this.#lo[i] = lo[j]!;
      this.#quantity[i] = quantity[j]!;
      this.#cost[i] = cost[j]!;
    }
  }
}

/** A 31-bit hash of a cost as written, never one of the markers. */
function costHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 1;
}

/**
 * Reads (SKU, `column`) of one supplier's rows in pages, in key order (keyset pagination), each page
 * packed into one string by the database (ASCII unit separator between SKU and value, record separator
 * between rows: neither occurs in SKUs or numbers): turning rows into JavaScript values one by one costs more
 * than the database's whole scan. Null values come as ''. A turn of the event loop between pages keeps
 * a hub reading a million rows answering requests.
 */
async function eachPage(db: Database, table: 'supplier_stock' | 'catalog_items', column: 'quantity' | 'cost', supplierId: string, each: (packed: string) => void): Promise<void> {
  const native = db.native;
  const page =
    native.dialect === 'sqlite'
      ? (() => {
          const stmt = native.client
            .prepare(
              `SELECT group_concat(supplier_sku || char(31) || coalesce(${column}, ''), char(30)), max(supplier_sku), count(*)
               FROM (SELECT supplier_sku, ${column} FROM ${table} WHERE supplier_id = ? AND supplier_sku > ? ORDER BY supplier_sku LIMIT ${PAGE})`,
            )
            .raw(true);
          return async (after: string) => stmt.get(supplierId, after) as [string | null, string | null, number];
        })()
      : async (after: string) =>
          (
            await native.pool.query<[string | null, string | null, string]>({
              text: `SELECT string_agg(supplier_sku || chr(31) || coalesce(${column}::text, ''), chr(30)), max(supplier_sku), count(*)
                     FROM (SELECT supplier_sku, ${column} FROM ${table} WHERE supplier_id = $1 AND supplier_sku > $2 ORDER BY supplier_sku LIMIT ${PAGE}) p`,
              values: [supplierId, after],
              rowMode: 'array',
            })
          ).rows[0]!;
  // The next page is asked for before this one is read (the key to continue from is its max).
  let next = page('');
  for (;;) {
    const [packed, last, n] = await next;
    const more = Number(n) === PAGE && last !== null;
    if (more) next = page(last);
    if (packed) each(packed);
    if (!more) return;
    await new Promise((r) => setImmediate(r));
  }
}
