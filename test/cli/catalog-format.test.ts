/** How `parley catalog` prints the column specs that nodes publish. */
import { test } from 'node:test';
import { equal } from 'node:assert/strict';
import { catalogTypeName } from '../../src/cli/commands/catalog.js';
import { ledgerDataType, parseSchema } from '../../src/node/datasets/schema.js';

test('catalogTypeName prints each published spec compactly; old names and junk as they are', () => {
  const s = parseSchema({
    columns: [
      { name: 'a', type: 'integer', bits: 8 },
      { name: 'b', type: 'decimal', scale: 2, min: 0, max: 2000000 },
      { name: 'c', type: 'category', labels: ['F', 'M'] },
      { name: 'd', type: 'identifier', normalize: ['trim', 'lower'] },
      { name: 'e', type: 'identifier' },
      { name: 'f', type: 'boolean' },
      { name: 'g', type: 'timestamp', resolution: 'ms' },
      { name: 'h', type: 'date', min: '2020-01-01' },
      { name: 'i', type: 'fixed' },
    ],
  });
  const got = s.columns.map((c) => catalogTypeName(ledgerDataType(c)));
  const want = [
    'integer(8)',
    'decimal(2) [0.00..2000000.00]',
    'category(F|M)',
    'identifier(trim+lower)',
    'identifier(exact)',
    'boolean(true|1/false|0)',
    'timestamp(ms)',
    'date [2020-01-01..]',
    'fixed',
  ];
  got.forEach((g, k) => equal(g, want[k]));
  equal(catalogTypeName('int8'), 'int8');
  equal(catalogTypeName('[1]'), '[1]');
  equal(catalogTypeName('{"x":1}'), '{"x":1}');
});
