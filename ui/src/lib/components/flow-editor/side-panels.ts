/**
 * @module The side panel's node form and test-run panel, loaded after the canvas. They bring the rules
 * package (the forms check values as they are typed; a pasted test order is parsed) and the connectors'
 * order model, which opening a flow does not need. The editor asks for them as soon as it has opened, so a
 * node picked a moment later finds its form there.
 */
import type NodePanel from './node-panel.svelte';
import type TestRunPanel from './test-run-panel.svelte';

export interface SidePanels {
  NodePanel: typeof NodePanel;
  TestRunPanel: typeof TestRunPanel;
}

let panels: Promise<SidePanels> | undefined;

export function loadSidePanels(): Promise<SidePanels> {
  panels ??= Promise.all([import('./node-panel.svelte'), import('./test-run-panel.svelte')]).then(
    ([node, run]) => ({ NodePanel: node.default, TestRunPanel: run.default }),
    (err: unknown) => {
      // Asked again the next time a panel is shown (after the hub came back, say).
      panels = undefined;
      throw err;
    },
  );
  return panels;
}
