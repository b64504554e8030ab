/**
 * The hub as a process: a delivery answered 2xx survives `kill -9` of the hub; SIGTERM drains and exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shopifyWebhookHeaders } from '@dropline/connectors/fakes';
import { createTestDatabaseUrl, DIALECTS } from '../server/src/db/testing.ts';
import { startHubProcess, type HubProcess } from './support/hub-process.ts';
import { shopifyOrder, SHOP } from './support/small-world.ts';

describe.each(DIALECTS)('hub process on %s', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  async function storage(): Promise<Record<string, string>> {
    const dataDir = mkdtempSync(join(tmpdir(), 'dropline-proc-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    if (dialect === 'sqlite') return { DROPLINE_DATA_DIR: dataDir };
    const db = await createTestDatabaseUrl();
    cleanups.push(db.drop);
    return { DROPLINE_DATA_DIR: dataDir, DATABASE_URL: db.url };
  }

  async function deliver(hub: HubProcess, order: { id: number }): Promise<number> {
    const body = JSON.stringify(order);
    const headers = { 'content-type': 'application/json', ...shopifyWebhookHeaders(SHOP.secret, SHOP.domain, 'orders/create', body, `kill-${order.id}`) };
    return fetch(`${hub.url}/webhooks/${SHOP.id}`, { method: 'POST', body, headers }).then((r) => r.status, () => 0);
  }

  it('loses no delivery it answered 2xx when killed with SIGKILL under load', async () => {
    const env = await storage();
    const first = await startHubProcess(env);
    cleanups.push(() => void first.child.kill('SIGKILL'));
    expect((await first.api('POST', '/api/connectors', { id: SHOP.id, type: 'shopify', config: { shopDomain: SHOP.domain }, secrets: { webhookSecret: SHOP.secret, accessToken: 'x' } })).status).toBe(201);

    const orders = Array.from({ length: 400 }, () => shopifyOrder([['MUG', 1]]));
    const accepted: number[] = [];
    let sent = 0;
    const worker = async () => {
      while (sent < orders.length) {
        const order = orders[sent++]!;
        if ((await deliver(first, order)) === 202) accepted.push(order.id);
        if (accepted.length === 60) first.child.kill('SIGKILL');
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(accepted.length).toBeGreaterThanOrEqual(60);
    expect(accepted.length).toBeLessThan(orders.length);

    // Every delivery answered 2xx was stored with its job; the restarted hub finishes recording them.
    const second = await startHubProcess(env);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    let missing: number[] = accepted;
    const deadline = Date.now() + 30_000;
    while (missing.length > 0 && Date.now() < deadline) {
      const still: number[] = [];
      for (const id of missing) {
        const { body } = await second.api('GET', `/api/orders?source=${SHOP.id}&externalId=${id}`);
        if (body.items.length !== 1) still.push(id);
      }
      missing = still;
      if (missing.length) await new Promise((r) => setTimeout(r, 250));
    }
    expect(missing).toEqual([]);
    // deliveries cut off mid-request were never acknowledged, and the store will send them again
    const resent = orders.filter((o) => !accepted.includes(o.id)).slice(0, 20);
    for (const o of resent) expect([200, 202]).toContain(await deliver(second, o));
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 120_000);

  it('drains and exits 0 on SIGTERM', async () => {
    const hub = await startHubProcess(await storage());
    cleanups.push(() => void hub.child.kill('SIGKILL'));
    await hub.api('POST', '/api/connectors', { id: SHOP.id, type: 'shopify', config: { shopDomain: SHOP.domain }, secrets: { webhookSecret: SHOP.secret, accessToken: 'x' } });
    expect(await deliver(hub, shopifyOrder([['MUG', 1]]))).toBe(202);
    hub.child.kill('SIGTERM');
    const { code } = await hub.exited;
    expect(code).toBe(0);
    expect(hub.output()).toContain('"msg":"stopped"');
  }, 60_000);
});
