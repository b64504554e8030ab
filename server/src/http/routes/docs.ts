/**
 * @module `/docs`: the OpenAPI document rendered with Swagger UI, served from the installed
 * swagger-ui-dist package (no CDN: hubs often run where the internet isn't).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { Hono } from 'hono';

const ASSETS = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.map': 'application/json' };

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dropline API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

export function docsRoutes() {
  const app = new Hono();
  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/init.js', (c) =>
    c.body("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: true });", 200, {
      'content-type': 'text/javascript',
    }),
  );
  app.get('/docs/assets/:file', async (c) => {
    const file = normalize(c.req.param('file'));
    const type = TYPES[file.slice(file.lastIndexOf('.'))];
    if (!type || file.includes('/') || file.includes('..')) return c.notFound();
    try {
      return c.body(await readFile(join(ASSETS, file)), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    } catch {
      return c.notFound();
    }
  });
  app.get('/problems/:code', (c) =>
    c.text(`Problem type "${c.req.param('code')}": see the \`detail\` member of the response for what happened; the API reference is at /docs.`),
  );
  return app;
}
