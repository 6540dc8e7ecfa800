/**
 * The built-in programs as bundles: `npm run build` bundles each `builtin/<name>.ts` with
 * `bundleProgram` into `dist/programs/builtin/<name>.js` (`scripts/build-programs.ts`), and a
 * node loads those bytes into the sandbox like any other program (`./sandbox/load.ts`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadProgram, type LoadedProgram } from './sandbox/load.js';

/** The built-in programs, by name. */
export const BUILTIN_PROGRAMS = [
  'sum',
  'mean',
  'variance',
  'stddev',
  'paygap',
  'auction',
  'tally',
  'escrow',
  'escrow-sum',
] as const;

/** Where the build writes the bundle of built-in `name` (from dist/src/programs/). */
export function builtinBundleUrl(name: string): URL {
  return new URL(`../../programs/builtin/${name}.js`, import.meta.url);
}

/** The source file of built-in `name` (from dist/src/programs/, the .ts beside the build). */
export function builtinSourceUrl(name: string): URL {
  return new URL(`./builtin/${name}.js`, import.meta.url);
}

/**
 * Loads built-in `name` from its bundle.
 * @throws {Error} naming the missing file if the bundles were not built.
 * @example
 * ```ts
 * const paygap = loadBuiltin('paygap');
 * ```
 */
export function loadBuiltin(name: (typeof BUILTIN_PROGRAMS)[number]): LoadedProgram {
  const url = builtinBundleUrl(name);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(url);
  } catch {
    throw new Error(
      `built-in program ${name}: no bundle at ${fileURLToPath(url)}; run npm run build (it bundles the built-in programs).`,
    );
  }
  return loadProgram(bytes);
}
