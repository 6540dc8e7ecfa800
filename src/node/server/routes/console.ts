/**
 * Serves the web console (console/, built by `npm run build` into dist/console/) at /console/.
 * The files are public (they hold no data; every datum comes from the API after sign-in) and
 * are read into memory once when the app is built. Every console response carries a strict
 * Content-Security-Policy: scripts, styles, images and requests only from the node itself, no
 * inline script, no frames, so the page makes no request to any other host.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build` writes the console (dist/console, next to dist/src). */
export const CONSOLE_DIR: string = fileURLToPath(new URL('../../../../console/', import.meta.url));

/** The Content-Security-Policy of every console page and asset. */
export const CONSOLE_CSP: string = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

function readAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else
        out.set(relative(dir, p).split(sep).join('/'), {
          body: readFileSync(p),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
        });
    }
  };
  walk(dir);
  return out;
}

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin');
}

/**
 * Registers GET /, /console and /console/*.
 * @example
 * ```ts
 * consoleRoutes(app); // or consoleRoutes(app, { dir: '/path/to/built/console' })
 * ```
 */
export function consoleRoutes(app: FastifyInstance, opts: { readonly dir?: string } = {}): void {
  const assets = readAssets(opts.dir ?? CONSOLE_DIR);
  const hidden = { config: { public: true }, schema: { hide: true } } as const;

  app.get('/', hidden, async (_req, reply) => await reply.redirect('/console/', 302));
  app.get('/console', hidden, async (_req, reply) => await reply.redirect('/console/', 302));
  app.get<{ Params: { '*': string } }>('/console/*', hidden, async (req, reply) => {
    securityHeaders(reply);
    const path = req.params['*'];
    const asset = assets.get(path === '' ? 'index.html' : path);
    if (asset === undefined) {
      const built = assets.has('index.html');
      return await reply
        .code(built ? 404 : 503)
        .type('text/plain; charset=utf-8')
        .send(
          built
            ? `No console file ${path}.`
            : 'The console is not built: run `npm run build` in the Parley checkout, then restart the node.',
        );
    }
    const immutable = path.startsWith('assets/');
    return await reply
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(asset.type)
      .send(asset.body);
  });
}
