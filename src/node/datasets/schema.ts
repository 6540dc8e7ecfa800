/**
 * Dataset schemas: column types, the JSON schema-file format, inference from data, validation and
 * encoding of cells, and the content hash.
 *
 * Column types (schema file: `{ "columns": [ ... ] }`, one object per CSV column, in any order):
 * - `{ "name": "age", "type": "integer", "bits": 8 }`: a signed integer with
 *   -2^(bits-1) <= x < 2^(bits-1), 2 <= bits <= 64 (default 64). Encoded as itself.
 * - `{ "name": "salary", "type": "fixed", "unit": "EUR" }`: a fixed-point number with f = 16
 *   fractional bits and |x| < 2^24, the MPC engine's default format (src/mpc/protocols/fixed.ts,
 *   FXP_F and FXP_K). Written as a decimal (`-12.5`, `3`, `1.5e3`); encoded as round(x * 2^16),
 *   ties away from zero.
 * - `{ "name": "sex", "type": "category", "labels": ["f", "m", "x"] }`: one of the declared labels
 *   (exact match), encoded as its 0-based index in `labels`.
 * - `{ "name": "client", "type": "identifier" }`: a string id (1..1024 characters), e.g. for
 *   private set intersection; stored as is.
 * Every column may carry a `unit` (free text, up to 32 characters, published in the catalog).
 * Numeric cells may have surrounding spaces; empty cells are refused (no missing values yet).
 *
 * Inference (no schema given), per column, the first rule that fits all cells:
 * integer (with the smallest of 8, 16, 32, 64 bits that holds every value), then fixed, then
 * category (at most 16 distinct labels, each used twice on average: distinct * 2 <= rows; labels
 * sorted), else identifier. A column with no data rows cannot be inferred.
 *
 * Content hash: sha256 over the UTF-8 of
 * `"parley-dataset/1\n" + JSON.stringify(schema) + "\n"` followed by, for each row,
 * `JSON.stringify(encodedCells) + "\n"`, where `schema` is the normalized schema (keys in the
 * order name, type, bits | labels, unit) and encoded cells are strings: decimal integers for
 * integer, fixed and category columns, the id for identifiers. Equal data under an equal schema
 * gives an equal hash whatever the CSV's quoting, spacing or line endings.
 *
 * Errors name the data row (1-based, header not counted: data row 1 is spreadsheet row 2), the
 * line of the CSV text, the column and the expected type and range; never the cell's content.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { FXP_F, FXP_K } from '../../mpc/protocols/fixed.js';
import { DatasetSchemaError, DatasetValueError } from '../errors.js';
import type { ParsedCsv } from './csv.js';

/** Fractional bits of `fixed` columns (the engine's default f). */
export const FIXED_FRACTION_BITS: number = FXP_F;
/** `fixed` values satisfy |x| < 2^FIXED_INTEGER_BITS (k - f - 1 with the engine's default k). */
export const FIXED_INTEGER_BITS: number = FXP_K - FXP_F - 1;
/** At most this many labels are inferred as a category. */
export const MAX_INFERRED_LABELS = 16;
/** At most this many labels may be declared. */
export const MAX_LABELS = 4096;

export type ColumnType = 'integer' | 'fixed' | 'category' | 'identifier';

interface ColumnBase {
  readonly name: string;
  readonly unit?: string;
}
export interface IntegerColumn extends ColumnBase {
  readonly type: 'integer';
  readonly bits: number;
}
export interface FixedColumn extends ColumnBase {
  readonly type: 'fixed';
}
export interface CategoryColumn extends ColumnBase {
  readonly type: 'category';
  readonly labels: readonly string[];
}
export interface IdentifierColumn extends ColumnBase {
  readonly type: 'identifier';
}
export type ColumnSpec = IntegerColumn | FixedColumn | CategoryColumn | IdentifierColumn;

/** A dataset's schema: its columns in CSV order. */
export interface DatasetSchema {
  readonly columns: readonly ColumnSpec[];
}

/** A validated dataset, ready to store. Cells are encoded as strings (see module doc). */
export interface EncodedDataset {
  readonly schema: DatasetSchema;
  readonly rows: readonly (readonly string[])[];
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
const INT_RE = /^[+-]?\d{1,25}$/;
const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

const schemaFail = (field: string, expected: string): never => {
  throw new DatasetSchemaError(`Invalid schema: ${field} must be ${expected}.`, {
    field,
    expected,
  });
};

/**
 * Validates a schema (e.g. a parsed schema file) and returns it normalized.
 * @example
 * ```ts
 * parseSchema({ columns: [{ name: 'age', type: 'integer', bits: 8 }] });
 * ```
 * @throws {DatasetSchemaError} naming the field, e.g. `columns[2].bits`.
 */
export function parseSchema(raw: unknown): DatasetSchema {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    schemaFail('schema', 'an object');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'columns' && k !== '$comment') schemaFail(k, 'absent (unknown field)');
  }
  if (!Array.isArray(o.columns) || o.columns.length === 0 || o.columns.length > 1000) {
    schemaFail('columns', 'an array of 1..1000 columns');
  }
  const seen = new Set<string>();
  const columns = (o.columns as unknown[]).map((c, i): ColumnSpec => {
    const at = `columns[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) schemaFail(at, 'an object');
    const col = c as Record<string, unknown>;
    const allowed = ['name', 'type', 'unit', 'bits', 'labels'];
    for (const k of Object.keys(col))
      if (!allowed.includes(k)) schemaFail(`${at}.${k}`, 'absent (unknown field)');
    if (typeof col.name !== 'string' || !isColumnName(col.name)) {
      schemaFail(`${at}.name`, '1..64 printable characters');
    }
    const name = col.name as string;
    if (seen.has(name)) schemaFail(`${at}.name`, 'unique among the columns');
    seen.add(name);
    let unit: { unit?: string } = {};
    if (col.unit !== undefined) {
      if (typeof col.unit !== 'string' || col.unit.length > 32 || hasControl(col.unit)) {
        schemaFail(`${at}.unit`, 'a string of at most 32 printable characters');
      }
      if (col.unit !== '') unit = { unit: col.unit as string };
    }
    const only = (field: string): void => {
      if (col[field] !== undefined)
        schemaFail(`${at}.${field}`, `absent for type ${String(col.type)}`);
    };
    switch (col.type) {
      case 'integer': {
        only('labels');
        const bits = col.bits ?? 64;
        if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 2 || bits > 64) {
          schemaFail(`${at}.bits`, 'an integer in 2..64');
        }
        return { name, type: 'integer', bits: bits as number, ...unit };
      }
      case 'fixed':
        only('labels');
        only('bits');
        return { name, type: 'fixed', ...unit };
      case 'category': {
        only('bits');
        const labels = col.labels;
        if (!Array.isArray(labels) || labels.length === 0 || labels.length > MAX_LABELS) {
          schemaFail(`${at}.labels`, `an array of 1..${MAX_LABELS} strings`);
        }
        const ls = labels as unknown[];
        ls.forEach((l, j) => {
          if (typeof l !== 'string' || l.length === 0 || l.length > 256) {
            schemaFail(`${at}.labels[${j}]`, 'a string of 1..256 characters');
          }
        });
        if (new Set(ls).size !== ls.length) schemaFail(`${at}.labels`, 'distinct');
        return { name, type: 'category', labels: ls as string[], ...unit };
      }
      case 'identifier':
        only('labels');
        only('bits');
        return { name, type: 'identifier', ...unit };
      default:
        return schemaFail(`${at}.type`, 'one of integer, fixed, category, identifier');
    }
  });
  return { columns };
}

/** Describes a column's expected values, for error messages. */
export function describeColumn(c: ColumnSpec): string {
  switch (c.type) {
    case 'integer':
      return `an integer in -2^${c.bits - 1}..2^${c.bits - 1}-1 (${c.bits}-bit signed)`;
    case 'fixed':
      return `a decimal number with |x| < 2^${FIXED_INTEGER_BITS}`;
    case 'category':
      return c.labels.length <= 10
        ? `one of the labels ${c.labels.map((l) => JSON.stringify(l)).join(', ')}`
        : `one of the ${c.labels.length} declared labels`;
    case 'identifier':
      return 'an identifier of 1..1024 characters';
  }
}

/** Parses an integer cell; undefined if it is not an integer. */
function parseInteger(cell: string): bigint | undefined {
  const s = cell.trim();
  return INT_RE.test(s) ? BigInt(s) : undefined;
}

/**
 * Parses a decimal cell to round(x * 2^f), ties away from zero, exactly (no floating point).
 * Undefined if the cell is not a finite decimal.
 */
export function parseFixed(cell: string, f: number = FIXED_FRACTION_BITS): bigint | undefined {
  const m = DEC_RE.exec(cell.trim());
  if (m === null) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return undefined;
  if (int.length + frac.length > 60) return undefined;
  const digits = BigInt((int + frac).replace(/^0+(?=\d)/, '') || '0');
  const e = Number(exp) - frac.length; // value = digits * 10^e
  let num = digits << BigInt(f);
  let den = 1n;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den = 10n ** BigInt(-e);
  const q = (2n * num + den) / (2n * den); // round half up on the magnitude
  return sign === '-' ? -q : q;
}

function encodeCell(c: ColumnSpec, cell: string): string | undefined {
  switch (c.type) {
    case 'integer': {
      const v = parseInteger(cell);
      const lim = 1n << BigInt(c.bits - 1);
      return v !== undefined && v >= -lim && v < lim ? v.toString() : undefined;
    }
    case 'fixed': {
      const v = parseFixed(cell);
      const lim = 1n << BigInt(FIXED_INTEGER_BITS + FIXED_FRACTION_BITS);
      return v !== undefined && v > -lim && v < lim ? v.toString() : undefined;
    }
    case 'category': {
      const k = c.labels.indexOf(cell);
      return k >= 0 ? String(k) : undefined;
    }
    case 'identifier':
      return cell.length >= 1 && cell.length <= 1024 ? cell : undefined;
  }
}

/**
 * Infers a schema from parsed CSV (see the module doc for the rules).
 * @example
 * ```ts
 * inferSchema(parseCsv('age,pay\n41,1200.5\n')).columns;
 * // [{ name: 'age', type: 'integer', bits: 8 }, { name: 'pay', type: 'fixed' }]
 * ```
 * @throws {DatasetSchemaError} if a header name is invalid or duplicated, or there are no rows.
 */
export function inferSchema(csv: ParsedCsv): DatasetSchema {
  checkHeader(csv.header);
  if (csv.rows.length === 0) {
    throw new DatasetSchemaError(
      'Cannot infer column types from a CSV without data rows; give a schema.',
      { field: 'schema' },
    );
  }
  const columns = csv.header.map((name, j): ColumnSpec => {
    const cells = csv.rows.map((r) => r[j]!);
    let lo = 0n;
    let hi = 0n;
    let allInt = true;
    for (const cell of cells) {
      const v = parseInteger(cell);
      if (v === undefined) {
        allInt = false;
        break;
      }
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (allInt) {
      const bits = [8, 16, 32, 64].find(
        (b) => lo >= -(1n << BigInt(b - 1)) && hi < 1n << BigInt(b - 1),
      );
      if (bits !== undefined) return { name, type: 'integer', bits };
    }
    const fixed: ColumnSpec = { name, type: 'fixed' };
    if (cells.every((cell) => encodeCell(fixed, cell) !== undefined)) return fixed;
    const distinct = new Set(cells);
    if (
      !distinct.has('') &&
      distinct.size <= MAX_INFERRED_LABELS &&
      distinct.size * 2 <= cells.length
    ) {
      return { name, type: 'category', labels: [...distinct].sort() };
    }
    return { name, type: 'identifier' };
  });
  return { columns };
}

function checkHeader(header: readonly string[]): void {
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

/**
 * Validates and encodes parsed CSV under a schema (inferred when `schema` is undefined).
 * The schema's columns may be in any order; the result follows the CSV's column order.
 * @example
 * ```ts
 * const ds = encodeDataset(parseCsv(text), parseSchema(JSON.parse(schemaText)));
 * ds.contentHash; // '0x…'
 * ```
 * @throws {DatasetSchemaError} if the header and the schema do not have the same column names.
 * @throws {DatasetValueError} for the first cell that does not fit (row, line, column, type).
 */
export function encodeDataset(csv: ParsedCsv, schema?: DatasetSchema): EncodedDataset {
  checkHeader(csv.header);
  const s = schema ?? inferSchema(csv);
  const byName = new Map(s.columns.map((c) => [c.name, c]));
  for (const h of csv.header) {
    if (!byName.has(h)) {
      throw new DatasetSchemaError(`The CSV column "${h}" is not in the schema.`, {
        field: 'header',
        column: h,
      });
    }
  }
  for (const c of s.columns) {
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
  const columns = csv.header.map((h) => byName.get(h)!);
  const rows = csv.rows.map((r, i) =>
    columns.map((c, j) => {
      const cell = r[j]!;
      const v = encodeCell(c, cell);
      if (v === undefined) {
        const row = i + 1;
        const line = csv.lines[i] ?? row + 1;
        const why = cell.trim() === '' ? 'the cell is empty' : 'the value does not fit';
        throw new DatasetValueError(
          `Row ${row} (line ${line}), column "${c.name}": ${why}; expected ${describeColumn(c)}.`,
          { row, line, column: c.name, type: c.type, expected: describeColumn(c) },
        );
      }
      return v;
    }),
  );
  const normalized = normalizeSchema({ columns });
  return { schema: normalized, rows, contentHash: contentHash(normalized, rows) };
}

/** The schema with keys in canonical order (name, type, bits | labels, unit). */
export function normalizeSchema(schema: DatasetSchema): DatasetSchema {
  return {
    columns: schema.columns.map((c): ColumnSpec => {
      const unit = c.unit === undefined || c.unit === '' ? {} : { unit: c.unit };
      switch (c.type) {
        case 'integer':
          return { name: c.name, type: c.type, bits: c.bits, ...unit };
        case 'category':
          return { name: c.name, type: c.type, labels: [...c.labels], ...unit };
        default:
          return { name: c.name, type: c.type, ...unit };
      }
    }),
  };
}

/**
 * The content hash of an encoded dataset (see the module doc for the exact encoding).
 * @example
 * ```ts
 * contentHash(ds.schema, ds.rows) === ds.contentHash; // true
 * ```
 */
export function contentHash(
  schema: DatasetSchema,
  rows: readonly (readonly string[])[],
): `0x${string}` {
  const h = createHash('sha256');
  h.update('parley-dataset/1\n' + JSON.stringify(normalizeSchema(schema)) + '\n');
  for (const r of rows) h.update(JSON.stringify(r) + '\n');
  return `0x${h.digest('hex')}`;
}

/** The ledger's column type name for a column (Catalog metadata). */
export function ledgerDataType(c: ColumnSpec): string {
  switch (c.type) {
    case 'integer':
      return `int${c.bits}`;
    case 'fixed':
      return `fixed${FIXED_INTEGER_BITS}.${FIXED_FRACTION_BITS}`;
    case 'category':
      return `category${c.labels.length}`;
    case 'identifier':
      return 'string';
  }
}
