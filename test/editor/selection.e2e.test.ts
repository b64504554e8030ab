/**
 * @module Working on several nodes at once and finding one's way round the canvas, in a real browser
 * against the hub: a selection made with Ctrl+click and with a Shift-drawn box is marked on every node,
 * moves as one when dragged, is deleted in one step that one undo brings back; a copied selection pastes
 * with new ids, its settings and its inner edge, selected, in the same flow and in another flow open in a
 * second tab (through the system clipboard); the minimap draws every node and moves the view when clicked
 * or dragged; zoom to fit brings a flow panned out of sight back into view. A screenshot of a
 * multi-selection lands in test-artifacts/editor/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasNode, edge, editorReady, screenshot, selectedNodeIds, settled, startEditorWorld, viewportTransform, type EditorWorld } from './editor-browser.ts';

let world: EditorWorld;

beforeAll(async () => {
  world = await startEditorWorld();
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

interface DraftNode {
  id: string;
  type: string;
  position: { x: number; y: number };
  settings: Record<string, unknown>;
}
interface DraftEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

const CHAIN = ['supplier-us-east', 'supplier-eu-west'];
const REASON = 'No supplier in the chain can take it';

/** A flow on the hub: start → failover chain → (none) → hold, in a row left to right. */
async function failoverFlow(name: string): Promise<string> {
  const { hub } = world;
  const { body: created } = await hub.api('POST', '/api/flows', { name });
  const start = (created.draft.nodes as DraftNode[]).find((n) => n.type === 'trigger')!;
  const flow = {
    ...created.draft,
    nodes: [
      { ...start, position: { x: 0, y: 0 } },
      { id: 'route-failover-1', type: 'route-failover', position: { x: 320, y: 0 }, settings: { suppliers: CHAIN, stock: 'require' } },
      { id: 'hold-1', type: 'hold', position: { x: 640, y: 0 }, settings: { reason: REASON } },
    ],
    edges: [
      { id: 'e-start-out', source: start.id, sourceHandle: 'out', target: 'route-failover-1' },
      { id: 'e-route-failover-1-none', source: 'route-failover-1', sourceHandle: 'none', target: 'hold-1' },
    ],
  };
  const saved = await hub.api('PUT', `/api/flows/${created.id}/draft`, { flow });
  expect(saved.status).toBeLessThan(300);
  return created.id as string;
}

async function draft(flowId: string): Promise<{ nodes: DraftNode[]; edges: DraftEdge[] }> {
  return (await world.hub.api('GET', `/api/flows/${flowId}`)).body.draft;
}

async function openFlow(page: Page, flowId: string): Promise<void> {
  await page.goto(`${world.hub.url}/flows/${flowId}`);
  await editorReady(page);
}

async function box(page: Page, id: string) {
  const b = await canvasNode(page, id).boundingBox();
  if (!b) throw new Error(`node ${id} is not on screen`);
  return b;
}

async function canvasRect(page: Page) {
  return (await page.getByRole('region', { name: 'Flow canvas' }).boundingBox())!;
}

describe('selections, the minimap and zoom to fit in the flow editor', () => {
  it('selects several nodes, drags them as one, deletes them in one undoable step', { timeout: 120_000 }, async () => {
    const flowId = await failoverFlow('Multi-select');
    const page = await world.open();
    await openFlow(page, flowId);

    // Ctrl+click adds to the selection (Svelte Flow's multi-selection key here: Ctrl, or ⌘ on a Mac).
    await canvasNode(page, 'route-failover-1').click();
    await canvasNode(page, 'hold-1').click({ modifiers: ['Control'] });
    await expect.poll(() => selectedNodeIds(page)).toEqual(['hold-1', 'route-failover-1']);
    // A plain click on the pane clears it.
    const canvas = await canvasRect(page);
    await page.mouse.click(canvas.x + 40, canvas.y + canvas.height - 200);
    await expect.poll(() => selectedNodeIds(page)).toEqual([]);

    // A box drawn with Shift held selects what it touches, and only that.
    const start = await box(page, 'start');
    const failover = await box(page, 'route-failover-1');
    const hold = await box(page, 'hold-1');
    const from = { x: (start.x + start.width + failover.x) / 2, y: failover.y - 30 };
    const to = { x: hold.x + hold.width + 30, y: hold.y + hold.height + 30 };
    await page.keyboard.down('Shift');
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 10 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => selectedNodeIds(page)).toEqual(['hold-1', 'route-failover-1']);
    // The editor knows it too (it is what Delete and Copy act on), and says so.
    await expect.poll(() => page.locator('.status-line').innerText()).toContain('2 nodes selected');
    await screenshot(page, 'multi-selection');

    // Dragging one selected node moves all of them by the same offset; the start node stays put. Svelte
    // Flow starts a drag on the first move past its threshold and moves the nodes from there on: a short
    // first move, then the rest once both nodes are being dragged, which is what they should follow.
    const before = { start: await box(page, 'start'), failover: await box(page, 'route-failover-1'), hold: await box(page, 'hold-1') };
    const grab = { x: before.hold.x + before.hold.width / 2, y: before.hold.y + 12 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x - 5, grab.y + 5);
    await page.mouse.move(grab.x - 6, grab.y + 6);
    await expect.poll(() => page.locator('.svelte-flow__node.dragging').count()).toBe(2);
    // Down and to the left: well inside the canvas, away from the edges where Svelte Flow pans the view.
    const dragged = { start: await box(page, 'hold-1'), by: { x: -120, y: 240 } };
    await page.mouse.move(grab.x - 6 + dragged.by.x, grab.y + 6 + dragged.by.y, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.svelte-flow__node.dragging').count()).toBe(0);
    const after = { failover: await box(page, 'route-failover-1'), hold: await box(page, 'hold-1') };
    const offset = (a: { x: number; y: number }, b: { x: number; y: number }) => [a.x - b.x, a.y - b.y].map(Math.round);
    expect(offset(after.failover, before.failover)).toEqual(offset(after.hold, before.hold));
    const followed = offset(after.hold, dragged.start);
    expect(Math.abs(followed[0]! - dragged.by.x)).toBeLessThanOrEqual(2);
    expect(Math.abs(followed[1]! - dragged.by.y)).toBeLessThanOrEqual(2);
    expect(await box(page, 'start')).toEqual(before.start);
    expect(await selectedNodeIds(page)).toEqual(['hold-1', 'route-failover-1']);
    // The draft on the hub has both nodes moved by the same distance.
    await expect
      .poll(async () => {
        const nodes = (await draft(flowId)).nodes;
        const at = (id: string) => nodes.find((n) => n.id === id)!.position;
        return [at('route-failover-1').x - 320, at('route-failover-1').y, at('hold-1').x - 640, at('hold-1').y].map(Math.round);
      }, { timeout: 10_000 })
      .toSatisfy((d: number[]) => d[0]! < 0 && d[1]! > 0 && d[0] === d[2] && d[1] === d[3]);

    // Delete removes both nodes and every edge touching them, as one undo step.
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.flow-node').count()).toBe(1);
    expect(await edge(page, 'e-start-out').count()).toBe(0);
    expect(await edge(page, 'e-route-failover-1-none').count()).toBe(0);
    const undo = page.getByRole('button', { name: /^Undo/ });
    expect(await undo.getAttribute('aria-label')).toBe('Undo Delete 2 nodes');

    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.flow-node').count()).toBe(3);
    await edge(page, 'e-start-out').waitFor({ state: 'attached' });
    await edge(page, 'e-route-failover-1-none').waitFor({ state: 'attached' });
    // One step back is the move, not half of the delete.
    expect(await undo.getAttribute('aria-label')).toBe('Undo Move');

    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.flow-node').count()).toBe(1);
    expect(await edge(page, 'e-route-failover-1-none').count()).toBe(0);
    await expect.poll(async () => (await draft(flowId)).nodes.length, { timeout: 10_000 }).toBe(1);
    expect(world.pageErrors).toEqual([]);
  });

  it('copies a selection with its edge and pastes it in the same flow and in another tab', { timeout: 120_000 }, async () => {
    const flowA = await failoverFlow('Copy from here');
    const { body: created } = await world.hub.api('POST', '/api/flows', { name: 'Paste here' });
    const flowB = created.id as string;
    const page = await world.open({ permissions: ['clipboard-read', 'clipboard-write'] });
    await openFlow(page, flowA);

    await canvasNode(page, 'route-failover-1').click();
    await canvasNode(page, 'hold-1').click({ modifiers: ['Control'] });
    await expect.poll(() => selectedNodeIds(page)).toEqual(['hold-1', 'route-failover-1']);
    await page.keyboard.press('Control+c');
    // The copy is on the system clipboard, where another tab can read it.
    await expect.poll(async () => JSON.parse(String(await page.evaluate('navigator.clipboard.readText()'))).nodes.length).toBe(2);

    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('.flow-node').count()).toBe(5);
    const pasted = await selectedNodeIds(page);
    expect(pasted).toHaveLength(2);
    expect(pasted).not.toContain('route-failover-1');
    expect(pasted).not.toContain('hold-1');
    const saved = async (flowId: string, ids: string[]) => {
      const d = await draft(flowId);
      return { nodes: d.nodes.filter((n) => ids.includes(n.id)), edges: d.edges.filter((e) => ids.includes(e.source) || ids.includes(e.target)) };
    };
    await expect.poll(async () => (await saved(flowA, pasted)).nodes.length, { timeout: 10_000 }).toBe(2);
    const copies = await saved(flowA, pasted);
    const failoverCopy = copies.nodes.find((n) => n.type === 'route-failover')!;
    const holdCopy = copies.nodes.find((n) => n.type === 'hold')!;
    expect(failoverCopy.settings).toEqual({ suppliers: CHAIN, stock: 'require' });
    expect(holdCopy.settings).toEqual({ reason: REASON });
    // The edge between the copies, and none to the rest of the flow.
    expect(copies.edges).toEqual([expect.objectContaining({ source: failoverCopy.id, sourceHandle: 'none', target: holdCopy.id })]);
    await edge(page, copies.edges[0]!.id).waitFor({ state: 'attached' });

    // Another flow in a second tab: the same nodes arrive there, with their edge and settings, selected.
    const other = await world.openTab(page);
    await openFlow(other, flowB);
    await expect.poll(() => other.locator('.flow-node').count()).toBe(1);
    const otherCanvas = await canvasRect(other);
    await other.mouse.click(otherCanvas.x + 40, otherCanvas.y + otherCanvas.height - 200);
    await other.keyboard.press('Control+v');
    await expect.poll(() => other.locator('.flow-node').count()).toBe(3);
    const arrived = await selectedNodeIds(other);
    expect(arrived).toHaveLength(2);
    await expect.poll(async () => (await saved(flowB, arrived)).nodes.length, { timeout: 10_000 }).toBe(2);
    const there = await saved(flowB, arrived);
    expect(there.nodes.map((n) => n.settings).sort((a, b) => Object.keys(a).length - Object.keys(b).length)).toEqual([{ reason: REASON }, { suppliers: CHAIN, stock: 'require' }]);
    const [failoverThere, holdThere] = ['route-failover', 'hold'].map((type) => there.nodes.find((n) => n.type === type)!);
    expect(there.edges).toEqual([expect.objectContaining({ source: failoverThere!.id, sourceHandle: 'none', target: holdThere!.id })]);

    // A newer copy in the first tab (the chain alone) is what the next paste in the second brings, not
    // the nodes pasted there before.
    await page.bringToFront();
    // (Its top left corner: the copy pasted a little below and to the right covers the rest.)
    await canvasNode(page, 'route-failover-1').click({ position: { x: 8, y: 8 } });
    await expect.poll(() => selectedNodeIds(page)).toEqual(['route-failover-1']);
    await page.keyboard.press('Control+c');
    await expect.poll(async () => JSON.parse(String(await page.evaluate('navigator.clipboard.readText()'))).nodes.length).toBe(1);
    await other.bringToFront();
    await other.mouse.click(otherCanvas.x + 40, otherCanvas.y + otherCanvas.height - 200);
    await other.keyboard.press('Control+v');
    await expect.poll(() => other.locator('.flow-node').count()).toBe(4);
    const chainAlone = await selectedNodeIds(other);
    expect(chainAlone).toHaveLength(1);
    expect(await canvasNode(other, chainAlone[0]!).getAttribute('data-node-type')).toBe('route-failover');

    // Pasting the same again in the same tab: each copy a step further on, not on top of the last.
    await other.keyboard.press('Control+v');
    await expect.poll(() => other.locator('.flow-node').count()).toBe(5);
    const again = await selectedNodeIds(other);
    const first = await box(other, chainAlone[0]!);
    const second = await box(other, again[0]!);
    expect(second.x).toBeGreaterThan(first.x + 10);
    expect(second.y).toBeGreaterThan(first.y + 10);
    expect(world.pageErrors).toEqual([]);
  });

  it('draws every node in the minimap, which moves the view when clicked or dragged', { timeout: 120_000 }, async () => {
    const flowId = await failoverFlow('Minimap');
    const page = await world.open();
    await openFlow(page, flowId);

    const minimap = page.getByRole('img', { name: 'Minimap' });
    await minimap.waitFor();
    // One path per node colour (start, routing, hold), one rectangle in it per node.
    const marks = page.locator('.svelte-flow__minimap-node');
    await expect.poll(() => marks.count()).toBe(3);
    const shapes = await Promise.all((await marks.all()).map(async (m) => ({ d: (await m.getAttribute('d')) ?? '', fill: await m.getAttribute('style') })));
    expect(shapes.map((s) => s.d.match(/M/g)?.length)).toEqual([1, 1, 1]);
    expect(new Set(shapes.map((s) => s.fill)).size).toBe(3);

    // Clicking the hold's mark brings the hold to the middle of the canvas.
    const flowPane = (await page.locator('.svelte-flow').boundingBox())!;
    const middle = { x: flowPane.x + flowPane.width / 2, y: flowPane.y + flowPane.height / 2 };
    const holdBefore = await box(page, 'hold-1');
    expect(Math.abs(holdBefore.x + holdBefore.width / 2 - middle.x)).toBeGreaterThan(100);
    // The hold is the flow's rightmost node: its mark is the minimap's rightmost.
    const markBoxes = await Promise.all((await marks.all()).map(async (m) => (await m.boundingBox())!));
    const markBox = markBoxes.reduce((a, b) => (b.x > a.x ? b : a));
    const viewBefore = await viewportTransform(page);
    await page.mouse.click(markBox.x + markBox.width / 2, markBox.y + markBox.height / 2);
    await expect.poll(async () => (await viewportTransform(page)).x).not.toBe(viewBefore.x);
    await expect
      .poll(async () => {
        const h = await box(page, 'hold-1');
        return Math.hypot(h.x + h.width / 2 - middle.x, h.y + h.height / 2 - middle.y);
      })
      .toBeLessThan(3);
    expect((await viewportTransform(page)).zoom).toBe(viewBefore.zoom);

    // Dragging in the minimap moves the view with the pointer: the nodes go the other way on screen.
    const map = (await minimap.boundingBox())!;
    const beforeDrag = await viewportTransform(page);
    await page.mouse.move(map.x + 60, map.y + map.height / 2);
    await page.mouse.down();
    await page.mouse.move(map.x + 100, map.y + map.height / 2, { steps: 5 });
    await page.mouse.up();
    const afterDrag = await viewportTransform(page);
    expect(afterDrag.x).toBeLessThan(beforeDrag.x - 40);
    expect(afterDrag.y).toBeCloseTo(beforeDrag.y, 0);
    expect(world.pageErrors).toEqual([]);
  });

  it('zooms to fit a flow panned out of sight back into view', { timeout: 120_000 }, async () => {
    const flowId = await failoverFlow('Zoom to fit');
    const page = await world.open();
    await openFlow(page, flowId);
    const ids = ['start', 'route-failover-1', 'hold-1'];
    const canvas = await canvasRect(page);
    const inView = async (id: string) => {
      const b = await box(page, id);
      return b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height;
    };
    const anyOverlap = async () => {
      for (const id of ids) {
        const b = await box(page, id);
        if (b.x < canvas.x + canvas.width && b.x + b.width > canvas.x && b.y < canvas.y + canvas.height && b.y + b.height > canvas.y) return true;
      }
      return false;
    };

    // Pan by dragging the empty canvas from its top left corner towards its bottom right until no node shows.
    for (let i = 0; i < 4 && (await anyOverlap()); i++) {
      await page.mouse.move(canvas.x + 30, canvas.y + 30);
      await page.mouse.down();
      await page.mouse.move(canvas.x + canvas.width - 260, canvas.y + canvas.height - 30, { steps: 10 });
      await page.mouse.up();
    }
    expect(await anyOverlap()).toBe(false);

    await page.getByRole('button', { name: 'Zoom to fit', exact: true }).click();
    await expect.poll(async () => (await Promise.all(ids.map(inView))).every(Boolean)).toBe(true);
    await settled(page, 'hold-1');
    expect((await Promise.all(ids.map(inView))).every(Boolean)).toBe(true);
    expect(world.pageErrors).toEqual([]);
  });
});
