/**
 * @module The fact catalogue: every fact path a condition can use, with its type, scope and where its value
 * comes from.
 *
 * Order and line facts are derived from the canonical zod schemas (through their JSON Schema, whose formats
 * say which strings are money, countries, currencies or instants), so a field added to the canonical order
 * becomes a fact without touching this file. Event facts come from the trigger's event data schema. The rest
 * is declared here: values the runtime derives (line totals, candidates) and values a {@link FactProvider}
 * looks up (supplier terms, fraud velocity, address validation).
 *
 * Each entry names the json-rules-engine fact and path it compiles to (`ref`): `order.shippingAddress.country`
 * is fact `order` at path `shippingAddress.country`, and `order.lines[].sku` is fact `line` at path `sku`,
 * evaluated once per line.
 */
import { z } from 'zod';
import { CanonicalOrderSchema, EVENT_DATA, OrderLineSchema } from '@dropline/connectors/model';
import type { FlowTrigger } from '../model/flow.ts';
import type { FactType } from './fact-types.ts';

/** `order`: once per run. `line`: once per order line, with that line's values. */
export type FactScope = 'order' | 'line';

/** The json-rules-engine facts a flow compiles to. */
export const FACT_IDS = [
  'order',
  'orderFacts',
  'routing',
  'clock',
  'event',
  'eventFacts',
  'line',
  'lineFacts',
  'supplier',
  'lineStock',
  'recentOrders',
  'addressCheck',
] as const;
export type FactId = (typeof FACT_IDS)[number];

/** Facts looked up through the {@link FactProvider} (asynchronous, possibly slow): evaluated last in a rule. */
export const PROVIDER_FACT_IDS: ReadonlySet<FactId> = new Set(['supplier', 'lineStock', 'recentOrders', 'addressCheck']);
export const LINE_FACT_IDS: ReadonlySet<FactId> = new Set(['line', 'lineFacts', 'lineStock']);

export interface FactDefinition {
  /** What a condition names: `order.total`, `order.lines[].sku`, `supplier.leadTimeDays`. */
  path: string;
  title: string;
  description?: string;
  type: FactType;
  /** The allowed values of an `enum` fact. */
  values?: readonly string[];
  scope: FactScope;
  /** `input`: from what the hub passed in; `provider`: looked up through the FactProvider. */
  source: 'input' | 'provider';
  /** Parameters the condition must give (`{ supplierId }`). */
  params?: z.ZodObject;
  ref: { fact: FactId; path?: string };
  /** Only offered in flows with one of these triggers (event facts). */
  triggers?: readonly FlowTrigger[];
}

const SupplierParam = z.object({
  supplierId: z.string().min(1, 'expected a supplier').meta({ title: 'Supplier', ui: { widget: 'supplier' } }),
});

const VelocityParams = z.object({
  by: z.enum(['email', 'shippingAddress', 'ip']).meta({ title: 'Same', description: 'Count earlier orders with the same customer email, shipping address or buyer IP' }),
  windowHours: z.number().positive().max(24 * 365).meta({ title: 'Within the last (hours)' }),
});

const ADDRESS_VERDICTS = ['deliverable', 'corrected', 'undeliverable'] as const;

/** Facts the runtime derives or looks up; the canonical-schema facts are added to these. */
const DECLARED: FactDefinition[] = [
  { path: 'order.lineCount', title: 'Number of order lines', type: 'number', scope: 'order', source: 'input', ref: { fact: 'orderFacts', path: 'lineCount' } },
  { path: 'order.totalQuantity', title: 'Items in the order', description: 'Sum of the quantities of all order lines', type: 'number', scope: 'order', source: 'input', ref: { fact: 'orderFacts', path: 'totalQuantity' } },
  { path: 'routing.attempt', title: 'Routing attempt', description: '1 for a new order, 2 and more after failovers', type: 'number', scope: 'order', source: 'input', ref: { fact: 'routing', path: 'attempt' } },
  { path: 'routing.cause', title: 'Routing cause', description: 'The event type that asked for this decision', type: 'string', scope: 'order', source: 'input', ref: { fact: 'routing', path: 'cause' } },
  { path: 'routing.excludedSuppliers', title: 'Suppliers that failed this order', description: 'Suppliers that rejected, backordered or cancelled any of its lines', type: 'string[]', scope: 'order', source: 'input', ref: { fact: 'routing', path: 'excludedSuppliers' } },
  { path: 'routing.lineCount', title: 'Lines to place', description: 'Lines this decision is about (still without a supplier, or affected by the event)', type: 'number', scope: 'order', source: 'input', ref: { fact: 'routing', path: 'lineCount' } },
  { path: 'clock.now', title: 'Now', description: 'The time of the decision', type: 'instant', scope: 'order', source: 'input', ref: { fact: 'clock', path: 'now' } },
  { path: 'order.lines[].lineTotal', title: 'Line total', description: 'Unit price × quantity to place, less its share of the line discount', type: 'money', scope: 'line', source: 'input', ref: { fact: 'lineFacts', path: 'lineTotal' } },
  { path: 'order.lines[].candidates', title: 'Candidate suppliers', description: 'Suppliers that carry the SKU (catalog mapping), those excluded for this line left out', type: 'string[]', scope: 'line', source: 'input', ref: { fact: 'lineFacts', path: 'candidates' } },
  { path: 'order.lines[].candidateCount', title: 'Number of candidate suppliers', type: 'number', scope: 'line', source: 'input', ref: { fact: 'lineFacts', path: 'candidateCount' } },
  { path: 'order.lines[].availability', title: 'Stock for the line', description: 'Quantity to place and the stock each candidate reported', type: 'availability', scope: 'line', source: 'input', ref: { fact: 'lineFacts', path: 'availability' } },
  { path: 'order.lines[].excludedSuppliers', title: 'Suppliers that failed this line', type: 'string[]', scope: 'line', source: 'input', ref: { fact: 'lineFacts', path: 'excludedSuppliers' } },
  { path: 'order.lines[].stockAt', title: 'Stock at supplier', description: "The supplier's last reported stock of the line's SKU", type: 'number', scope: 'line', source: 'provider', params: SupplierParam, ref: { fact: 'lineStock' } },
  { path: 'supplier.leadTimeDays', title: 'Supplier lead time (days)', description: 'Days from order to delivery by the supplier terms: its speed', type: 'number', scope: 'order', source: 'provider', params: SupplierParam, ref: { fact: 'supplier', path: 'leadTimeDays' } },
  { path: 'supplier.region', title: 'Supplier region', type: 'string', scope: 'order', source: 'provider', params: SupplierParam, ref: { fact: 'supplier', path: 'region' } },
  { path: 'supplier.capacityLeft', title: 'Supplier capacity left today', description: 'Orders the supplier can still take today by its agreement', type: 'number', scope: 'order', source: 'provider', params: SupplierParam, ref: { fact: 'supplier', path: 'capacityLeft' } },
  { path: 'supplier.cutoff', title: 'Supplier cut-off', description: 'Daily order cut-off in the supplier time zone', type: 'cutoff', scope: 'order', source: 'provider', params: SupplierParam, ref: { fact: 'supplier', path: 'cutoff' } },
  { path: 'customer.recentOrders.count', title: 'Recent orders by the customer', description: 'Earlier orders by the same email, address or IP within the window (fraud velocity)', type: 'number', scope: 'order', source: 'provider', params: VelocityParams, ref: { fact: 'recentOrders', path: 'count' } },
  { path: 'customer.recentOrders.total', title: 'Value of recent orders', description: 'Total of those orders, in the order currency', type: 'money', scope: 'order', source: 'provider', params: VelocityParams, ref: { fact: 'recentOrders', path: 'total' } },
  { path: 'addressValidation.verdict', title: 'Shipping address validation', description: 'deliverable, corrected (deliverable once corrected) or undeliverable', type: 'enum', values: ADDRESS_VERDICTS, scope: 'order', source: 'provider', ref: { fact: 'addressCheck', path: 'verdict' } },
  { path: 'addressValidation.corrected', title: 'Address was corrected', type: 'boolean', scope: 'order', source: 'provider', ref: { fact: 'addressCheck', path: 'corrected' } },
  { path: 'event.expectedInDays', title: 'Days until the backorder is expected', description: 'From now to the date the supplier expects stock; missing when it gave none', type: 'number', scope: 'order', source: 'input', ref: { fact: 'eventFacts', path: 'expectedInDays' }, triggers: ['supplier_order.backordered'] },
  { path: 'event.lineCount', title: 'Lines in the event', type: 'number', scope: 'order', source: 'input', ref: { fact: 'eventFacts', path: 'lineCount' } , triggers: ['supplier_order.backordered', 'supplier_order.rejected', 'supplier_order.cancelled', 'return.requested', 'return.received'] },
];

/** Field-specific types and titles the JSON Schema can't tell. */
const OVERRIDES: Record<string, Partial<FactDefinition>> = {
  'order.lines[].sku': { type: 'sku', title: 'SKU' },
  'order.lines[].quantity': { title: 'Quantity to place', description: 'Ordered quantity still without a supplier' },
  'order.customer.email': { title: 'Customer email' },
  'order.clientIp': { title: 'Buyer IP' },
};

/** Fields that are ids or bookkeeping, not something to decide on. */
const SKIPPED = new Set(['order.trackingUrl', 'order.lines[].lineId', 'order.lines[].productId', 'order.lines[].variantId', 'order.lines[].gtin']);

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  title?: string;
  description?: string;
}

function factTypeOf(s: JsonSchema): { type: FactType; values?: readonly string[] } | 'object' | 'object[]' | undefined {
  // The canonical schemas mark meaning with formats; they win over the input shape (money accepts numbers).
  if (s.format === 'decimal') return { type: 'money' };
  if (s.format === 'iso-3166-1-alpha-2') return { type: 'country' };
  if (s.format === 'iso-4217') return { type: 'currency' };
  if (s.format === 'date-time') return { type: 'instant' };
  if (s.anyOf) {
    const nonNull = s.anyOf.filter((x) => x.type !== 'null');
    return nonNull.length === 1 ? factTypeOf(nonNull[0]!) : undefined;
  }
  const types = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null') : s.type ? [s.type] : [];
  if (s.enum) return { type: 'enum', values: s.enum };
  if (types.length !== 1) return undefined;
  switch (types[0]) {
    case 'string':
      return { type: 'string' };
    case 'integer':
    case 'number':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return 'object';
    case 'array': {
      const item = s.items ? factTypeOf(s.items) : undefined;
      if (item === 'object') return 'object[]';
      return item && item !== 'object[]' && item.type === 'string' ? { type: 'string[]' } : undefined;
    }
    default:
      return undefined;
  }
}

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Walks a JSON Schema object into facts; `line` collects the fields of `order.lines[]`. */
function schemaFacts(
  schema: JsonSchema,
  prefix: string,
  make: (path: string, relPath: string, t: { type: FactType; values?: readonly string[] }, title: string) => FactDefinition,
  relPrefix = '',
  titlePrefix = '',
): FactDefinition[] {
  const out: FactDefinition[] = [];
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}.${key}`;
    const rel = relPrefix ? `${relPrefix}.${key}` : key;
    const title = titlePrefix ? `${titlePrefix} › ${humanize(key).toLowerCase()}` : humanize(key);
    const t = factTypeOf(sub);
    if (t === 'object') out.push(...schemaFacts(sub, path, make, rel, title));
    else if (t && t !== 'object[]' && !SKIPPED.has(path)) out.push(make(path, rel, t, title));
  }
  return out;
}

function orderFacts(): FactDefinition[] {
  const schema = z.toJSONSchema(CanonicalOrderSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const order = schemaFacts(schema, 'order', (path, rel, t, title) => ({
    path,
    title: `Order › ${title.charAt(0).toLowerCase()}${title.slice(1)}`,
    ...t,
    scope: 'order',
    source: 'input',
    ref: { fact: 'order', path: rel },
  }));
  const lineSchema = z.toJSONSchema(OrderLineSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const line = schemaFacts(lineSchema, 'order.lines[]', (path, rel, t, title) => ({
    path,
    title: `Line › ${title.charAt(0).toLowerCase()}${title.slice(1)}`,
    ...t,
    scope: 'line',
    source: 'input',
    ref: { fact: 'line', path: rel },
  }));
  return [...order, ...line];
}

function eventFacts(trigger: FlowTrigger): FactDefinition[] {
  if (trigger === 'order.received' || trigger === 'order.updated') return [];
  const schema = z.toJSONSchema(EVENT_DATA[trigger], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return schemaFacts(schema, 'event', (path, rel, t, title) => ({
    path,
    title: `Event › ${title.charAt(0).toLowerCase()}${title.slice(1)}`,
    ...t,
    scope: 'order',
    source: 'input',
    ref: { fact: 'event', path: rel },
    triggers: [trigger],
  }));
}

export type FactCatalogue = ReadonlyMap<string, FactDefinition>;

const BASE = orderFacts().map((f) => ({ ...f, ...OVERRIDES[f.path] }));
const catalogues = new Map<FlowTrigger, FactCatalogue>();

/** The facts a flow with this trigger can use, by path. */
export function factCatalogue(trigger: FlowTrigger): FactCatalogue {
  let c = catalogues.get(trigger);
  if (!c) {
    const all = [...BASE, ...DECLARED, ...eventFacts(trigger)].filter((f) => !f.triggers || f.triggers.includes(trigger));
    c = new Map(all.map((f) => [f.path, f]));
    catalogues.set(trigger, c);
  }
  return c;
}

/** A fact as the editor sees it: its definition without the runtime parts, its parameters as JSON Schema. */
export type FactInfo = Omit<FactDefinition, 'params' | 'ref' | 'triggers'> & {
  /** JSON Schema of the parameters the condition must give. */
  paramsSchema?: unknown;
};

/** The catalogue as JSON, for the editor's fact picker. */
export function describeFacts(trigger: FlowTrigger): FactInfo[] {
  return [...factCatalogue(trigger).values()].map((f) => ({
    path: f.path,
    title: f.title,
    ...(f.description ? { description: f.description } : {}),
    type: f.type,
    ...(f.values ? { values: f.values } : {}),
    scope: f.scope,
    source: f.source,
    ...(f.params ? { paramsSchema: z.toJSONSchema(f.params, { io: 'input', unrepresentable: 'any' }) } : {}),
  }));
}

