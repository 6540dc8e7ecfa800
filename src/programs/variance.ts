/**
 * The built-in `variance` program, loaded from its bundle into the sandbox (source:
 * `./builtin/variance.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';

/** The `variance` program. */
export const variance: ProgramDefinition = loadBuiltin('variance');
