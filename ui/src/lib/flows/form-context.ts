/**
 * @module What a node's property form needs besides the node: the flow's trigger (which facts exist), the
 * configured suppliers (supplier pickers), the customer message templates, and a unique prefix for ids so
 * labels stay tied to their inputs when the same field appears twice.
 */
import type { FlowTrigger } from '@dropline/rules';

export interface SupplierOption {
  id: string;
  name: string;
}

export interface MessageTemplateOption {
  id: string;
  title: string;
  description: string;
}

export interface FormContext {
  trigger: FlowTrigger;
  suppliers: readonly SupplierOption[];
  messageTemplates: readonly MessageTemplateOption[];
  /** Supplier and connector names by id. */
  names: Readonly<Record<string, string>>;
}

/** An id attribute from parts (a node id and a settings path), safe for `for=` and `aria-controls`. */
export function domId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^\w-]+/g, '_')).join('--');
}
