/**
 * The built-in programs as the launcher publishes them: each one is a program directory or file
 * under {@link BUILTIN_PROGRAMS_DIR} (the bundled-source form of sum, mean, variance, stddev and
 * paygap), built with the same `bundleProgram` as any program a consortium adds, and approved by
 * the same governance vote. Nothing about them is compiled into a node: a node runs a built-in
 * only because its bundle was approved on chain.
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** Where `npm run build` writes the built-in bundles (`dist/programs/builtin/<name>.js`). */
const BUILTIN_BUNDLES_DIR: URL = new URL(
  import.meta.url.includes('/dist/src/')
    ? '../../../programs/builtin/'
    : '../../../dist/programs/builtin/',
  import.meta.url,
);

/**
 * Builds every built-in program (one per entry of {@link BUILTIN_PROGRAMS_DIR}: a `.ts` file or
 * a directory with an index file), in name order.
 * @throws {ProgramPublishError} if one does not build or load; an Error if the directory is missing.
 * @example
 * ```ts
 * for (const p of await buildBuiltinPrograms(await engineLoader())) await publishBundle(ledger, p);
 * ```
 */
export async function buildBuiltinPrograms(load: BundleLoader): Promise<BuiltProgram[]> {
  let entries: string[];
  try {
    entries = (await readdir(BUILTIN_PROGRAMS_DIR, { withFileTypes: true }))
      .filter((e) => e.isDirectory() || /\.m?ts$/.test(e.name))
      .filter((e) => !e.name.endsWith('.d.ts') && !e.name.startsWith('_'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    throw new Error(
      `no built-in program sources at ${BUILTIN_PROGRAMS_DIR} (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const out: BuiltProgram[] = [];
  for (const e of entries) {
    let built: BuiltProgram;
    try {
      built = await buildProgramAt(join(BUILTIN_PROGRAMS_DIR, e), load);
    } catch (err) {
      // A module the programs share (helpers, labels) is not a program of its own.
      if (err instanceof Error && /no default export/.test(err.message)) continue;
      throw err;
    }
    // The build bundles the built-ins into dist/programs/builtin/ too: the same bytes.
    const prebuilt = await readFile(new URL(`${built.name}.js`, BUILTIN_BUNDLES_DIR)).catch(
      () => undefined,
    );
    if (prebuilt !== undefined && !Buffer.from(prebuilt).equals(Buffer.from(built.bundle))) {
      throw new Error(
        `built-in program ${built.name}: the bundle in dist/programs/builtin differs from the one its sources give now; run npm run build`,
      );
    }
    out.push(built);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
