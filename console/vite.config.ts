/**
 * Vite build of the web console: console/ → dist/console/, served by every node at /console/
 * (src/node/server/routes/console.ts). Everything the page needs is bundled: no CDN, no remote
 * font, no inline script (the node's CSP allows scripts and styles from itself only).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  logLevel: 'warn',
  resolve: { alias: { 'parley/sdk': here('../src/sdk/index.ts') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
