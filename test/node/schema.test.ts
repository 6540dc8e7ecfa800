import { describe, test } from 'node:test';
import { deepEqual, equal, notEqual, ok, throws } from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../src/node/datasets/csv.js';
import {
  FIXED_FRACTION_BITS,
  MAX_LISTED_CELL_ERRORS,
  cellEncoder,
  contentHash,
  encodeDataset,
  encodedRange,
  parseFixed,
  parseSchema,
  type ColumnSpec,
} from '../../src/node/datasets/schema.js';
import { inferSchema } from '../../src/node/datasets/infer.js';
import {
  civilFromDays,
  daysFromCivil,
  formatScaled,
  formatTimestamp,
  identifierEncoding,
  normalizeIdentifier,
} from '../../src/node/datasets/cells.js';
import { importDataset } from '../../src/node/datasets/import.js';
import { datasetColumns } from '../../src/node/runner/columns.js';
import { openStore, type Store } from '../../src/node/store/db.js';
import { listDatasets, readDatasetRows } from '../../src/node/store/datasets.js';
import { DatasetSchemaError, DatasetValueError } from '../../src/node/errors.js';

/** Every cell in the bad files below that must never appear in an error contains SECRET-ish text or is a number. */
const valueError =
  (row: number, line: number, column: string, ...parts: (string | RegExp)[]) =>
  (err: unknown): boolean => {
    ok(err instanceof DatasetValueError, `a DatasetValueError, got ${String(err)}`);
    equal(err.code, 'ERR_DATASET_VALUE');
    equal(err.details.row, row, 'row');
    equal(err.details.line, line, 'line');
    equal(err.details.column, column, 'column');
    ok(err.message.includes(`Row ${row} (line ${line}), column "${column}"`), err.message);
    for (const p of parts) {
      ok(
        typeof p === 'string' ? err.message.includes(p) : p.test(err.message),
        `${String(p)} in: ${err.message}`,
      );
    }
    ok(!/SECRET/i.test(err.message) && !/SECRET/i.test(JSON.stringify(err.details)));
    return true;
  };

function withStore(fn: (store: Store) => void): void {
  const store = openStore(':memory:');
  try {
    fn(store);
  } finally {
    store.close();
  }
}

/** The import fails as `check` says, and the store (datasets and cells) is unchanged. */
function refusedAndNothingStored(
  csv: string,
  schema: unknown,
  check: (err: unknown) => boolean,
): void {
  withStore((store) => {
    importDataset(store, { name: 'before', csv: 'a\n1\n2\n' });
    const before = listDatasets(store);
    const cells = store.all('SELECT * FROM dataset_cells');
    throws(
      () => importDataset(store, { name: 'bad', csv, ...(schema === undefined ? {} : { schema }) }),
      check,
    );
    deepEqual(listDatasets(store), before);
    deepEqual(store.all('SELECT * FROM dataset_cells'), cells);
    equal(store.get('SELECT COUNT(*) AS n FROM dataset_rows')?.n, 0);
  });
}

const SALARY = {
  columns: [
    { name: 'id', type: 'identifier' },
    { name: 'salary', type: 'decimal', scale: 2, min: 0, max: '2000000.00', unit: 'EUR' },
    { name: 'gender', type: 'category', labels: ['F', 'M', 'X'] },
  ],
};
const head = 'id,salary,gender\n';

void describe('dataset schema: the bad files of issue 8', () => {
  test('`fifty` with a schema: expected a number like 50000.00, got text', () => {
    refusedAndNothingStored(
      head + 'e1,50000.00,F\ne2,fifty,M\n',
      SALARY,
      valueError(
        2,
        3,
        'salary',
        'expected a number with at most 2 digits after the point, like 50000.00, got text',
      ),
    );
  });

  test('`fifty` without a schema: the number column is an error at that row, not an identifier', () => {
    refusedAndNothingStored(
      'id,salary\ne1,50000.00\ne2,61000.10\ne3,fifty\ne4,1\n',
      undefined,
      valueError(3, 4, 'salary', 'got text'),
    );
  });

  test('`50,000.00`: thousands separators are not allowed (with and without a schema)', () => {
    const check = valueError(2, 3, 'salary', 'thousands separators are not allowed');
    refusedAndNothingStored(head + 'e1,1.00,F\ne2,"50,000.00",M\n', SALARY, check);
    refusedAndNothingStored('id,salary\ne1,1.00\ne2,"50,000.00"\ne3,2\n', undefined, check);
    refusedAndNothingStored('id,salary\ne1,1\ne2,1 234\ne3,2\n', undefined, check);
  });

  test('`1e300` is out of range: the message gives the range', () => {
    refusedAndNothingStored(
      'id,x\ne1,1.5\ne2,1e300\ne3,2\n',
      undefined,
      valueError(2, 3, 'x', 'out of range', '2^63'),
    );
    refusedAndNothingStored(
      head + 'e1,1e300,F\n',
      SALARY,
      valueError(1, 2, 'salary', 'out of range', 'at least 0.00 EUR and at most 2000000.00 EUR'),
    );
  });

  test('unknown label `Q` is refused; the declared labels are named', () => {
    refusedAndNothingStored(
      head + 'e1,1.00,F\ne2,2.00,Q\n',
      SALARY,
      valueError(2, 3, 'gender', 'one of the labels "F", "M", "X"', 'a label that is not declared'),
    );
  });

  test('a negative salary with min 0: the range in the user units', () => {
    refusedAndNothingStored(
      head + 'e1,1.00,F\ne2,-0.07,M\n',
      SALARY,
      valueError(2, 3, 'salary', 'at least 0.00 EUR and at most 2000000.00 EUR'),
    );
    refusedAndNothingStored(
      head + 'e1,2000000.01,F\n',
      SALARY,
      valueError(1, 2, 'salary', 'at most 2000000.00 EUR'),
    );
  });

  test('too many decimals is an error, not a rounding', () => {
    refusedAndNothingStored(
      head + 'e1,1234.567,F\n',
      SALARY,
      valueError(1, 2, 'salary', '3 digits after the point', 'rounding is not done'),
    );
  });

  test('a bad date, a timestamp without offset, a boolean misspelling', () => {
    const s = {
      columns: [
        { name: 'd', type: 'date' },
        { name: 't', type: 'timestamp' },
        { name: 'b', type: 'boolean' },
      ],
    };
    const h = 'd,t,b\n';
    const good = '2026-02-28,2026-02-28T10:00:00Z,true';
    refusedAndNothingStored(
      `${h}${good}\n2026-02-30,2026-02-28T10:00:00Z,true\n`,
      s,
      valueError(2, 3, 'd', 'a date that does not exist'),
    );
    refusedAndNothingStored(
      `${h}${good}\n31/12/2026,2026-02-28T10:00:00Z,true\n`,
      s,
      valueError(2, 3, 'd', 'YYYY-MM-DD'),
    );
    refusedAndNothingStored(
      `${h}2026-02-28,2026-02-28T10:00:00,true\n`,
      s,
      valueError(1, 2, 't', 'without a UTC offset'),
    );
    refusedAndNothingStored(
      `${h}2026-02-28,2026-02-28T10:00:00.5Z,true\n`,
      s,
      valueError(1, 2, 't', 'resolution s'),
    );
    refusedAndNothingStored(
      `${h}2026-02-28,2026-02-28T10:00:00Z,ture\n`,
      s,
      valueError(1, 2, 'b', 'a spelling that is not declared', '"true", "1", "false", "0"'),
    );
    refusedAndNothingStored(
      `${h}2026-02-28,2026-02-28T10:00:00Z,Yes\n`,
      s,
      valueError(1, 2, 'b', 'not declared'),
    );
    // Inference: a date column with one bad cell is an error, not text.
    refusedAndNothingStored(
      'd\n2026-01-01\n2026-01-02\n2026-13-01\n',
      undefined,
      valueError(3, 4, 'd', 'a date that does not exist'),
    );
  });

  test('an integer column with a fraction, an identifier that normalises to nothing, an empty cell', () => {
    refusedAndNothingStored(
      'n\n1\n2\n',
      { columns: [{ name: 'n', type: 'integer', bits: 8, min: 0, max: 1 }] },
      valueError(2, 3, 'n', 'at least 0 and at most 1'),
    );
    refusedAndNothingStored(
      'n\n1.5\n',
      { columns: [{ name: 'n', type: 'integer' }] },
      valueError(1, 2, 'n', 'not a whole number'),
    );
    refusedAndNothingStored(
      'k\n" "\n',
      { columns: [{ name: 'k', type: 'identifier', normalize: ['trim'] }] },
      valueError(1, 2, 'k', 'empty after normalisation'),
    );
    refusedAndNothingStored(
      'a,b\n1,\n2,x\n',
      undefined,
      (err) =>
        err instanceof DatasetValueError && err.details.row === 1 && err.details.column === 'b',
    );
  });

  test('a text column that is neither a category nor ids asks for a schema', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `t${i % 20}`).join('\n');
    refusedAndNothingStored(
      `note\n${rows}\n`,
      undefined,
      (err) => err instanceof DatasetSchemaError && /Give a schema/.test(err.message),
    );
  });
});

void describe('dataset schema: types, inference, normalisation', () => {
  test('parseFixed rounds x · 2^32 exactly, ties away from zero', () => {
    const one = 2n ** 32n;
    equal(parseFixed('1'), one);
    equal(parseFixed('-1.5'), -3n * 2n ** 31n);
    equal(parseFixed('1.5e3'), 1500n * one);
    equal(parseFixed('.5'), one / 2n);
    equal(parseFixed(' 2. '), 2n * one);
    equal(parseFixed('1.16415321826934814453125e-10'), 1n); // exactly 0.5 / 2^32 -> rounds up
    equal(parseFixed('-1.16415321826934814453125e-10'), -1n);
    for (const bad of ['', '.', 'e3', '1e', 'NaN', 'Infinity', '1,5', '0x10', '--1']) {
      equal(parseFixed(bad), undefined, bad);
    }
  });

  test('inference: integer bits, decimal scale, fixed, boolean, date, timestamp, category, identifier', () => {
    const csv = parseCsv(
      'age,big,pay,sci,ok,day,at,sex,id,employee_id\n' +
        '41,70000,1200.50,1e3,true,2026-01-01,2026-01-01T00:00:00Z,f,a1,e7\n' +
        '35,1,99,2.5,false,2026-01-02,2026-01-01T00:00:00.5+01:00,m,a2,e7\n' +
        '50,2,3.1,3,true,2026-01-03,2026-01-01T00:00:00Z,f,a3,x\n' +
        '-22,3,4.25,4,false,2026-01-04,2026-01-01T00:00:00Z,m,a4,x\n',
    );
    deepEqual(inferSchema(csv).columns, [
      { name: 'age', type: 'integer', bits: 8 },
      { name: 'big', type: 'integer', bits: 32 },
      { name: 'pay', type: 'decimal', scale: 2 },
      { name: 'sci', type: 'fixed' },
      { name: 'ok', type: 'boolean', true: ['true'], false: ['false'] },
      { name: 'day', type: 'date' },
      { name: 'at', type: 'timestamp', resolution: 'ms' },
      { name: 'sex', type: 'category', labels: ['f', 'm'] },
      { name: 'id', type: 'identifier', normalize: [] },
      { name: 'employee_id', type: 'identifier', normalize: [] },
    ]);
    // Beyond 64 bits: an error naming the row, not an identifier.
    throws(
      () => inferSchema(parseCsv('y\n1\n9223372036854775808\n')),
      valueError(2, 3, 'y', 'out of range'),
    );
    throws(() => inferSchema(parseCsv('a\n')), DatasetSchemaError, 'no rows');
  });

  test('schema file: valid forms are normalized; invalid fields are named', () => {
    const s = parseSchema({
      columns: [
        { name: 'a', type: 'integer', max: 100 },
        { type: 'category', name: 'b', labels: ['x', 'y'], unit: '' },
        { name: 'c', type: 'fixed', unit: 'EUR', min: '-1.5e3' },
        { name: 'd', type: 'decimal', scale: 2, min: 0, max: 2000000 },
        { name: 'e', type: 'identifier', normalize: ['lower', 'nfc', 'trim'] },
        { name: 'f', type: 'timestamp', min: '2026-01-01T01:00:00+01:00' },
        { name: 'g', type: 'date', max: '2030-12-31' },
        { name: 'h', type: 'boolean', true: ['yes'], false: ['no'] },
      ],
    });
    deepEqual(s.columns, [
      { name: 'a', type: 'integer', bits: 64, max: '100' },
      { name: 'b', type: 'category', labels: ['x', 'y'] },
      { name: 'c', type: 'fixed', min: '-1.5e3', unit: 'EUR' },
      { name: 'd', type: 'decimal', scale: 2, min: '0.00', max: '2000000.00' },
      { name: 'e', type: 'identifier', normalize: ['trim', 'nfc', 'lower'] },
      { name: 'f', type: 'timestamp', resolution: 's', min: '2026-01-01T00:00:00Z' },
      { name: 'g', type: 'date', max: '2030-12-31' },
      { name: 'h', type: 'boolean', true: ['yes'], false: ['no'] },
    ]);
    deepEqual(parseSchema(s), s, 'idempotent');
    const cases: [unknown, string][] = [
      [null, 'schema'],
      [{ columns: [] }, 'columns'],
      [{ columns: [{ name: 'a', type: 'float' }] }, 'columns[0].type'],
      [{ columns: [{ name: 'a', type: 'integer', bits: 65 }] }, 'columns[0].bits'],
      [{ columns: [{ name: 'a', type: 'fixed', bits: 8 }] }, 'columns[0].bits'],
      [{ columns: [{ name: 'a', type: 'decimal' }] }, 'columns[0].scale'],
      [{ columns: [{ name: 'a', type: 'decimal', scale: 19 }] }, 'columns[0].scale'],
      [{ columns: [{ name: 'a', type: 'decimal', scale: 2, min: '0.001' }] }, 'columns[0].min'],
      [{ columns: [{ name: 'a', type: 'integer', bits: 8, max: 128 }] }, 'columns[0].max'],
      [{ columns: [{ name: 'a', type: 'integer', min: 5, max: 4 }] }, 'columns[0].max'],
      [{ columns: [{ name: 'a', type: 'category', labels: [] }] }, 'columns[0].labels'],
      [{ columns: [{ name: 'a', type: 'category', labels: ['x', 'x'] }] }, 'columns[0].labels'],
      [{ columns: [{ name: 'a', type: 'category', labels: ['x'], min: 0 }] }, 'columns[0].min'],
      [
        { columns: [{ name: 'a', type: 'identifier', normalize: ['nfc', 'nfkc'] }] },
        'columns[0].normalize',
      ],
      [
        { columns: [{ name: 'a', type: 'identifier', normalize: 'upper' }] },
        'columns[0].normalize',
      ],
      [
        { columns: [{ name: 'a', type: 'boolean', true: ['x'], false: ['x'] }] },
        'columns[0].false',
      ],
      [{ columns: [{ name: 'a', type: 'timestamp', resolution: 'us' }] }, 'columns[0].resolution'],
      [{ columns: [{ name: 'a', type: 'date', min: '2026-02-30' }] }, 'columns[0].min'],
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

  test('an old schema file (integer, fixed, category, identifier) still parses', () => {
    const old = parseSchema({
      columns: [
        { name: 'age', type: 'integer', bits: 8 },
        { name: 'salary', type: 'fixed', unit: 'EUR' },
        { name: 'sex', type: 'category', labels: ['f', 'm'] },
        { name: 'employee', type: 'identifier' },
      ],
    });
    deepEqual(old.columns[3], { name: 'employee', type: 'identifier', normalize: [] });
    const ds = encodeDataset(parseCsv('age,salary,sex,employee\n41,5200.5,f,e1\n'), old);
    equal(ds.columns[1]![0], String((52005n * 2n ** 32n) / 10n));
  });

  test('identifier normalisation: NFC vs NFD, case, spaces, only as declared', () => {
    const nfc = 'Jos\u00e9';
    const nfd = 'Jose\u0301';
    notEqual(nfc, nfd);
    const enc = (raw: string, steps: ColumnSpec & { type: 'identifier' }): bigint =>
      identifierEncoding(normalizeIdentifier(raw, steps.normalize));
    const col = (normalize: unknown): ColumnSpec & { type: 'identifier' } =>
      parseSchema({ columns: [{ name: 'k', type: 'identifier', normalize }] })
        .columns[0] as ColumnSpec & {
        type: 'identifier';
      };
    // Exact by default: NFC and NFD differ, so do case and spaces.
    notEqual(enc(nfc, col('none')), enc(nfd, col('none')));
    notEqual(enc('ab', col('none')), enc('AB', col('none')));
    notEqual(enc('ab', col('none')), enc(' ab', col('none')));
    equal(enc(nfc, col('nfc')), enc(nfd, col('nfc')));
    equal(enc(nfc, col(['nfkc'])), enc(nfd, col(['nfkc'])));
    equal(enc('\ufb01x', col('nfkc')), enc('fix', col('nfkc'))); // the fi ligature
    notEqual(enc('\ufb01x', col('nfc')), enc('fix', col('nfc')));
    equal(
      enc(' José ', col(['trim', 'lower', 'nfc'])),
      enc('JOSE\u0301', col(['trim', 'lower', 'nfc'])),
    );
    notEqual(enc(' José ', col(['lower'])), enc('josé', col(['lower'])));
    // Stored raw, encoded at job time with the declared steps.
    const s = parseSchema({
      columns: [{ name: 'k', type: 'identifier', normalize: ['nfc', 'lower'] }],
    });
    const ds = encodeDataset(parseCsv(`k\n${nfd}\n${nfc.toUpperCase()}\n`), s);
    deepEqual(ds.columns[0], [nfd, nfc.toUpperCase()]);
    const cols = datasetColumns('0x01', ds.schema, ds.columns);
    const v = cols['k']!.values;
    equal(v[0], v[1]);
    ok(v[0]! < 1n << 120n && v[0]! >= 0n);
  });

  test('identifier encodings: 120 bits, domain separated, no collisions among 10^5 ids', () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 100_000; i++) {
      const e = identifierEncoding(`id-${i}`);
      ok(e >= 0n && e < 1n << 120n);
      seen.add(e);
    }
    equal(seen.size, 100_000);
    // Domain separated: not the bare SHA-256 of the empty string (e3b0c442…).
    notEqual(identifierEncoding(''), BigInt('0xe3b0c44298fc1c149afbf4c8996fb9'));
  });

  test('the content hash ignores CSV formatting and changes with the data or the schema', () => {
    const schema = parseSchema({
      columns: [
        { name: 'pay', type: 'decimal', scale: 2 },
        { name: 'sex', type: 'category', labels: ['f', 'm'] },
      ],
    });
    const a = encodeDataset(parseCsv('pay,sex\n1.5,m\n-2,f\n'), schema);
    equal(a.contentHash, contentHash(a.schema, a.columns, a.rowCount));
    const b = encodeDataset(parseCsv('sex,pay\r\n"m", 1.50\r\nf,-2.00\r\n'), schema);
    deepEqual(b.columns, [
      ['1', '0'],
      ['150', '-200'],
    ]);
    const c = encodeDataset(parseCsv('pay,sex\n1.5,m\n-2,m\n'), schema);
    notEqual(c.contentHash, a.contentHash);
    const d = encodeDataset(
      parseCsv('pay,sex\n1.5,m\n-2,f\n'),
      parseSchema({
        columns: [
          { name: 'pay', type: 'decimal', scale: 3 },
          { name: 'sex', type: 'category', labels: ['f', 'm'] },
        ],
      }),
    );
    notEqual(d.contentHash, a.contentHash);
    ok(/^0x[0-9a-f]{64}$/.test(a.contentHash));
  });

  test('importDataset stores nothing when any cell is bad; 10^5 rows import and read back', () => {
    withStore((store) => {
      const n = 100_000;
      const rows: string[] = [];
      for (let i = 0; i < n; i++)
        rows.push(
          `e${i},${20000 + (i % 1000)}.${String(i % 100).padStart(2, '0')},${'FMX'[i % 3]}`,
        );
      throws(
        () =>
          importDataset(store, {
            name: 'd',
            csv: head + rows.join('\n') + '\ne,SECRET,F\n',
            schema: SALARY,
          }),
        valueError(n + 1, n + 2, 'salary'),
      );
      equal(listDatasets(store).length, 0);
      equal(store.get('SELECT COUNT(*) AS n FROM dataset_cells')?.n, 0);
      const t0 = performance.now();
      const rec = importDataset(store, {
        name: 'd',
        csv: head + rows.join('\n') + '\n',
        schema: SALARY,
      });
      const ms = performance.now() - t0;
      equal(rec.rowCount, n);
      ok(ms < 10_000, `10^5 rows in ${ms.toFixed(0)} ms`);
      const back = readDatasetRows(store, rec.id);
      deepEqual(back[n - 1], [
        `e${n - 1}`,
        String((20000 + ((n - 1) % 1000)) * 100 + ((n - 1) % 100)),
        String((n - 1) % 3),
      ]);
      throws(() => importDataset(store, { name: 'bad name!', csv: 'a\n1\n' }), DatasetSchemaError);
    });
  });
});

/** Formats encoding `v` of column `c` as a cell, for the round-trip properties. */
function cellOf(c: ColumnSpec, v: bigint): string {
  switch (c.type) {
    case 'integer':
    case 'category':
      return c.type === 'category' ? c.labels[Number(v)]! : v.toString();
    case 'decimal':
      return formatScaled(v, c.scale);
    case 'fixed': {
      // v / 2^32 exactly, as a decimal: v · 5^32 / 10^32.
      return formatScaled(v * 5n ** 32n, 32);
    }
    case 'boolean':
      return v === 1n ? c.true[0]! : c.false[0]!;
    case 'date':
      return civilFromDays(Number(v));
    case 'timestamp':
      return formatTimestamp(v, c.resolution);
    case 'identifier':
      return 'x';
  }
}

void describe('dataset schema: encode → decode round trips (fast-check)', () => {
  const specs: ColumnSpec[] = [
    ...[2, 8, 33, 64].map((bits): ColumnSpec => ({ name: 'i', type: 'integer', bits })),
    ...[0, 2, 9, 18].map((scale): ColumnSpec => ({ name: 'd', type: 'decimal', scale })),
    { name: 'f', type: 'fixed' },
    { name: 'b', type: 'boolean', true: ['yes'], false: ['no'] },
    { name: 'c', type: 'category', labels: ['a', 'b', 'c'] },
    { name: 'day', type: 'date' },
    { name: 's', type: 'timestamp', resolution: 's' },
    { name: 'ms', type: 'timestamp', resolution: 'ms' },
    { name: 'lim', type: 'decimal', scale: 2, min: '20000.00', max: '2000000.00' },
  ];
  for (const spec of specs) {
    test(`${spec.type} ${JSON.stringify(spec).slice(0, 60)}: every encoding in range round-trips; the edges hold`, () => {
      const { lo, hi } = encodedRange(spec);
      const enc = cellEncoder(spec);
      const back = (v: bigint): bigint => {
        const cell = cellOf(spec, v);
        const stored = enc(cell);
        equal(typeof stored, 'string', `cell for ${v}`);
        const cols = datasetColumns('0x01', { columns: [{ ...spec, name: 'x' }] }, [
          [stored as string],
        ]);
        return cols['x']!.values[0]!;
      };
      const edges = [lo, hi, 0n, -1n, 1n].filter((v) => v >= lo && v <= hi);
      for (const v of edges) equal(back(v), v, `edge ${v}`);
      fc.assert(
        fc.property(fc.bigInt({ min: lo, max: hi }), (v) => back(v) === v),
        { numRuns: 200 },
      );
      // Just outside the range: refused.
      if (spec.type !== 'category' && spec.type !== 'boolean') {
        for (const v of [lo - 1n, hi + 1n]) {
          const r = enc(cellOf(spec, v));
          ok(typeof r !== 'string', `${v} outside the range is refused`);
        }
      }
    });
  }

  test('decimal(2) holds 2^63 - 1 cents exactly', () => {
    const spec: ColumnSpec = { name: 'c', type: 'decimal', scale: 2 };
    equal(cellEncoder(spec)('92233720368547758.07'), String(2n ** 63n - 1n));
    equal(cellEncoder(spec)('-92233720368547758.08'), String(-(2n ** 63n)));
    ok(typeof cellEncoder(spec)('92233720368547758.08') !== 'string');
    // Exponents: exact when the digits fit the scale; far too many digits is a digits problem.
    equal(cellEncoder(spec)('1.5e3'), '150000');
    equal(cellEncoder(spec)('-0.00'), '0');
    deepEqual(cellEncoder(spec)('1e-999'), {
      problem: 'a number with 999 digits after the point (more than 2; rounding is not done)',
    });
    ok(/out of range/.test((cellEncoder(spec)('1e999999') as { problem: string }).problem));
    const fixed: ColumnSpec = { name: 'f', type: 'fixed' };
    equal(cellEncoder(fixed)('1e-999'), '0');
    equal(cellEncoder(fixed)('-1e-11'), '0');
    equal(cellEncoder(fixed)('1e-9'), String(parseFixed('1e-9')));
    ok(parseFixed('1e-9')! > 0n);
  });

  test('dates: the day numbering matches Date.UTC on random days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          const ref = new Date(0);
          ref.setUTCFullYear(y, m - 1, d);
          return daysFromCivil(y, m, d) === Math.floor(ref.getTime() / 86_400_000);
        },
      ),
    );
    equal(FIXED_FRACTION_BITS, 32);
  });
});

void describe('dataset schema: errors never contain the cell', () => {
  const specs = parseSchema({
    columns: [
      { name: 'i', type: 'integer', bits: 16 },
      { name: 'd', type: 'decimal', scale: 2, min: 0, max: 1000 },
      { name: 'f', type: 'fixed', max: 10 },
      { name: 'b', type: 'boolean' },
      { name: 'c', type: 'category', labels: ['F', 'M'] },
      { name: 'k', type: 'identifier', normalize: ['trim'] },
      { name: 't', type: 'date' },
      { name: 's', type: 'timestamp' },
    ],
  }).columns;
  const good = ['1', '1.00', '1', 'true', 'F', 'k', '2026-01-01', '2026-01-01T00:00:00Z'];
  test('random bad cells (text, long numbers, out of range) in every column type', () => {
    const secretCell = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9]{6,20}$/).map((s) => `Zq${s}`),
      fc.bigInt({ min: 10n ** 9n, max: 10n ** 30n }).map((v) => `-${v}`),
      fc
        .tuple(
          fc.bigInt({ min: 10n ** 6n, max: 10n ** 24n }),
          fc.bigInt({ min: 100n, max: 10n ** 9n }),
        )
        .map(([a, b]) => `${a}.${b}7`),
      fc.bigInt({ min: 10n ** 6n, max: 10n ** 9n }).map((v) => `${v},000.00`),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: specs.length - 1 }), secretCell, (j, cell) => {
        const row = [...good];
        row[j] = cell;
        const csv = parseCsv(
          specs.map((c) => c.name).join(',') +
            '\n' +
            good.join(',') +
            '\n' +
            row.map((x) => `"${x}"`).join(',') +
            '\n',
        );
        try {
          encodeDataset(csv, { columns: specs });
          return true; // accepted (e.g. a marker text as an identifier)
        } catch (err: unknown) {
          ok(err instanceof DatasetValueError, String(err));
          equal(err.details.row, 2);
          equal(err.details.column, specs[j]!.name);
          return !err.message.includes(cell) && !JSON.stringify(err.details).includes(cell);
        }
      }),
      { numRuns: 400 },
    );
  });
});

/** The plaintext reference: every cell its column's encoder refuses, in file order. */
function referenceBadCells(
  csv: ReturnType<typeof parseCsv>,
  specs: readonly ColumnSpec[],
): { row: number; line: number; column: string }[] {
  const enc = specs.map(cellEncoder);
  const out: { row: number; line: number; column: string }[] = [];
  csv.rows.forEach((r, i) =>
    r.forEach((cell, j) => {
      if (typeof enc[j]!(cell) !== 'string') {
        out.push({ row: i + 1, line: csv.lines[i]!, column: specs[j]!.name });
      }
    }),
  );
  return out;
}

type Listed = { row?: number; line?: number; column: string; message: string };
const listedOf = (err: unknown): Listed[] => {
  ok(err instanceof DatasetValueError || err instanceof DatasetSchemaError, String(err));
  const list = err.details.errors;
  ok(Array.isArray(list), 'details.errors is a list');
  return list as Listed[];
};

void describe('dataset import: every bad cell at once', () => {
  const specs: readonly ColumnSpec[] = parseSchema({
    columns: [
      { name: 'age', type: 'integer', bits: 8, min: 0 },
      { name: 'pay', type: 'decimal', scale: 2, min: 0, unit: 'EUR' },
      { name: 'sex', type: 'category', labels: ['F', 'M'] },
      { name: 'day', type: 'date' },
    ],
  }).columns;
  const good = ['41', '5200.50', 'F', '2026-01-31'];
  /** Bad cells carry SECRET or are numbers that must not be echoed. */
  const badPool = [
    ['SECRETage', '-7', '1000', '4.5', ''],
    ['SECRETpay', '-0.07', '1.234', '"70,000.00"', ''],
    ['SECRETsex', 'f', ''],
    ['SECRET-01-01', '2026-02-30', ''],
  ];

  test('random files: the list, its order and its total match a cell-by-cell reference; nothing is stored; no cell is echoed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(fc.nat(4), { freq: 3 }), { minLength: 5, maxLength: 5 }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.boolean(),
        (rows, multiline) => {
          // A fifth column of identifiers; with `multiline`, some span two lines of the text, so
          // that line and row + 1 differ.
          const all = [
            ...specs,
            ...parseSchema({ columns: [{ name: 'note', type: 'identifier' }] }).columns,
          ];
          const text =
            'age,pay,sex,day,note\n' +
            rows
              .map((r, i) =>
                r
                  .map((k, j) => {
                    if (j === 4)
                      return k !== null && k < 2
                        ? ''
                        : multiline && i % 3 === 0
                          ? `"n\n${i}"`
                          : `n${i}`;
                    const pool = badPool[j]!;
                    return k === null ? good[j]! : pool[k % pool.length]!;
                  })
                  .join(','),
              )
              .join(multiline ? '\r\n' : '\n') +
            '\n';
          const csv = parseCsv(text);
          const reference = referenceBadCells(csv, all);
          const schema = { columns: all };
          if (reference.length === 0) {
            encodeDataset(csv, schema);
            return;
          }
          refusedAndNothingStored(text, schema, (err) => {
            ok(err instanceof DatasetValueError, String(err));
            equal(err.code, 'ERR_DATASET_VALUE');
            equal(err.details.total, reference.length, 'total');
            const listed = listedOf(err);
            deepEqual(
              listed.map(({ row, line, column }) => ({ row, line, column })),
              reference.slice(0, MAX_LISTED_CELL_ERRORS),
            );
            for (const e of listed)
              ok(/^(expected|a value out of range)/.test(e.message), e.message);
            const first = reference[0]!;
            deepEqual(
              { row: err.details.row, line: err.details.line, column: err.details.column },
              first,
            );
            ok(
              err.message.startsWith(
                `Row ${first.row} (line ${first.line}), column "${first.column}": `,
              ),
            );
            const more = reference.length - 1;
            ok(
              more === 0
                ? !err.message.includes('more bad cell')
                : err.message.includes(`(and ${more} more bad cell${more === 1 ? '' : 's'})`),
              err.message,
            );
            const all = err.message + JSON.stringify(err.details);
            ok(!/SECRET|-0\.07|1\.234|70,000|2026-02-30/.test(all), all);
            return true;
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the list is capped at the first 100 in file order; the total counts all', () => {
    const rows: string[] = [];
    for (let i = 0; i < 130; i++)
      rows.push(i % 2 === 0 ? `x${i},SECRET,F,2026-01-01` : `1,2,M,bad`);
    const text = 'age,pay,sex,day\n' + rows.join('\n') + '\n';
    const reference = referenceBadCells(parseCsv(text), specs);
    equal(reference.length, 65 * 2 + 65);
    refusedAndNothingStored(text, { columns: specs }, (err) => {
      ok(err instanceof DatasetValueError);
      equal(err.details.total, 195);
      const listed = listedOf(err);
      equal(listed.length, MAX_LISTED_CELL_ERRORS);
      deepEqual(
        listed.map(({ row, line, column }) => ({ row, line, column })),
        reference.slice(0, MAX_LISTED_CELL_ERRORS),
      );
      ok(err.message.includes('(and 194 more bad cells)'), err.message);
      ok(!JSON.stringify(err.details).includes('SECRET'));
      return true;
    });
  });

  test('inference: bad cells of several columns are listed in file order, an empty cell among them', () => {
    const text =
      'id,salary,day\n' +
      'e1,50000.00,2026-01-01\n' +
      'e2,SECRETfifty,2026-01-02\n' +
      'e3,61000.10,\n' +
      'e4,"1,000.00",2026-13-01\n' +
      'e5,1,2026-01-05\n';
    refusedAndNothingStored(text, undefined, (err) => {
      ok(err instanceof DatasetValueError, String(err));
      equal(err.details.total, 4);
      deepEqual(
        listedOf(err).map(({ row, line, column }) => ({ row, line, column })),
        [
          { row: 2, line: 3, column: 'salary' },
          { row: 3, line: 4, column: 'day' },
          { row: 4, line: 5, column: 'salary' },
          { row: 4, line: 5, column: 'day' },
        ],
      );
      const [text1, empty, sep, date] = listedOf(err).map((e) => e.message);
      ok(text1!.includes('got text'), text1);
      ok(empty!.includes('empty'), empty);
      ok(sep!.includes('thousands separator'), sep);
      ok(date!.includes('a date that does not exist'), date);
      ok(err.message.startsWith('Row 2 (line 3), column "salary": '), err.message);
      ok(err.message.includes('(and 3 more bad cells)'), err.message);
      ok(!JSON.stringify(err.details).includes('SECRET'));
      return true;
    });
  });

  test('inference: a column whose type cannot be inferred is one error for that column', () => {
    const notes = (p: string): string[] => Array.from({ length: 40 }, (_, i) => `${p}${i % 20}`);
    const a = notes('SECRETa');
    const b = notes('SECRETb');
    const text =
      'note,n,remark\n' + a.map((x, i) => `${x},${i === 3 ? 'x' : i},${b[i]!}`).join('\n') + '\n';
    refusedAndNothingStored(text, undefined, (err) => {
      ok(err instanceof DatasetSchemaError, String(err));
      equal(err.code, 'ERR_DATASET_SCHEMA');
      equal(err.details.column, 'note');
      equal(err.details.total, 2);
      const listed = listedOf(err);
      deepEqual(
        listed.map((e) => e.column),
        ['note', 'remark'],
      );
      for (const e of listed) {
        equal(e.row, undefined);
        ok(/cannot infer its type.*Give a schema/.test(e.message), e.message);
      }
      ok(/^Column "note": cannot infer/.test(err.message), err.message);
      ok(err.message.includes('1 more column cannot be inferred: "remark"'), err.message);
      ok(!(err.message + JSON.stringify(err.details)).includes('SECRET'));
      return true;
    });
  });

  test('one bad cell: the message is as before, with a one-entry list', () => {
    refusedAndNothingStored(
      'age,pay,sex,day\n41,1,F,2026-01-01\n41,1,Q,2026-01-01\n',
      { columns: specs },
      (err) => {
        ok(err instanceof DatasetValueError);
        equal(
          err.message,
          'Row 2 (line 3), column "sex": expected one of the labels "F", "M", got a label that is not declared.',
        );
        equal(err.details.total, 1);
        deepEqual(listedOf(err), [
          {
            row: 2,
            line: 3,
            column: 'sex',
            message: 'expected one of the labels "F", "M", got a label that is not declared',
          },
        ]);
        return true;
      },
    );
  });
});
