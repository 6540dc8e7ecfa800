/** Stored datasets as program columns: the conversion, and corrupt cells refused by row and column. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCsv } from '../../../src/node/datasets/csv.js';
import { importDataset } from '../../../src/node/datasets/import.js';
import { encodeDataset, parseSchema } from '../../../src/node/datasets/schema.js';
import { datasetColumns, loadDatasetColumns } from '../../../src/node/runner/columns.js';
import { openStore } from '../../../src/node/store/db.js';
import { prepareInput } from '../../../src/programs/run.js';
import { paygap } from '../../../src/programs/paygap.js';
import { validateParams } from '../../../src/programs/params.js';

const CSV = 'id,age,salary,gender\nA1,41,1200.5,F\nB2,-3,0.25,X\nC3,17,3,M\n';
const SCHEMA = parseSchema({
  columns: [
    { name: 'id', type: 'identifier' },
    { name: 'age', type: 'integer', bits: 8 },
    { name: 'salary', type: 'fixed' },
    { name: 'gender', type: 'category', labels: ['F', 'M', 'X'] },
  ],
});

describe('runner: stored datasets as program columns', () => {
  test('integer, fixed and category columns convert to the store encoding; identifiers are left out', () => {
    const ds = encodeDataset(parseCsv(CSV), SCHEMA);
    const cols = datasetColumns('0x01', ds.schema, ds.rows);
    assert.deepEqual(Object.keys(cols).sort(), ['age', 'gender', 'salary']);
    assert.deepEqual(cols['age'], { type: 'integer', bits: 8, values: [41n, -3n, 17n] });
    assert.deepEqual(cols['salary'], {
      type: 'fixed',
      values: [BigInt(1200.5 * 65536), BigInt(0.25 * 65536), 3n * 65536n],
    });
    assert.deepEqual(cols['gender'], {
      type: 'category',
      labels: ['F', 'M', 'X'],
      values: [0n, 2n, 1n],
    });
  });

  test('the columns are what a program reads: paygap prepares them', () => {
    const ds = encodeDataset(parseCsv(CSV), SCHEMA);
    const cols = datasetColumns('0x01', ds.schema, ds.rows);
    const prepared = prepareInput(paygap, validateParams(paygap, {}), 0, cols);
    assert.equal(prepared.rows, 3);
  });

  test('a corrupt stored cell is refused, naming dataset, column and row but not the value', () => {
    const ds = encodeDataset(parseCsv(CSV), SCHEMA);
    const cases: [number, number, string, RegExp][] = [
      [1, 1, '128', /column age, row 2: the stored cell is not a 8-bit integer/],
      [0, 2, '1.5', /column salary, row 1: the stored cell is not a fixed-point number/],
      [2, 3, '3', /column gender, row 3: the stored cell is not a label index/],
      [2, 3, '-1', /column gender, row 3/],
    ];
    for (const [row, col, cell, re] of cases) {
      const rows = ds.rows.map((r) => [...r]);
      rows[row]![col] = cell;
      assert.throws(
        () => datasetColumns('0xabc', ds.schema, rows),
        (err: unknown) => {
          const e = err as { code?: string; message: string };
          assert.equal(e.code, 'ERR_RUNNER_DATASET');
          assert.match(e.message, re);
          assert.match(e.message, /0xabc/);
          assert.ok(!e.message.includes(`"${cell}"`), 'no value in the message');
          return true;
        },
      );
    }
    const short = ds.rows.map((r) => [...r]);
    short[1]!.pop();
    assert.throws(() => datasetColumns('0xabc', ds.schema, short), /stored row 2 has 3 cells/);
  });

  test('loads from the store; a dataset the store does not hold is refused by id', () => {
    const store = openStore(':memory:');
    try {
      const rec = importDataset(store, { name: 'people', csv: CSV, schema: SCHEMA });
      const cols = loadDatasetColumns(store, rec.id);
      assert.deepEqual(cols['age']?.values, [41n, -3n, 17n]);
      const missing = `0x${'00'.repeat(32)}`;
      assert.throws(
        () => loadDatasetColumns(store, missing),
        (err: unknown) =>
          (err as { code?: string }).code === 'ERR_RUNNER_DATASET' &&
          (err as Error).message.includes(missing),
      );
    } finally {
      store.close();
    }
  });
});
