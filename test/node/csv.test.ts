import { describe, test } from 'node:test';
import { deepEqual, equal, ok, throws } from 'node:assert/strict';
import { formatCsvRecord, parseCsv } from '../../src/node/datasets/csv.js';
import { CsvError } from '../../src/node/errors.js';

const fails = (text: string, line: number, row?: number) => (err: unknown) => {
  ok(err instanceof CsvError, 'a CsvError');
  equal(err.code, 'ERR_DATASET_CSV');
  equal(err.details.line, line, 'names the line');
  if (row !== undefined) equal(err.details.row, row, 'names the data row');
  ok(!err.message.includes('SECRET'), 'never echoes field contents');
  void text;
  return true;
};

void describe('parseCsv (RFC 4180)', () => {
  test('plain records with LF, CRLF and a missing final line break', () => {
    deepEqual(parseCsv('a,b\n1,2\n3,4'), {
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
      lines: [2, 3],
    });
    deepEqual(parseCsv('a,b\r\n1,2\r\n').rows, [['1', '2']]);
    deepEqual(parseCsv('a,b\r1,2\r').rows, [['1', '2']], 'lone CR');
  });

  test('quoted fields: commas, escaped quotes, line breaks; line numbers follow the text', () => {
    const csv = parseCsv(
      'name,note\r\n"Smith, J.","say ""hi"""\r\n"multi\r\nline",x\r\nlast,"q"\r\n',
    );
    deepEqual(csv.rows, [
      ['Smith, J.', 'say "hi"'],
      ['multi\r\nline', 'x'],
      ['last', 'q'],
    ]);
    deepEqual(csv.lines, [2, 3, 5]);
    deepEqual(parseCsv('a\n""\n').rows, [['']], 'an empty quoted field');
  });

  test('a BOM is dropped; empty lines at the end are ignored; empty fields are kept', () => {
    const csv = parseCsv('\uFEFFa,b\n1,\n,2\n\n\r\n\n');
    deepEqual(csv.header, ['a', 'b']);
    deepEqual(csv.rows, [
      ['1', ''],
      ['', '2'],
    ]);
  });

  test('header only: zero rows', () => {
    deepEqual(parseCsv('a,b\n').rows, []);
  });

  test('errors name the line (and row) and never the contents', () => {
    throws(() => parseCsv(''), CsvError);
    throws(() => parseCsv('\n\n'), CsvError);
    throws(() => parseCsv('a,b\n1,2\n"SECRET,3\n4,5\n'), fails('', 3));
    throws(() => parseCsv('a,b\n1,SE"CRET\n'), fails('', 2));
    throws(() => parseCsv('a,b\n1,"SECRET"x\n'), fails('', 2));
    throws(() => parseCsv('a,b\n1,2\n"x\ny",SECRET,3\n'), fails('', 3, 2));
    throws(() => parseCsv('a,b\n1,2\n\n3,4\n'), fails('', 3, 2), 'an empty line in the middle');
    throws(
      () => parseCsv('a,b\n1\n'),
      (err: unknown) => {
        ok(err instanceof CsvError);
        ok(/Row 1 \(line 2\) has 1 field; the header has 2/.test(err.message), err.message);
        return true;
      },
    );
  });

  test('every row with the wrong number of fields is listed (file order, capped, counted)', () => {
    const text = 'a,b,c\n1,2,3\n"x\ny",SECRET\n4,5,6\n7,SECRET,8,9\n\n';
    // An empty line in the middle would be one more record of one field: not here.
    throws(
      () => parseCsv(text.replace(/\n\n$/, '\n')),
      (err: unknown) => {
        ok(err instanceof CsvError);
        deepEqual(err.details.errors, [
          { row: 2, line: 3, message: 'has 2 fields; the header has 3' },
          { row: 4, line: 6, message: 'has 4 fields; the header has 3' },
        ]);
        equal(err.details.total, 2);
        equal(err.details.row, 2);
        equal(err.details.line, 3);
        ok(
          err.message ===
            'Row 2 (line 3) has 2 fields; the header has 3 (and 1 more row with the wrong number of fields).',
          err.message,
        );
        ok(!JSON.stringify(err.details).includes('SECRET'));
        return true;
      },
    );
    const many =
      'a,b\n' + Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? '1' : '1,2')).join('\n');
    throws(
      () => parseCsv(many),
      (err: unknown) => {
        ok(err instanceof CsvError);
        const list = err.details.errors as { row: number; line: number }[];
        equal(list.length, 100);
        equal(err.details.total, 125);
        deepEqual(
          list.map((e) => e.row),
          Array.from({ length: 100 }, (_, k) => 2 * k + 1),
        );
        ok(list.every((e) => e.line === e.row + 1));
        return true;
      },
    );
  });

  test('maxRows bounds the work', () => {
    throws(() => parseCsv('a\n1\n2\n3\n', { maxRows: 2 }), CsvError);
    equal(parseCsv('a\n1\n2\n', { maxRows: 2 }).rows.length, 2);
  });

  test('formatCsvRecord round-trips through parseCsv', () => {
    const fields = ['plain', 'with,comma', 'with "quote"', 'multi\nline', ''];
    const text = formatCsvRecord(['h1', 'h2', 'h3', 'h4', 'h5']) + formatCsvRecord(fields);
    deepEqual(parseCsv(text).rows, [fields]);
  });
});
