/**
 * @module Reading the JSON Schema a node type's settings are described with (zod's `toJSONSchema`, with the
 * `ui` hints of `.meta()`), for the property form: references resolved, nullable unwrapped, the widget to
 * draw, a label, and the empty value a new list item starts with. Plus immutable updates by path, and the
 * path format validation uses for fields (`areas[0].suppliers[1]`), so issues land next to their field.
 */
export interface UiHints {
  widget?: string;
  placeholder?: string;
  sortable?: boolean;
}

export interface JsonSchema {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  ui?: UiHints;
}

export type PathKey = string | number;
export type Path = readonly PathKey[];

/** Follows `$ref`s into `$defs`; titles, descriptions and ui hints on the referring schema win. */
export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  const seen = new Set<string>();
  let merged: JsonSchema = {};
  while (current.$ref && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const { $ref, ...meta } = current;
    merged = { ...meta, ...merged, ...(merged.ui || meta.ui ? { ui: { ...meta.ui, ...merged.ui } } : {}) };
    const name = $ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    if (!target) break;
    current = target;
  }
  const { $ref: _ignored, ...rest } = current;
  return { ...rest, ...merged, ...(merged.ui || rest.ui ? { ui: { ...rest.ui, ...merged.ui } } : {}) };
}

/** `anyOf: [X, { type: 'null' }]` → X (with the outer title), and whether null was allowed. */
export function unwrapNullable(schema: JsonSchema, root: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const s = resolve(schema, root);
  if (s.anyOf) {
    const nonNull = s.anyOf.filter((x) => resolve(x, root).type !== 'null');
    if (nonNull.length === 1 && nonNull.length < s.anyOf.length) {
      const { anyOf: _a, ...outer } = s;
      return { schema: { ...resolve(nonNull[0]!, root), ...stripUndefined({ title: outer.title, description: outer.description }) }, nullable: true };
    }
  }
  return { schema: s, nullable: false };
}

export type FieldKind = 'select' | 'checkbox' | 'number' | 'text' | 'list' | 'object' | 'json';

/** The widget a schema asks for (`ui.widget`), else one by its type. */
export function widgetOf(schema: JsonSchema): string {
  if (schema.ui?.widget) return schema.ui.widget;
  return kindOf(schema);
}

export function kindOf(schema: JsonSchema): FieldKind {
  if (schema.enum) return 'select';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return 'checkbox';
    case 'number':
    case 'integer':
      return 'number';
    case 'string':
      return 'text';
    case 'array':
      return 'list';
    case 'object':
      return schema.properties ? 'object' : 'json';
    default:
      return 'json';
  }
}

export function labelOf(schema: JsonSchema, key: PathKey | undefined): string {
  if (schema.title) return schema.title;
  if (typeof key === 'number') return `#${key + 1}`;
  if (!key) return '';
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a new value of this schema starts as: its default, the first choice, an empty list, … */
export function emptyValue(schema: JsonSchema, root: JsonSchema): unknown {
  const s = unwrapNullable(schema, root).schema;
  if (s.default !== undefined) return structuredClone(s.default);
  if (s.enum) return s.enum[0];
  switch (kindOf(s)) {
    case 'checkbox':
      return false;
    case 'number':
      return 0;
    case 'text':
      return '';
    case 'list':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        const prop = s.properties?.[key];
        if (prop) out[key] = emptyValue(prop, root);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A path as validation reports fields: `rows[0].cells[2].operator`. */
export function fieldPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function getIn(value: unknown, path: Path): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathKey, unknown>)[key];
  }
  return v;
}

/**
 * A copy of `value` with `path` set to `next` (copying only the containers on the way); `undefined` removes
 * an object key, so an optional field cleared in the form disappears from the stored settings.
 */
export function setIn(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [key, ...rest] = path as [PathKey, ...PathKey[]];
  if (typeof key === 'number') {
    const list = Array.isArray(value) ? [...value] : [];
    list[key] = setIn(list[key], rest, next);
    return list;
  }
  const obj: Record<string, unknown> = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  const child = setIn(obj[key], rest, next);
  if (child === undefined) delete obj[key];
  else obj[key] = child;
  return obj;
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
