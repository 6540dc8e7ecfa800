/**
 * The built-in `paygap` program, loaded from its bundle into the sandbox (source:
 * `./builtin/paygap.ts`, written against `parley/program`; see `./builtin-load.ts`).
 *
 * Disclosure control (`./disclosure.ts`): k = max(1, `minGroupSize`, default 3). A company (or
 * the whole) with fewer than k women has its mean of women withheld, fewer than k men its mean of
 * men, and fewer than k of either its gap, `defined` and (overall) `pass`: a company with one
 * woman no longer reveals her salary. The counts n_F, n_M stay secret.
 *
 * @module
 */
import { loadBuiltin } from './builtin-load.js';
import type { ProgramDefinition } from './types.js';
export { MAX_RATIO, PAYGAP_MAX_ROWS, SALARY_BITS } from './builtin/paygap.js';

/** The `paygap` program. */
export const paygap: ProgramDefinition = loadBuiltin('paygap');
