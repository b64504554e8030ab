/**
 * @module Vite config (and Vitest's, for the console's unit tests beside their code).
 *
 * Under `vite dev` there is no hub in the same process, so when `DROPLINE_HUB_URL` names a running hub
 * the browser's hub calls (`/api`, `/auth`, `/tracking`) are proxied to it; the server side reaches it
 * through `handleFetch` (src/hooks.server.ts).
 */
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { flowCatalogue } from './vite-plugins/flow-catalogue.ts';

const hubUrl = process.env.DROPLINE_HUB_URL;

export default defineConfig({
  plugins: [flowCatalogue(), sveltekit()],
  server: hubUrl ? { proxy: { '/api': hubUrl, '/auth': hubUrl, '/tracking': hubUrl } } : {},
  test: { include: ['src/**/*.test.ts'] },
});
