/**
 * @module Supplier agreements, versioned: a change never rewrites the terms in force, it adds the next
 * version with its author and time. The highest version is the one the hub uses; the rest is history.
 */
import { and, desc, eq, max, sql } from 'drizzle-orm';
import { ConflictError, ValidationError } from '@dropline/connectors/sdk';
import { describeIssues, fieldIssues } from '@dropline/connectors/model';
import type { Database, Queryable } from '../db/database.ts';
import { AgreementTermsSchema, DEFAULT_TERMS, type AgreementTerms } from './agreement-terms.ts';

export interface AgreementVersion {
  supplierId: string;
  version: number;
  terms: AgreementTerms;
  author: string;
  note: string | null;
  createdAt: number;
}

export class AgreementRepository {
  constructor(private readonly db: Database) {}

  /** The version in force, or undefined when the supplier has no agreement yet. */
  async current(tx: Queryable, supplierId: string): Promise<AgreementVersion | undefined> {
    const t = this.db.t.supplierAgreements;
    const [row] = await tx.select().from(t).where(eq(t.supplierId, supplierId)).orderBy(desc(t.version)).limit(1);
    return row ? toVersion(row) : undefined;
  }

  /** The terms in force, or the defaults for a supplier without an agreement. */
  async terms(tx: Queryable, supplierId: string): Promise<AgreementTerms> {
    return (await this.current(tx, supplierId))?.terms ?? DEFAULT_TERMS;
  }

  /** Every supplier's version in force. */
  async allCurrent(tx: Queryable = this.db.q): Promise<AgreementVersion[]> {
    const t = this.db.t.supplierAgreements;
    const latest = tx.select({ supplierId: t.supplierId, version: max(t.version).as('latest') }).from(t).groupBy(t.supplierId).as('latest');
    const rows = await tx
      .select({ row: t })
      .from(t)
      .innerJoin(latest, and(eq(latest.supplierId, t.supplierId), eq(latest.version, t.version)))
      .orderBy(t.supplierId);
    return rows.map((r) => toVersion(r.row));
  }

  async versions(supplierId: string): Promise<AgreementVersion[]> {
    const t = this.db.t.supplierAgreements;
    const rows = await this.db.q.select().from(t).where(eq(t.supplierId, supplierId)).orderBy(desc(t.version));
    return rows.map(toVersion);
  }

  /** When the first version was made: a supplier that never sent a feed is stale counting from here. */
  async since(tx: Queryable, supplierId: string): Promise<number | undefined> {
    const t = this.db.t.supplierAgreements;
    const [row] = await tx.select({ at: sql<number>`min(${t.createdAt})` }).from(t).where(eq(t.supplierId, supplierId));
    return row?.at == null ? undefined : Number(row.at);
  }

  /**
   * Validates `input` and stores it as the next version. Two editors saving at once both compute the same
   * next number; the primary key lets one win and the other gets a 409 to reload and retry.
   */
  async put(supplierId: string, input: unknown, author: string, note: string | undefined, now = Date.now()): Promise<AgreementVersion> {
    const parsed = AgreementTermsSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(`agreement terms are invalid: ${describeIssues(parsed.error.issues)}`, fieldIssues(parsed.error.issues));
    }
    const t = this.db.t.supplierAgreements;
    try {
      return await this.db.transaction(async (tx) => {
        const [row] = await tx.select({ version: max(t.version) }).from(t).where(eq(t.supplierId, supplierId));
        const version = (row?.version ?? 0) + 1;
        const stored = { supplierId, version, terms: parsed.data as Record<string, unknown>, author, note: note ?? null, createdAt: now };
        await tx.insert(t).values(stored);
        return toVersion(stored);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`agreement of "${supplierId}" changed meanwhile; reload and save again`, 'agreement_changed');
      throw err;
    }
  }
}

function toVersion(row: typeof import('../db/schema-sqlite.ts').supplierAgreements.$inferSelect): AgreementVersion {
  return {
    supplierId: row.supplierId,
    version: row.version,
    // Parsed again: defaults added to the schema since the version was written apply.
    terms: AgreementTermsSchema.parse(row.terms),
    author: row.author,
    note: row.note,
    createdAt: Number(row.createdAt),
  };
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
