/**
 * Dataset schemas: column types, the JSON schema-file format, validation and encoding of cells
 * (with `./cells.ts`), and the content hash. Inference from data is in `./infer.ts`.
 *
 * Column types (schema file: `{ "columns": [ ... ] }`, one object per CSV column, in any order;
 * every column may carry a `unit`, free text up to 32 characters, published in the catalog):
 * - `integer`, `bits` 2..64 (default 64): a signed integer, -2^(bits-1) <= x < 2^(bits-1).
 * - `decimal`, `scale` 0..18: an exact decimal with at most `scale` digits after the point
 *   (money: scale 2), stored as x · 10^scale, a 64-bit signed integer (cents).
 * - `fixed`: a real number (`-12.5`, `1.5e3`) with |x| < 2^63, stored as round(x · 2^32), ties
 *   away from zero: the wide engine's fixed-point format (k = 96, f = 32).
 * - `boolean`, optional `true` / `false`: the declared spellings (default `true`/`1` and
 *   `false`/`0`), exact after trimming; stored as 1 / 0.
 * - `category`, `labels`: exactly one of the labels; stored as its 0-based index.
 * - `identifier`, optional `normalize` (`"none"`, or some of `trim`, `nfc` | `nfkc`, `lower`):
 *   a string key of 1..1024 characters; the raw text is stored, and the job-time encoding is a
 *   120-bit hash of the normalised text (`cells.ts` identifierEncoding).
 * - `date`: `YYYY-MM-DD`, stored as days since 1970-01-01.
 * - `timestamp`, `resolution` `s` (default) or `ms`: ISO 8601 with a UTC offset
 *   (`2026-03-31T12:00:00+02:00`, `…Z`), stored as seconds (or ms) since 1970-01-01T00:00:00Z.
 * `integer`, `decimal`, `fixed`, `date` and `timestamp` take optional inclusive `min` / `max` in
 * the column's own units (a JSON number or, exactly, a string: `"20000.00"`, `"2020-01-01"`).
 *
 * Content hash: sha256 over the UTF-8 of `"parley-dataset/2\n" + JSON.stringify(schema) + "\n"`
 * followed by, for each row, `JSON.stringify(storedCells) + "\n"`, where `schema` is the
 * normalized schema and stored cells are strings: canonical decimal integers of the encodings,
 * the raw text for identifiers.
 *
 * Errors name the data row (1-based, header not counted: data row 1 is spreadsheet row 2), the
 * line of the CSV text, the column and what was expected, in the column's units; never the
 * cell's content. Every cell is checked: an import error lists the first
 * {@link MAX_LISTED_CELL_ERRORS} bad cells in file order (`details.errors`) and counts them all
 * (`details.total`).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { DatasetSchemaError, DatasetValueError } from '../errors.js';
import {
  FIXED_FRACTION_BITS,
  FIXED_INTEGER_BITS,
  MAX_DECIMAL_SCALE,
  MAX_IDENTIFIER_LENGTH,
  NORMALIZATION_ORDER,
  daysFromCivil,
  decimalToFixed,
  decimalToScaled,
  describeNonNumber,
  formatScaled,
  formatTimestamp,
  civilFromDays,
  normalizeIdentifier,
  parseDate,
  parseDecimal,
  parseIntegerCell,
  parseTimestamp,
  type CellProblem,
  type IdNormalization,
} from './cells.js';
import type { ParsedCsv } from './csv.js';

export { FIXED_FRACTION_BITS, FIXED_INTEGER_BITS, parseFixed } from './cells.js';
export type { IdNormalization } from './cells.js';

/** At most this many labels may be declared. */
export const MAX_LABELS = 4096;

export type ColumnType =
  'integer' | 'decimal' | 'fixed' | 'boolean' | 'category' | 'identifier' | 'date' | 'timestamp';

interface ColumnBase {
  readonly name: string;
  readonly unit?: string;
}
/** Inclusive bounds in the column's units, as canonical strings. */
interface Bounded {
  readonly min?: string;
  readonly max?: string;
}
export interface IntegerColumn extends ColumnBase, Bounded {
  readonly type: 'integer';
  readonly bits: number;
}
export interface DecimalColumn extends ColumnBase, Bounded {
  readonly type: 'decimal';
  readonly scale: number;
}
export interface FixedColumn extends ColumnBase, Bounded {
  readonly type: 'fixed';
}
export interface BooleanColumn extends ColumnBase {
  readonly type: 'boolean';
  readonly true: readonly string[];
  readonly false: readonly string[];
}
export interface CategoryColumn extends ColumnBase {
  readonly type: 'category';
  readonly labels: readonly string[];
}
export interface IdentifierColumn extends ColumnBase {
  readonly type: 'identifier';
  /** Steps in canonical order; empty = exact comparison of the text. */
  readonly normalize: readonly IdNormalization[];
}
export interface DateColumn extends ColumnBase, Bounded {
  readonly type: 'date';
}
export interface TimestampColumn extends ColumnBase, Bounded {
  readonly type: 'timestamp';
  readonly resolution: 's' | 'ms';
}
export type ColumnSpec =
  | IntegerColumn
  | DecimalColumn
  | FixedColumn
  | BooleanColumn
  | CategoryColumn
  | IdentifierColumn
  | DateColumn
  | TimestampColumn;

/** A dataset's schema: its columns in CSV order. */
export interface DatasetSchema {
  readonly columns: readonly ColumnSpec[];
}

/** A validated dataset, ready to store: `columns[j][i]` is row i's stored cell of column j. */
export interface EncodedDataset {
  readonly schema: DatasetSchema;
  readonly rowCount: number;
  readonly columns: readonly (readonly string[])[];
  /** 0x + 64 hex. */
  readonly contentHash: `0x${string}`;
}

/** 1..64 characters, none of them a control character. */
const isColumnName = (s: string): boolean => s.length >= 1 && s.length <= 64 && !hasControl(s);
const hasControl = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
};

const schemaFail = (field: string, expected: string): never => {
  throw new DatasetSchemaError(`Invalid schema: ${field} must be ${expected}.`, {
    field,
    expected,
  });
};

const DEFAULT_TRUE: readonly string[] = ['true', '1'];
const DEFAULT_FALSE: readonly string[] = ['false', '0'];
const DATE_MIN = daysFromCivil(1, 1, 1)!;
const DATE_MAX = daysFromCivil(9999, 12, 31)!;
const FIXED_LIMIT = 1n << BigInt(FIXED_INTEGER_BITS + FIXED_FRACTION_BITS);

/** Inclusive range of the stored encoding of a column (type range within declared min/max). */
export interface EncodedRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** The type's own range of encodings, without min/max. */
function typeRange(c: ColumnSpec): EncodedRange {
  switch (c.type) {
    case 'integer': {
      const lim = 1n << BigInt(c.bits - 1);
      return { lo: -lim, hi: lim - 1n };
    }
    case 'decimal':
      return { lo: -(1n << 63n), hi: (1n << 63n) - 1n };
    case 'fixed':
      return { lo: -FIXED_LIMIT + 1n, hi: FIXED_LIMIT - 1n };
    case 'boolean':
      return { lo: 0n, hi: 1n };
    case 'category':
      return { lo: 0n, hi: BigInt(c.labels.length - 1) };
    case 'identifier':
      return { lo: 0n, hi: (1n << 120n) - 1n };
    case 'date':
      return { lo: BigInt(DATE_MIN), hi: BigInt(DATE_MAX) };
    case 'timestamp': {
      const k = c.resolution === 's' ? 1n : 1000n;
      return {
        lo: BigInt(DATE_MIN) * 86400n * k,
        hi: (BigInt(DATE_MAX) + 1n) * 86400n * k - 1n,
      };
    }
  }
}

/**
 * Encodes a bound given in the column's units (declared min/max, canonical or as in a schema
 * file) to the column's encoding, or a problem.
 */
function encodeBound(c: ColumnSpec, text: string): bigint | CellProblem {
  switch (c.type) {
    case 'integer': {
      const v = parseIntegerCell(text);
      return v === undefined ? { problem: 'not an integer' } : v;
    }
    case 'decimal': {
      const d = parseDecimal(text);
      if (d === undefined) return { problem: 'not a number' };
      const v = decimalToScaled(d, c.scale);
      return v === undefined ? { problem: `more than ${c.scale} digits after the point` } : v;
    }
    case 'fixed': {
      const d = parseDecimal(text);
      const v = d === undefined ? undefined : decimalToFixed(d);
      return v === undefined ? { problem: 'not a number' } : v;
    }
    case 'date': {
      const v = parseDate(text);
      return v === undefined ? { problem: 'not a date YYYY-MM-DD' } : BigInt(v);
    }
    case 'timestamp': {
      const t = parseTimestamp(text);
      if (t === undefined) return { problem: 'not an ISO 8601 timestamp with an offset' };
      const unit = c.resolution === 's' ? 1_000_000_000n : 1_000_000n;
      if (t.nanos % unit !== 0n) return { problem: `finer than the resolution ${c.resolution}` };
      return t.nanos / unit;
    }
    default:
      return { problem: 'not allowed for this type' };
  }
}

/** The canonical text of an encoded bound, in the column's units. */
function formatBound(c: ColumnSpec, v: bigint, given: string): string {
  switch (c.type) {
    case 'integer':
      return v.toString();
    case 'decimal':
      return formatScaled(v, c.scale);
    case 'date':
      return civilFromDays(Number(v));
    case 'timestamp':
      return formatTimestamp(v, c.resolution);
    default:
      return given.trim();
  }
}

/**
 * The inclusive range of stored encodings a column admits: its type's range, narrowed by the
 * declared `min` / `max`. For proposal-time checks (e.g. the largest sum of n values).
 * @example
 * ```ts
 * encodedRange({ name: 'salary', type: 'decimal', scale: 2, min: '0.00' }).lo; // 0n
 * ```
 */
export function encodedRange(c: ColumnSpec): EncodedRange {
  const r = typeRange(c);
  let { lo, hi } = r;
  if ('min' in c && c.min !== undefined) {
    const v = encodeBound(c, c.min);
    if (typeof v === 'bigint' && v > lo) lo = v;
  }
  if ('max' in c && c.max !== undefined) {
    const v = encodeBound(c, c.max);
    if (typeof v === 'bigint' && v < hi) hi = v;
  }
  return { lo, hi };
}

function parseBound(
  at: string,
  col: Record<string, unknown>,
  spec: ColumnSpec,
  key: 'min' | 'max',
): { value: string; enc: bigint } | undefined {
  const raw = col[key];
  if (raw === undefined) return undefined;
  let text: string;
  if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (typeof raw === 'string' && raw.length <= 64) text = raw;
  else return schemaFail(`${at}.${key}`, 'a number, or a string of at most 64 characters');
  const v = encodeBound(spec, text);
  if (typeof v !== 'bigint') return schemaFail(`${at}.${key}`, `a valid bound (${v.problem})`);
  const r = typeRange(spec);
  if (v < r.lo || v > r.hi) {
    return schemaFail(`${at}.${key}`, `within the type's range (${describeTypeRange(spec)})`);
  }
  return { value: formatBound(spec, v, text), enc: v };
}

function parseSpellings(at: string, v: unknown, dflt: readonly string[]): readonly string[] {
  if (v === undefined) return dflt;
  if (
    !Array.isArray(v) ||
    v.length === 0 ||
    v.length > 16 ||
    !v.every((s) => typeof s === 'string' && s.length >= 1 && s.length <= 32 && s === s.trim())
  ) {
    return schemaFail(at, 'an array of 1..16 strings of 1..32 characters without outer spaces');
  }
  return v as string[];
}

function parseNormalize(at: string, v: unknown): IdNormalization[] {
  if (v === undefined || v === 'none') return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || !list.every((s) => NORMALIZATION_ORDER.includes(s as never))) {
    return schemaFail(at, '"none", or an array of trim, nfc, nfkc, lower');
  }
  const set = new Set(list as IdNormalization[]);
  if (set.size !== list.length) return schemaFail(at, 'without repeated steps');
  if (set.has('nfc') && set.has('nfkc')) return schemaFail(at, 'at most one of nfc and nfkc');
  return NORMALIZATION_ORDER.filter((s) => set.has(s));
}

const FIELDS: Readonly<Record<string, readonly string[]>> = {
  integer: ['bits', 'min', 'max'],
  decimal: ['scale', 'min', 'max'],
  fixed: ['min', 'max'],
  boolean: ['true', 'false'],
  category: ['labels'],
  identifier: ['normalize'],
  date: ['min', 'max'],
  timestamp: ['resolution', 'min', 'max'],
};

function parseColumn(c: unknown, i: number): ColumnSpec {
  const at = `columns[${i}]`;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return schemaFail(at, 'an object');
  const col = c as Record<string, unknown>;
  if (typeof col.name !== 'string' || !isColumnName(col.name)) {
    schemaFail(`${at}.name`, '1..64 printable characters');
  }
  const name = col.name as string;
  const type = col.type;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) {
    return schemaFail(`${at}.type`, `one of ${Object.keys(FIELDS).join(', ')}`);
  }
  const allowed = ['name', 'type', 'unit', ...FIELDS[type]!];
  for (const k of Object.keys(col)) {
    if (!allowed.includes(k)) {
      const other = Object.keys(FIELDS).filter((t) => FIELDS[t]!.includes(k));
      schemaFail(
        `${at}.${k}`,
        other.length > 0
          ? `absent for type ${type} (it is for ${other.join(', ')})`
          : 'absent (unknown field)',
      );
    }
  }
  let unit: { unit?: string } = {};
  if (col.unit !== undefined) {
    if (typeof col.unit !== 'string' || col.unit.length > 32 || hasControl(col.unit)) {
      schemaFail(`${at}.unit`, 'a string of at most 32 printable characters');
    }
    if (col.unit !== '') unit = { unit: col.unit as string };
  }
  let spec: ColumnSpec;
  switch (type) {
    case 'integer': {
      const bits = col.bits ?? 64;
      if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 2 || bits > 64) {
        schemaFail(`${at}.bits`, 'an integer in 2..64');
      }
      spec = { name, type, bits: bits as number };
      break;
    }
    case 'decimal': {
      const scale = col.scale;
      if (
        typeof scale !== 'number' ||
        !Number.isInteger(scale) ||
        scale < 0 ||
        scale > MAX_DECIMAL_SCALE
      ) {
        return schemaFail(
          `${at}.scale`,
          `an integer in 0..${MAX_DECIMAL_SCALE} (digits after the point)`,
        );
      }
      spec = { name, type, scale };
      break;
    }
    case 'fixed':
    case 'date':
      spec = { name, type };
      break;
    case 'timestamp': {
      const r = col.resolution ?? 's';
      if (r !== 's' && r !== 'ms') return schemaFail(`${at}.resolution`, '"s" or "ms"');
      spec = { name, type, resolution: r };
      break;
    }
    case 'boolean': {
      const t = parseSpellings(`${at}.true`, col.true, DEFAULT_TRUE);
      const f = parseSpellings(`${at}.false`, col.false, DEFAULT_FALSE);
      if (t.some((s) => f.includes(s))) schemaFail(`${at}.false`, 'disjoint from true');
      spec = { name, type, true: [...t], false: [...f] };
      break;
    }
    case 'category': {
      const labels = col.labels;
      if (!Array.isArray(labels) || labels.length === 0 || labels.length > MAX_LABELS) {
        return schemaFail(`${at}.labels`, `an array of 1..${MAX_LABELS} strings`);
      }
      labels.forEach((l: unknown, j) => {
        if (typeof l !== 'string' || l.length === 0 || l.length > 256) {
          schemaFail(`${at}.labels[${j}]`, 'a string of 1..256 characters');
        }
      });
      if (new Set(labels).size !== labels.length) schemaFail(`${at}.labels`, 'distinct');
      spec = { name, type, labels: [...(labels as string[])] };
      break;
    }
    default:
      spec = {
        name,
        type: 'identifier',
        normalize: parseNormalize(`${at}.normalize`, col.normalize),
      };
  }
  const lo = parseBound(at, col, spec, 'min');
  const hi = parseBound(at, col, spec, 'max');
  if (lo !== undefined && hi !== undefined && lo.enc > hi.enc) {
    schemaFail(`${at}.max`, 'at least min');
  }
  return {
    ...spec,
    ...(lo === undefined ? {} : { min: lo.value }),
    ...(hi === undefined ? {} : { max: hi.value }),
    ...unit,
  };
}

/**
 * Validates a schema (e.g. a parsed schema file) and returns it normalized.
 * @example
 * ```ts
 * parseSchema({ columns: [{ name: 'salary', type: 'decimal', scale: 2, min: 0, unit: 'EUR' }] });
 * ```
 * @throws {DatasetSchemaError} naming the field, e.g. `columns[2].bits`.
 */
export function parseSchema(raw: unknown): DatasetSchema {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    schemaFail('schema', 'an object');
  }
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'columns' && k !== '$comment') schemaFail(k, 'absent (unknown field)');
  }
  if (!Array.isArray(o.columns) || o.columns.length === 0 || o.columns.length > 1000) {
    schemaFail('columns', 'an array of 1..1000 columns');
  }
  const seen = new Set<string>();
  const columns = (o.columns as unknown[]).map((c, i) => {
    const spec = parseColumn(c, i);
    if (seen.has(spec.name)) schemaFail(`columns[${i}].name`, 'unique among the columns');
    seen.add(spec.name);
    return spec;
  });
  return normalizeSchema({ columns });
}

const u = (c: ColumnSpec): string => (c.unit === undefined ? '' : ` ${c.unit}`);

/** The type's own range in the column's units, for messages. */
function describeTypeRange(c: ColumnSpec): string {
  const r = typeRange(c);
  switch (c.type) {
    case 'integer':
      return `between ${r.lo} and ${r.hi}${u(c)} (${c.bits}-bit signed)`;
    case 'decimal':
      return `between ${formatScaled(r.lo, c.scale)} and ${formatScaled(r.hi, c.scale)}${u(c)}`;
    case 'fixed':
      return `with |x| < 2^${FIXED_INTEGER_BITS} (about 9.22e18)${u(c)}`;
    case 'date':
      return 'between 0001-01-01 and 9999-12-31';
    case 'timestamp':
      return 'between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z';
    default:
      return '';
  }
}

/**
 * The range a column admits, in its units: the declared min/max within the type's range.
 * @example
 * ```ts
 * describeRange({ name: 's', type: 'decimal', scale: 2, min: '0.00', unit: 'EUR' });
 * // 'at least 0.00 EUR and at most 92233720368547758.07 EUR'
 * ```
 */
export function describeRange(c: ColumnSpec): string {
  const hasMin = 'min' in c && c.min !== undefined;
  const hasMax = 'max' in c && c.max !== undefined;
  if (!hasMin && !hasMax) return describeTypeRange(c);
  const r = encodedRange(c);
  const show = (v: bigint, given: string | undefined): string =>
    c.type === 'fixed'
      ? (given ?? (v < 0n ? `-2^${FIXED_INTEGER_BITS}` : `2^${FIXED_INTEGER_BITS}`))
      : formatBound(c, v, given ?? '');
  const min = hasMin ? (c as Bounded).min : undefined;
  const max = hasMax ? (c as Bounded).max : undefined;
  const lo = `at least ${show(r.lo, min)}${u(c)}`;
  const hi = `at most ${show(r.hi, max)}${u(c)}`;
  if (c.type === 'fixed' && !hasMin) return `${hi} (and above -2^${FIXED_INTEGER_BITS})`;
  if (c.type === 'fixed' && !hasMax) return `${lo} (and below 2^${FIXED_INTEGER_BITS})`;
  return `${lo} and ${hi}`;
}

/** Describes a column's expected cells, for error messages. */
export function describeColumn(c: ColumnSpec): string {
  switch (c.type) {
    case 'integer':
      return 'an integer like 42';
    case 'decimal':
      return c.scale === 0
        ? 'a whole number like 50000'
        : `a number with at most ${c.scale} digit${c.scale === 1 ? '' : 's'} after the point, like 50000.${'0'.repeat(c.scale)}`;
    case 'fixed':
      return 'a number like 1.25 or 3e-4';
    case 'boolean':
      return `one of the spellings ${[...c.true, ...c.false].map((s) => JSON.stringify(s)).join(', ')}`;
    case 'category':
      return c.labels.length <= 10
        ? `one of the labels ${c.labels.map((l) => JSON.stringify(l)).join(', ')}`
        : `one of the ${c.labels.length} declared labels`;
    case 'identifier':
      return `an identifier of 1..${MAX_IDENTIFIER_LENGTH} characters${c.normalize.length > 0 ? ', not empty after normalisation' : ''}`;
    case 'date':
      return 'a date YYYY-MM-DD like 2026-03-31';
    case 'timestamp':
      return `a timestamp with a UTC offset like 2026-03-31T12:00:00${c.resolution === 'ms' ? '.250' : ''}Z`;
  }
}

/** Encodes one cell: the stored string, or why it does not fit. */
export type CellEncoder = (cell: string) => string | CellProblem;

const OUT_OF_RANGE = (c: ColumnSpec): CellProblem => ({
  problem: `a value out of range: expected ${describeRange(c)}`,
});

/**
 * The encoder of a column: one closure per column, bounds precomputed (the import's hot loop).
 * @example
 * ```ts
 * cellEncoder({ name: 'pay', type: 'decimal', scale: 2 })('-0.07'); // '-7'
 * ```
 */
export function cellEncoder(c: ColumnSpec): CellEncoder {
  const { lo, hi } = encodedRange(c);
  const range = (v: bigint): string | CellProblem =>
    v >= lo && v <= hi ? v.toString() : OUT_OF_RANGE(c);
  switch (c.type) {
    case 'integer':
      return (cell) => {
        const v = parseIntegerCell(cell);
        if (v !== undefined) return range(v);
        const d = parseDecimal(cell);
        if (d !== undefined) return { problem: 'a number that is not a whole number' };
        return { problem: describeNonNumber(cell) };
      };
    case 'decimal':
      return (cell) => {
        const d = parseDecimal(cell);
        if (d === undefined) return { problem: describeNonNumber(cell) };
        if (d.exp + c.scale < 0) {
          return {
            problem: `a number with ${-d.exp} digits after the point (more than ${c.scale}; rounding is not done)`,
          };
        }
        // |x| >= 10^20 > 2^63 / 10^0: out of range without building a huge number.
        if (d.digits.toString().length + d.exp > 20) return OUT_OF_RANGE(c);
        const v = decimalToScaled(d, c.scale);
        return v === undefined ? OUT_OF_RANGE(c) : range(v);
      };
    case 'fixed':
      return (cell) => {
        const d = parseDecimal(cell);
        if (d === undefined) return { problem: describeNonNumber(cell) };
        const magnitude = d.digits === 0n ? -Infinity : d.digits.toString().length + d.exp;
        // |x| >= 10^20 > 2^63: out of range without building a huge number.
        if (magnitude > 20) return OUT_OF_RANGE(c);
        // |x| < 10^-10 < 2^-33: rounds to 0 at f = 32.
        if (magnitude <= -10) return '0';
        const v = decimalToFixed(d);
        return v === undefined ? OUT_OF_RANGE(c) : range(v);
      };
    case 'boolean': {
      const t = new Set(c.true);
      const f = new Set(c.false);
      return (cell) => {
        const s = cell.trim();
        if (t.has(s)) return '1';
        if (f.has(s)) return '0';
        return { problem: s === '' ? 'an empty cell' : 'a spelling that is not declared' };
      };
    }
    case 'category': {
      const index = new Map(c.labels.map((l, k) => [l, String(k)]));
      return (cell) =>
        index.get(cell) ??
        index.get(cell.trim()) ?? {
          problem: cell.trim() === '' ? 'an empty cell' : 'a label that is not declared',
        };
    }
    case 'identifier':
      return (cell) => {
        if (cell.length === 0) return { problem: 'an empty cell' };
        if (cell.length > MAX_IDENTIFIER_LENGTH) return { problem: 'a text that is too long' };
        if (c.normalize.length > 0 && normalizeIdentifier(cell, c.normalize) === '') {
          return { problem: 'a text that is empty after normalisation' };
        }
        return cell;
      };
    case 'date':
      return (cell) => {
        const v = parseDate(cell);
        if (v !== undefined) return range(BigInt(v));
        return {
          problem: /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(cell)
            ? 'a date that does not exist'
            : describeNonNumber(cell) === 'an empty cell'
              ? 'an empty cell'
              : 'text that is not a date YYYY-MM-DD',
        };
      };
    case 'timestamp': {
      const unit = c.resolution === 's' ? 1_000_000_000n : 1_000_000n;
      return (cell) => {
        const t = parseTimestamp(cell);
        if (t === undefined) {
          const s = cell.trim();
          if (s === '') return { problem: 'an empty cell' };
          if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(s)) {
            return { problem: 'a timestamp without a UTC offset (add Z or +HH:MM)' };
          }
          return { problem: 'text that is not an ISO 8601 timestamp' };
        }
        if (t.nanos % unit !== 0n) {
          return {
            problem: `a timestamp with ${t.fractionDigits} digits of fractional seconds (resolution ${c.resolution})`,
          };
        }
        return range(t.nanos / unit);
      };
    }
  }
}

/** Checks the CSV header: printable, unique names. */
export function checkHeader(header: readonly string[]): void {
  const seen = new Set<string>();
  header.forEach((h, j) => {
    if (!isColumnName(h)) {
      throw new DatasetSchemaError(
        `Header column ${j + 1}: a column name must be 1..64 printable characters.`,
        { field: `header[${j}]`, column: j + 1 },
      );
    }
    if (seen.has(h)) {
      throw new DatasetSchemaError(`Header column ${j + 1}: the name "${h}" is used twice.`, {
        field: `header[${j}]`,
        column: h,
      });
    }
    seen.add(h);
  });
}

/** At most this many bad cells are listed in an import error; `details.total` counts them all. */
export const MAX_LISTED_CELL_ERRORS = 100;

/**
 * One bad cell as listed in `details.errors`: where it is and what was expected, in the column's
 * units; never the cell's content.
 */
export type CellErrorEntry = {
  /** 1-based data row (the header not counted). */
  readonly row: number;
  /** 1-based line of the CSV text where the row starts. */
  readonly line: number;
  readonly column: string;
  /** What was expected and what kind of text was found, e.g. `expected an integer like 42, got text`. */
  readonly message: string;
};

/** A bad cell found while validating: data row `i` (0-based), CSV column `j` (0-based). */
export interface BadCell {
  readonly i: number;
  readonly j: number;
  readonly column: string;
  readonly type?: ColumnType;
  readonly expected?: string;
  /** The kind of text found (`text`, `an empty cell`, …). */
  readonly problem: string;
  /** The entry's message: what was expected and what was found. */
  readonly message: string;
}

/**
 * Describes the bad cell at data row `i`, CSV column `j` of column spec `c`.
 * @example
 * ```ts
 * badCell(0, 1, { name: 'age', type: 'integer', bits: 8 }, { problem: 'text' }).message;
 * // 'expected an integer like 42, got text'
 * ```
 */
export function badCell(i: number, j: number, c: ColumnSpec, p: CellProblem): BadCell {
  const expected = describeColumn(c);
  const message = p.problem.startsWith('a value out of range')
    ? p.problem
    : `expected ${expected}, got ${p.problem}`;
  return { i, j, column: c.name, type: c.type, expected, problem: p.problem, message };
}

/**
 * Bad cells in file order (row, then column), the first {@link MAX_LISTED_CELL_ERRORS} of
 * them kept, all of them counted.
 * @example
 * ```ts
 * const bad = new BadCells();
 * bad.add(badCell(0, 0, spec, { problem: 'text' }));
 * bad.total; // 1
 * ```
 */
export class BadCells {
  readonly listed: BadCell[] = [];
  total = 0;
  constructor(readonly cap: number = MAX_LISTED_CELL_ERRORS) {}
  /** Counts a bad cell; keeps it if fewer than `cap` are kept. */
  add(b: BadCell): void {
    if (this.listed.length < this.cap) this.listed.push(b);
    this.total++;
  }
  /** Whether the next bad cell would only be counted (callers may then skip describing it). */
  get full(): boolean {
    return this.listed.length >= this.cap;
  }
  /** Merges lists found column by column into file order; the first `cap` of all are kept. */
  static merge(parts: readonly BadCells[], cap: number = MAX_LISTED_CELL_ERRORS): BadCells {
    const out = new BadCells(cap);
    const all = parts.flatMap((p) => p.listed).sort((a, b) => a.i - b.i || a.j - b.j);
    out.listed.push(...all.slice(0, cap));
    out.total = parts.reduce((n, p) => n + p.total, 0);
    return out;
  }
}

/**
 * The import error for a list of bad cells (at least one, in file order): the message names the
 * first (row, line, column, what was expected) and the count; `details` has the first's
 * `row`, `line`, `column`, `type`, `expected`, `problem`, the listed `errors` and the `total`.
 * Never a cell's content.
 * @example
 * ```ts
 * throw cellsError(csv, bad);
 * ```
 */
export function cellsError(csv: ParsedCsv, bad: BadCells): DatasetValueError {
  const first = bad.listed[0];
  if (first === undefined) throw new RangeError('cellsError: expected at least one bad cell');
  const lineOf = (i: number): number => csv.lines[i] ?? i + 2;
  const errors: CellErrorEntry[] = bad.listed.map((b) => ({
    row: b.i + 1,
    line: lineOf(b.i),
    column: b.column,
    message: b.message,
  }));
  const more = bad.total - 1;
  const message =
    `Row ${first.i + 1} (line ${lineOf(first.i)}), column "${first.column}": ${first.message}` +
    (more > 0 ? ` (and ${more} more bad cell${more === 1 ? '' : 's'}).` : '.');
  return new DatasetValueError(message, {
    row: first.i + 1,
    line: lineOf(first.i),
    column: first.column,
    type: first.type,
    expected: first.expected,
    problem: first.problem,
    errors,
    total: bad.total,
  });
}

/**
 * The error for one bad cell, data row `i` (0-based) of column `c`: names row, line, column and
 * what was expected; never the cell.
 * @example
 * ```ts
 * cellError(csv, 0, { name: 'age', type: 'integer', bits: 8 }, { problem: 'text' }).message;
 * // 'Row 1 (line 2), column "age": expected an integer like 42, got text.'
 * ```
 */
export function cellError(
  csv: ParsedCsv,
  i: number,
  c: ColumnSpec,
  p: CellProblem,
): DatasetValueError {
  const bad = new BadCells();
  bad.add(badCell(i, Math.max(0, csv.header.indexOf(c.name)), c, p));
  return cellsError(csv, bad);
}

/**
 * Validates and encodes parsed CSV under a schema. The schema's columns may be in any order; the
 * result follows the CSV's column order.
 * @example
 * ```ts
 * const ds = encodeDataset(parseCsv(text), parseSchema(JSON.parse(schemaText)));
 * ds.contentHash; // '0x…'
 * ```
 * @throws {DatasetSchemaError} if the header and the schema do not have the same column names.
 * @throws {DatasetValueError} if any cell does not fit: every bad cell is checked, the first
 *   {@link MAX_LISTED_CELL_ERRORS} in file order are listed in `details.errors`, all are counted
 *   in `details.total`.
 */
export function encodeDataset(csv: ParsedCsv, schema: DatasetSchema): EncodedDataset {
  checkHeader(csv.header);
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  for (const h of csv.header) {
    if (!byName.has(h)) {
      throw new DatasetSchemaError(`The CSV column "${h}" is not in the schema.`, {
        field: 'header',
        column: h,
      });
    }
  }
  for (const c of schema.columns) {
    if (!csv.header.includes(c.name)) {
      throw new DatasetSchemaError(
        `The schema column "${c.name}" is missing from the CSV header.`,
        {
          field: 'header',
          column: c.name,
        },
      );
    }
  }
  const specs = csv.header.map((h) => byName.get(h)!);
  const n = csv.rows.length;
  // Row by row, so that bad cells are listed in file order; every cell is checked.
  const encoders = specs.map(cellEncoder);
  const columns = specs.map(() => new Array<string>(n));
  const width = specs.length;
  const bad = new BadCells();
  for (let i = 0; i < n; i++) {
    const r = csv.rows[i]!;
    for (let j = 0; j < width; j++) {
      const v = encoders[j]!(r[j]!);
      if (typeof v === 'string') columns[j]![i] = v;
      else if (bad.full) bad.total++;
      else bad.add(badCell(i, j, specs[j]!, v));
    }
  }
  if (bad.total > 0) throw cellsError(csv, bad);
  const normalized = normalizeSchema({ columns: specs });
  return {
    schema: normalized,
    rowCount: n,
    columns,
    contentHash: contentHash(normalized, columns, n),
  };
}

/** The schema with keys in canonical order (name, type, parameters, min, max, unit). */
export function normalizeSchema(schema: DatasetSchema): DatasetSchema {
  return {
    columns: schema.columns.map((c): ColumnSpec => {
      const unit = c.unit === undefined || c.unit === '' ? {} : { unit: c.unit };
      const b = (x: Bounded): Bounded => ({
        ...(x.min === undefined ? {} : { min: x.min }),
        ...(x.max === undefined ? {} : { max: x.max }),
      });
      switch (c.type) {
        case 'integer':
          return { name: c.name, type: c.type, bits: c.bits, ...b(c), ...unit };
        case 'decimal':
          return { name: c.name, type: c.type, scale: c.scale, ...b(c), ...unit };
        case 'fixed':
        case 'date':
          return { name: c.name, type: c.type, ...b(c), ...unit };
        case 'timestamp':
          return { name: c.name, type: c.type, resolution: c.resolution, ...b(c), ...unit };
        case 'boolean':
          return { name: c.name, type: c.type, true: [...c.true], false: [...c.false], ...unit };
        case 'category':
          return { name: c.name, type: c.type, labels: [...c.labels], ...unit };
        case 'identifier':
          return { name: c.name, type: c.type, normalize: [...c.normalize], ...unit };
      }
    }),
  };
}

/** Rows hashed per update call. */
const HASH_BATCH = 4096;

/**
 * The content hash of an encoded dataset (see the module doc for the exact encoding).
 * @example
 * ```ts
 * contentHash(ds.schema, ds.columns, ds.rowCount) === ds.contentHash; // true
 * ```
 */
export function contentHash(
  schema: DatasetSchema,
  columns: readonly (readonly string[])[],
  rowCount: number,
): `0x${string}` {
  const h = createHash('sha256');
  h.update('parley-dataset/2\n' + JSON.stringify(normalizeSchema(schema)) + '\n');
  const row: string[] = new Array<string>(columns.length);
  let buf = '';
  for (let i = 0; i < rowCount; i++) {
    for (let j = 0; j < columns.length; j++) row[j] = columns[j]![i]!;
    buf += JSON.stringify(row) + '\n';
    if ((i + 1) % HASH_BATCH === 0) {
      h.update(buf);
      buf = '';
    }
  }
  h.update(buf);
  return `0x${h.digest('hex')}`;
}

/**
 * The Catalog's `dataType` of a column: the JSON of its spec without `name` and `unit` (those
 * are fields of their own), e.g. `{"type":"decimal","scale":2,"min":"0.00"}`. Parsed back by
 * `parseCatalogColumns` (src/node/catalog.ts).
 * @example
 * ```ts
 * ledgerDataType({ name: 'age', type: 'integer', bits: 8 }); // '{"type":"integer","bits":8}'
 * ```
 */
export function ledgerDataType(c: ColumnSpec): string {
  const n = normalizeSchema({ columns: [c] }).columns[0]!;
  const { name, unit, ...rest } = n;
  void name;
  void unit;
  return JSON.stringify(rest);
}
