/**
 * @module The editor's core path with the keyboard alone, in a real browser: add nodes from the palette,
 * edit them, connect them, copy / paste / delete / undo / redo with shortcuts, and publish. Focus is put
 * where Tab would take it with the locator; every action is a key press. Controls are found by their
 * accessible names, so this also checks that they have them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasNode, edge, editorReady, problemCount, screenshot, startEditorWorld, type EditorWorld } from './editor-browser.ts';

let world: EditorWorld;

beforeAll(async () => {
  world = await startEditorWorld();
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

describe('the flow editor with the keyboard alone', () => {
  it('adds, edits and connects nodes, uses the shortcuts, and publishes', { timeout: 120_000 }, async () => {
    const { hub } = world;
    const { body: created } = await hub.api('POST', '/api/flows', { name: 'Keyboard flow' });
    const page = await world.open();
    await page.goto(`${hub.url}/flows/${created.id}`);
    await editorReady(page);

    // Add: a palette item pressed with Enter lands in view, selected, with its form open.
    await page.getByRole('button', { name: 'Add Route to supplier' }).focus();
    await page.keyboard.press('Enter');
    await canvasNode(page, 'route-to-supplier-1').waitFor();
    const panel = page.locator('[data-node-panel="route-to-supplier-1"]');
    await panel.waitFor();

    // Edit: the supplier picker lists the configured suppliers; the arrow key picks the first.
    const supplier = panel.getByLabel('Supplier', { exact: true });
    await supplier.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => supplier.inputValue()).toBe('supplier-us-east');
    await expect.poll(() => canvasNode(page, 'route-to-supplier-1').innerText()).toContain('Atlantic Goods (US-East)');

    // Connect: select the start node on the canvas with Enter, then choose where its output leads.
    await page.locator('.svelte-flow__node[data-id="start"]').focus();
    await page.keyboard.press('Enter');
    const startPanel = page.locator('[data-node-panel="start"]');
    await startPanel.waitFor();
    await startPanel.getByLabel('Next').focus();
    await page.keyboard.press('ArrowDown');
    await edge(page, 'e-start-out').waitFor({ state: 'attached' });
    await expect.poll(() => problemCount(page)).toBe(0);

    // Shortcuts: copy and paste a node, delete it, undo the delete, redo it.
    await page.locator('.svelte-flow__node[data-id="route-to-supplier-1"]').focus();
    await page.keyboard.press('Enter');
    await panel.waitFor();
    await page.locator('.svelte-flow__node[data-id="route-to-supplier-1"]').focus();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await canvasNode(page, 'route-to-supplier-2').waitFor();
    await expect.poll(() => page.locator('.svelte-flow__node.selected').getAttribute('data-id')).toBe('route-to-supplier-2');
    await page.keyboard.press('Delete');
    await expect.poll(() => canvasNode(page, 'route-to-supplier-2').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => canvasNode(page, 'route-to-supplier-2').count()).toBe(1);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => canvasNode(page, 'route-to-supplier-2').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Undo/ }).getAttribute('aria-label')).toBe('Undo Delete node');

    // Arrange (Shift+L): elkjs lays the flow out left to right from the start node.
    await page.locator('.svelte-flow__node[data-id="start"]').focus();
    await page.keyboard.press('Shift+L');
    await expect
      .poll(async () => {
        const start = await canvasNode(page, 'start').boundingBox();
        const route = await canvasNode(page, 'route-to-supplier-1').boundingBox();
        return Boolean(start && route && route.x > start.x + start.width && Math.abs(route.y + route.height / 2 - (start.y + start.height / 2)) < route.height);
      })
      .toBe(true);

    // Publish: the dialog opens on its message field; Tab reaches the Publish button.
    await page.getByRole('button', { name: 'Publish…' }).focus();
    await page.keyboard.press('Enter');
    const message = page.getByLabel('What changed');
    // (A string, evaluated in the page: these files are type-checked without the DOM library.)
    await expect.poll(() => page.evaluate("document.activeElement?.id")).toBe(await message.getAttribute('id'));
    await page.keyboard.type('Everything to US-East');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard User');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('[data-live-version="1"]').waitFor();
    await screenshot(page, 'keyboard');

    const { body: versions } = await hub.api('GET', `/api/flows/${created.id}/versions`);
    expect(versions.items[0]).toMatchObject({ version: 1, message: 'Everything to US-East', author: 'Keyboard User', published: true });
    const { body: v1 } = await hub.api('GET', `/api/flows/${created.id}/versions/1`);
    expect(v1.flow.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['route-to-supplier-1', 'start']);
    expect(v1.flow.edges).toEqual([expect.objectContaining({ source: 'start', sourceHandle: 'out', target: 'route-to-supplier-1' })]);
    expect(world.pageErrors).toEqual([]);
  });
});
