/**
 * @module The benchmark's data, generated deterministically: a catalog of N products (one supplier SKU
 * each, a stored stock and cost, a "last pushed" quantity consistent with them, a safety buffer on every
 * tenth) and a supplier CSV feed of N rows (SKU, quantity, cost) in a scrambled order, in which every
 * `changeEvery`-th quantity (default: every 20th, 5%) and every (5 × changeEvery)-th cost differ from
 * what is stored.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';

export const SUPPLIER_ID = 'bench-supplier';
export const STORE_ID = 'bench-store';

/** Multiplier of the scrambled order: prime, not a factor of any round N, so i → i·P mod N is a permutation. */
const SCRAMBLE = 7_919;

export const supplierSku = (i: number) => `SUP-${String(i).padStart(7, '0')}`;
export const storeSku = (i: number) => `SKU-${String(i).padStart(7, '0')}`;
export const storedQuantity = (i: number) => i % 50;
export const storedCostCents = (i: number) => 500 + (i % 1_000);
export const safetyBuffer = (i: number) => (i % 10 === 0 ? 2 : 0);
export const quantityChanged = (i: number, every: number) => i % every === 0;
export const costChanged = (i: number, every: number) => i % (every * 5) === 1;
export const feedQuantity = (i: number, every: number) => (quantityChanged(i, every) ? (storedQuantity(i) + 7) % 60 : storedQuantity(i));
export const feedCostCents = (i: number, every: number) => storedCostCents(i) + (costChanged(i, every) ? 50 : 0);
export const cents = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
export const storeQuantity = (available: number, buffer: number) => Math.max(0, available - buffer);

/** What a correct diff finds in the feed: quantities and costs that changed, store quantities to push. */
export function expectedChanges(rows: number, every: number): { stock: number; costs: number; pushes: number } {
  let stock = 0;
  let costs = 0;
  let pushes = 0;
  for (let i = 0; i < rows; i++) {
    if (quantityChanged(i, every)) {
      stock++;
      if (storeQuantity(feedQuantity(i, every), safetyBuffer(i)) !== storeQuantity(storedQuantity(i), safetyBuffer(i))) pushes++;
    }
    if (costChanged(i, every)) costs++;
  }
  return { stock, costs, pushes };
}

/** Writes the feed (header + `rows` lines) unless a file of that size is there already. */
export async function writeFeed(path: string, rows: number, every: number): Promise<{ bytes: number }> {
  if (existsSync(path) && statSync(path).size > rows * 10) return { bytes: statSync(path).size };
  if (rows % SCRAMBLE === 0) throw new Error(`rows must not be a multiple of ${SCRAMBLE}`);
  const out = createWriteStream(path);
  out.write('sku,quantity,cost\n');
  let chunk = '';
  for (let k = 0; k < rows; k++) {
    const i = (k * SCRAMBLE) % rows;
    chunk += `${supplierSku(i)},${feedQuantity(i, every)},${cents(feedCostCents(i, every))}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return { bytes: statSync(path).size };
}
