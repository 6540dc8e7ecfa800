/**
 * Schema inference from data, for imports without a schema file. It never hides a bad cell:
 * a column that is mostly of one kind (numbers, dates, timestamps) with some other cells is an
 * error listing each such cell, never a silent fallback to text. Every cell of every column is
 * checked, and the bad ones are reported together (schema.ts {@link cellsError}: the first 100
 * in file order, and the count); a column whose type cannot be inferred is one error for that
 * column ({@link DatasetSchemaError}, every such column listed), and then no cells are listed:
 * the schema the user gives decides every column's type.
 *
 * Rules, per column (cells trimmed; an empty cell is an error, and the others decide the type):
 * 1. Thousands separators (`50,000.00`, `1 234`) in a column of numbers: an error saying so.
 * 2. Numbers: when at least half the cells are numbers, every cell must be one (else: an error at
 *    each that is not). All integers: `integer` with the smallest of 8, 16, 32, 64 bits
 *    that holds them (beyond 64 bits: an error). Decimals without exponent: `decimal` with the
 *    scale = the most digits after the point in any cell (as written: `1.50` counts 2), if it is
 *    at most 18 and every value fits 64 bits at that scale; otherwise, or with an exponent
 *    (`1.5e3`): `fixed`, and a value with |x| >= 2^63 (`1e300`) is an error.
 * 3. Dates `YYYY-MM-DD`, then ISO timestamps with an offset (resolution `ms` when a cell has a
 *    fraction of a second, else `s`), with the same at-least-half rule.
 * 4. Booleans: every cell one of a pair `true`/`false`, `yes`/`no` (lower, Title or UPPER case,
 *    one style per column), with those spellings declared.
 * 5. Text: an `identifier` (normalize none) when the header looks like an id (`id`, `key`,
 *    `code`, `uuid`, `email`, … at the end of the name: `employee_id`, `clientId`); else a
 *    `category` when there are at most 16 distinct labels and some label repeats (labels
 *    sorted); else an `identifier` when every value is distinct; otherwise (more than 16
 *    distinct values, some repeated) an error asking for a schema.
 *
 * @module
 */
import { DatasetSchemaError } from '../errors.js';
import {
  MAX_DECIMAL_SCALE,
  hasThousandsSeparator,
  parseDate,
  parseDecimal,
  parseIntegerCell,
  parseTimestamp,
  describeNonNumber,
} from './cells.js';
import type { ParsedCsv } from './csv.js';
import {
  BadCells,
  MAX_LISTED_CELL_ERRORS,
  badCell,
  cellEncoder,
  cellsError,
  checkHeader,
  normalizeSchema,
  type ColumnSpec,
  type DatasetSchema,
} from './schema.js';

/** At most this many labels are inferred as a category. */
export const MAX_INFERRED_LABELS = 16;

const BOOL_PAIRS: readonly (readonly [string, string])[] = [
  ['true', 'false'],
  ['True', 'False'],
  ['TRUE', 'FALSE'],
  ['yes', 'no'],
  ['Yes', 'No'],
  ['YES', 'NO'],
];
const ID_NAME_RE =
  /(?:^|[^a-z])(?:id|key|code|uuid|guid|email|iban|number|no)s?$|[a-z0-9]I[dD]s?$/i;

const EMPTY_MESSAGE = 'the cell is empty; empty cells are not allowed (no missing values yet)';

/** A column that cannot be typed from its cells: one error for the column. */
interface Untypable {
  readonly column: string;
  readonly message: string;
}

/**
 * What inference found for one column: its spec (undefined when only bad cells decide, e.g.
 * every cell empty), or why it cannot be typed. Bad cells go to `bad`.
 */
type Inferred = ColumnSpec | undefined | Untypable;

const isUntypable = (x: Inferred): x is Untypable => x !== undefined && !('type' in x);

/** The column's cells, trimmed; empty ones are counted as bad cells and skipped from here on. */
interface Cells {
  readonly j: number;
  readonly trimmed: readonly string[];
  /** Non-empty cells. */
  readonly count: number;
  readonly bad: BadCells;
}

function addBad(bad: BadCells, i: number, j: number, c: ColumnSpec, problem: string): void {
  if (bad.full) bad.total++;
  else bad.add(badCell(i, j, c, { problem }));
}

function inferColumn(csv: ParsedCsv, j: number, name: string, bad: BadCells): Inferred {
  const n = csv.rows.length;
  const trimmed = new Array<string>(n);
  /** 1: a number, 2: a number with thousands separators, 3: other text, 0: empty. */
  const kind = new Uint8Array(n);
  let count = 0;
  let nNum = 0;
  let nThousands = 0;
  let allInt = true;
  let anyExp = false;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const s = csv.rows[i]![j]!.trim();
    trimmed[i] = s;
    if (s === '') {
      if (bad.full) bad.total++;
      else {
        bad.add({ i, j, column: name, problem: 'an empty cell', message: EMPTY_MESSAGE });
      }
      continue;
    }
    count++;
    const d = parseDecimal(s);
    if (d !== undefined) {
      kind[i] = 1;
      nNum++;
      if (parseIntegerCell(s) === undefined) allInt = false;
      const e = s.search(/[eE]/);
      if (e >= 0) anyExp = true;
      const dot = s.indexOf('.');
      if (dot >= 0) scale = Math.max(scale, (e >= 0 ? e : s.length) - dot - 1);
    } else if (hasThousandsSeparator(s)) {
      kind[i] = 2;
      nThousands++;
    } else {
      kind[i] = 3;
    }
  }
  if (count === 0) return undefined;
  const nText = count - nNum - nThousands;
  const numeric =
    nNum === count ||
    (nThousands > 0 && nNum + nThousands >= nText) ||
    (nNum > 0 && nText > 0 && nNum >= nText);
  const cells: Cells = { j, trimmed, count, bad };
  if (!numeric) return textColumn(csv, name, cells);
  // A column of numbers: every cell that is not one is a bad cell.
  const numberSpec: ColumnSpec = {
    name,
    type: 'decimal',
    scale: Math.min(scale, MAX_DECIMAL_SCALE),
  };
  for (let i = 0; i < n; i++) {
    if (kind[i]! >= 2) addBad(bad, i, j, numberSpec, describeNonNumber(trimmed[i]!));
  }
  return numericColumn(csv, name, cells, kind, allInt, anyExp, scale);
}

/** Checks the non-empty cells (where `only[i]`, if given) with the spec's encoder. */
function checkAll(csv: ParsedCsv, c: Cells, spec: ColumnSpec, only?: Uint8Array): ColumnSpec {
  const enc = cellEncoder(spec);
  for (let i = 0; i < csv.rows.length; i++) {
    if (c.trimmed[i] === '' || (only !== undefined && only[i] !== 1)) continue;
    const v = enc(csv.rows[i]![c.j]!);
    if (typeof v === 'string') continue;
    if (c.bad.full) c.bad.total++;
    else c.bad.add(badCell(i, c.j, spec, v));
  }
  return spec;
}

function fits(csv: ParsedCsv, c: Cells, spec: ColumnSpec, only: Uint8Array): boolean {
  const enc = cellEncoder(spec);
  for (let i = 0; i < csv.rows.length; i++) {
    if (only[i] === 1 && typeof enc(csv.rows[i]![c.j]!) !== 'string') return false;
  }
  return true;
}

function numericColumn(
  csv: ParsedCsv,
  name: string,
  c: Cells,
  kind: Uint8Array,
  allInt: boolean,
  anyExp: boolean,
  scale: number,
): ColumnSpec {
  if (allInt) {
    let lo = 0n;
    let hi = 0n;
    for (let i = 0; i < kind.length; i++) {
      if (kind[i] !== 1) continue;
      const v = BigInt(c.trimmed[i]!);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const bits = [8, 16, 32, 64].find(
      (b) => lo >= -(1n << BigInt(b - 1)) && hi < 1n << BigInt(b - 1),
    );
    return checkAll(csv, c, { name, type: 'integer', bits: bits ?? 64 }, kind);
  }
  if (!anyExp && scale <= MAX_DECIMAL_SCALE) {
    const dec: ColumnSpec = { name, type: 'decimal', scale };
    if (fits(csv, c, dec, kind)) return dec;
  }
  return checkAll(csv, c, { name, type: 'fixed' }, kind);
}

function mostly(
  csv: ParsedCsv,
  c: Cells,
  spec: ColumnSpec,
  is: (s: string) => boolean,
): ColumnSpec | undefined {
  let yes = 0;
  for (const s of c.trimmed) if (s !== '' && is(s)) yes++;
  // All of them, or at least half: then every cell must be one (checkAll lists those that are not).
  return yes * 2 >= c.count ? checkAll(csv, c, spec) : undefined;
}

function textColumn(csv: ParsedCsv, name: string, c: Cells): Inferred {
  const date = mostly(
    csv,
    c,
    { name, type: 'date' },
    (s) => parseDate(s) !== undefined || /^\d{4}-\d{2}-\d{2}$/.test(s),
  );
  if (date !== undefined) return date;
  const withFraction = c.trimmed.some((s) => {
    const t = parseTimestamp(s);
    return t !== undefined && t.fractionDigits > 0;
  });
  const ts = mostly(
    csv,
    c,
    { name, type: 'timestamp', resolution: withFraction ? 'ms' : 's' },
    (s) => parseTimestamp(s) !== undefined || /^\d{4}-\d{2}-\d{2}[T ]\d{2}:/.test(s),
  );
  if (ts !== undefined) return ts;
  const distinct = new Set<string>();
  for (let i = 0; i < csv.rows.length; i++) {
    if (c.trimmed[i] !== '') distinct.add(csv.rows[i]![c.j]!);
  }
  for (const [t, f] of BOOL_PAIRS) {
    if (c.trimmed.every((s) => s === '' || s === t || s === f)) {
      return checkAll(csv, c, { name, type: 'boolean', true: [t], false: [f] });
    }
  }
  if (ID_NAME_RE.test(name)) return checkAll(csv, c, { name, type: 'identifier', normalize: [] });
  if (distinct.size <= MAX_INFERRED_LABELS && distinct.size < c.count) {
    return { name, type: 'category', labels: [...distinct].sort() };
  }
  if (distinct.size === c.count) {
    return checkAll(csv, c, { name, type: 'identifier', normalize: [] });
  }
  return {
    column: name,
    message: `cannot infer its type: it is text with ${distinct.size} distinct values, neither a category (at most ${MAX_INFERRED_LABELS} labels) nor an identifier (every value distinct). Give a schema that declares it`,
  };
}

/**
 * Infers a schema from parsed CSV (see the module doc for the rules).
 * @example
 * ```ts
 * inferSchema(parseCsv('age,pay\n41,1200.50\n35,99\n')).columns;
 * // [{ name: 'age', type: 'integer', bits: 8 }, { name: 'pay', type: 'decimal', scale: 2 }]
 * ```
 * @throws {DatasetSchemaError} if a header name is invalid or duplicated, there are no rows, or
 *   text columns are neither a category nor an identifier (`details.errors`: one per column).
 * @throws {DatasetValueError} listing (row, line, column) every cell that breaks its column's
 *   evident type (text among numbers, a thousands separator, out of range, empty).
 */
export function inferSchema(csv: ParsedCsv): DatasetSchema {
  checkHeader(csv.header);
  if (csv.rows.length === 0) {
    throw new DatasetSchemaError(
      'Cannot infer column types from a CSV without data rows; give a schema.',
      { field: 'schema' },
    );
  }
  const parts = csv.header.map(() => new BadCells());
  const found = csv.header.map((name, j) => inferColumn(csv, j, name, parts[j]!));
  const untypable = found.filter(isUntypable);
  const first = untypable[0];
  if (first !== undefined) {
    // The schema the user gives then decides every column's type, and so the bad cells.
    const more = untypable.length - 1;
    throw new DatasetSchemaError(
      `Column "${first.column}": ${first.message}.` +
        (more > 0
          ? ` ${more} more column${more === 1 ? '' : 's'} cannot be inferred: ${untypable
              .slice(1, 6)
              .map((u) => `"${u.column}"`)
              .join(', ')}${more > 5 ? ', …' : ''}.`
          : ''),
      {
        field: 'schema',
        column: first.column,
        errors: untypable.slice(0, MAX_LISTED_CELL_ERRORS).map((u) => ({ ...u })),
        total: untypable.length,
      },
    );
  }
  const bad = BadCells.merge(parts);
  if (bad.total > 0) throw cellsError(csv, bad);
  return normalizeSchema({ columns: found as ColumnSpec[] });
}
