/**
 * GET /v1/programs/:name/source: the TypeScript source of a built-in program's module, so that
 * a data owner can read what they approve, and the code hash recomputed from that source on
 * this node (programs/hash.ts), compared with the hash the registry runs under.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ProgramNotFoundError } from '../../../programs/errors.js';
import { codeHashOfSource, sourcePathOf } from '../../../programs/hash.js';
import { builtinPrograms } from '../../../programs/registry.js';
import type { ApiContext } from '../context.js';
import { commonErrors, type JsonSchema } from '../schemas.js';

export const programSourceSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'hash', 'recomputedHash', 'matches', 'path', 'source'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    hash: { type: 'string', description: 'The code hash the registry runs the program under.' },
    recomputedHash: { type: 'string', description: 'The hash of the source files on disk now.' },
    matches: { type: 'boolean' },
    path: { type: 'string', description: 'The module, relative to src/programs/.' },
    source: { type: 'string', description: "The module's TypeScript source." },
  },
};

/**
 * Registers GET /v1/programs/:name/source.
 * @example
 * ```ts
 * programSourceRoutes(app, ctx);
 * ```
 */
export function programSourceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { name: string } }>(
    '/v1/programs/:name/source',
    {
      schema: {
        summary: "A built-in program's TypeScript source and its code hash, recomputed.",
        tags: ['jobs'],
        params: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' } },
        },
        response: { 200: programSourceSchema, ...commonErrors },
      },
    },
    async (req) => {
      const { name } = req.params;
      const registered = ctx.programs?.get(name); // throws ProgramNotFoundError (400)
      const builtin = builtinPrograms.find(([d]) => d.name === name);
      if (registered === undefined || builtin === undefined)
        throw new ProgramNotFoundError(JSON.stringify(name));
      const entry = await sourcePathOf(builtin[1]);
      const root = dirname(entry);
      const recomputed = await codeHashOfSource(name, entry, root);
      return {
        name,
        hash: registered.codeHash,
        recomputedHash: recomputed,
        matches: recomputed.toLowerCase() === registered.codeHash.toLowerCase(),
        path: entry.slice(root.length + 1),
        source: (await readFile(entry, 'utf8')).replace(/\r\n/g, '\n'),
      };
    },
  );
}
