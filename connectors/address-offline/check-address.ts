/**
 * @module The offline address check: no service, no network. It catches what needs no database of
 * addresses — missing required parts for the country, postal codes in the wrong format, US/CA/AU
 * regions that don't exist, and obvious junk ("test", "asdf", "n/a") — and tidies formatting (upper-case
 * postal codes, the space in a Canadian or British postcode), reporting that as a correction.
 */
import type { Address } from '../model/order.ts';
import type { AddressValidation } from '../sdk/actions.ts';

/** Postal-code formats (after upper-casing and trimming), for the countries orders most often go to. */
const POSTAL: Record<string, { pattern: RegExp; format?: (s: string) => string }> = {
  US: { pattern: /^\d{5}(-\d{4})?$/, format: (s) => s.replace(/^(\d{5})(\d{4})$/, '$1-$2') },
  CA: { pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/, format: (s) => s.replace(/\s+/g, '').replace(/^(.{3})(.{3})$/, '$1 $2') },
  GB: { pattern: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, format: (s) => s.replace(/\s+/g, '').replace(/^(.+)(\d[A-Z]{2})$/, '$1 $2') },
  DE: { pattern: /^\d{5}$/ },
  FR: { pattern: /^\d{5}$/ },
  IT: { pattern: /^\d{5}$/ },
  ES: { pattern: /^\d{5}$/ },
  NL: { pattern: /^\d{4} [A-Z]{2}$/, format: (s) => s.replace(/\s+/g, '').replace(/^(\d{4})([A-Z]{2})$/, '$1 $2') },
  BE: { pattern: /^\d{4}$/ },
  AT: { pattern: /^\d{4}$/ },
  CH: { pattern: /^\d{4}$/ },
  DK: { pattern: /^\d{4}$/ },
  NO: { pattern: /^\d{4}$/ },
  SE: { pattern: /^\d{3} \d{2}$/, format: (s) => s.replace(/\s+/g, '').replace(/^(\d{3})(\d{2})$/, '$1 $2') },
  FI: { pattern: /^\d{5}$/ },
  PL: { pattern: /^\d{2}-\d{3}$/, format: (s) => s.replace(/^(\d{2})(\d{3})$/, '$1-$2') },
  PT: { pattern: /^\d{4}-\d{3}$/, format: (s) => s.replace(/^(\d{4})(\d{3})$/, '$1-$2') },
  IE: { pattern: /^[A-Z\d]{3} ?[A-Z\d]{4}$/ },
  AU: { pattern: /^\d{4}$/ },
  NZ: { pattern: /^\d{4}$/ },
  JP: { pattern: /^\d{3}-\d{4}$/, format: (s) => s.replace(/^(\d{3})(\d{4})$/, '$1-$2') },
  IN: { pattern: /^\d{6}$/ },
  BR: { pattern: /^\d{5}-\d{3}$/, format: (s) => s.replace(/^(\d{5})(\d{3})$/, '$1-$2') },
  MX: { pattern: /^\d{5}$/ },
};

/** Countries without postal codes (a code there is suspicious, its absence is fine). */
const NO_POSTAL_CODE = new Set(['AE', 'AG', 'AO', 'BS', 'BZ', 'FJ', 'GH', 'HK', 'IE', 'JM', 'MO', 'QA', 'TT', 'UG', 'ZW']);
/** City-states: the city is the country. */
const NO_CITY = new Set(['SG', 'HK', 'MO', 'MC', 'VA', 'GI']);

const REGIONS: Record<string, ReadonlySet<string>> = {
  US: new Set(
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP'.split(' '),
  ),
  CA: new Set('AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' ')),
  AU: new Set('ACT NSW NT QLD SA TAS VIC WA'.split(' ')),
};

const JUNK = /^(test|testing|asdf\w*|qwerty|xxx+|abc|n\/?a|none|null|unknown|\.+|-+|\?+)$/i;

export function checkAddress(address: Address): AddressValidation {
  const messages: string[] = [];
  let undeliverable = false;
  const fail = (msg: string) => {
    messages.push(msg);
    undeliverable = true;
  };
  const corrected: Address = { ...address };
  let changed = false;

  for (const [field, value] of [['line1', address.line1], ['city', address.city], ['name', address.name]] as const) {
    if (value && (JUNK.test(value.trim()) || !/[\p{L}\p{N}]/u.test(value))) fail(`${field} "${value}" does not look like a real ${field === 'name' ? 'name' : 'address part'}`);
  }
  if (!address.line1 || address.line1.trim().length < 3) fail('line1 (street and number) is missing or too short');
  if (!address.city && !NO_CITY.has(address.country)) fail(`city is required for ${address.country}`);

  const regions = REGIONS[address.country];
  if (regions) {
    const region = address.region?.trim().toUpperCase();
    if (!region) fail(`region (state/province) is required for ${address.country}`);
    else if (!regions.has(region)) fail(`region "${address.region}" is not a ${address.country} state or province code`);
    else if (region !== address.region) {
      corrected.region = region;
      changed = true;
    }
  }

  const rule = POSTAL[address.country];
  const raw = address.postalCode?.trim();
  if (!raw) {
    if (rule || (!NO_POSTAL_CODE.has(address.country) && address.country !== 'IE')) {
      if (rule) fail(`postal code is required for ${address.country}`);
    }
  } else if (rule) {
    const upper = raw.toUpperCase();
    const formatted = rule.format ? rule.format(upper) : upper;
    if (!rule.pattern.test(formatted)) fail(`postal code "${raw}" is not in the ${address.country} format`);
    else if (formatted !== address.postalCode) {
      corrected.postalCode = formatted;
      changed = true;
    }
  }

  if (undeliverable) return { verdict: 'undeliverable', messages };
  return changed ? { verdict: 'corrected', corrected, messages: ['formatting tidied'] } : { verdict: 'deliverable', corrected: address, messages };
}
