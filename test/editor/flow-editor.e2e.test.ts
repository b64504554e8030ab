/**
 * @module The flow editor in a real browser (Debian's Chromium, driven by playwright-core) against a whole
 * hub with the sandbox world placing an order every 1.5 s: a failover flow built from an empty canvas by
 * drag-and-drop, a validation problem fixed from the problems list, a test order whose path lights up,
 * publishing, the sandbox's next orders routed by the new flow, a visual diff of two versions, and a
 * rollback. Screenshots land in test-artifacts/editor/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../server/src/testing/test-hub.ts';
import { settled, canvasNode, connectByMouse, dropFromPalette, edge, editorReady, problemCount, routedBy, screenshot, startEditorWorld, type EditorWorld } from './editor-browser.ts';

/** The sandbox takes a few seconds to place, route and record an order. */
const ROUTING_TIMEOUT_MS = 45_000;

let world: EditorWorld;

beforeAll(async () => {
  world = await startEditorWorld();
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

describe('the flow editor in a browser', () => {
  it('builds a failover flow by drag-and-drop, fixes a problem, tests, publishes, routes live orders and rolls back', { timeout: 240_000 }, async () => {
    const { hub } = world;
    const page = await world.open();
    // The editor lists the newest real orders when it opens: the sandbox's first must be in by then.
    await eventually(async () => (await hub.api('GET', '/api/orders?limit=1')).body.items.length > 0, ROUTING_TIMEOUT_MS);

    // The flow list, with the sandbox's starter flow live; a new blank flow from there.
    await page.goto(`${hub.url}/flows`);
    await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
    await expect.poll(() => page.locator('table.flows-table tbody tr').count()).toBeGreaterThan(0);
    await page.locator('form.new-flow[data-live="true"]').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Failover built in the browser');
    await page.getByLabel('Start from').selectOption('blank');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.waitForURL((url) => /^\/flows\/flow_/.test(url.pathname));
    const flowId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    await editorReady(page);
    await canvasNode(page, 'start').waitFor();
    await expect.poll(() => page.locator('.flow-node').count()).toBe(1);

    // Two nodes dragged in from the palette, to the right of the start node, where they are dropped.
    const pane = (await page.locator('.svelte-flow__pane').boundingBox())!;
    const start = (await canvasNode(page, 'start').boundingBox())!;
    const dropAt = { x: start.x - pane.x + start.width + 200, y: start.y - pane.y + 40 };
    await dropFromPalette(page, 'route-failover', dropAt);
    await canvasNode(page, 'route-failover-1').waitFor();
    await dropFromPalette(page, 'hold', { x: dropAt.x, y: dropAt.y + 220 });
    await canvasNode(page, 'hold-1').waitFor();
    // The node lands with its header under the pointer.
    const failover = (await canvasNode(page, 'route-failover-1').boundingBox())!;
    const dropped = { x: pane.x + dropAt.x, y: pane.y + dropAt.y };
    expect(dropped.x).toBeGreaterThan(failover.x);
    expect(dropped.x).toBeLessThan(failover.x + failover.width);
    expect(dropped.y).toBeGreaterThan(failover.y);
    expect(dropped.y).toBeLessThan(failover.y + failover.height);

    // Everything in view, then connected by dragging from output handles to inputs.
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await settled(page, 'hold-1');
    await connectByMouse(page, 'start', 'out', 'route-failover-1');
    await edge(page, 'e-start-out').waitFor({ state: 'attached' });
    await connectByMouse(page, 'route-failover-1', 'none', 'hold-1');
    await edge(page, 'e-route-failover-1-none').waitFor({ state: 'attached' });

    // The chain, in the side panel's form: suppliers picked from the configured connectors.
    await canvasNode(page, 'route-failover-1').click();
    const panel = page.locator('[data-node-panel="route-failover-1"]');
    await panel.waitFor();
    await panel.getByLabel('Add a supplier to Chain').selectOption('supplier-us-east');
    await panel.getByLabel('Add a supplier to Chain').selectOption('supplier-eu-west');
    await expect.poll(() => panel.locator('ol[aria-label="Chain"] li').count()).toBe(2);

    // The hold was left without its reason: a problem on the node and in the list, and no publishing.
    await expect.poll(() => problemCount(page)).toBe(1);
    await expect.poll(() => canvasNode(page, 'hold-1').getAttribute('data-issues')).toBe('1');
    const publish = page.getByRole('button', { name: 'Publish…' });
    expect(await publish.isDisabled()).toBe(true);
    await page.getByRole('tab', { name: /Problems/ }).click();
    await screenshot(page, 'problem');
    await page.locator('[data-problem-node="hold-1"]').click();
    const hold = page.locator('[data-node-panel="hold-1"]');
    await hold.waitFor();
    expect(await page.locator('.svelte-flow__node.selected').getAttribute('data-id')).toBe('hold-1');
    await hold.getByLabel('Reason').fill('No supplier in the chain can take it');
    await expect.poll(() => problemCount(page)).toBe(0);
    await expect.poll(() => publish.isDisabled()).toBe(false);
    await expect.poll(() => canvasNode(page, 'hold-1').getAttribute('data-issues')).toBe(null);

    // A test order: the path it takes lights up, each node says what it decided, and the decision shows.
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('radio', { name: 'Sample order' }).check();
    await page.getByLabel('Which sample order').selectOption('de-lantern');
    await page.getByRole('button', { name: 'Run test order' }).click();
    await page.locator('[data-run-result]').waitFor();
    await expect.poll(() => canvasNode(page, 'route-failover-1').getAttribute('data-on-path')).toBe('true');
    expect(await canvasNode(page, 'start').getAttribute('data-on-path')).toBe('true');
    expect(await canvasNode(page, 'hold-1').getAttribute('data-on-path')).toBe(null);
    expect(await edge(page, 'e-start-out').getAttribute('class')).toContain('is-taken');
    expect(await edge(page, 'e-route-failover-1-none').getAttribute('class')).not.toContain('is-taken');
    expect(await canvasNode(page, 'route-failover-1').locator('.outcome').first().getAttribute('data-outcome')).toBe('supplier-us-east');
    expect(await canvasNode(page, 'route-failover-1').locator('.outcome').first().innerText()).toContain('Atlantic Goods');
    expect(await canvasNode(page, 'route-failover-1').locator('.seen').innerText()).toContain('DL-LAMP-01');
    expect(await page.locator('[data-final-decision="assign"]').innerText()).toContain('Atlantic Goods');
    await screenshot(page, 'test-run');

    // The same with one of the newest real orders.
    await page.getByRole('radio', { name: 'Recent real order' }).check();
    await page.getByRole('button', { name: 'Run test order' }).click();
    await expect.poll(() => page.locator('[data-run-result] h3').first().innerText()).toMatch(/^Order /);
    expect(await page.locator('[data-run-result] [data-final-decision]').count()).toBe(1);

    // The draft is saved as it is edited.
    await expect
      .poll(async () => ((await hub.api('GET', `/api/flows/${flowId}`)).body.draft.nodes as unknown[]).length, { timeout: 10_000 })
      .toBe(3);

    // Publish with a message: live at once.
    const publishedAt = Date.now();
    await publish.click();
    await page.getByLabel('What changed').fill('US-East first, EU-West when it cannot');
    await page.getByLabel('Your name').fill('Test Operator');
    await page.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('[data-live-version="1"]').waitFor();

    // The sandbox's next orders are routed by it: the routing decision names the flow and its version.
    const routed = await eventually(() => routedBy(hub, flowId, 1, publishedAt), ROUTING_TIMEOUT_MS, 500);
    const orderPage = await world.open();
    await orderPage.goto(`${hub.url}/orders/${routed.orderId}`);
    await orderPage.locator('li[data-event-type="order.routed"]').first().waitFor();
    expect(await orderPage.locator('li[data-event-type="order.routed"]').first().innerText()).toMatch(new RegExp(`${flowId}[\\s\\S]*version 1`));
    await screenshot(orderPage, 'routed-order');

    // Edit: EU-West first. Replaying the last orders says how many decisions would change.
    await canvasNode(page, 'route-failover-1').click();
    await page.getByRole('tab', { name: 'Node' }).click();
    await panel.getByRole('button', { name: 'Move Nordkap Supply (EU-West) up' }).click();
    await expect.poll(() => panel.locator('ol[aria-label="Chain"] li').first().getAttribute('data-supplier-id')).toBe('supplier-eu-west');
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('Last').fill('10');
    await page.getByRole('button', { name: 'Replay' }).click();
    const replay = page.locator('[data-replay-result]');
    await replay.waitFor();
    const changed = Number(await replay.locator('[data-replay-changed]').innerText());
    expect(await replay.innerText()).toMatch(/of \d+ decisions would change/);
    expect(await replay.locator('ul.changed li').count()).toBe(changed);
    await screenshot(page, 'replay');

    await publish.click();
    await page.getByLabel('What changed').fill('EU-West first');
    await page.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
    await page.locator('[data-live-version="2"]').waitFor();

    // History with author and time; version 1 drawn against the published version 2.
    await page.getByRole('tab', { name: 'History' }).click();
    const v1 = page.locator('li[data-version="1"]');
    expect(await v1.innerText()).toContain('Test Operator');
    expect(await v1.locator('time').count()).toBe(1);
    await page.getByRole('button', { name: 'Compare version 1 with the published version' }).click();
    await page.locator('[data-compare]').waitFor();
    await expect.poll(() => canvasNode(page, 'route-failover-1').getAttribute('data-diff')).toBe('changed');
    expect(await page.locator('[data-compare]').innerText()).toContain('1 changed');
    await screenshot(page, 'diff');
    await page.getByRole('button', { name: 'Back to editing' }).click();
    await expect.poll(() => page.locator('[data-compare]').count()).toBe(0);

    // Roll back to version 1 in one action: published again as version 3, and orders follow it.
    const rolledBackAt = Date.now();
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.locator('[data-live-version="3"]').waitFor();
    expect(await page.locator('li[data-version="3"]').innerText()).toContain('Rollback to version 1');
    await eventually(() => routedBy(hub, flowId, 3, rolledBackAt), ROUTING_TIMEOUT_MS, 500);
    const v3 = (await hub.api('GET', `/api/flows/${flowId}/versions/3`)).body;
    expect(v3.flow.nodes.find((n: { id: string }) => n.id === 'route-failover-1').settings.suppliers).toEqual(['supplier-us-east', 'supplier-eu-west']);
    await screenshot(page, 'editor');

    expect(world.pageErrors).toEqual([]);
  });

  it('creates a flow from a starter template on the flow list, valid as it comes', { timeout: 60_000 }, async () => {
    const page = await world.open();
    await page.goto(`${world.hub.url}/flows`);
    await page.locator('form.new-flow[data-live="true"]').waitFor();
    await page.getByLabel('Start from').selectOption('primary-secondary-failover');
    await page.getByLabel('Primary supplier').selectOption('supplier-asia');
    await page.getByLabel('Secondary supplier').selectOption('supplier-us-east');
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.waitForURL((url) => /^\/flows\/flow_/.test(url.pathname));
    await editorReady(page);
    await expect.poll(() => page.locator('.flow-node').count()).toBe(3);
    expect(await canvasNode(page, 'failover').innerText()).toContain('Harbour Trading (APAC) → Atlantic Goods (US-East)');
    expect(await problemCount(page)).toBe(0);
    expect(await page.getByRole('button', { name: 'Publish…' }).isDisabled()).toBe(false);
    await screenshot(page, 'from-template');
    expect(world.pageErrors).toEqual([]);
  });
});
