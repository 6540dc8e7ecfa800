/**
 * The built-in programs as the launcher publishes them: each one is a program file
 * `<name>.ts` under {@link BUILTIN_PROGRAMS_DIR} (sum, mean, variance, stddev, paygap, auction,
 * tally, escrow, escrow-sum; see src/programs/builtin-load.ts), built with the same `bundleProgram` as any program a consortium adds, and approved by
 * the same governance vote. Nothing about them is compiled into a node: a node runs a built-in
 * only because its bundle was approved on chain.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PROGRAMS, builtinBundleUrl } from '../../programs/builtin-load.js';
import { buildProgramAt, type BuiltProgram } from './publish.js';
import type { BundleLoader } from './registry.js';

/**
 * Where the built-in programs' sources lie: `src/programs/builtin/` of the checkout (found from
 * this module, compiled into `dist/src/node/programs/` or run from `src/node/programs/`).
 */
export const BUILTIN_PROGRAMS_DIR: string = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/src/')
      ? '../../../../src/programs/builtin/'
      : '../../programs/builtin/',
    import.meta.url,
  ),
);

/**
 * Builds every built-in program, in name order, checking the bundle against the one the build
 * wrote to dist/programs/builtin/ when it is there.
 * @throws {ProgramPublishError} if one does not build or load; an Error if the bytes differ.
 * @example
 * ```ts
 * for (const p of await buildBuiltinPrograms(await engineLoader())) await publishBundle(ledger, p);
 * ```
 */
export async function buildBuiltinPrograms(load: BundleLoader): Promise<BuiltProgram[]> {
  const out: BuiltProgram[] = [];
  for (const name of BUILTIN_PROGRAMS) {
    const built = await buildProgramAt(join(BUILTIN_PROGRAMS_DIR, `${name}.ts`), load);
    if (built.name !== name) {
      throw new Error(`built-in program ${name}: its bundle defines a program named ${built.name}`);
    }
    // The build bundles the built-ins into dist/programs/builtin/ too: the same bytes.
    const prebuilt = await readFile(builtinBundleUrl(name)).catch(() => undefined);
    if (prebuilt !== undefined && !Buffer.from(prebuilt).equals(Buffer.from(built.bundle))) {
      throw new Error(
        `built-in program ${name}: the bundle in dist/programs/builtin differs from the one its sources give now; run npm run build`,
      );
    }
    out.push(built);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
