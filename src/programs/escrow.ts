/**
 * The built-in `escrow` and `escrow-sum` programs, loaded from their bundles into the sandbox
 * (sources: `./builtin/escrow.ts` and `./builtin/escrow-sum.ts`, written against
 * `parley/program`; see `./builtin-load.ts`).
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';
export { ESCROW_MAX_ROWS } from './builtin/escrow.js';

/** The `escrow` program. */
export const escrow: ProgramDefinition = loadBuiltin('escrow');

/** The `escrow-sum` program. */
export const escrowSum: ProgramDefinition = loadBuiltin('escrow-sum');
