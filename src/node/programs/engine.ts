/**
 * The engine's program loader, as the node uses it: the QuickJS sandbox's `loadProgram`
 * (src/programs/sandbox/, helper "sandbox" of issue 9), which evaluates a verified bundle in an
 * isolated runtime and returns a {@link ProgramDefinition} whose body runs there.
 *
 * The sandbox module is resolved when the node starts, not at compile time, so that this module
 * builds on a branch where the sandbox is not merged yet; a node without it starts, serves its
 * API, indexes published programs, and refuses to load any of them with a clear reason
 * (ERR_PROGRAM_NOT_FOUND naming the program and "no program sandbox in this build").
 *
 * @module
 */
import type { ProgramDefinition } from '../../programs/types.js';
import type { BundleLoader } from './registry.js';

/** Where the sandbox's `loadProgram(bundle: Uint8Array)` is exported from. */
export const SANDBOX_MODULE = '../../programs/sandbox/load.js';

/**
 * The bundle loader of this build: the sandbox's `loadProgram`, or a loader that refuses every
 * bundle with the reason when the sandbox is not part of the build.
 * @example
 * ```ts
 * const programs = new NodeProgramRegistry(store, await engineLoader());
 * ```
 */
export async function engineLoader(): Promise<BundleLoader> {
  let mod: { loadProgram?: unknown };
  try {
    mod = (await import(SANDBOX_MODULE)) as { loadProgram?: unknown };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return () => {
      throw new Error(`no program sandbox in this build (${reason})`);
    };
  }
  const load = mod.loadProgram;
  if (typeof load !== 'function') {
    return () => {
      throw new Error('no program sandbox in this build (the sandbox exports no loadProgram)');
    };
  }
  return (bundle: Uint8Array): ProgramDefinition => (load as BundleLoader)(bundle);
}
