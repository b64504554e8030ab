/**
 * @module The editor's state: the draft (the one source of truth), its undo history, what the canvas draws
 * from it, live validation, autosave, the clipboard, test runs, publishing and version history.
 *
 * Every edit is a pure function of the draft (flow-commands.ts) committed here: recorded for undo, checked,
 * redrawn and scheduled for saving. The canvas only owns what it is in the middle of: a drag (positions are
 * recorded when it ends), the selection, and node sizes.
 */
import type { FlowIssue, FlowTrigger } from '@dropline/rules';
import type { FlowDetail, FlowVersionSummary, ShadowDecision, SimulationResponse, SimulationResult } from './api-types.ts';
import { Autosave, type AutosaveState } from './autosave.ts';
import { CanvasModel, type CanvasEdge, type CanvasNode, type Decorations } from './canvas-model.ts';
import { clipboardForPaste, copyNodes, pasteNodes, PASTE_OFFSET, serializeClipboard, type HeldClipboard } from './clipboard.ts';
import { nodeInfo } from './catalogue.ts';
import { loadDraftValidator, loadedDraftValidator } from './draft-validator.ts';
import {
  addNode,
  connect,
  connectRefusal,
  disconnect,
  moveNodes,
  normalizeDraft,
  openedDraft,
  removeElements,
  renameFlow,
  updateNode,
  type ConnectRefusal,
  type EditorFlow,
  type Position,
} from './flow-commands.ts';
import { diffFlows, edgeKey, type FlowDiff } from './flow-diff.ts';
import type { SupplierOption } from './form-context.ts';
import { FlowsApiError, type FlowsApi, type SimulateRequest } from './flows-api.ts';
import { History } from './history.ts';
import { issuesByNode } from './issues.ts';
import { layoutFlow, type NodeSize } from './layout.ts';
import { runOverlay, type RunOverlay } from './run-overlay.ts';

export type { SupplierOption };

/** How the canvas lets the editor reach the viewport (set by the canvas component once it exists). */
export interface ViewportControls {
  fitView(): void;
  /** The flow position at the middle of what is visible. */
  centre(): Position;
  focusNode(id: string): void;
}

/** What a test run ran on, to run it again (Mod+Enter) after an edit. */
export type RunSource = { kind: 'sample'; id: string; title: string; order: unknown } | { kind: 'order'; orderId: string; title: string } | { kind: 'paste'; order: unknown; title: string };

export interface CompareView {
  title: string;
  diff: FlowDiff;
  /** The flow drawn: the compared version with what it lost from the base merged in. */
  shown: EditorFlow;
}

export const REFUSALS: Record<ConnectRefusal, string> = {
  self: 'A node cannot lead to itself.',
  'into-start': 'Nothing can lead into the start node.',
  'unknown-node': 'That node no longer exists.',
  'unknown-handle': 'That output does not exist.',
  cycle: 'That would make a loop: flows run forward only.',
};

const AUTOSAVE_MS = 800;
const POSITION_SYNC_MS = 300;
const AUTHOR_KEY = 'dropline.flow-editor.author';

export class FlowEditor {
  readonly id: string;
  readonly #api: FlowsApi;
  readonly suppliers: SupplierOption[];
  readonly names: Record<string, string>;
  readonly #knownSuppliers: string[];

  flow = $state.raw<EditorFlow>() as EditorFlow;
  nodes = $state.raw<CanvasNode[]>([]);
  edges = $state.raw<CanvasEdge[]>([]);
  issues = $state.raw<FlowIssue[]>([]);
  /** Issues the hub reported (a refused publish) for the draft as it was then. */
  serverIssues = $state.raw<FlowIssue[]>([]);
  selectedNodeIds = $state.raw<string[]>([]);
  selectedEdgeIds = $state.raw<string[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);
  undoLabel = $state<string | undefined>(undefined);
  redoLabel = $state<string | undefined>(undefined);
  saveState = $state<AutosaveState>({ status: 'saved', at: null });
  publishedVersion = $state<number | null>(null);
  shadowVersion = $state<number | null>(null);
  versions = $state.raw<FlowVersionSummary[]>([]);
  shadowDecisions = $state.raw<ShadowDecision[]>([]);
  run = $state.raw<{ source: RunSource; result: SimulationResult; overlay: RunOverlay; stale: boolean } | undefined>(undefined);
  replay = $state.raw<{ count: number; response: SimulationResponse } | undefined>(undefined);
  compare = $state.raw<CompareView | undefined>(undefined);
  /** A short message for the status line (a refused connection, a paste of nothing, …). */
  notice = $state<string | undefined>(undefined);
  busy = $state<string | undefined>(undefined);
  author = $state('');

  viewport: ViewportControls | undefined;
  readonly #history: History<EditorFlow>;
  readonly #model = new CanvasModel();
  readonly #autosave: Autosave<EditorFlow>;
  #clipboard: HeldClipboard | undefined;
  #positionTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #issuesByNode: Map<string, FlowIssue[]> = new Map();
  /** An edit made before the validator loaded: validated once it has. */
  #unvalidated = false;
  #disposed = false;

  /**
   * `issues`: the draft's validation issues as it opens, when the page's load found them (see
   * draft-validator.ts); otherwise the editor validates it (at once if it can).
   */
  constructor(detail: FlowDetail, suppliers: SupplierOption[], api: FlowsApi, names: Record<string, string> = {}, issues?: FlowIssue[]) {
    this.id = detail.id;
    this.#api = api;
    this.suppliers = suppliers;
    this.names = { ...names, ...Object.fromEntries(suppliers.map((s) => [s.id, s.name])) };
    this.#knownSuppliers = suppliers.map((s) => s.id);
    this.publishedVersion = detail.publishedVersion;
    this.shadowVersion = detail.shadowVersion;
    const flow = openedDraft(detail);
    this.flow = flow;
    this.#history = new History(flow);
    this.#autosave = new Autosave({
      save: (f) => api.saveDraft(this.id, f, this.author || undefined),
      delayMs: AUTOSAVE_MS,
      onChange: (s) => (this.saveState = s),
    });
    if (typeof localStorage !== 'undefined') this.author = localStorage.getItem(AUTHOR_KEY) ?? '';
    if (issues) this.#showIssues(issues);
    else this.#validate();
    this.#render();
  }

  get trigger(): FlowTrigger {
    return this.flow.trigger;
  }

  get readonly(): boolean {
    return this.compare !== undefined;
  }

  /** The one node the side panel edits: the only selected node. */
  get selectedNode() {
    if (this.selectedNodeIds.length !== 1) return undefined;
    return this.flow.nodes.find((n) => n.id === this.selectedNodeIds[0]);
  }

  issuesOf(nodeId: string): FlowIssue[] {
    return this.#issuesByNode.get(nodeId) ?? [];
  }

  /** Every problem to show: the live ones, and what the hub said if it found more. */
  get problems(): FlowIssue[] {
    return this.serverIssues.length ? [...this.issues, ...this.serverIssues.filter((s) => !this.issues.some((i) => i.message === s.message && i.nodeId === s.nodeId))] : this.issues;
  }

  get canPublish(): boolean {
    return this.problems.length === 0 && this.flow.nodes.length > 0 && this.saveState.status !== 'error' && !this.readonly;
  }

  nodeTitle(id: string): string | undefined {
    const n = this.flow.nodes.find((x) => x.id === id);
    return n ? (n.label ?? nodeInfo(n.type)?.title ?? n.type) : undefined;
  }

  dispose(): void {
    this.#disposed = true;
    this.#autosave.dispose();
    clearTimeout(this.#positionTimer);
    clearTimeout(this.#noticeTimer);
  }

  // ---- Drawing ----

  #decorations(select?: ReadonlySet<string>): Decorations {
    return {
      issues: this.#issuesByNode,
      run: this.run && !this.compare ? this.run.overlay : undefined,
      names: this.names,
      select,
    };
  }

  #render(select?: ReadonlySet<string>): void {
    if (this.compare) {
      const { diff, shown } = this.compare;
      const deco: Decorations = {
        issues: new Map(),
        names: this.names,
        readonly: true,
        diff: { nodes: new Map([...diff.nodes].map(([id, c]) => [id, c.kind])), edges: diff.edges },
        select,
      };
      this.nodes = this.#model.nodes(shown, deco, this.nodes);
      this.edges = this.#model.edges(shown, deco, this.edges, edgeKey);
      return;
    }
    const deco = this.#decorations(select);
    this.nodes = this.#model.nodes(this.flow, deco, this.nodes);
    this.edges = this.#model.edges(this.flow, deco, this.edges);
    if (select) this.selectedNodeIds = [...select];
  }

  #validate(): void {
    const validate = loadedDraftValidator();
    if (validate) {
      this.#unvalidated = false;
      this.#showIssues(validate(this.flow, this.#knownSuppliers));
      return;
    }
    if (this.#unvalidated) return;
    this.#unvalidated = true;
    loadDraftValidator().then(
      () => {
        if (this.#disposed || !this.#unvalidated) return;
        this.#validate();
        this.#render();
      },
      () => {
        // Not loaded (the hub unreachable): the next edit tries again.
        this.#unvalidated = false;
      },
    );
  }

  #showIssues(issues: FlowIssue[]): void {
    this.issues = issues;
    this.#issuesByNode = issuesByNode(issues, this.flow);
  }

  /** Loads the validator ahead of the first edit (the editor calls this once it has opened). */
  prepareValidation(): void {
    void loadDraftValidator().catch(() => undefined);
  }

  #syncHistoryFlags(): void {
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
    this.undoLabel = this.#history.undoLabel;
    this.redoLabel = this.#history.redoLabel;
  }

  /** Records an edit: undo step, validation, redraw, autosave. */
  #commit(next: EditorFlow, label: string, options: { coalesce?: string; select?: ReadonlySet<string> } = {}): void {
    if (next === this.flow) {
      if (options.select) this.#render(options.select);
      return;
    }
    this.#history.push(next, label, options.coalesce);
    this.#apply(next, options.select);
  }

  #apply(next: EditorFlow, select?: ReadonlySet<string>): void {
    this.flow = next;
    this.serverIssues = [];
    if (this.run) this.run = { ...this.run, stale: true };
    this.#validate();
    this.#render(select);
    this.#syncHistoryFlags();
    this.#autosave.schedule(next);
  }

  // ---- From the canvas ----

  /** Svelte Flow replaced its nodes (drag, keyboard move, measuring): record positions once it settles. */
  canvasNodesChanged(): void {
    clearTimeout(this.#positionTimer);
    this.#positionTimer = setTimeout(() => this.syncPositions(), POSITION_SYNC_MS);
  }

  /** Takes node positions from the canvas into the draft (one undo step: "Move"). */
  syncPositions(): void {
    clearTimeout(this.#positionTimer);
    if (this.compare) return;
    const positions = new Map(this.nodes.map((n) => [n.id, n.position]));
    const next = moveNodes(this.flow, positions);
    if (next !== this.flow) {
      this.#history.push(next, 'Move');
      this.flow = next;
      this.#syncHistoryFlags();
      this.#autosave.schedule(next);
    }
  }

  selectionChanged(nodeIds: string[], edgeIds: string[]): void {
    if (!sameList(nodeIds, this.selectedNodeIds)) this.selectedNodeIds = nodeIds;
    if (!sameList(edgeIds, this.selectedEdgeIds)) this.selectedEdgeIds = edgeIds;
    this.#history.seal();
  }

  nodeSizes(): Map<string, NodeSize> {
    return new Map(this.nodes.filter((n) => n.measured?.width && n.measured?.height).map((n) => [n.id, { width: n.measured!.width!, height: n.measured!.height! }]));
  }

  // ---- Edits ----

  /** Adds a node at `position` (default: the middle of the view), selected; returns its id. */
  addNode(type: string, position?: Position): string | undefined {
    if (this.readonly) return undefined;
    if (type === 'trigger' && this.flow.nodes.some((n) => n.type === 'trigger')) {
      this.say('A flow has one start node.');
      return undefined;
    }
    this.syncPositions();
    const at = position ?? this.#freeSpot();
    const { flow, id } = addNode(this.flow, type, at);
    this.#commit(flow, `Add ${nodeInfo(type)?.title ?? type}`, { select: new Set([id]) });
    return id;
  }

  /** Somewhere visible that no node covers, near the middle of the view. */
  #freeSpot(): Position {
    const c = this.viewport?.centre() ?? { x: 0, y: 0 };
    const sizes = this.nodeSizes();
    const taken = (p: Position) =>
      this.flow.nodes.some((n) => {
        const s = sizes.get(n.id) ?? { width: 220, height: 80 };
        return p.x < n.position.x + s.width && p.x + 220 > n.position.x && p.y < n.position.y + s.height && p.y + 80 > n.position.y;
      });
    let p = { x: c.x - 110, y: c.y - 40 };
    for (let i = 0; i < 20 && taken(p); i++) p = { x: p.x + 30, y: p.y + 100 };
    return p;
  }

  connect(source: string, handle: string, target: string): boolean {
    if (this.readonly) return false;
    const refusal = connectRefusal(this.flow, source, handle, target);
    if (refusal) {
      this.say(REFUSALS[refusal]);
      return false;
    }
    this.syncPositions();
    this.#commit(connect(this.flow, source, handle, target), 'Connect');
    return true;
  }

  disconnect(source: string, handle: string): void {
    if (this.readonly) return;
    this.#commit(disconnect(this.flow, source, handle), 'Disconnect');
  }

  deleteSelection(): void {
    if (this.readonly) return;
    this.syncPositions();
    const nodes = new Set(this.selectedNodeIds);
    const edges = new Set(this.selectedEdgeIds);
    if (nodes.size === 0 && edges.size === 0) return;
    this.#commit(removeElements(this.flow, nodes, edges), nodes.size ? `Delete ${nodes.size === 1 ? 'node' : `${nodes.size} nodes`}` : 'Delete edge', { select: new Set() });
    this.selectedEdgeIds = [];
  }

  deleteNode(id: string): void {
    if (this.readonly) return;
    this.syncPositions();
    this.#commit(removeElements(this.flow, [id]), 'Delete node', { select: new Set() });
  }

  /** A settings edit; typing into one field (same `field`) is one undo step. */
  updateSettings(id: string, settings: Record<string, unknown>, field?: string): void {
    if (this.readonly) return;
    const title = this.nodeTitle(id) ?? id;
    this.#commit(updateNode(this.flow, id, { settings }), `Edit ${title}`, field ? { coalesce: `${id}:${field}` } : {});
  }

  updateLabel(id: string, label: string): void {
    if (this.readonly) return;
    this.#commit(updateNode(this.flow, id, { label }), 'Rename node', { coalesce: `${id}:label` });
  }

  rename(name: string): void {
    if (this.readonly) return;
    this.#commit(renameFlow(this.flow, name), 'Rename flow', { coalesce: 'flow:name' });
  }

  undo(): void {
    if (this.readonly) return;
    this.syncPositions();
    const prev = this.#history.undo();
    if (prev) this.#apply(prev);
  }

  redo(): void {
    if (this.readonly) return;
    const next = this.#history.redo();
    if (next) this.#apply(next);
  }

  selectAll(): void {
    this.#render(new Set(this.flow.nodes.map((n) => n.id)));
  }

  /** Selects one node and brings it into view (from the problems list, or a run result). */
  selectNode(id: string): void {
    if (!this.nodes.some((n) => n.id === id)) return;
    this.#render(new Set([id]));
    this.selectedEdgeIds = [];
    this.viewport?.focusNode(id);
  }

  // ---- Clipboard ----

  /** Whether this editor holds nodes to paste (copied or pasted here) when the system clipboard has none. */
  get hasClipboard(): boolean {
    return this.#clipboard !== undefined;
  }

  /** Copies the selected nodes; returns the text put on the system clipboard too. */
  copy(): string | undefined {
    this.syncPositions();
    const payload = copyNodes(this.flow, this.selectedNodeIds);
    if (!payload) {
      this.say('Select nodes to copy.');
      return undefined;
    }
    const text = serializeClipboard(payload);
    this.#clipboard = { text, payload };
    this.say(`Copied ${payload.nodes.length === 1 ? '1 node' : `${payload.nodes.length} nodes`}.`);
    return text;
  }

  cut(): string | undefined {
    const text = this.copy();
    if (text) this.deleteSelection();
    return text;
  }

  /**
   * Pastes the nodes in the system clipboard's `text` when they were copied since this editor last copied
   * or pasted (in another tab, say), else what this editor holds (see clipboardForPaste).
   */
  paste(text?: string): void {
    if (this.readonly) return;
    const held = clipboardForPaste(text, this.#clipboard);
    if (!held) {
      this.say('Nothing to paste.');
      return;
    }
    this.syncPositions();
    const { payload } = held;
    const { flow, ids } = pasteNodes(this.flow, payload);
    if (ids.length === 0) {
      this.say('Nothing to paste (a flow has one start node).');
      return;
    }
    // The next paste of the same lands a step further on, not on top of this one.
    const moved = payload.nodes.map((n) => ({ ...n, position: { x: n.position.x + PASTE_OFFSET, y: n.position.y + PASTE_OFFSET } }));
    this.#clipboard = { text: held.text, payload: { ...payload, nodes: moved } };
    this.#commit(flow, `Paste ${ids.length === 1 ? 'node' : `${ids.length} nodes`}`, { select: new Set(ids) });
  }

  duplicate(): void {
    this.syncPositions();
    const payload = copyNodes(this.flow, this.selectedNodeIds);
    if (!payload) return;
    const { flow, ids } = pasteNodes(this.flow, payload);
    if (ids.length) this.#commit(flow, 'Duplicate', { select: new Set(ids) });
  }

  // ---- Layout ----

  async autoLayout(): Promise<void> {
    if (this.readonly || this.flow.nodes.length === 0) return;
    this.syncPositions();
    const positions = await layoutFlow(this.flow, this.nodeSizes());
    this.#commit(moveNodes(this.flow, positions), 'Arrange');
    // Let Svelte Flow take the new positions before fitting them into view.
    requestAnimationFrame(() => this.viewport?.fitView());
  }

  // ---- Saving ----

  async saveNow(): Promise<void> {
    this.syncPositions();
    this.#autosave.schedule(this.flow);
    await this.#autosave.flush().catch(() => undefined);
  }

  get unsaved(): boolean {
    return this.#autosave.dirty;
  }

  setAuthor(name: string): void {
    this.author = name.trim();
    if (typeof localStorage !== 'undefined') localStorage.setItem(AUTHOR_KEY, this.author);
  }

  // ---- Test runs ----

  async runTest(source: RunSource): Promise<void> {
    this.syncPositions();
    const request: SimulateRequest =
      source.kind === 'order' ? { flow: this.flow, orderId: source.orderId } : { flow: this.flow, order: source.order };
    await this.#busy('Running the test order', async () => {
      const response = await this.#api.simulate(this.id, request);
      const result = response.results[0];
      if (!result) throw new Error('the hub returned no result');
      this.run = { source, result, overlay: runOverlay(this.flow, result), stale: false };
      this.#render();
    });
  }

  /** Shows one result of a replay as the current run. */
  showResult(result: SimulationResult): void {
    this.run = {
      source: result.orderId ? { kind: 'order', orderId: result.orderId, title: `Order ${result.orderNumber}` } : { kind: 'paste', order: undefined, title: `Order ${result.orderNumber}` },
      result,
      overlay: runOverlay(this.flow, result),
      stale: false,
    };
    this.#render();
  }

  async rerun(): Promise<void> {
    if (this.run && (this.run.source.kind !== 'paste' || this.run.source.order !== undefined)) await this.runTest(this.run.source);
  }

  clearRun(): void {
    this.run = undefined;
    this.#render();
  }

  async replayLast(count: number): Promise<void> {
    this.syncPositions();
    await this.#busy(`Replaying the last ${count} orders`, async () => {
      const response = await this.#api.simulate(this.id, { flow: this.flow, replay: count });
      this.replay = { count, response };
    });
  }

  // ---- Publishing and history ----

  /** Saves the draft, then publishes it; issues the hub finds are shown like live ones. */
  async publish(message: string): Promise<number | undefined> {
    this.syncPositions();
    return this.#busy('Publishing', async () => {
      this.#autosave.schedule(this.flow);
      await this.#autosave.flush();
      try {
        const { version } = await this.#api.publish(this.id, message, this.author || undefined);
        this.publishedVersion = version;
        this.serverIssues = [];
        await this.loadVersions();
        this.say(`Published version ${version}.`);
        return version;
      } catch (err) {
        if (err instanceof FlowsApiError && err.issues.length) {
          this.serverIssues = err.issues;
          this.#issuesByNode = issuesByNode(this.problems, this.flow);
          this.#render();
          throw new Error('The hub found problems in the flow: see Problems.');
        }
        throw err;
      }
    });
  }

  async loadVersions(): Promise<void> {
    this.versions = await this.#api.versions(this.id);
  }

  async loadShadowDecisions(): Promise<void> {
    this.shadowDecisions = await this.#api.shadowDecisions(this.id, 20);
  }

  /** Draws `version` against the published version (or the draft against it, for `'draft'`). */
  async compareWith(version: number | 'draft'): Promise<void> {
    this.syncPositions();
    await this.#busy('Loading versions', async () => {
      const published = this.publishedVersion;
      const base = published !== null ? normalizeDraft((await this.#api.version(this.id, published)).flow) : { ...this.flow, nodes: [], edges: [] };
      const other = version === 'draft' ? this.flow : normalizeDraft((await this.#api.version(this.id, version)).flow);
      const diff = diffFlows(base, other);
      const baseName = published !== null ? `published version ${published}` : 'nothing published';
      this.compare = {
        title: `${version === 'draft' ? 'Draft' : `Version ${version}`} compared with ${baseName}`,
        diff,
        shown: { ...other, nodes: diff.merged.nodes, edges: diff.merged.edges },
      };
      this.#render(new Set());
      requestAnimationFrame(() => this.viewport?.fitView());
    });
  }

  exitCompare(): void {
    this.compare = undefined;
    this.#render(new Set());
  }

  /** Publishes `version`'s graph again as a new version. */
  async rollback(version: number): Promise<number | undefined> {
    return this.#busy(`Rolling back to version ${version}`, async () => {
      const res = await this.#api.rollback(this.id, version, this.author || undefined);
      this.publishedVersion = res.version;
      await this.loadVersions();
      this.say(`Version ${version} is live again as version ${res.version}.`);
      return res.version;
    });
  }

  async setShadow(version: number | null): Promise<void> {
    await this.#busy(version === null ? 'Stopping shadow mode' : `Shadowing version ${version}`, async () => {
      await this.#api.setShadow(this.id, version);
      this.shadowVersion = version;
    });
  }

  // ---- Messages ----

  say(message: string): void {
    this.notice = message;
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this.notice = undefined), 4000);
  }

  error = $state<string | undefined>(undefined);

  async #busy<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    this.busy = what;
    this.error = undefined;
    try {
      return await work();
    } catch (err) {
      this.error = (err as Error).message;
      return undefined;
    } finally {
      this.busy = undefined;
    }
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
