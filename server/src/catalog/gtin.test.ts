import { describe, expect, it } from 'vitest';
import { checkGtin, gtinCheckDigit } from './gtin.ts';

describe('GTIN check digits', () => {
  it('accepts valid GTIN-8, UPC-A (12), EAN-13 and GTIN-14, normalised to 14 digits', () => {
    expect(checkGtin('96385074')).toEqual({ ok: true, gtin: '00000096385074' });
    expect(checkGtin('036000291452')).toEqual({ ok: true, gtin: '00036000291452' });
    expect(checkGtin('4006381333931')).toEqual({ ok: true, gtin: '04006381333931' });
    expect(checkGtin('10012345678902')).toEqual({ ok: true, gtin: '10012345678902' });
    expect(checkGtin('0 36000-29145 2')).toEqual({ ok: true, gtin: '00036000291452' });
  });

  it('treats a UPC and the same product as EAN-13 as one GTIN', () => {
    const upc = checkGtin('036000291452');
    const ean = checkGtin('0036000291452');
    expect(upc.ok && ean.ok && upc.gtin === ean.gtin).toBe(true);
  });

  it('rejects a wrong check digit, naming the expected one', () => {
    expect(checkGtin('036000291453')).toEqual({ ok: false, message: 'check digit is 3, expected 2' });
    expect(checkGtin('4006381333932')).toEqual({ ok: false, message: 'check digit is 2, expected 1' });
    expect(checkGtin('96385075')).toMatchObject({ ok: false });
  });

  it('rejects lengths GS1 does not define and non-digits', () => {
    expect(checkGtin('1234567')).toEqual({ ok: false, message: 'a GTIN has 8, 12, 13 or 14 digits, not 7' });
    expect(checkGtin('12345678901')).toMatchObject({ ok: false });
    expect(checkGtin('03600029145X')).toEqual({ ok: false, message: 'a GTIN has digits only' });
    expect(checkGtin('')).toMatchObject({ ok: false });
  });

  it('computes the mod-10 check digit with weights 3, 1 from the right', () => {
    expect(gtinCheckDigit('03600029145')).toBe(2);
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('0000000')).toBe(0);
  });
});
