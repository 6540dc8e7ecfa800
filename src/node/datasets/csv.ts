/**
 * A small CSV parser for RFC 4180 text, strict where the RFC is and lenient only where real files
 * differ harmlessly:
 * - fields are separated by `,`; records by CRLF, LF or a lone CR;
 * - a field may be quoted with `"`; inside quotes, `""` is a literal quote, and commas and line
 *   breaks are data;
 * - a UTF-8 byte-order mark at the start is dropped; empty lines at the end are ignored;
 * - the first record is the header; every record must have as many fields as the header.
 * Refused, with the line named: a quote inside an unquoted field, anything but a separator after
 * a closing quote, an unterminated quoted field (the first such problem stops the parse), and
 * records with the wrong number of fields (all of them are listed, the first 100 in
 * `details.errors` as `{ row, line, message }`, counted in `details.total`).
 *
 * Numbering: `line` is the 1-based physical line of the text where a record starts; `row` is the
 * 1-based data row, not counting the header, so data row 1 is the spreadsheet's row 2. Errors
 * never include field contents.
 *
 * @module
 */
import { CsvError } from '../errors.js';

/** At most this many rows with the wrong number of fields are listed (`details.errors`). */
export const MAX_LISTED_ROW_ERRORS = 100;

export interface ParsedCsv {
  readonly header: readonly string[];
  /** Data rows (header excluded); every row has `header.length` fields. */
  readonly rows: readonly (readonly string[])[];
  /** `lines[i]` is the 1-based line on which data row i + 1 starts. */
  readonly lines: readonly number[];
}

export interface ParseCsvOptions {
  /** Most data rows accepted (default 10,000,000). */
  readonly maxRows?: number;
}

/**
 * Parses CSV text (RFC 4180, see the module doc).
 * @example
 * ```ts
 * parseCsv('name,age\r\n"Smith, J.",41\r\n');
 * // { header: ['name', 'age'], rows: [['Smith, J.', '41']], lines: [2] }
 * ```
 * @throws {CsvError} naming the line (and data row) of the first problem.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): ParsedCsv {
  const maxRows = options.maxRows ?? 10_000_000;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  const starts: number[] = [];
  /** Records that are an empty line (one empty unquoted field), not `""`. */
  const blank: boolean[] = [];
  const n = src.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const record: string[] = [];
    let quoted = false;
    // One record: fields until a line break or the end of the text.
    for (;;) {
      let field: string;
      if (src.charCodeAt(i) === 0x22 /* " */) {
        const fieldLine = line;
        quoted = true;
        i++;
        let buf = '';
        let from = i;
        for (;;) {
          if (i >= n) {
            throw new CsvError(`Line ${fieldLine}: a quoted field is never closed.`, {
              line: fieldLine,
            });
          }
          const c = src.charCodeAt(i);
          if (c === 0x22) {
            if (src.charCodeAt(i + 1) === 0x22) {
              buf += src.slice(from, i + 1);
              i += 2;
              from = i;
              continue;
            }
            buf += src.slice(from, i);
            i++;
            break;
          }
          if (c === 0x0a || (c === 0x0d && src.charCodeAt(i + 1) !== 0x0a)) line++;
          i++;
        }
        field = buf;
        const c = i < n ? src.charCodeAt(i) : -1;
        if (c !== -1 && c !== 0x2c && c !== 0x0a && c !== 0x0d) {
          throw new CsvError(`Line ${line}: unexpected character after a closing quote.`, { line });
        }
      } else {
        const from = i;
        while (i < n) {
          const c = src.charCodeAt(i);
          if (c === 0x2c || c === 0x0a || c === 0x0d) break;
          if (c === 0x22) {
            throw new CsvError(
              `Line ${line}: a quote inside an unquoted field (quote the whole field and double the quote).`,
              { line },
            );
          }
          i++;
        }
        field = src.slice(from, i);
      }
      record.push(field);
      if (i < n && src.charCodeAt(i) === 0x2c) {
        i++;
        continue;
      }
      break;
    }
    // End of record: consume one line break (CRLF, LF or CR).
    if (i < n) {
      if (src.charCodeAt(i) === 0x0d && src.charCodeAt(i + 1) === 0x0a) i += 2;
      else i++;
      line++;
    }
    records.push(record);
    starts.push(recordLine);
    blank.push(!quoted && record.length === 1 && record[0] === '');
    if (records.length > maxRows + 1) {
      throw new CsvError(`The CSV has more than ${maxRows} data rows.`, { maxRows });
    }
  }
  // Empty lines at the end are not records.
  while (records.length > 0 && blank[records.length - 1] === true) {
    records.pop();
    starts.pop();
    blank.pop();
  }
  const header = records.shift();
  starts.shift();
  if (header === undefined) throw new CsvError('The CSV is empty: expected a header line.');
  // Every record with the wrong number of fields, so that all of them can be fixed at once.
  const wrong: number[] = [];
  let nWrong = 0;
  records.forEach((r, k) => {
    if (r.length === header.length) return;
    if (wrong.length < MAX_LISTED_ROW_ERRORS) wrong.push(k);
    nWrong++;
  });
  const k0 = wrong[0];
  if (k0 !== undefined) {
    const fields = (n: number): string => `${n} field${n === 1 ? '' : 's'}`;
    const more = nWrong - 1;
    const r0 = records[k0]!;
    throw new CsvError(
      `Row ${k0 + 1} (line ${starts[k0]!}) has ${fields(r0.length)}; the header has ${header.length}` +
        (more > 0
          ? ` (and ${more} more row${more === 1 ? '' : 's'} with the wrong number of fields).`
          : '.'),
      {
        row: k0 + 1,
        line: starts[k0]!,
        fields: r0.length,
        expected: header.length,
        errors: wrong.map((k) => ({
          row: k + 1,
          line: starts[k]!,
          message: `has ${fields(records[k]!.length)}; the header has ${header.length}`,
        })),
        total: nWrong,
      },
    );
  }
  return { header, rows: records, lines: starts };
}

/**
 * Formats one record as RFC 4180 CSV (quoting only where needed), with CRLF.
 * @example
 * ```ts
 * formatCsvRecord(['Smith, J.', '41']); // '"Smith, J.",41\r\n'
 * ```
 */
export function formatCsvRecord(fields: readonly string[]): string {
  return (
    fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',') + '\r\n'
  );
}
