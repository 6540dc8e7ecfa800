import { describe, test } from 'node:test';
import { deepEqual, equal, notEqual, ok, throws } from 'node:assert/strict';
import { parseCsv } from '../../src/node/datasets/csv.js';
import {
  contentHash,
  encodeDataset,
  inferSchema,
  parseFixed,
  parseSchema,
} from '../../src/node/datasets/schema.js';
import { importDataset } from '../../src/node/datasets/import.js';
import { openStore } from '../../src/node/store/db.js';
import { listDatasets, readDatasetRows } from '../../src/node/store/datasets.js';
import { DatasetSchemaError, DatasetValueError } from '../../src/node/errors.js';
import { FXP_F, FXP_K } from '../../src/mpc/protocols/fixed.js';

const valueError =
  (row: number, line: number, column: string) =>
  (err: unknown): boolean => {
    ok(err instanceof DatasetValueError, `a DatasetValueError, got ${String(err)}`);
    equal(err.code, 'ERR_DATASET_VALUE');
    equal(err.details.row, row, 'row');
    equal(err.details.line, line, 'line');
    equal(err.details.column, column, 'column');
    ok(err.message.includes(`Row ${row} (line ${line}), column "${column}"`), err.message);
    ok(!err.message.includes('SECRET') && !JSON.stringify(err.details).includes('SECRET'));
    return true;
  };

void describe('dataset schema', () => {
  test('fixed-point format matches the MPC engine defaults', () => {
    equal(FXP_F, 16);
    equal(FXP_K - FXP_F - 1, 24);
  });

  test('parseFixed rounds x * 2^16 exactly, ties away from zero', () => {
    equal(parseFixed('1'), 65536n);
    equal(parseFixed('-1.5'), -98304n);
    equal(parseFixed('0.1'), 6554n); // 6553.6
    equal(parseFixed('1.5e3'), 1500n * 65536n);
    equal(parseFixed('.5'), 32768n);
    equal(parseFixed(' 2. '), 131072n);
    equal(parseFixed('7.62939453125e-6'), 1n); // exactly 0.5 / 2^16 -> rounds up
    equal(parseFixed('-7.62939453125e-6'), -1n);
    for (const bad of ['', '.', 'e3', '1e', 'NaN', 'Infinity', '1,5', '0x10', '--1']) {
      equal(parseFixed(bad), undefined, bad);
    }
  });

  test('inference: integer bits, fixed, category, identifier', () => {
    const csv = parseCsv(
      'age,big,pay,sex,id,neg\n' +
        '41,70000,1200.50,f,a1,-129\n' +
        '35,1,99,m,a2,5\n' +
        '50,2,3,f,a3,0\n' +
        '22,3,4.25,m,a4,1\n',
    );
    deepEqual(inferSchema(csv).columns, [
      { name: 'age', type: 'integer', bits: 8 },
      { name: 'big', type: 'integer', bits: 32 },
      { name: 'pay', type: 'fixed' },
      { name: 'sex', type: 'category', labels: ['f', 'm'] },
      { name: 'id', type: 'identifier' },
      { name: 'neg', type: 'integer', bits: 16 },
    ]);
    // Out of fixed range, or beyond int64: identifier.
    deepEqual(inferSchema(parseCsv('x,y\n16777216.0,9223372036854775808\n1,1\n')).columns, [
      { name: 'x', type: 'identifier' },
      { name: 'y', type: 'identifier' },
    ]);
    throws(() => inferSchema(parseCsv('a\n')), DatasetSchemaError, 'no rows');
  });

  test('schema file: valid forms are normalized; invalid fields are named', () => {
    const s = parseSchema({
      columns: [
        { name: 'a', type: 'integer' },
        { type: 'category', name: 'b', labels: ['x', 'y'], unit: '' },
        { name: 'c', type: 'fixed', unit: 'EUR' },
      ],
    });
    deepEqual(s.columns, [
      { name: 'a', type: 'integer', bits: 64 },
      { name: 'b', type: 'category', labels: ['x', 'y'] },
      { name: 'c', type: 'fixed', unit: 'EUR' },
    ]);
    const cases: [unknown, string][] = [
      [null, 'schema'],
      [{ columns: [] }, 'columns'],
      [{ columns: [{ name: 'a', type: 'float' }] }, 'columns[0].type'],
      [{ columns: [{ name: 'a', type: 'integer', bits: 65 }] }, 'columns[0].bits'],
      [{ columns: [{ name: 'a', type: 'fixed', bits: 8 }] }, 'columns[0].bits'],
      [{ columns: [{ name: 'a', type: 'category', labels: [] }] }, 'columns[0].labels'],
      [{ columns: [{ name: 'a', type: 'category', labels: ['x', 'x'] }] }, 'columns[0].labels'],
      [
        {
          columns: [
            { name: 'a', type: 'identifier' },
            { name: 'a', type: 'identifier' },
          ],
        },
        'columns[1].name',
      ],
      [{ columns: [{ name: '', type: 'identifier' }] }, 'columns[0].name'],
      [{ columns: [{ name: 'a', type: 'identifier', color: 1 }] }, 'columns[0].color'],
      [{ columns: [{ name: 'a', type: 'identifier' }], extra: 1 }, 'extra'],
    ];
    for (const [raw, field] of cases) {
      throws(
        () => parseSchema(raw),
        (err: unknown) => err instanceof DatasetSchemaError && err.details.field === field,
        field,
      );
    }
  });

  test('validation errors name the data row, the line and the column, never the value', () => {
    const schema = parseSchema({
      columns: [
        { name: 'age', type: 'integer', bits: 8 },
        { name: 'pay', type: 'fixed' },
        { name: 'sex', type: 'category', labels: ['f', 'm'] },
        { name: 'id', type: 'identifier' },
      ],
    });
    const head = 'age,pay,sex,id\n';
    throws(
      () => encodeDataset(parseCsv(head + '1,2,f,a\n128,2,f,SECRET\n'), schema),
      valueError(2, 3, 'age'),
    );
    throws(() => encodeDataset(parseCsv(head + '1,SECRET,f,a\n'), schema), valueError(1, 2, 'pay'));
    throws(
      () => encodeDataset(parseCsv(head + '1,16777216,f,a\n'), schema),
      valueError(1, 2, 'pay'),
    );
    throws(
      () => encodeDataset(parseCsv(head + '1,2,f,a\n1,2,f,"multi\nline"\n1,2,SECRET,a\n'), schema),
      valueError(3, 5, 'sex'),
    );
    throws(
      () => encodeDataset(parseCsv(head + '1,2,f,\n'), schema),
      (err: unknown) => {
        ok(valueError(1, 2, 'id')(err));
        ok(err instanceof Error && err.message.includes('empty'));
        return true;
      },
    );
    throws(
      () => encodeDataset(parseCsv('age,pay,sex\n1,2,f\n'), schema),
      (err: unknown) => {
        ok(err instanceof DatasetSchemaError);
        equal(err.details.column, 'id');
        return true;
      },
    );
    throws(
      () => encodeDataset(parseCsv('age,pay,sex,id,x\n1,2,f,a,b\n'), schema),
      DatasetSchemaError,
    );
    throws(() => encodeDataset(parseCsv('a,a\n1,2\n')), DatasetSchemaError, 'duplicate header');
  });

  test('encoding follows the CSV column order and the content hash is canonical', () => {
    const schema = parseSchema({
      columns: [
        { name: 'sex', type: 'category', labels: ['f', 'm'] },
        { name: 'pay', type: 'fixed' },
      ],
    });
    const a = encodeDataset(parseCsv('pay,sex\n1.5,m\n-2,f\n'), schema);
    deepEqual(a.rows, [
      ['98304', '1'],
      ['-131072', '0'],
    ]);
    deepEqual(
      a.schema.columns.map((c) => c.name),
      ['pay', 'sex'],
    );
    const b = encodeDataset(
      parseCsv('\uFEFFpay,sex\r\n"1.50", m\r\n-2.0,f\r\n'.replace(' m', 'm')),
      schema,
    );
    equal(b.contentHash, a.contentHash, 'quoting, BOM, CRLF and spelling of numbers do not matter');
    equal(contentHash(a.schema, a.rows), a.contentHash);
    const c = encodeDataset(parseCsv('pay,sex\n1.5,m\n-2,m\n'), schema);
    notEqual(c.contentHash, a.contentHash);
    ok(/^0x[0-9a-f]{64}$/.test(a.contentHash));
  });

  test('importDataset stores nothing when any cell is bad', () => {
    const store = openStore(':memory:');
    try {
      const rows = Array.from({ length: 2000 }, (_, i) => `${i},x${i}`).join('\n');
      throws(
        () =>
          importDataset(store, {
            name: 'd',
            csv: 'n,id\n' + rows + '\n1.5,x\n',
            schema: {
              columns: [
                { name: 'n', type: 'integer', bits: 32 },
                { name: 'id', type: 'identifier' },
              ],
            },
          }),
        valueError(2001, 2002, 'n'),
      );
      equal(listDatasets(store).length, 0);
      const ok1 = importDataset(store, { name: 'd', csv: 'n,id\n' + rows + '\n' });
      equal(ok1.rowCount, 2000);
      equal(readDatasetRows(store, ok1.id)[1999]![1], 'x1999');
      throws(() => importDataset(store, { name: 'bad name!', csv: 'a\n1\n' }), DatasetSchemaError);
    } finally {
      store.close();
    }
  });
});
