/**
 * The built-in `mean` program, loaded from its bundle into the sandbox (source:
 * `./builtin/mean.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';
export { MEAN_MAX_ROWS } from './builtin/mean.js';

/** The `mean` program. */
export const mean: ProgramDefinition = loadBuiltin('mean');
