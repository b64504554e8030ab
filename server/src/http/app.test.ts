/** Health, readiness, metrics and the served OpenAPI document. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/test-hub.ts';

describe('hub HTTP surface', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t?.stop());

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${t.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('serves an OpenAPI 3.1 document covering every /api route, with bearer security', async () => {
    const spec = (await (await fetch(`${t.url}/openapi.json`)).json()) as any;
    expect(spec.openapi).toBe('3.1.0');
    const paths = Object.keys(spec.paths);
    for (const p of ['/api/connectors', '/api/connectors/{id}', '/api/connector-types', '/api/orders', '/api/orders/{id}', '/api/jobs', '/api/jobs/{id}/retry', '/api/deliveries', '/api/deliveries/{id}/replay', '/api/stream']) {
      expect(paths).toContain(p);
    }
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.paths['/api/orders'].get.security).toEqual([{ bearer: [] }]);
    expect(spec.components.schemas.Problem).toBeDefined();
  });

  it('serves the API docs page and its assets without a CDN', async () => {
    const page = await (await fetch(`${t.url}/docs`)).text();
    expect(page).toContain('/docs/assets/swagger-ui-bundle.js');
    const asset = await fetch(`${t.url}/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${t.url}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('exposes Prometheus metrics with HTTP, delivery and job series', async () => {
    await fetch(`${t.url}/healthz`);
    const res = await fetch(`${t.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE dropline_http_requests_total counter');
    expect(text).toContain('# TYPE dropline_webhook_deliveries_total counter');
    expect(text).toContain('# TYPE dropline_job_attempts_total counter');
    expect(text).toMatch(/dropline_http_request_seconds_bucket\{le="0.005",route="\/healthz",method="GET"\} \d+/);
  });

  it('answers unknown routes and bad queries with problem details carrying the request id', async () => {
    const res = await t.api('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
    const bad = await t.api('GET', '/api/orders?limit=9999');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('limit');
  });

  it('starts a console session from the admin token, and refuses a wrong one', async () => {
    const wrong = await fetch(`${t.url}/auth/session`, { method: 'POST', body: JSON.stringify({ token: 'nope' }), headers: { 'content-type': 'application/json' } });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${t.url}/auth/session`, { method: 'POST', body: JSON.stringify({ token: t.token }), headers: { 'content-type': 'application/json' } });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^dropline_session=admin\.\d+\./);
    expect((await fetch(`${t.url}/api/connectors`, { headers: { cookie } })).status).toBe(200);
    const forged = cookie.replace(/\.[^.]+$/, '.forged');
    expect((await fetch(`${t.url}/api/connectors`, { headers: { cookie: forged } })).status).toBe(401);
  });
});
