/** parseCatalogColumns: the Catalog's column metadata read back as validated column specs. */
import { describe, test } from 'node:test';
import { deepEqual, ok, throws } from 'node:assert/strict';
import { parseCatalogColumns } from '../../src/node/catalog.js';
import { ledgerDataType, parseSchema } from '../../src/node/datasets/schema.js';
import { CatalogMetadataError } from '../../src/node/errors.js';

const SCHEMA = parseSchema({
  columns: [
    { name: 'age', type: 'integer', bits: 8, min: 0, max: 120, unit: 'years' },
    { name: 'salary', type: 'decimal', scale: 2, min: '20000.00', max: 2000000, unit: 'EUR' },
    { name: 'score', type: 'fixed', max: '1.5e3' },
    { name: 'ok', type: 'boolean', true: ['yes'], false: ['no'] },
    { name: 'sex', type: 'category', labels: ['f', 'm', 'x'] },
    { name: 'client', type: 'identifier', normalize: ['trim', 'nfc', 'lower'] },
    { name: 'day', type: 'date', min: '2000-01-01' },
    { name: 'at', type: 'timestamp', resolution: 'ms' },
  ],
});

const published = SCHEMA.columns.map((c) => ({
  name: c.name,
  dataType: ledgerDataType(c),
  unit: c.unit ?? '',
}));

void describe('parseCatalogColumns', () => {
  test('every column type round-trips through the published metadata (objects or JSON text)', () => {
    deepEqual(parseCatalogColumns(published), SCHEMA.columns);
    deepEqual(parseCatalogColumns(JSON.stringify(published)), SCHEMA.columns);
  });

  test('type names published by Parley before typed columns are read; categoryN is refused', () => {
    deepEqual(
      parseCatalogColumns([
        { name: 'a', dataType: 'int16', unit: '' },
        { name: 'b', dataType: 'fixed24.16', unit: 'EUR' },
        { name: 'c', dataType: 'string', unit: '' },
      ]),
      [
        { name: 'a', type: 'integer', bits: 16 },
        { name: 'b', type: 'fixed', min: '-16777216', max: '16777216', unit: 'EUR' },
        { name: 'c', type: 'identifier', normalize: [] },
      ],
    );
    throws(
      () => parseCatalogColumns([{ name: 'sex', dataType: 'category2', unit: '' }]),
      (err: unknown) =>
        err instanceof CatalogMetadataError &&
        err.code === 'ERR_CATALOG_METADATA' &&
        /"sex".*without its labels/.test(err.message),
    );
  });

  test('malformed metadata is refused with ERR_CATALOG_METADATA', () => {
    const bad: unknown[] = [
      'not json',
      {},
      [null],
      [{ name: 'a' }],
      [{ name: 'a', dataType: '{"type":"integer","bits":99}', unit: '' }],
      [{ name: 'a', dataType: '{"type":"decimal","scale":2,"min":"0.001"}', unit: '' }],
      [{ name: 'a', dataType: '{"type":"category","labels":[]}', unit: '' }],
      [{ name: 'a', dataType: '{"name":"b","type":"date"}', unit: '' }],
      [{ name: 'a', dataType: '[1]', unit: '' }],
      [{ name: 'a', dataType: 'float64', unit: '' }],
      [
        { name: 'a', dataType: '{"type":"date"}', unit: '' },
        { name: 'a', dataType: '{"type":"date"}', unit: '' },
      ],
    ];
    for (const b of bad) {
      throws(
        () => parseCatalogColumns(b),
        (err: unknown) => err instanceof CatalogMetadataError,
        JSON.stringify(b),
      );
    }
    ok(true);
  });
});
