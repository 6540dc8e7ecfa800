/**
 * The engine's program loader, as the node uses it: the QuickJS sandbox's `loadProgram`
 * (src/programs/sandbox/load.ts), which evaluates a verified bundle in an isolated runtime and
 * returns a {@link ProgramDefinition} whose body runs there, one fresh sandbox per job.
 *
 * @module
 */
import { loadProgram } from '../../programs/sandbox/load.js';
import type { ProgramDefinition } from '../../programs/types.js';
import type { BundleLoader } from './registry.js';

/**
 * The bundle loader of this build.
 * @example
 * ```ts
 * const programs = new NodeProgramRegistry(store, engineLoader());
 * ```
 */
export function engineLoader(): BundleLoader {
  return (bundle: Uint8Array): ProgramDefinition => loadProgram(bundle);
}
