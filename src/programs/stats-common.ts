/**
 * What the column statistics programs (sum, mean, variance) share: the `column` parameter and
 * the concatenation of that column over every input dataset.
 *
 * @module
 */
import type { SecFxpVector } from '../mpc/secure/fxp.js';
import type { Session } from '../mpc/secure/session.js';
import { ProgramInputError } from './errors.js';
import type { InputSchema, ParamSpec, Params, SecureInput } from './types.js';

/** The `column` parameter: the name of the numeric column, the same in every input dataset. */
export const columnParam: ParamSpec = {
  type: 'string',
  description: 'The numeric column (integer or fixed) to aggregate, in every input dataset.',
  pattern: /[A-Za-z0-9_.-]{1,64}/,
};

/**
 * The input schema: one numeric column named by the `column` parameter.
 * @example
 * ```ts
 * columnSchema({ column: 'salary' }); // { salary: { kind: 'number' } }
 * ```
 */
export function columnSchema(params: Params): InputSchema {
  return { [String(params['column'])]: { kind: 'number' } };
}

/**
 * The column of every input, concatenated (public length: the total row count).
 * @throws {ProgramInputError} on every party alike if there are no rows at all (`needRows`).
 * @example
 * ```ts
 * const x = allValues(mpc, inputs, params, 'mean', true);
 * ```
 */
export function allValues(
  mpc: Session,
  inputs: readonly SecureInput[],
  params: Params,
  program: string,
  needRows: boolean,
): SecFxpVector {
  const total = inputs.reduce((n, i) => n + i.rows, 0);
  if (needRows && total === 0) {
    throw new ProgramInputError(`${program}: the input datasets have no rows.`, { program });
  }
  return mpc.concat(inputs.map((i) => i.number(String(params['column']))));
}
