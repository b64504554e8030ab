/**
 * @module GTIN (UPC/EAN barcodes): GTIN-8, -12 (UPC-A), -13 (EAN-13) and -14, with the GS1 check digit.
 *
 * The same product appears as a 12-digit UPC in one feed and a 13-digit EAN in another; both are the same
 * GTIN-14 with leading zeros, so that is the form stored and compared.
 */

export type GtinResult = { ok: true; gtin: string } | { ok: false; message: string };

const LENGTHS = new Set([8, 12, 13, 14]);

/** Validates a barcode and returns it as GTIN-14; spaces and hyphens are ignored. */
export function checkGtin(raw: string): GtinResult {
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return { ok: false, message: 'a GTIN has digits only' };
  if (!LENGTHS.has(digits.length)) return { ok: false, message: `a GTIN has 8, 12, 13 or 14 digits, not ${digits.length}` };
  const expected = gtinCheckDigit(digits.slice(0, -1));
  const given = Number(digits.at(-1));
  if (expected !== given) return { ok: false, message: `check digit is ${given}, expected ${expected}` };
  return { ok: true, gtin: digits.padStart(14, '0') };
}

/**
 * GS1 mod-10: from the right of the digits before the check digit, weights 3, 1, 3, 1, …; the check
 * digit brings the sum to a multiple of ten.
 */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}
