/**
 * Schema inference from data, for imports without a schema file. It never hides a bad cell:
 * a column that is mostly of one kind (numbers, dates, timestamps) with some other cells is an
 * error naming the first such row, never a silent fallback to text.
 *
 * Rules, per column (cells trimmed; an empty cell is an error):
 * 1. Thousands separators (`50,000.00`, `1 234`) in a column of numbers: an error saying so.
 * 2. Numbers: when at least half the cells are numbers, every cell must be one (else: an error at
 *    the first that is not). All integers: `integer` with the smallest of 8, 16, 32, 64 bits
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
import { DatasetSchemaError, DatasetValueError } from '../errors.js';
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
  cellEncoder,
  cellError,
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

function fail(csv: ParsedCsv, i: number, c: ColumnSpec, problem: string): never {
  throw cellError(csv, i, c, { problem });
}

function inferColumn(csv: ParsedCsv, j: number, name: string): ColumnSpec {
  const n = csv.rows.length;
  const cells = new Array<string>(n);
  let nNum = 0;
  let firstText = -1;
  let firstThousands = -1;
  let nThousands = 0;
  let allInt = true;
  let anyExp = false;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const s = csv.rows[i]![j]!.trim();
    cells[i] = s;
    if (s === '') {
      throw new DatasetValueError(
        `Row ${i + 1} (line ${csv.lines[i] ?? i + 2}), column "${name}": the cell is empty; empty cells are not allowed (no missing values yet).`,
        { row: i + 1, line: csv.lines[i] ?? i + 2, column: name, problem: 'an empty cell' },
      );
    }
    const d = parseDecimal(s);
    if (d !== undefined) {
      nNum++;
      if (parseIntegerCell(s) === undefined) allInt = false;
      const e = s.search(/[eE]/);
      if (e >= 0) anyExp = true;
      const dot = s.indexOf('.');
      if (dot >= 0) scale = Math.max(scale, (e >= 0 ? e : s.length) - dot - 1);
    } else if (hasThousandsSeparator(s)) {
      if (firstThousands < 0) firstThousands = i;
      nThousands++;
    } else if (firstText < 0) {
      firstText = i;
    }
  }
  const nText = n - nNum - nThousands;
  const numberSpec: ColumnSpec = {
    name,
    type: 'decimal',
    scale: Math.min(scale, MAX_DECIMAL_SCALE),
  };
  if (firstThousands >= 0 && nNum + nThousands >= nText) {
    fail(csv, firstThousands, numberSpec, describeNonNumber(cells[firstThousands]!));
  }
  if (nNum > 0 && nText > 0 && nNum >= nText) {
    fail(csv, firstText, numberSpec, describeNonNumber(cells[firstText]!));
  }
  if (nNum === n) return numericColumn(csv, j, name, cells, allInt, anyExp, scale);
  return textColumn(csv, j, name, cells);
}

/** Checks every cell with the column's encoder; the first that does not fit is the error. */
function checkAll(csv: ParsedCsv, j: number, spec: ColumnSpec): ColumnSpec {
  const enc = cellEncoder(spec);
  for (let i = 0; i < csv.rows.length; i++) {
    const v = enc(csv.rows[i]![j]!);
    if (typeof v !== 'string') throw cellError(csv, i, spec, v);
  }
  return spec;
}

function fits(csv: ParsedCsv, j: number, spec: ColumnSpec): boolean {
  const enc = cellEncoder(spec);
  for (let i = 0; i < csv.rows.length; i++) {
    if (typeof enc(csv.rows[i]![j]!) !== 'string') return false;
  }
  return true;
}

function numericColumn(
  csv: ParsedCsv,
  j: number,
  name: string,
  cells: readonly string[],
  allInt: boolean,
  anyExp: boolean,
  scale: number,
): ColumnSpec {
  if (allInt) {
    let lo = 0n;
    let hi = 0n;
    for (const s of cells) {
      const v = BigInt(s);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const bits = [8, 16, 32, 64].find(
      (b) => lo >= -(1n << BigInt(b - 1)) && hi < 1n << BigInt(b - 1),
    );
    return checkAll(csv, j, { name, type: 'integer', bits: bits ?? 64 });
  }
  if (!anyExp && scale <= MAX_DECIMAL_SCALE) {
    const dec: ColumnSpec = { name, type: 'decimal', scale };
    if (fits(csv, j, dec)) return dec;
  }
  return checkAll(csv, j, { name, type: 'fixed' });
}

function mostly(
  csv: ParsedCsv,
  j: number,
  cells: readonly string[],
  spec: ColumnSpec,
  is: (s: string) => boolean,
): ColumnSpec | undefined {
  let yes = 0;
  for (const s of cells) if (is(s)) yes++;
  // All of them, or at least half: then every cell must be one (checkAll names the first not).
  return yes * 2 >= cells.length ? checkAll(csv, j, spec) : undefined;
}

function textColumn(csv: ParsedCsv, j: number, name: string, cells: readonly string[]): ColumnSpec {
  const date = mostly(
    csv,
    j,
    cells,
    { name, type: 'date' },
    (s) => parseDate(s) !== undefined || /^\d{4}-\d{2}-\d{2}$/.test(s),
  );
  if (date !== undefined) return date;
  const withFraction = cells.some((s) => {
    const t = parseTimestamp(s);
    return t !== undefined && t.fractionDigits > 0;
  });
  const ts = mostly(
    csv,
    j,
    cells,
    { name, type: 'timestamp', resolution: withFraction ? 'ms' : 's' },
    (s) => parseTimestamp(s) !== undefined || /^\d{4}-\d{2}-\d{2}[T ]\d{2}:/.test(s),
  );
  if (ts !== undefined) return ts;
  const distinct = new Set(csv.rows.map((r) => r[j]!));
  for (const [t, f] of BOOL_PAIRS) {
    if (cells.every((s) => s === t || s === f)) {
      return checkAll(csv, j, { name, type: 'boolean', true: [t], false: [f] });
    }
  }
  if (ID_NAME_RE.test(name)) return checkAll(csv, j, { name, type: 'identifier', normalize: [] });
  if (distinct.size <= MAX_INFERRED_LABELS && distinct.size < cells.length) {
    return { name, type: 'category', labels: [...distinct].sort() };
  }
  if (distinct.size === cells.length) {
    return checkAll(csv, j, { name, type: 'identifier', normalize: [] });
  }
  throw new DatasetSchemaError(
    `Column "${name}": cannot infer its type: it is text with ${distinct.size} distinct values, neither a category (at most ${MAX_INFERRED_LABELS} labels) nor an identifier (every value distinct). Give a schema that declares it.`,
    { field: 'schema', column: name },
  );
}

/**
 * Infers a schema from parsed CSV (see the module doc for the rules).
 * @example
 * ```ts
 * inferSchema(parseCsv('age,pay\n41,1200.50\n35,99\n')).columns;
 * // [{ name: 'age', type: 'integer', bits: 8 }, { name: 'pay', type: 'decimal', scale: 2 }]
 * ```
 * @throws {DatasetSchemaError} if a header name is invalid or duplicated, there are no rows, or a
 *   text column is neither a category nor an identifier.
 * @throws {DatasetValueError} naming the row, line and column of a cell that breaks its
 *   column's evident type (text among numbers, a thousands separator, out of range).
 */
export function inferSchema(csv: ParsedCsv): DatasetSchema {
  checkHeader(csv.header);
  if (csv.rows.length === 0) {
    throw new DatasetSchemaError(
      'Cannot infer column types from a CSV without data rows; give a schema.',
      { field: 'schema' },
    );
  }
  return normalizeSchema({ columns: csv.header.map((name, j) => inferColumn(csv, j, name)) });
}
