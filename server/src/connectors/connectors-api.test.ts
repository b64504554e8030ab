/** The connector admin API over HTTP, on both databases, and what it leaves in storage. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/testing.ts';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

describe.each(DIALECTS)('/api/connectors on %s', (dialect) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ dialect });
  }, 60_000);
  afterAll(() => t?.stop());

  const shop = { id: 'acme', type: 'shopify', name: 'Acme', config: { shopDomain: 'acme.myshopify.com' }, secrets: { webhookSecret: 'whsec_PLAINTEXT_1', accessToken: 'shpat_PLAINTEXT_2' } };

  it('refuses callers without the admin token', async () => {
    expect((await fetch(`${t.url}/api/connectors`)).status).toBe(401);
    const wrong = await fetch(`${t.url}/api/connectors`, { headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('creates a connector, returns it without secret values, and lists it', async () => {
    const res = await t.api('POST', '/api/connectors', shop);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/connectors/acme');
    expect(res.body).toMatchObject({ id: 'acme', type: 'shopify', kind: 'store', name: 'Acme', enabled: true, secretsSet: ['accessToken', 'webhookSecret'] });
    const list = await t.api('GET', '/api/connectors');
    expect(list.body.items.map((c: any) => c.id)).toContain('acme');
    const everything = JSON.stringify([res.body, list.body, (await t.api('GET', '/api/connectors/acme')).body]);
    expect(everything).not.toContain('PLAINTEXT');
  });

  it('keeps secrets encrypted at rest', async () => {
    const [row] = await t.hub.db.q.select().from(t.hub.db.t.connectors).where(eq(t.hub.db.t.connectors.id, 'acme'));
    expect(row!.secretsEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('PLAINTEXT');
    expect((await t.hub.connectors.resolve('acme')).secrets).toEqual(shop.secrets);
  });

  it('validates config and secrets with the type’s schema, naming the field', async () => {
    const bad = await t.api('POST', '/api/connectors', { ...shop, id: 'bad', config: { shopDomain: 'example.com' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'config.shopDomain' })]);
    const noSecret = await t.api('POST', '/api/connectors', { ...shop, id: 'bad', secrets: { accessToken: 'x' } });
    expect(noSecret.status).toBe(422);
    expect(noSecret.body.errors.map((e: any) => e.field)).toEqual(['secrets.webhookSecret']);
    expect((await t.api('POST', '/api/connectors', { ...shop, id: 'x', type: 'no-such-type' })).status).toBe(422);
    expect((await t.api('POST', '/api/connectors', { ...shop, id: 'Not An Id' })).body.errors[0].field).toBe('id');
    expect((await t.api('POST', '/api/connectors', '{"id": ')).status).toBe(400);
  });

  it('refuses a second connector with the same id', async () => {
    const res = await t.api('POST', '/api/connectors', shop);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('connector_exists');
  });

  it('patches name, config and secrets (merged), and disables', async () => {
    const res = await t.api('PATCH', '/api/connectors/acme', { name: 'Acme EU', secrets: { webhookSecret: 'rotated' }, enabled: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Acme EU', enabled: false, secretsSet: ['accessToken', 'webhookSecret'] });
    expect((await t.hub.connectors.resolve('acme')).secrets).toEqual({ webhookSecret: 'rotated', accessToken: 'shpat_PLAINTEXT_2' });
    const invalid = await t.api('PATCH', '/api/connectors/acme', { config: { shopDomain: 'nope' } });
    expect(invalid.status).toBe(422);
    // a disabled connector takes no deliveries
    expect((await fetch(`${t.url}/webhooks/acme`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('deletes, then answers 404', async () => {
    expect((await t.api('DELETE', '/api/connectors/acme')).status).toBe(204);
    expect((await t.api('GET', '/api/connectors/acme')).status).toBe(404);
    expect((await t.api('DELETE', '/api/connectors/acme')).status).toBe(404);
  });

  it('lists connector types with JSON Schemas the console can draw forms from', async () => {
    const res = await t.api('GET', '/api/connector-types');
    const shopify = res.body.items.find((i: any) => i.type === 'shopify');
    expect(shopify).toMatchObject({ kind: 'store', inbound: true });
    expect(shopify.configSchema.properties.shopDomain).toMatchObject({ type: 'string', title: 'Shop domain' });
    expect(shopify.secretsSchema.required).toEqual(['webhookSecret', 'accessToken']);
    expect(shopify.secretsSchema.properties.webhookSecret.ui).toEqual({ widget: 'password' });
  });
});

describe('secrets and the key', () => {
  it('cannot be read with another DROPLINE_SECRET_KEY', async () => {
    const first = await startTestHub({ keepStorage: true });
    await first.api('POST', '/api/connectors', { id: 'k', type: 'shopify', config: { shopDomain: 'k.myshopify.com' }, secrets: { webhookSecret: 'a', accessToken: 'b' } });
    await first.stop();
    const second = await startTestHub({ storage: { dataDir: first.dataDir }, env: { DROPLINE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') } });
    try {
      await expect(second.hub.connectors.resolve('k')).rejects.toThrow();
    } finally {
      await second.stop();
    }
  });
});
