/** @module The shape of a starter template: a ready flow for the suppliers the user picks. */
import type { Flow, FlowTrigger } from '../model/flow.ts';

export interface FlowTemplate<Options = Record<never, never>> {
  id: string;
  title: string;
  description: string;
  trigger: FlowTrigger;
  /** What the supplier ids passed to `build` stand for, in order; more may follow (appended to chains). */
  supplierSlots: { title: string; description?: string }[];
  /** A valid flow for these suppliers. Throws when fewer ids than slots are given. */
  build(supplierIds: readonly string[], options?: Partial<Options> & { id?: string; name?: string }): Flow;
}

export function requireSuppliers(template: { id: string; supplierSlots: unknown[] }, ids: readonly string[]): void {
  if (ids.length < template.supplierSlots.length) {
    throw new Error(`template ${template.id} needs ${template.supplierSlots.length} supplier(s), got ${ids.length}`);
  }
  if (new Set(ids).size !== ids.length) throw new Error(`template ${template.id}: a supplier is given twice`);
}
