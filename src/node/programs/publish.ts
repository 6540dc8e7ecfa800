/**
 * Publishing a program: from its source files to an open approve-program proposal.
 *
 * {@link buildProgram} writes the files a client sent (paths relative to the program's
 * directory, checked: no absolute path, no `..`, at most {@link MAX_FILES} files and
 * {@link MAX_SOURCE_BYTES} in all) into a fresh private temporary directory, bundles them with
 * `bundleProgram` (src/programs/bundle.ts: the exact artifact nodes run), computes the code hash
 * over the bundle (`bundleCodeHash`), and loads the bundle once with the engine's loader to
 * check that it is a program and to read its name, version and declarations. Nothing is run
 * with data. {@link publishBundle} then opens the proposal with the bundle and sources on chain
 * (the Consortium's `ProgramPublished` event); the proposer's vote counts at once.
 *
 * @module
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { bytesToHex, stringToHex, type Hex } from 'viem';
import { proposeApproveProgram } from '../../ledger/actions/proposeApproveProgram.js';
import type { LedgerClient } from '../../ledger/client.js';
import { bundleProgram } from '../../programs/bundle.js';
import { ProgramPublishError } from '../../programs/errors.js';
import { bundleCodeHash } from '../../programs/hash.js';
import type { ProgramDefinition } from '../../programs/types.js';
import type { BundleLoader } from './registry.js';

/** Most files a program may have. */
export const MAX_FILES = 200;
/** Most bytes of source in all (the bundle goes on chain in calldata and an event). */
export const MAX_SOURCE_BYTES: number = 512 * 1024;

/** A built program: the bundle nodes run, its sources, code hash and loaded definition. */
export interface BuiltProgram {
  readonly name: string;
  readonly version: string;
  readonly hash: Hex;
  readonly bundle: Uint8Array;
  readonly sources: Readonly<Record<string, string>>;
  readonly definition: ProgramDefinition;
}

/** Checks a client's relative path; returns it normalized with `/`. */
function safePath(path: string): string {
  const n = normalize(path).split(sep).join('/');
  if (
    path === '' ||
    isAbsolute(path) ||
    /^[a-zA-Z]:/.test(path) ||
    n.startsWith('../') ||
    n === '..' ||
    n.includes('\0') ||
    !/\.(m?[tj]s|json)$/.test(n)
  ) {
    throw new ProgramPublishError(
      `Program file ${JSON.stringify(path)}: expected a relative path inside the program's directory ending in .ts, .mts, .js, .mjs or .json.`,
      { path },
    );
  }
  return n;
}

/**
 * Bundles, hashes and test-loads the program made of `files` with entry `entry` (module doc).
 * @throws {ProgramPublishError} naming the file and the reason.
 * @example
 * ```ts
 * const built = await buildProgram({ 'index.ts': src }, 'index.ts', loadProgram);
 * built.hash; // what the consortium approves
 * ```
 */
export async function buildProgram(
  files: Readonly<Record<string, string>>,
  entry: string,
  load: BundleLoader,
): Promise<BuiltProgram> {
  const paths = Object.keys(files);
  if (paths.length === 0 || paths.length > MAX_FILES) {
    throw new ProgramPublishError(`A program needs 1 to ${MAX_FILES} files; got ${paths.length}.`, {
      field: 'files',
    });
  }
  const total = Object.values(files).reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  if (total > MAX_SOURCE_BYTES) {
    throw new ProgramPublishError(
      `The program's files hold ${total} bytes; at most ${MAX_SOURCE_BYTES} are accepted.`,
      { field: 'files' },
    );
  }
  const entryPath = safePath(entry);
  if (!Object.keys(files).some((p) => safePath(p) === entryPath)) {
    throw new ProgramPublishError(`The entry file ${entry} is not among the program's files.`, {
      field: 'entry',
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'parley-program-'));
  try {
    for (const [p, text] of Object.entries(files)) {
      const target = join(dir, safePath(p));
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await writeFile(target, text, { mode: 0o600 });
    }
    // Messages name files relative to the program's directory, not the temporary one.
    const clean = (m: string): string =>
      m
        .split(dir + sep)
        .join('')
        .replace(/[^\s'"]*parley-program-[A-Za-z0-9]+[\\/]/g, '');
    return await buildProgramAt(join(dir, entryPath), load, clean);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Bundles, hashes and test-loads the program at `entry` (a file, or a directory with an index
 * file) on this machine: what the launcher does for the built-in programs.
 * @throws {ProgramPublishError} naming the file and the reason.
 * @example
 * ```ts
 * const built = await buildProgramAt('examples/programs/weighted-sum.ts', loadProgram);
 * ```
 */
export async function buildProgramAt(
  entry: string,
  load: BundleLoader,
  clean: (message: string) => string = (m) => m,
): Promise<BuiltProgram> {
  let built: { bundle: Uint8Array; sources: Record<string, string> };
  try {
    built = await bundleProgram(entry);
  } catch (err) {
    throw new ProgramPublishError(clean(err instanceof Error ? err.message : String(err)), {
      path: clean(entry),
    });
  }
  let definition: ProgramDefinition;
  try {
    definition = load(built.bundle);
  } catch (err) {
    throw new ProgramPublishError(
      clean(
        `Program ${entry}: its bundle does not load as a program: ${err instanceof Error ? err.message : String(err)}`,
      ),
      { path: clean(entry) },
    );
  }
  return {
    name: definition.name,
    version: definition.version,
    hash: bundleCodeHash(built.bundle),
    bundle: built.bundle,
    sources: built.sources,
    definition,
  };
}

/**
 * Opens the approve-program proposal for a built program, publishing its bundle and sources.
 * @example
 * ```ts
 * const { proposalId, executed } = await publishBundle(ledger, built);
 * ```
 */
export async function publishBundle(
  ledger: LedgerClient,
  p: {
    readonly hash: Hex;
    readonly name: string;
    readonly version: string;
    readonly bundle: Uint8Array;
    readonly sources: Readonly<Record<string, string>>;
  },
): Promise<{ proposalId: bigint; executed: boolean }> {
  return await proposeApproveProgram(ledger, {
    programHash: p.hash,
    name: p.name,
    version: p.version,
    bundle: bytesToHex(p.bundle),
    sources: stringToHex(JSON.stringify(p.sources)),
  });
}
