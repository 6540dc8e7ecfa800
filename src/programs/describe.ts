/**
 * Public descriptions of a program for people: the labels of its output rows (so a result reads
 * as a table: company, group, overall) and its limits in words (for `parley programs show`).
 * Nothing here touches data.
 *
 * @module
 */
import {
  acceptedTypes,
  describeBounds,
  describeIntegerBounds,
  formatLimit,
  fxpLimit,
  integerBounds,
  limitsOf,
  numberBounds,
  orList,
} from './limits.js';
import { programField, type LabelShape, type Params, type ProgramDefinition } from './types.js';

export { inputLabels, overallOnly, perInputThenOverall } from './builtin/labels.js';

/**
 * The row labels of output `name` for `length` elements (the spec's labels when they fit,
 * else `overall` for one element and 1..length otherwise).
 * @example
 * ```ts
 * outputLabels(paygap, 'gapPercent', { owners: ['acme', 'globex'], params }, 3); // ['acme', 'globex', 'overall']
 * ```
 */
export function outputLabels(
  program: ProgramDefinition,
  name: string,
  shape: LabelShape,
  length: number,
): string[] {
  const spec = program.outputs[name];
  const labels = spec?.labels?.of(shape);
  if (labels !== undefined && labels.length === length) return [...labels];
  if (length === 1) return ['overall'];
  return Array.from({ length }, (_, i) => String(i + 1));
}

/**
 * The program's limits for `params` in words, one line each.
 * @example
 * ```ts
 * describeLimits(paygap, validateParams(paygap, {}));
 * // ['rows: at least 1 per input; at most 65536 in all', 'salary: integer or fixed, at least 0 and at most 16777215', ...]
 * ```
 */
export function describeLimits(program: ProgramDefinition, params: Params): string[] {
  const l = limitsOf(program, params);
  const rows: string[] = [];
  const range = (r: { min?: number; max?: number } | undefined, where: string): void => {
    if (r?.min !== undefined) rows.push(`at least ${r.min} ${where}`);
    if (r?.max !== undefined) rows.push(`at most ${r.max} ${where}`);
  };
  range(l.rowsPerInput, 'per input');
  range(l.rows, 'in all');
  const { min, max } = program.inputCount ?? { min: 1, max: 64 };
  const out = [
    `inputs: ${min}..${max} datasets`,
    `rows: ${rows.length === 0 ? 'any' : rows.join('; ')}`,
  ];
  const schema = program.input(params);
  for (const name of Object.keys(schema).sort()) {
    const req = schema[name]!;
    const types = orList(acceptedTypes(req));
    if (req.kind === 'integer') {
      const b = integerBounds(req);
      out.push(
        `${name}: ${types}, exact stored integers from ${b.min} to ${b.max} (for decimal(2), in cents: ${describeIntegerBounds(b, { type: 'decimal', scale: 2 }, '')})`,
      );
    } else if (req.kind === 'number') {
      const sum = l.absSum?.[name];
      out.push(
        `${name}: ${types}, ${describeBounds(numberBounds(req, fxpLimit(program)), '')} (in the column's units)${sum === undefined ? '' : `; the sum of |${name}| below ${formatLimit(sum)}`}`,
      );
    } else {
      out.push(
        `${name}: ${types} with the labels ${req.labels.map((x) => JSON.stringify(x)).join(', ')}`,
      );
    }
  }
  out.push(`field: ${programField(program).name}`);
  return out;
}
