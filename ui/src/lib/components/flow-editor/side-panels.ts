/**
 * @module The side panel's node form and test-run panel, loaded after the canvas. They bring the rules
 * package (the forms check values as they are typed; a pasted test order is parsed) and the connectors'
 * order model, which opening a flow does not need. The editor asks for them as soon as it has opened, so a
 * node picked a moment later finds its form there.
 */
import { onDemand } from '$lib/loading/on-demand.ts';
import type NodePanel from './node-panel.svelte';
import type TestRunPanel from './test-run-panel.svelte';

export interface SidePanels {
  NodePanel: typeof NodePanel;
  TestRunPanel: typeof TestRunPanel;
}

const panels = onDemand(() =>
  Promise.all([import('./node-panel.svelte'), import('./test-run-panel.svelte')]).then(([node, run]): SidePanels => ({ NodePanel: node.default, TestRunPanel: run.default })),
);

export function loadSidePanels(): Promise<SidePanels> {
  return panels.load();
}
