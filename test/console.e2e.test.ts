/**
 * @module The console in a real browser (Debian's Chromium, driven by playwright-core) against a whole hub
 * with the sandbox world placing an order every 1.5 s: signing in, the live orders list, an order's
 * timeline filling in as suppliers and the carrier report, and the public tracking page.
 *
 * Screenshots land in test-artifacts/console/ for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestHub, type TestHub } from '../server/src/testing/test-hub.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './support/chromium.ts';

const UI_HANDLER = fileURLToPath(new URL('../ui/build/handler.js', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/console/', import.meta.url));
/** The sandbox takes a few seconds per stage (acknowledge, ship, carrier scans). */
const STAGE_TIMEOUT_MS = 45_000;

let hub: TestHub;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Uncaught errors in any page (a hydration mismatch or a broken component shows up here). */
const pageErrors: string[] = [];
/** The order opened in the detail test, reused by the tracking-page test. */
let watched: { id: string; trackingPath: string } | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium)`);
  if (!existsSync(UI_HANDLER)) throw new Error('the console is not built: pnpm --filter @dropline/ui run build');
  mkdirSync(ARTIFACTS, { recursive: true });
  hub = await startTestHub({ console: true, sandbox: { orderEveryMs: 1500 } });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await hub?.stop();
});

async function openPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
  return page;
}

const signedIn = () => openPage({ extraHTTPHeaders: { Authorization: `Bearer ${hub.token}` } });

const screenshot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

/**
 * Marks the document, so a later check can tell the page was updated in place rather than reloaded.
 * (A string, evaluated in the page: this file is type-checked without the DOM library.)
 */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate("document.documentElement.setAttribute('data-test-mark', 'same-document')");
}

async function stillSameDocument(page: Page): Promise<boolean> {
  return (await page.locator('html').getAttribute('data-test-mark')) === 'same-document';
}

async function orderNumbers(page: Page): Promise<string[]> {
  return page.locator('table.orders-table tbody a.row-link').allInnerTexts();
}

async function timelineTypes(page: Page): Promise<string[]> {
  return page.locator('ol.timeline > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event-type') ?? ''));
}

/** An order with a parcel the carrier has scanned at least once, as the hub reports it. */
async function eventuallyScannedParcel(): Promise<{ trackingUrl: string; trackingNumber: string }> {
  return eventually(async () => {
    const { body } = await hub.api('GET', '/api/orders?status=shipped,partially_shipped,delivered&limit=5');
    for (const summary of body.items as { id: string }[]) {
      const { body: order } = await hub.api('GET', `/api/orders/${summary.id}`);
      const scanned = (order.shipments as { status: string; trackingNumber: string }[]).find((s) => s.status !== 'pre_transit');
      if (scanned) return { trackingUrl: order.trackingUrl as string, trackingNumber: scanned.trackingNumber };
    }
    return undefined;
  }, STAGE_TIMEOUT_MS, 500);
}

describe('the console in a browser', () => {
  it('sends a visitor without a session to sign in, and the form signs in and goes on to /orders', { timeout: 60_000 }, async () => {
    const page = await openPage();
    await page.goto(`${hub.url}/orders`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/orders');

    const token = page.getByLabel('Admin token');
    await token.fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('not valid');
    await screenshot(page, 'login');

    await token.fill(hub.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/orders');
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();

    // Signing out ends the session: the console sends the browser back to sign in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.goto(`${hub.url}/orders`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('opens /orders directly with the token as a bearer header, and the list grows while it stays open', { timeout: 90_000 }, async () => {
    const page = await signedIn();
    const response = await page.goto(`${hub.url}/orders`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/orders');

    await page.locator('table.orders-table tbody tr').first().waitFor({ timeout: STAGE_TIMEOUT_MS });
    await page.locator('.live.is-on').waitFor();
    const before = await orderNumbers(page);
    await markDocument(page);

    await expect
      .poll(async () => (await orderNumbers(page)).filter((n) => !before.includes(n)).length, { timeout: STAGE_TIMEOUT_MS, interval: 250 })
      .toBeGreaterThan(0);
    expect(await stillSameDocument(page)).toBe(true);
    const rows = page.locator('table.orders-table tbody tr').first();
    expect(await rows.locator('.badge').innerText()).not.toBe('');
    expect(await rows.innerText()).toMatch(/\$\d/);
    await screenshot(page, 'orders');
  });

  it('shows the overview with counts by status', { timeout: 60_000 }, async () => {
    const page = await signedIn();
    await page.goto(`${hub.url}/`);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'By status' }).waitFor();
    await expect.poll(() => page.locator('ul.bars li').count(), { timeout: STAGE_TIMEOUT_MS }).toBeGreaterThan(0);
    await screenshot(page, 'overview');
  });

  it("opens an order: its timeline starts with receipt and routing, and later events arrive while it's open", { timeout: 90_000 }, async () => {
    const page = await signedIn();
    await page.goto(`${hub.url}/orders`);
    const newest = page.locator('table.orders-table tbody a.row-link').first();
    await newest.waitFor({ timeout: STAGE_TIMEOUT_MS });
    // The list grows while it is open: the row is clicked by its link, which stays the same order's when a
    // newer one arrives on top between reading it and clicking it.
    const [number, link] = await newest.evaluate((a) => [a.textContent?.trim() ?? '', a.getAttribute('href') ?? '']);
    await page.locator(`table.orders-table tbody a.row-link[href="${link}"]`).click();
    await page.waitForURL((url) => url.pathname === link);
    await page.getByRole('heading', { name: `Order ${number}`, level: 1 }).waitFor();

    const first = page.locator('ol.timeline > li').first();
    expect(await first.getAttribute('data-event-type')).toBe('order.received');
    expect(await first.locator('h3').innerText()).toBe('Order received');
    // Routing follows within milliseconds, with its reasons (and again, if a supplier turned lines down).
    const routed = page.locator('li[data-event-type="order.routed"]').first();
    await routed.waitFor({ timeout: STAGE_TIMEOUT_MS }).catch(async (err: Error) => {
      // Tell a page that missed the event from an order that never got one.
      const id = new URL(page.url()).pathname.split('/').at(-1)!;
      const { body } = await hub.api('GET', `/api/orders/${id}`);
      const jobs = (await hub.api('GET', `/api/jobs?orderId=${id}`)).body.items as { type: string; status: string; attempts: number; lastError: string | null }[];
      throw new Error(
        `${err.message}\npage: ${(await timelineTypes(page)).join(', ')}\nhub: ${body.status}; ${(body.events as { type: string }[]).map((e) => e.type).join(', ')}\n` +
          `jobs: ${jobs.map((j) => `${j.type} ${j.status} ×${j.attempts}${j.lastError ? ` (${j.lastError})` : ''}`).join('; ')}`,
      );
    });
    expect(await routed.locator('h3').innerText()).toBe('Routed to suppliers');
    expect(await routed.locator('h4').allTextContents()).toContain('Why');
    expect(await routed.locator('.trace li').first().textContent()).toMatch(/→/);

    // The sandbox suppliers answer a few seconds later: the page shows it without a reload.
    await markDocument(page);
    const supplierReplies = ['supplier_order.acknowledged', 'supplier_order.backordered', 'supplier_order.rejected', 'shipment.created'];
    await expect
      .poll(async () => (await timelineTypes(page)).some((t) => supplierReplies.includes(t)), { timeout: STAGE_TIMEOUT_MS, interval: 250 })
      .toBe(true);
    expect(await stillSameDocument(page)).toBe(true);

    const href = await page.getByTestId('tracking-link').getAttribute('href');
    watched = { id: new URL(page.url()).pathname.split('/').at(-1)!, trackingPath: new URL(href!).pathname };
    expect(watched.trackingPath).toMatch(/^\/t\/[\w-]{16,}$/);

    // Give the timeline the rest of the journey for the screenshot: a shipment, when this order gets one.
    await page
      .locator('li[data-event-type="shipment.created"]')
      .waitFor({ timeout: STAGE_TIMEOUT_MS })
      .catch(() => undefined);
    expect(await stillSameDocument(page)).toBe(true);
    await screenshot(page, 'order-detail');
  });

  it('serves the public tracking page without a session or scripts, and 404 for an unknown link', { timeout: 90_000 }, async () => {
    expect(watched).toBeDefined();
    const { body: order } = await hub.api('GET', `/api/orders/${watched!.id}`);
    const page = await openPage({ javaScriptEnabled: false });
    const response = await page.goto(`${hub.url}${watched!.trackingPath}`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(watched!.trackingPath);
    const text = await page.locator('main').innerText();
    expect(text).toContain(`Order ${order.number}`);
    expect(text).toContain(`Hi ${order.customer.firstName}`);
    expect(text).toContain('In your order');
    expect(text).toContain(order.lines[0].title);
    expect(await page.getByRole('list', { name: 'Order progress' }).innerText()).toMatch(/Ordered\s+Shipped\s+Out for delivery\s+Delivered/);
    // No personal data beyond the first name.
    for (const secret of [order.customer.email, order.customer.lastName, order.shippingAddress?.line1]) {
      if (secret) expect(text).not.toContain(secret);
    }

    // A parcel that has left shows on the page with its carrier, tracking number and scans.
    const scanned = await eventuallyScannedParcel();
    await page.goto(scanned.trackingUrl);
    const parcel = await page.locator('main').innerText();
    expect(parcel).toMatch(/Your parcel|Parcel 1 of/);
    expect(parcel).toContain(scanned.trackingNumber);
    expect(await page.locator('.progress-step.is-done').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'tracking');
    // Customers mostly open it on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'tracking-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    const missing = await page.goto(`${hub.url}/t/this-token-does-not-exist`);
    expect(missing?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Order not found');
    await screenshot(page, 'tracking-not-found');
  });

  it('raised no uncaught errors in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
