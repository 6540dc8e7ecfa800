/**
 * The program platform's routes (issue 9):
 * - POST /v1/programs: add a program. The body carries its source files; this node bundles them
 *   (src/programs/bundle.ts), computes the code hash over the bundle, test-loads it, publishes
 *   bundle and sources on chain and opens the approve-program proposal (its own vote counts).
 * - GET /v1/programs/published: every program published on chain that this node indexed, with
 *   its approval status and, for an approved one this node refuses, the reason.
 * - GET /v1/programs/:name/source: a program's published sources (by name or code hash), with
 *   the hash recomputed now from the bundle this node stores, compared with the approved one.
 *   For a node running compiled-in programs (tests), the built-in module's TypeScript source and
 *   its source hash, as before.
 *
 * @module
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Hex } from 'viem';
import { bundleProgram } from '../../../programs/bundle.js';
import { ProgramNotFoundError } from '../../../programs/errors.js';
import { bundleCodeHash, codeHashOfSource, sourcePathOf } from '../../../programs/hash.js';
import { builtinPrograms } from '../../../programs/registry.js';
import {
  buildProgram,
  MAX_FILES,
  MAX_SOURCE_BYTES,
  publishBundle,
} from '../../programs/publish.js';
import { NodeProgramRegistry } from '../../programs/registry.js';
import { getStoredProgram, listStoredPrograms, type StoredProgram } from '../../programs/store.js';
import type { Store } from '../../store/db.js';
import type { ApiContext } from '../context.js';
import { commonErrors, ledgerErrors, programRefSchema, type JsonSchema } from '../schemas.js';

export const programSourceSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'hash', 'recomputedHash', 'matches', 'path', 'source'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    hash: { type: 'string', description: 'The code hash the program is approved (and run) under.' },
    recomputedHash: {
      type: 'string',
      description:
        'The hash recomputed now from the bundle this node stores (source hash for compiled-in programs).',
    },
    matches: { type: 'boolean' },
    path: { type: 'string', description: 'The entry module, relative to the program directory.' },
    source: { type: 'string', description: "The entry module's source." },
    version: { type: 'string' },
    status: { type: 'string', enum: ['published', 'approved', 'revoked', 'built-in'] },
    proposalId: { type: ['string', 'null'], description: 'The proposal that published it.' },
    sources: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Every published source file, by path: what the bundle was built from.',
    },
    rebuiltHash: {
      type: ['string', 'null'],
      description:
        'With ?verify=true: the code hash of the bundle this node builds again from the published sources (equal to hash when they are what was approved).',
    },
  },
};

const publishedSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'version', 'hash', 'status', 'proposalId', 'loaded', 'refusal'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    hash: { type: 'string' },
    status: { type: 'string', enum: ['published', 'approved', 'revoked'] },
    proposalId: { type: 'string' },
    loaded: { type: 'boolean', description: 'Loaded on this node: jobs naming it run here.' },
    refusal: {
      type: ['string', 'null'],
      description: 'Why this node refuses an approved program (e.g. its bundle hash differs).',
    },
  },
};

const addBodySchema: JsonSchema = {
  type: 'object',
  required: ['entry', 'files'],
  additionalProperties: false,
  properties: {
    entry: {
      type: 'string',
      minLength: 1,
      maxLength: 300,
      description: "The program's entry file, a key of files (e.g. index.ts).",
    },
    files: {
      type: 'object',
      description: `The program's source files by relative path (at most ${MAX_FILES}, ${MAX_SOURCE_BYTES} bytes in all).`,
      additionalProperties: { type: 'string' },
      maxProperties: MAX_FILES,
      minProperties: 1,
    },
  },
};

const addedSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'version', 'hash', 'proposalId', 'executed', 'sources'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    hash: { type: 'string', description: 'The code hash over the bundle and the engine version.' },
    proposalId: { type: 'string' },
    executed: { type: 'boolean', description: "True if this node's vote alone approved it." },
    bundleBytes: { type: 'integer' },
    sources: { type: 'array', items: { type: 'string' }, description: 'The bundled files.' },
  },
};

/**
 * The code hash of the bundle `sources` give again (entry `entry`), or a line saying why they do
 * not build (then it cannot equal the approved hash).
 */
async function rebundle(sources: Readonly<Record<string, string>>, entry: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-verify-'));
  try {
    for (const [p, text] of Object.entries(sources)) {
      if (isAbsolute(p) || p.split(/[\\/]/).includes('..')) return `unsafe source path ${p}`;
      await mkdir(dirname(join(dir, p)), { recursive: true, mode: 0o700 });
      await writeFile(join(dir, p), text, { mode: 0o600 });
    }
    return bundleCodeHash((await bundleProgram(join(dir, entry))).bundle);
  } catch (err) {
    return `does not build: ${(err instanceof Error ? err.message : String(err)).split(dir).join('')}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The stored program a name (the latest published of that name) or code hash refers to. */
export function storedProgramByRef(store: Store, ref: string): StoredProgram | undefined {
  if (/^0x[0-9a-fA-F]{64}$/.test(ref)) return getStoredProgram(store, ref as Hex);
  const all = listStoredPrograms(store).filter((p) => p.name === ref);
  const approved = all.filter((p) => p.status === 'approved');
  return (approved.length > 0 ? approved : all).at(-1);
}

/**
 * Registers POST /v1/programs, GET /v1/programs/published and GET /v1/programs/:name/source.
 * @example
 * ```ts
 * programSourceRoutes(app, ctx);
 * ```
 */
export function programSourceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: { entry: string; files: Record<string, string> } }>(
    '/v1/programs',
    {
      bodyLimit: MAX_SOURCE_BYTES * 2 + 65_536,
      schema: {
        summary:
          'Add a program: bundle its files, compute its code hash, publish it and open the approve-program proposal.',
        description:
          'This node bundles the files into the exact script every node runs, hashes it with the engine version, test-loads it (nothing runs with data), then publishes the bundle and the sources on chain with the approve-program proposal; its own vote counts at once. After the vote passes every node loads it, with no restart. Refusals: 400 ERR_PROGRAM_PUBLISH (the files do not bundle or load; the file is named), 409 ERR_LEDGER_REVERT ProgramAlreadyApproved.',
        tags: ['governance'],
        body: addBodySchema,
        response: { 201: addedSchema, ...ledgerErrors, ...commonErrors },
      },
    },
    async (req, reply) => {
      const ledger = ctx.ledger();
      const programs = ctx.programs;
      if (!(programs instanceof NodeProgramRegistry)) {
        throw new ProgramNotFoundError('loader: this node runs compiled-in programs only');
      }
      const built = await buildProgram(req.body.files, req.body.entry, programs.loader);
      const { proposalId, executed } = await publishBundle(ledger, built);
      return await reply.code(201).send({
        name: built.name,
        version: built.version,
        hash: built.hash,
        proposalId: proposalId.toString(),
        executed,
        bundleBytes: built.bundle.byteLength,
        sources: Object.keys(built.sources),
      });
    },
  );

  app.get(
    '/v1/programs/published',
    {
      schema: {
        summary: 'Programs published on chain, as this node indexed them, with their status.',
        tags: ['jobs'],
        response: {
          200: {
            type: 'object',
            required: ['programs'],
            additionalProperties: false,
            properties: { programs: { type: 'array', items: publishedSchema } },
          },
          ...commonErrors,
        },
      },
    },
    () => {
      const reg = ctx.programs;
      return Promise.resolve({
        programs: listStoredPrograms(ctx.store).map((p) => ({
          name: p.name,
          version: p.version,
          hash: p.hash,
          status: p.status,
          proposalId: p.proposalId,
          loaded: reg?.has(p.hash) ?? false,
          refusal:
            reg instanceof NodeProgramRegistry ? (reg.refusal(p.hash)?.message ?? null) : null,
        })),
      });
    },
  );

  app.get<{ Params: { name: string }; Querystring: { verify?: 'true' | 'false' } }>(
    '/v1/programs/:name/source',
    {
      schema: {
        summary:
          "A program's published sources and its code hash, recomputed from the bundle this node stores.",
        tags: ['jobs'],
        params: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: programRefSchema },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            verify: {
              type: 'string',
              enum: ['true', 'false'],
              description: 'Build the published sources again and give the hash (rebuiltHash).',
            },
          },
        },
        response: { 200: programSourceSchema, ...commonErrors },
      },
    },
    async (req) => {
      const { name } = req.params;
      const stored = storedProgramByRef(ctx.store, name);
      if (stored !== undefined) {
        const recomputed = bundleCodeHash(stored.bundle);
        const paths = Object.keys(stored.sources);
        // The entry: a top-level index file, else the one file with the default export (the
        // program), else the first path; sources are sorted by path, so an import may come first.
        const defaults = paths.filter((p) => /\bexport\s+default\b/.test(stored.sources[p] ?? ''));
        const entry =
          paths.find((p) => /(^|\/)index\.m?[tj]s$/.test(p) && !p.includes('/')) ??
          (defaults.length === 1 ? defaults[0] : undefined) ??
          paths[0] ??
          '';
        let rebuiltHash: string | null = null;
        if (req.query.verify === 'true') {
          const again = await rebundle(stored.sources, entry);
          rebuiltHash = again;
        }
        return {
          name: stored.name,
          hash: stored.hash,
          recomputedHash: recomputed,
          matches: recomputed === stored.hash.toLowerCase(),
          path: entry,
          source: stored.sources[entry] ?? '',
          version: stored.version,
          status: stored.status,
          proposalId: stored.proposalId,
          sources: { ...stored.sources },
          rebuiltHash,
        };
      }
      // Compiled-in programs (a node started with in-process programs).
      const registered = /^0x/.test(name)
        ? ctx.programs?.byCodeHash(name as Hex)
        : ctx.programs?.get(name);
      const builtin = builtinPrograms.find(([d]) => d.name === registered?.definition.name);
      if (registered === undefined || builtin === undefined)
        throw new ProgramNotFoundError(JSON.stringify(name));
      const file = await sourcePathOf(builtin[1]);
      const root = dirname(file);
      const recomputed = await codeHashOfSource(registered.definition.name, file, root);
      const source = (await readFile(file, 'utf8')).replace(/\r\n/g, '\n');
      const path = file.slice(root.length + 1);
      return {
        name: registered.definition.name,
        hash: registered.codeHash,
        recomputedHash: recomputed,
        matches: recomputed.toLowerCase() === registered.codeHash.toLowerCase(),
        path,
        source,
        version: registered.definition.version,
        status: 'built-in',
        proposalId: null,
        sources: { [path]: source },
        rebuiltHash: null,
      };
    },
  );
}
