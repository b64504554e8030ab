/**
 * @module The rows of a feed that may change what is stored, gathered until they are written together.
 *
 * A feed's changes are spread over the whole catalog, and the cost of writing them follows the pages
 * they touch, not their number: 5% of a million items touch nearly every page of the stock and
 * store-product tables. Written as one transaction in SKU order, each page is written (to the SQLite
 * WAL, or as a PostgreSQL full-page image) once per feed instead of once per batch, and each table is
 * walked once from one end to the other.
 *
 * Memory stays bounded by the caller's limit on rows held, and small per row (about 25 bytes plus the
 * SKU and cost): rows are held in blocks, SKUs and costs joined into one string per block, quantities
 * and flags in typed arrays, because a feed where every row is new holds them all until it reaches the
 * limit (see the 40 MB-heap test in feed-ingest.test.ts). Only while they are written do the SKUs
 * become one string each, to be sorted.
 *
 * Each row carries what may differ from the stored state (the snapshot's verdict, see
 * stock-snapshot.ts): the quantity, the cost, or both, so the stock statement sees only rows whose
 * quantity may differ and the cost statement only rows whose cost may.
 */
import type { FeedRow } from './inventory-statements.ts';

/** The quantity may differ from the stored one (or the item has no stored stock). */
export const QUANTITY_MAY_DIFFER = 1;
/** The cost may differ from the mapping's. */
export const COST_MAY_DIFFER = 2;

/** A row to write, with what of it may differ. */
export interface PendingRow extends FeedRow {
  differs: number;
}

/** Rows per sealed block: its SKUs and costs joined into one string each. */
const BLOCK = 4_096;

interface Block {
  skus: string;
  skuEnds: Uint32Array;
  costs: string;
  costEnds: Uint32Array;
}

export class PendingChanges {
  #blocks: Block[] = [];
  #skus: string[] = [];
  #costs: string[] = [];
  #quantities = new Float64Array(BLOCK);
  #differs = new Uint8Array(BLOCK);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** `cost` null: the row has none. */
  add(sku: string, quantity: number, cost: string | null, differs: number): void {
    const i = this.#size++;
    if (i === this.#quantities.length) {
      const quantities = new Float64Array(i * 2);
      quantities.set(this.#quantities);
      this.#quantities = quantities;
      const differ = new Uint8Array(i * 2);
      differ.set(this.#differs);
      this.#differs = differ;
    }
    this.#quantities[i] = quantity;
    this.#differs[i] = differs;
    this.#skus.push(sku);
    this.#costs.push(cost ?? '');
    if (this.#skus.length === BLOCK) this.#seal();
  }

  /**
   * Hands over the rows held, in SKU order, one per SKU, `chunk` rows at a time, and starts empty.
   * A SKU listed more than once keeps its last line's quantity and cost, flagged with everything any of
   * its lines flagged: "9" then "8" against a stored 8 flags the quantity (the 9 differed), and the
   * write of 8 then finds nothing to change.
   */
  *drain(chunk: number): Generator<PendingRow[]> {
    this.#seal();
    const blocks = this.#blocks;
    const quantities = this.#quantities;
    const differs = this.#differs;
    const n = this.#size;
    this.#blocks = [];
    this.#quantities = new Float64Array(BLOCK);
    this.#differs = new Uint8Array(BLOCK);
    this.#size = 0;
    // The SKUs as strings, for the sort: held only while the rows are written.
    const skus: string[] = [];
    for (const b of blocks) for (let k = 0; k < b.skuEnds.length; k++) skus.push(b.skus.slice(k === 0 ? 0 : b.skuEnds[k - 1]!, b.skuEnds[k]!));
    // Ties in feed order, so the last line of a SKU ends its run.
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => {
      const x = skus[a]!;
      const y = skus[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const cost = (i: number): string | null => {
      const b = blocks[Math.floor(i / BLOCK)]!;
      const k = i % BLOCK;
      const from = k === 0 ? 0 : b.costEnds[k - 1]!;
      return from === b.costEnds[k] ? null : b.costs.slice(from, b.costEnds[k]);
    };
    let out: PendingRow[] = [];
    let flagged = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      flagged |= differs[i]!;
      if (k + 1 < n && skus[order[k + 1]!] === skus[i]) continue;
      out.push({ sku: skus[i]!, quantity: quantities[i]!, cost: cost(i), differs: flagged });
      flagged = 0;
      if (out.length === chunk) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }

  /** Joins the open block's strings: one string each for SKUs and costs instead of one per row. */
  #seal(): void {
    if (this.#skus.length === 0) return;
    this.#blocks.push({ skus: this.#skus.join(''), skuEnds: ends(this.#skus), costs: this.#costs.join(''), costEnds: ends(this.#costs) });
    this.#skus = [];
    this.#costs = [];
  }
}

function ends(parts: string[]): Uint32Array {
  const out = new Uint32Array(parts.length);
  let end = 0;
  for (let i = 0; i < parts.length; i++) out[i] = end += parts[i]!.length;
  return out;
}
