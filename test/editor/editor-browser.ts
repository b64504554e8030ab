/**
 * @module What the editor's browser tests share: Debian's Chromium driven by playwright-core against a hub
 * (with the console and the sandbox world) started by the test, pages signed in with the admin token, the
 * editor's canvas located by node id, and screenshots kept in test-artifacts/editor/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../../server/src/testing/test-hub.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';

const UI_HANDLER = fileURLToPath(new URL('../../ui/build/handler.js', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/editor/', import.meta.url));

export interface EditorWorld {
  hub: TestHub;
  browser: Browser;
  /** Uncaught errors in any page: a broken component shows up here. */
  pageErrors: string[];
  /** A page in a browser context of its own; `permissions` are granted to it (e.g. the clipboard's). */
  open(options?: { permissions?: string[] }): Promise<Page>;
  /** Another page (a second tab) in `page`'s browser context: same permissions, same clipboard. */
  openTab(page: Page): Promise<Page>;
  stop(): Promise<void>;
}

export async function startEditorWorld(): Promise<EditorWorld> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium)`);
  if (!existsSync(UI_HANDLER)) throw new Error('the console is not built: pnpm --filter @dropline/ui run build');
  mkdirSync(ARTIFACTS, { recursive: true });
  const hub = await startTestHub({ console: true, sandbox: { orderEveryMs: 1500 } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const watched = (page: Page) => {
    page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
    return page;
  };
  return {
    hub,
    browser,
    pageErrors,
    async open(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 1600, height: 1000 },
        extraHTTPHeaders: { Authorization: `Bearer ${hub.token}` },
        ...(options.permissions ? { permissions: options.permissions } : {}),
      });
      contexts.push(context);
      return watched(await context.newPage());
    },
    async openTab(page) {
      return watched(await page.context().newPage());
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await hub.stop();
    },
  };
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png` });

/** The editor is drawn and its nodes measured. */
export async function editorReady(page: Page): Promise<void> {
  await page.locator('.editor[data-ready="true"]').waitFor({ timeout: 20_000 });
}

export const canvasNode = (page: Page, id: string): Locator => page.locator(`.flow-node[data-node-id="${id}"]`);

export const edge = (page: Page, id: string): Locator => page.locator(`.svelte-flow__edge[data-id="${id}"]`);

/** Drags from one node's output handle to another node's input, as a person does with the mouse. */
export async function connectByMouse(page: Page, source: string, handle: string, target: string): Promise<void> {
  const from = await page.locator(`.svelte-flow__handle[data-nodeid="${source}"][data-handleid="${handle}"]`).boundingBox();
  const to = await page.locator(`.svelte-flow__handle[data-nodeid="${target}"][data-handleid="in"]`).boundingBox();
  if (!from || !to) throw new Error(`handles of ${source}.${handle} → ${target} are not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
  await page.mouse.up();
}

/** Drags a palette item onto the canvas, dropping it at `at` (pixels from the canvas's top left). */
export async function dropFromPalette(page: Page, type: string, at: { x: number; y: number }): Promise<void> {
  await page.locator(`[data-palette-type="${type}"]`).dragTo(page.locator('.svelte-flow__pane'), { targetPosition: at });
}

/** Problems the editor lists now (the count in the Problems tab; 0 when the tab shows none). */
export async function problemCount(page: Page): Promise<number> {
  const badge = page.locator('[role="tab"]#tab-problems .tab-count');
  return (await badge.count()) ? Number(await badge.innerText()) : 0;
}

/** The newest order whose routing decision came from `flowId` at `version`, placed after `since`. */
export async function routedBy(hub: TestHub, flowId: string, version: number, since: number): Promise<{ orderId: string } | undefined> {
  const { body } = await hub.api('GET', '/api/orders?limit=10');
  for (const o of body.items as { id: string; createdAt: string }[]) {
    if (Date.parse(o.createdAt) < since) continue;
    const { body: order } = await hub.api('GET', `/api/orders/${o.id}`);
    const routed = (order.events as { type: string; data: { flowId?: string; flowVersion?: number } }[]).filter((e) => e.type === 'order.routed');
    if (routed.some((e) => e.data.flowId === flowId && e.data.flowVersion === version)) return { orderId: o.id };
  }
  return undefined;
}

/** Waits until a node stops moving on screen (a zoom or pan animating to its end). */
export async function settled(page: Page, nodeId: string): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      const box = JSON.stringify(await canvasNode(page, nodeId).boundingBox());
      const still = box === last;
      last = box;
      return still;
    }, { interval: 100 })
    .toBe(true);
}

/** Where the canvas's viewport is: Svelte Flow's `translate(x, y) scale(zoom)` on `.svelte-flow__viewport`. */
export async function viewportTransform(page: Page): Promise<{ x: number; y: number; zoom: number }> {
  const transform = (await page.locator('.svelte-flow__viewport').getAttribute('style')) ?? '';
  const m = /translate\(\s*(-?[\d.e+-]+)px\s*,\s*(-?[\d.e+-]+)px\s*\)\s*scale\(\s*([\d.e+-]+)\s*\)/.exec(transform);
  if (!m) throw new Error(`no viewport transform in "${transform}"`);
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

/** The ids of the nodes the canvas marks selected, sorted. */
export async function selectedNodeIds(page: Page): Promise<string[]> {
  const ids = await Promise.all((await page.locator('.svelte-flow__node.selected').all()).map((n) => n.getAttribute('data-id')));
  return ids.map((id) => id ?? '').sort();
}
