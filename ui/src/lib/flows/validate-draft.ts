/**
 * @module Validation of a draft in the editor: the rules package's `validateFlow` (the same checks the hub
 * runs before publishing), with the hub's configured suppliers. The page's load runs it on the draft the
 * editor opens; the browser loads it (with the rules package) through draft-validator.ts.
 */
import { validateFlow, type FlowIssue } from '@dropline/rules';
import type { EditorFlow } from './flow-commands.ts';

export function validateDraft(flow: EditorFlow, knownSuppliers: readonly string[] | undefined): FlowIssue[] {
  return validateFlow(flow, knownSuppliers ? { knownSuppliers } : {}).issues;
}
