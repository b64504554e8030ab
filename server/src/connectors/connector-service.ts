/**
 * @module Connector instances: admins add them by config; the hub resolves them by id.
 *
 * Config is validated by the connector type's schema; secrets are validated too, then sealed with the
 * secret box and never returned (the API says only which secret names are set).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type AnyConnector,
  type ConnectorKind,
  type ConnectorRegistry,
} from '@dropline/connectors/sdk';
import { fieldIssues, describeIssues } from '@dropline/connectors/model';
import type { Database } from '../db/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

export const CONNECTOR_ID = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected 1–63 lower-case letters, digits, "-" or "_", starting with a letter or digit');

export interface ConnectorView {
  id: string;
  type: string;
  kind: ConnectorKind;
  name: string;
  config: Record<string, unknown>;
  enabled: boolean;
  /** Names of the secrets that are set; their values are write-only. */
  secretsSet: string[];
  createdAt: string;
  updatedAt: string;
}

/** A connector ready to use: its definition with parsed config and decrypted secrets. */
export interface ResolvedConnector {
  id: string;
  name: string;
  def: AnyConnector;
  kind: ConnectorKind;
  config: any;
  secrets: any;
  enabled: boolean;
}

export interface CreateConnectorInput {
  id: string;
  type: string;
  name?: string;
  config: unknown;
  secrets?: Record<string, unknown>;
  enabled?: boolean;
}

export interface UpdateConnectorInput {
  name?: string;
  config?: unknown;
  /** Merged into the stored secrets: keys given replace, keys set to null are removed. */
  secrets?: Record<string, unknown>;
  enabled?: boolean;
}

type Row = typeof import('../db/schema-sqlite.ts').connectors.$inferSelect;

export class ConnectorService {
  readonly #cache = new Map<string, { at: number; value: ResolvedConnector }>();
  readonly #kinds = new Map<ConnectorKind, { at: number; value: Promise<ResolvedConnector[]> }>();

  constructor(
    private readonly db: Database,
    private readonly registry: ConnectorRegistry,
    private readonly box: SecretBox,
    /** Several hub processes may share one database: a cached connector is re-read after this long. */
    private readonly cacheTtlMs = 5_000,
  ) {}

  async create(input: CreateConnectorInput): Promise<ConnectorView> {
    const id = parseField(CONNECTOR_ID, input.id, 'id');
    const def = this.registry.has(input.type) ? this.registry.get(input.type) : undefined;
    if (!def) {
      throw new ValidationError(`unknown connector type "${input.type}"`, [
        { field: 'type', message: `expected one of: ${this.registry.list().map((d) => d.type).join(', ')}` },
      ]);
    }
    const config = parseField(def.config, input.config ?? {}, 'config');
    const secrets = parseField(def.secrets, input.secrets ?? {}, 'secrets');
    const now = Date.now();
    const row: Row = {
      id,
      type: def.type,
      kind: def.kind,
      name: input.name?.trim() || def.title,
      config: config as Record<string, unknown>,
      secretsEnc: this.#seal(id, secrets as Record<string, unknown>),
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    };
    const inserted = await this.db.transaction((tx) =>
      tx.insert(this.db.t.connectors).values(row).onConflictDoNothing().returning({ id: this.db.t.connectors.id }),
    );
    if (inserted.length === 0) throw new ConflictError(`a connector with id "${id}" exists`, 'connector_exists');
    this.#forget(id);
    return this.#view(row);
  }

  async update(id: string, patch: UpdateConnectorInput): Promise<ConnectorView> {
    const row = await this.#row(id);
    const def = this.registry.get(row.type);
    const config = patch.config === undefined ? row.config : parseField(def.config, patch.config, 'config');
    let secretsEnc = row.secretsEnc;
    if (patch.secrets !== undefined) {
      const merged: Record<string, unknown> = { ...this.#open(row) };
      for (const [k, v] of Object.entries(patch.secrets)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      secretsEnc = this.#seal(id, parseField(def.secrets, merged, 'secrets') as Record<string, unknown>);
    }
    const next: Row = {
      ...row,
      name: patch.name?.trim() || row.name,
      config: config as Record<string, unknown>,
      secretsEnc,
      enabled: patch.enabled ?? row.enabled,
      updatedAt: Date.now(),
    };
    await this.db.transaction((tx) => tx.update(this.db.t.connectors).set(next).where(eq(this.db.t.connectors.id, id)));
    this.#forget(id);
    return this.#view(next);
  }

  async delete(id: string): Promise<void> {
    const rows = await this.db.transaction((tx) =>
      tx.delete(this.db.t.connectors).where(eq(this.db.t.connectors.id, id)).returning({ id: this.db.t.connectors.id }),
    );
    this.#forget(id);
    if (rows.length === 0) throw notFound(id);
  }

  async get(id: string): Promise<ConnectorView> {
    return this.#view(await this.#row(id));
  }

  async list(filter: { kind?: ConnectorKind } = {}): Promise<ConnectorView[]> {
    const t = this.db.t.connectors;
    const rows = await this.db.q
      .select()
      .from(t)
      .where(filter.kind ? eq(t.kind, filter.kind) : undefined)
      .orderBy(t.createdAt, t.id);
    return rows.map((r) => this.#view(r));
  }

  /** The connector with decrypted secrets, from a short-lived cache (webhooks hit this on every request). */
  async resolve(id: string): Promise<ResolvedConnector> {
    const hit = this.#cache.get(id);
    if (hit && Date.now() - hit.at < this.cacheTtlMs) return hit.value;
    const row = await this.#row(id);
    const def = this.registry.get(row.type);
    const value: ResolvedConnector = {
      id: row.id,
      name: row.name,
      def,
      kind: def.kind,
      // Parse again: defaults added to a schema since the row was written apply.
      config: def.config.parse(row.config),
      secrets: def.secrets.parse(this.#open(row)),
      enabled: row.enabled,
    };
    this.#cache.set(id, { at: Date.now(), value });
    return value;
  }

  /** Enabled connectors of a kind, resolved (for routing over suppliers, say); cached like `resolve`. */
  async resolveKind(kind: ConnectorKind): Promise<ResolvedConnector[]> {
    const hit = this.#kinds.get(kind);
    if (hit && Date.now() - hit.at < this.cacheTtlMs) return hit.value;
    const value = this.list({ kind }).then((views) => Promise.all(views.filter((v) => v.enabled).map((v) => this.resolve(v.id))));
    this.#kinds.set(kind, { at: Date.now(), value });
    value.catch(() => this.#kinds.delete(kind));
    return value;
  }

  #forget(id: string) {
    this.#cache.delete(id);
    this.#kinds.clear();
  }

  async #row(id: string): Promise<Row> {
    const [row] = await this.db.q.select().from(this.db.t.connectors).where(eq(this.db.t.connectors.id, id));
    if (!row) throw notFound(id);
    return row;
  }

  #seal(id: string, secrets: Record<string, unknown>): string | null {
    return Object.keys(secrets).length === 0 ? null : this.box.seal(JSON.stringify(secrets), `connector:${id}`);
  }

  #open(row: Row): Record<string, unknown> {
    return row.secretsEnc ? (JSON.parse(this.box.open(row.secretsEnc, `connector:${row.id}`)) as Record<string, unknown>) : {};
  }

  #view(row: Row): ConnectorView {
    return {
      id: row.id,
      type: row.type,
      kind: row.kind as ConnectorKind,
      name: row.name,
      config: row.config,
      enabled: row.enabled,
      secretsSet: Object.keys(this.#open(row)).sort(),
      createdAt: new Date(row.createdAt).toISOString(),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  }
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`no connector "${id}"`, 'connector_not_found');
}

/** Parses with `schema`, reporting bad fields as `prefix.field`. */
function parseField<S extends z.ZodType>(schema: S, data: unknown, prefix: string): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issues = fieldIssues(r.error.issues).map((i) => ({ ...i, field: i.field === '(root)' ? prefix : `${prefix}.${i.field}` }));
  throw new ValidationError(`${prefix} is invalid: ${describeIssues(r.error.issues)}`, issues);
}
