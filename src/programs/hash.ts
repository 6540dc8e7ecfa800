/**
 * The code hash of a program: what the consortium approves on chain and what a node checks before
 * it loads a program and before every job it runs.
 *
 * Definition (since issue 9): {@link bundleCodeHash}, the SHA-256 of
 * `"parley-program/2\n" + ENGINE_VERSION + "\n" + byteLength + "\n"` followed by the bundle's
 * bytes, as a 0x-prefixed 32-byte hex (a `bytes32` on chain). The bundle is the exact artifact a
 * node runs (`./bundle.ts`: a deterministic IIFE that sets `globalThis.__parleyProgram`), so one
 * byte changed in it changes the hash; {@link ENGINE_VERSION} names the engine and the program
 * ABI the bundle is written against (Parley's version and {@link PROGRAM_ABI_VERSION}), so the
 * same bundle approved for one engine is a different program on an engine whose program API
 * changed. SHA-256 (FIPS 180-4) rather than keccak256: nodes recompute it on every load from
 * stored bytes, and any auditor can recompute it with `sha256sum` over the same preimage.
 *
 * The older source hash below ({@link codeHashOfSource}, keccak256 over the `.ts` sources of a
 * compiled-in program) remains for programs the node's tests register in-process; nodes run only
 * bundles under their bundle hash.
 *
 * Source hash (in-process programs).  keccak256 of the UTF-8 of
 * `"parley-program/1\n" + name + "\n"` followed by, for every source file of the program in
 * path order, `path + "\n" + byteLength + "\n" + content`, where the files are the program's
 * module and every module it imports, transitively, by a relative path that stays inside
 * `src/programs/` (the program framework it is written against: `types.ts`, `run.ts`, ...).
 * `path` is relative to `src/programs/` with `/` separators, `content` is the TypeScript source
 * with CRLF turned into LF.
 *
 * Why the `.ts` source and not the compiled `.js`: the same commit must give the same hash on a
 * developer's machine and in CI, whatever TypeScript version or emit options built `dist/`, and
 * the source is what an auditor reads. Line endings are normalized because git may check a file
 * out with CRLF on Windows. The MPC engine (`src/mpc/`) is not part of the hash: it is the
 * platform, versioned with the node; the hash pins the program's own logic. keccak256 (not
 * SHA-256) because the hash is a `bytes32` on chain, where every other hash is keccak256.
 *
 * Locating the source from a module URL: a `.ts` URL is read directly; for a compiled `.js`
 * module the `.ts` is found through the source map tsc writes next to it (`sources[0]`), or, when
 * there is no map (running from source), as the `.ts` file of the same name.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { bytesToHex, keccak256, stringToBytes, type Hex } from 'viem';
import { ProgramNotFoundError } from './errors.js';

/**
 * The `.ts` source of the module at `moduleUrl` (see the module doc).
 * @throws {ProgramNotFoundError} if it cannot be found.
 * @example
 * ```ts
 * await sourcePathOf(new URL('./paygap.js', import.meta.url)); // '/…/src/programs/paygap.ts'
 * ```
 */
export async function sourcePathOf(moduleUrl: string | URL): Promise<string> {
  const file = fileURLToPath(moduleUrl);
  if (file.endsWith('.ts')) return file;
  if (!file.endsWith('.js')) throw new ProgramNotFoundError(`source for ${file}`);
  let map: unknown;
  try {
    map = JSON.parse(await readFile(file + '.map', 'utf8'));
  } catch {
    // Run from source (e.g. a TypeScript loader): the .ts sits where the .js would be.
    const ts = file.slice(0, -3) + '.ts';
    if (
      await readFile(ts).then(
        () => true,
        () => false,
      )
    )
      return ts;
    throw new ProgramNotFoundError(`source map for ${file} (build with sourceMap: true)`);
  }
  const sources = (map as { sources?: unknown }).sources;
  const first: unknown = Array.isArray(sources) ? sources[0] : undefined;
  if (typeof first !== 'string' || !first.endsWith('.ts')) {
    throw new ProgramNotFoundError(`TypeScript source in the source map of ${file}`);
  }
  return resolve(dirname(file), first);
}

const IMPORT_RE = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g;

/** The relative imports of a source text that resolve inside `root`, as `.ts` paths. */
function localImports(text: string, file: string, root: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const target = resolve(dirname(file), m[1]! + '.ts');
    const rel = relative(root, target);
    if (!rel.startsWith('..') && !rel.startsWith(sep)) out.push(target);
  }
  return out;
}

/**
 * The code hash (module doc) of the program named `name` whose module is the `.ts` file `entry`,
 * with `root` the `src/programs` directory.
 * @example
 * ```ts
 * await codeHashOfSource('sum', '/repo/src/programs/sum.ts', '/repo/src/programs');
 * ```
 */
export async function codeHashOfSource(name: string, entry: string, root: string): Promise<Hex> {
  const files = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    let text: string;
    try {
      text = (await readFile(file, 'utf8')).replace(/\r\n/g, '\n');
    } catch {
      throw new ProgramNotFoundError(`source ${file}`);
    }
    files.set(file, text);
    queue.push(...localImports(text, file, root));
  }
  const parts = [...files.entries()]
    .map(([file, text]) => [relative(root, file).split(sep).join('/'), text] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, text]) => `${path}\n${stringToBytes(text).length}\n${text}`);
  return keccak256(stringToBytes(`parley-program/1\n${name}\n${parts.join('')}`));
}

/**
 * The code hash of program `name` defined in the module at `moduleUrl` (pass the module's own
 * `import.meta.url`, or the URL of its compiled `.js` file).
 * @throws {ProgramNotFoundError} if the source cannot be found or read.
 * @example
 * ```ts
 * const hash = await programCodeHash('paygap', new URL('./paygap.js', import.meta.url));
 * ```
 */
export async function programCodeHash(name: string, moduleUrl: string | URL): Promise<Hex> {
  const entry = await sourcePathOf(moduleUrl);
  return codeHashOfSource(name, entry, dirname(entry));
}

/**
 * The version of the program ABI: what a bundle may expect from the engine that loads it (the
 * `parley/program` API, the shape of `globalThis.__parleyProgram`). Raise it when that changes.
 */
export const PROGRAM_ABI_VERSION = 1;

/**
 * The engine a bundle hash is bound to: Parley's package version and the program ABI version.
 * A test checks the package version against package.json.
 */
export const ENGINE_VERSION: string = `parley/0.1.0;program-abi/${PROGRAM_ABI_VERSION}`;

/**
 * The code hash of a program bundle (module doc): SHA-256 over a domain tag, `engine`, the
 * bundle's length and its bytes.
 * @example
 * ```ts
 * const { bundle } = await bundleProgram('./weighted-sum.ts');
 * bundleCodeHash(bundle); // '0x3f…' (64 hex digits)
 * ```
 */
export function bundleCodeHash(bundle: Uint8Array, engine: string = ENGINE_VERSION): Hex {
  const h = createHash('sha256');
  h.update(`parley-program/2\n${engine}\n${bundle.byteLength}\n`, 'utf8');
  h.update(bundle);
  return bytesToHex(h.digest());
}
