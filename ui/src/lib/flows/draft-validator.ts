/**
 * @module The draft validator (validate-draft.ts), loaded on demand: it brings the rules package (zod, the
 * node types' schemas, the compiler; about 260 kB), which the editor does not need to open a flow (the
 * page's load sends the issues of the draft as opened) but does for the first edit. The editor asks for it
 * once it has opened, so it is usually there by then.
 */
import { onDemand } from '../loading/on-demand.ts';
import type { validateDraft } from './validate-draft.ts';

export type DraftValidator = typeof validateDraft;

const validator = onDemand(() => import('./validate-draft.ts').then((m): DraftValidator => m.validateDraft));

export function loadDraftValidator(): Promise<DraftValidator> {
  return validator.load();
}

/** The validator if it has loaded, to validate an edit at once. */
export function loadedDraftValidator(): DraftValidator | undefined {
  return validator.loaded();
}
