/**
 * The limits a program declares, and the checks that apply them: at proposal, against the
 * catalog's public metadata (dataset, columns and their types, declared min/max, row counts), and
 * on each owner's node, against the plaintext, before any share leaves it (`./run.ts`). Both use
 * the same bounds ({@link numberBounds}, {@link checkRowCounts}), so a job the proposer's node
 * accepts fails at an owner only when the data breaks what the catalog declares.
 *
 * Messages name the dataset, the column and the limit in the column's own units ("salary must be
 * below 16777216 kEUR"), never an internal type name; and never a value of the data: the catalog
 * metadata is public, the owner's check names the row only in its local message (see
 * {@link ProgramInputError}'s `details.public`).
 *
 * @module
 */
import { fxpFormat } from '../mpc/protocols/fixed.js';
import { ProgramInputError } from './errors.js';
import {
  programField,
  type ColumnData,
  type ColumnRequirement,
  type Params,
  type ProgramDefinition,
  type ProgramLimits,
} from './types.js';

/**
 * |x| < 2^24 for p127's `secfxp()` (k = 41, f = 16), in the column's units: the bound of a
 * `number` requirement (programs that take exact integers use {@link integerBounds} instead).
 */
export const FXP_LIMIT: number = 2 ** 24;

/** Inclusive or exclusive bounds of a numeric column, in the column's units. */
export interface NumberBounds {
  readonly min: number;
  readonly minOpen: boolean;
  readonly max: number;
  readonly maxOpen: boolean;
}

/**
 * The values a `number` column may hold for a program: its declared `min`/`max` (inclusive)
 * within the range of the secure fixed-point type of its field, |x| < `limit` (exclusive;
 * {@link FXP_LIMIT} = 2^24 in p127, 2^63 in p255: see {@link fxpLimit}).
 * @example
 * ```ts
 * numberBounds({ kind: 'number', min: 0 }); // { min: 0, minOpen: false, max: 16777216, maxOpen: true }
 * ```
 */
export function numberBounds(
  req: ColumnRequirement & { kind: 'number' },
  limit: number = FXP_LIMIT,
): NumberBounds {
  const lo = req.min ?? -Infinity;
  const hi = req.max ?? Infinity;
  return {
    min: lo > -limit ? lo : -limit,
    minOpen: !(lo > -limit),
    max: hi < limit ? hi : limit,
    maxOpen: !(hi < limit),
  };
}

/**
 * |x| < 2^(k − f − 1) for the default fixed point of `program`'s field: 2^24 in p127,
 * 2^63 in p255 (fxp(96, 32)).
 * @example
 * ```ts
 * fxpLimit(paygap); // 2 ** 63
 * ```
 */
export function fxpLimit(program: ProgramDefinition): number {
  const { k, f } = fxpFormat({}, programField(program));
  return 2 ** (k - f - 1);
}

/** Inclusive bounds of an `integer` requirement, in stored units (cents for `decimal(2)`). */
export interface IntegerBounds {
  readonly min: bigint;
  readonly max: bigint;
}

/**
 * The stored integers an `integer` requirement accepts: [-2^(bits-1), 2^(bits-1) − 1] (what
 * `secint(bits)` holds) within its declared `min`/`max`. Every party derives the same bounds
 * from the program's source: they are public.
 * @example
 * ```ts
 * integerBounds({ kind: 'integer', bits: 32, min: 0n }); // { min: 0n, max: 2147483647n }
 * ```
 */
export function integerBounds(req: ColumnRequirement & { kind: 'integer' }): IntegerBounds {
  const lim = 1n << BigInt(req.bits - 1);
  const lo = req.min !== undefined && req.min > -lim ? req.min : -lim;
  const hi = req.max !== undefined && req.max < lim - 1n ? req.max : lim - 1n;
  return { min: lo, max: hi };
}

/** How a column's stored integers map to its units: v / 10^scale, v / 2^fractionBits, or v. */
export interface StoredScale {
  readonly type: string;
  readonly scale?: number;
  readonly fractionBits?: number;
}

/**
 * The stored-units scale of a column of the store.
 * @example
 * ```ts
 * scaleOf({ type: 'decimal', scale: 2, values: [] }); // { type: 'decimal', scale: 2 }
 * ```
 */
export function scaleOf(col: ColumnData): StoredScale {
  if (col.type === 'decimal') return { type: col.type, scale: col.scale };
  if (col.type === 'fixed') return { type: col.type, fractionBits: col.fractionBits };
  return { type: col.type };
}

/**
 * Stored integer `v` in the column's units, exactly for decimals ("21474836.47") and integers,
 * to 10 significant digits for fixed point.
 * @example
 * ```ts
 * storedText(2147483647n, { type: 'decimal', scale: 2 }); // '21474836.47'
 * ```
 */
export function storedText(v: bigint, s: StoredScale): string {
  if (s.type === 'decimal' && s.scale !== undefined && s.scale > 0) {
    const neg = v < 0n;
    const a = (neg ? -v : v).toString().padStart(s.scale + 1, '0');
    return `${neg ? '-' : ''}${a.slice(0, -s.scale)}.${a.slice(-s.scale)}`;
  }
  if (s.type === 'fixed') return formatLimit(Number(v) / 2 ** (s.fractionBits ?? 32));
  return v.toString();
}

/**
 * A column value in its units (a catalog's declared min/max) as a stored integer (rounded).
 * @example
 * ```ts
 * toStored(21474836.47, { type: 'decimal', scale: 2 }); // 2147483647
 * ```
 */
export function toStored(x: number, s: StoredScale): number {
  if (s.type === 'decimal') return Math.round(x * 10 ** (s.scale ?? 0));
  if (s.type === 'fixed') return Math.round(x * 2 ** (s.fractionBits ?? 32));
  return x;
}

/**
 * The bounds of an `integer` requirement as a phrase in the column's units:
 * "at least 0 EUR and at most 21474836.47 EUR".
 * @example
 * ```ts
 * describeIntegerBounds({ min: 0n, max: 2147483647n }, { type: 'decimal', scale: 2 }, 'EUR');
 * ```
 */
export function describeIntegerBounds(b: IntegerBounds, s: StoredScale, unit: string): string {
  const u = unit === '' ? '' : ` ${unit}`;
  return `at least ${storedText(b.min, s)}${u} and at most ${storedText(b.max, s)}${u}`;
}

/**
 * A number for a message: below 10^9 as it is (up to 10 significant digits: "99999999.99"),
 * larger or tiny ones with 3 ("9.2e16", "1.23e-4").
 * @example
 * ```ts
 * formatLimit(2 ** 24); // '16777216'
 * formatLimit(9.2e16); // '9.2e16'
 * ```
 */
export function formatLimit(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a >= 1e9 || (a > 0 && a < 1e-3)) {
    const [m, e] = x.toExponential(2).split('e') as [string, string];
    return `${m.replace(/\.?0+$/, '')}e${Number(e)}`;
  }
  return String(Number(x.toPrecision(10)));
}

const withUnit = (x: number, unit: string): string =>
  unit === '' ? formatLimit(x) : `${formatLimit(x)} ${unit}`;

/**
 * The bounds as a phrase: "between 0 and 16777215 kEUR", "below 1.68e7", "at least 0".
 * @example
 * ```ts
 * describeBounds(numberBounds({ kind: 'number', min: 0 }), 'EUR'); // 'at least 0 EUR and below 1.68e7 EUR'
 * ```
 */
export function describeBounds(b: NumberBounds, unit: string): string {
  const lo = `${b.minOpen ? 'above' : 'at least'} ${withUnit(b.min, unit)}`;
  const hi = `${b.maxOpen ? 'below' : 'at most'} ${withUnit(b.max, unit)}`;
  return `${lo} and ${hi}`;
}

/** Whether `x` lies within `b`. */
export function withinBounds(x: number, b: NumberBounds): boolean {
  return (b.minOpen ? x > b.min : x >= b.min) && (b.maxOpen ? x < b.max : x <= b.max);
}

/** The program's limits for `params` (none declared: no row limits). */
export function limitsOf(program: ProgramDefinition, params: Params): ProgramLimits {
  return program.limits?.(params) ?? {};
}

/**
 * Checks row counts against the program's limits: `rows[i]` rows in input i (named `names[i]`
 * in messages, default `input i`).
 * @throws {ProgramInputError} naming the input and the limit.
 * @example
 * ```ts
 * checkRowCounts(paygap, params, [40_000, 30_000], ['acme payroll', 'globex payroll']);
 * ```
 */
export function checkRowCounts(
  program: ProgramDefinition,
  params: Params,
  rows: readonly number[],
  names?: readonly string[],
): void {
  rowCountCheck(program.name, limitsOf(program, params), rows, names);
}

function rowCountCheck(
  p: string,
  l: ProgramLimits,
  rows: readonly number[],
  names?: readonly string[],
): void {
  rows.forEach((r, i) => {
    const name = names?.[i] ?? `input ${i}`;
    const fail = (limit: string): never => {
      throw new ProgramInputError(`${p}: ${name} has ${r} rows; ${p} takes ${limit} per input.`, {
        input: i,
        rows: r,
        public: `${r} rows, ${limit} allowed`,
      });
    };
    if (l.rowsPerInput?.min !== undefined && r < l.rowsPerInput.min) {
      fail(`at least ${l.rowsPerInput.min} row${l.rowsPerInput.min === 1 ? '' : 's'}`);
    }
    if (l.rowsPerInput?.max !== undefined && r > l.rowsPerInput.max) {
      fail(`at most ${l.rowsPerInput.max} rows`);
    }
  });
  const total = rows.reduce((a, b) => a + b, 0);
  const fail = (limit: string): never => {
    throw new ProgramInputError(
      `${p}: the inputs have ${total} rows in all; ${p} takes ${limit} in all.`,
      { rows: total, public: `${total} rows in all, ${limit} allowed` },
    );
  };
  if (l.rows?.min !== undefined && total < l.rows.min) {
    fail(`at least ${l.rows.min} row${l.rows.min === 1 ? '' : 's'}`);
  }
  if (l.rows?.max !== undefined && total > l.rows.max) fail(`at most ${l.rows.max} rows`);
}

/** A column as the catalog describes it (public metadata). */
export interface CatalogColumnInfo {
  readonly name: string;
  /** integer, fixed, category, identifier, or the catalog's own name for a type Parley does not know. */
  readonly type: string;
  readonly unit: string;
  /** Declared bounds of the column's values (inclusive), in its units, when the catalog has them. */
  readonly min?: number;
  readonly max?: number;
  /** A category's labels, when the catalog lists them. */
  readonly labels?: readonly string[];
  /** A decimal's scale (stored integers are x · 10^scale). */
  readonly scale?: number;
  /** A fixed column's fractional bits (stored integers are x · 2^fractionBits; default 32). */
  readonly fractionBits?: number;
}

/** An input dataset as the catalog describes it. */
export interface CatalogInput {
  /** How messages name it, e.g. `dataset "acme payroll" (0x12ab…)`. */
  readonly name: string;
  readonly rows: number;
  readonly columns: readonly CatalogColumnInfo[];
}

/**
 * Words joined for a message: "a", "a or b", "a, b or c".
 * @example
 * ```ts
 * orList(['integer', 'decimal', 'fixed']); // 'integer, decimal or fixed'
 * ```
 */
export function orList(words: readonly string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]!}`;
}

/** Column types a requirement accepts. */
export function acceptedTypes(req: ColumnRequirement): readonly string[] {
  if (req.kind === 'category') return ['category'];
  // Exact integers: a fixed column's stored units (2^-32) would leave it almost no range.
  return req.kind === 'integer' ? ['integer', 'decimal'] : ['integer', 'decimal', 'fixed'];
}

/**
 * Checks a job's inputs against the program from the catalog alone (before anything goes on
 * chain): the number of inputs, row counts, that every column the program reads exists with an
 * accepted type, that declared min/max lie within the program's bounds, that listed labels
 * include the program's, and that declared bounds keep column sums within the program's limit.
 * @throws {ProgramInputError} naming the dataset, the column and the limit in the column's units.
 * @example
 * ```ts
 * checkCatalogInputs(paygap, params, [{ name: 'dataset "acme"', rows: 120, columns }]);
 * ```
 */
export function checkCatalogInputs(
  program: ProgramDefinition,
  params: Params,
  inputs: readonly CatalogInput[],
): void {
  const { min, max } = program.inputCount ?? { min: 1, max: 64 };
  const p = program.name;
  if (inputs.length < min || inputs.length > max) {
    throw new ProgramInputError(
      `${p}: expected ${min}..${max} input datasets, got ${inputs.length}.`,
      { program: p, count: inputs.length },
    );
  }
  checkRowCounts(
    program,
    params,
    inputs.map((i) => i.rows),
    inputs.map((i) => i.name),
  );
  const total = inputs.reduce((a, i) => a + i.rows, 0);
  for (const [index, input] of inputs.entries())
    checkCatalogInput(program, params, index, input, total);
}

/**
 * Checks one input dataset's catalog description against the program (columns, types, labels,
 * declared bounds, its own row count); `total` is the rows of all inputs, for sum bounds
 * (default: this input's). An owner's node uses it for its own dataset when it decides on a job.
 * @throws {ProgramInputError} naming the dataset, the column and the limit.
 * @example
 * ```ts
 * checkCatalogInput(paygap, params, 0, { name: 'dataset "acme payroll"', rows: 120, columns });
 * ```
 */
export function checkCatalogInput(
  program: ProgramDefinition,
  params: Params,
  index: number,
  input: CatalogInput,
  total: number = input.rows,
): void {
  const p = program.name;
  const per = limitsOf(program, params).rowsPerInput;
  if (per !== undefined) {
    rowCountCheck(p, { rowsPerInput: per }, [input.rows], [input.name]);
  }
  const schema = program.input(params);
  const limits = limitsOf(program, params);
  for (const name of Object.keys(schema).sort()) {
    const req = schema[name]!;
    const fail = (what: string): never => {
      throw new ProgramInputError(`${p}: ${input.name}: ${what}`, {
        input: index,
        column: name,
        public: what.replace(/\.$/, ''),
      });
    };
    const col = input.columns.find((c) => c.name === name);
    if (col === undefined) {
      const have = input.columns.map((c) => c.name).join(', ');
      return fail(`has no column ${name} (it has ${have === '' ? 'none' : have}).`);
    }
    const ok = acceptedTypes(req);
    if (!ok.includes(col.type)) {
      fail(`column ${name} is ${col.type}; ${p} needs ${orList(ok)}.`);
    }
    if (req.kind === 'category') {
      const missing =
        col.labels === undefined ? [] : req.labels.filter((l) => !col.labels!.includes(l));
      if (missing.length > 0) {
        fail(`column ${name} has no label ${missing.map((l) => JSON.stringify(l)).join(', ')}.`);
      }
      continue;
    }
    if (req.kind === 'integer') {
      const sc: StoredScale = {
        type: col.type,
        ...(col.scale === undefined ? {} : { scale: col.scale }),
        ...(col.fractionBits === undefined ? {} : { fractionBits: col.fractionBits }),
      };
      const ib = integerBounds(req);
      const range = describeIntegerBounds(ib, sc, col.unit);
      const inside = (x: number): boolean => {
        const v = toStored(x, sc);
        return v >= Number(ib.min) && v <= Number(ib.max);
      };
      // The catalog's value as the column writes it: a decimal with its scale (10995116277.76),
      // where that is exact in binary64; otherwise the short form of other limits.
      const declared = (x: number): string =>
        col.scale !== undefined && Math.abs(x) * 10 ** col.scale < 2 ** 53
          ? `${x.toFixed(col.scale)}${col.unit === '' ? '' : ` ${col.unit}`}`
          : withUnit(x, col.unit);
      if (col.min !== undefined && !inside(col.min)) {
        fail(
          `column ${name} must be ${range}; the catalog declares values from ${declared(col.min)}.`,
        );
      }
      if (col.max !== undefined && !inside(col.max)) {
        fail(
          `column ${name} must be ${range}; the catalog declares values up to ${declared(col.max)}.`,
        );
      }
      continue;
    }
    const b = numberBounds(req, fxpLimit(program));
    const range = describeBounds(b, col.unit);
    if (col.min !== undefined && !withinBounds(col.min, b)) {
      fail(
        `column ${name} must be ${range}; the catalog declares values from ${withUnit(col.min, col.unit)}.`,
      );
    }
    if (col.max !== undefined && !withinBounds(col.max, b)) {
      fail(
        `column ${name} must be ${range}; the catalog declares values up to ${withUnit(col.max, col.unit)}.`,
      );
    }
    const sumLimit = limits.absSum?.[name];
    if (sumLimit !== undefined && col.min !== undefined && col.max !== undefined) {
      const worst = Math.max(Math.abs(col.min), Math.abs(col.max)) * total;
      if (worst >= sumLimit) {
        fail(
          `column ${name}: ${total} rows of up to ${withUnit(Math.max(Math.abs(col.min), Math.abs(col.max)), col.unit)} may sum to ${withUnit(worst, col.unit)}; ${p} needs the sum below ${withUnit(sumLimit, col.unit)}.`,
        );
      }
    }
  }
}
