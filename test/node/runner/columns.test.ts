/** Stored datasets as program columns: the conversion, and corrupt cells refused by row and column. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { identifierEncoding } from '../../../src/node/datasets/cells.js';
import { parseCsv } from '../../../src/node/datasets/csv.js';
import { importDataset } from '../../../src/node/datasets/import.js';
import { encodeDataset, parseSchema } from '../../../src/node/datasets/schema.js';
import { datasetColumns, loadDatasetColumns } from '../../../src/node/runner/columns.js';
import { openStore } from '../../../src/node/store/db.js';
import { migrations } from '../../../src/node/store/migrations.js';
import { prepareInput } from '../../../src/programs/run.js';
import { paygap } from '../../../src/programs/paygap.js';
import { validateParams } from '../../../src/programs/params.js';
import { variance } from '../../../src/programs/variance.js';

const CSV =
  'id,age,salary,pay,gender,ok,day,at\n' +
  'A1,41,1200.5,50000.07,F,yes,2026-03-31,2026-03-31T12:00:00+02:00\n' +
  'B2,-3,0.25,-0.07,X,no,1969-12-31,1970-01-01T00:00:00Z\n' +
  ' c3 ,17,3,0,M,yes,1970-01-01,1970-01-01T00:00:01.500Z\n';
const SCHEMA = parseSchema({
  columns: [
    { name: 'id', type: 'identifier', normalize: ['trim', 'lower'] },
    { name: 'age', type: 'integer', bits: 8 },
    { name: 'salary', type: 'fixed' },
    { name: 'pay', type: 'decimal', scale: 2, min: -1, unit: 'EUR' },
    { name: 'gender', type: 'category', labels: ['F', 'M', 'X'] },
    { name: 'ok', type: 'boolean', true: ['yes'], false: ['no'] },
    { name: 'day', type: 'date' },
    { name: 'at', type: 'timestamp', resolution: 'ms' },
  ],
});

void describe('runner: stored datasets as program columns', () => {
  test('every column type converts to its documented encoding', () => {
    const ds = encodeDataset(parseCsv(CSV), SCHEMA);
    const cols = datasetColumns('0x01', ds.schema, ds.columns);
    assert.deepEqual(cols['age'], { type: 'integer', bits: 8, values: [41n, -3n, 17n] });
    assert.deepEqual(cols['salary'], {
      type: 'fixed',
      fractionBits: 32,
      values: [(12005n * 2n ** 32n) / 10n, 2n ** 30n, 3n * 2n ** 32n],
    });
    assert.deepEqual(cols['pay'], { type: 'decimal', scale: 2, values: [5000007n, -7n, 0n] });
    assert.deepEqual(cols['gender'], {
      type: 'category',
      labels: ['F', 'M', 'X'],
      values: [0n, 2n, 1n],
    });
    assert.deepEqual(cols['ok'], { type: 'boolean', values: [1n, 0n, 1n] });
    assert.deepEqual(cols['day'], { type: 'date', values: [20543n, -1n, 0n] });
    assert.deepEqual(cols['at'], {
      type: 'timestamp',
      resolution: 'ms',
      values: [BigInt(Date.parse('2026-03-31T10:00:00Z')), 0n, 1500n],
    });
    assert.deepEqual(cols['id'], {
      type: 'identifier',
      values: ['a1', 'b2', 'c3'].map(identifierEncoding),
    });
  });

  test('the columns are what a program reads: variance prepares them; paygap refuses fixed pay', () => {
    const ds = encodeDataset(parseCsv(CSV), SCHEMA);
    const cols = datasetColumns('0x01', ds.schema, ds.columns);
    const prepared = prepareInput(variance, validateParams(variance, { column: 'pay' }), 0, cols);
    assert.equal(prepared.rows, 3);
    assert.throws(() => prepareInput(paygap, validateParams(paygap, {}), 0, cols), {
      code: 'ERR_PROGRAM_INPUT',
      message: /column salary is fixed; the program needs exact numbers/,
    });
  });

  test('a corrupt stored cell is refused, naming dataset, column and row but not the value', () => {
    const ds = encodeDataset(parseCsv(CSV), SCHEMA);
    const cases: [number, number, string, RegExp][] = [
      [1, 1, '128', /column age, row 2: the stored cell is not/],
      [0, 2, '1.5', /column salary, row 1: the stored cell is not/],
      [2, 4, '3', /column gender, row 3: the stored cell is not/],
      [2, 4, '-1', /column gender, row 3/],
      [1, 3, '-101', /column pay, row 2/], // below the declared min -1.00
      [0, 5, '2', /column ok, row 1/],
      [0, 0, ' ', /column id, row 1/], // empty after normalisation
    ];
    for (const [row, col, cell, re] of cases) {
      const columns = ds.columns.map((c) => [...c]);
      columns[col]![row] = cell;
      assert.throws(
        () => datasetColumns('0xabc', ds.schema, columns),
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
    const short = ds.columns.map((c) => [...c]);
    short[1]!.pop();
    assert.throws(() => datasetColumns('0xabc', ds.schema, short), /column age has 2 stored cells/);
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

  test('a dataset stored before migration 4 (rows, fixed = x·2^16) still loads, fixed shifted exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-cols-'));
    try {
      const path = join(dir, 'store.sqlite');
      const old = openStore(path, { migrations: migrations.slice(0, 3) });
      const id = `0x${'ab'.repeat(32)}`;
      const legacy = {
        columns: [
          { name: 'who', type: 'identifier' },
          { name: 'pay', type: 'fixed' },
          { name: 'sex', type: 'category', labels: ['f', 'm'] },
        ],
      };
      old.run(
        'INSERT INTO datasets (id, name, schema_json, row_count, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [id, 'old', JSON.stringify(legacy), 2, id, new Date().toISOString()],
      );
      old.run('INSERT INTO dataset_rows (dataset_id, idx, cells) VALUES (?, 0, ?), (?, 1, ?)', [
        id,
        JSON.stringify(['A', String(-98304), '1']),
        id,
        JSON.stringify(['B', String(65536 * 1200 + 32768), '0']),
      ]);
      old.close();
      const store = openStore(path);
      try {
        const cols = loadDatasetColumns(store, id);
        assert.deepEqual(cols['pay'], {
          type: 'fixed',
          fractionBits: 32,
          values: [-3n * 2n ** 31n, 2401n * 2n ** 31n],
        });
        assert.deepEqual(cols['who']?.values, ['A', 'B'].map(identifierEncoding));
        assert.deepEqual(cols['sex']?.values, [1n, 0n]);
      } finally {
        store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
