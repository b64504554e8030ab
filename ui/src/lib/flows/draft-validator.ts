/**
 * @module The draft validator (validate-draft.ts), loaded on demand: it brings the rules package (zod, the
 * node types' schemas, the compiler; about 260 kB), which the editor does not need to open a flow (the
 * page's load sends the issues of the draft as opened) but does for the first edit. The editor asks for it
 * once it has opened, so it is usually there by then.
 */
import type { validateDraft } from './validate-draft.ts';

export type DraftValidator = typeof validateDraft;

let validator: DraftValidator | undefined;
let loading: Promise<DraftValidator> | undefined;

export function loadDraftValidator(): Promise<DraftValidator> {
  loading ??= import('./validate-draft.ts').then(
    (m) => (validator = m.validateDraft),
    (err: unknown) => {
      // A failed fetch (the hub restarting, say) is tried again on the next edit.
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/** The validator if it has loaded, to validate an edit at once. */
export function loadedDraftValidator(): DraftValidator | undefined {
  return validator;
}
