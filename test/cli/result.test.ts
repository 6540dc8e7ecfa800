/** `parley job result` as a labelled table: rows from the program's output labels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatResult, scaledValue } from '../../src/cli/commands/job.js';
import { outputLabels } from '../../src/programs/describe.js';
import { validateParams } from '../../src/programs/params.js';
import { paygap } from '../../src/programs/paygap.js';

test('a paygap result prints one row per company and overall, pass on its own line', () => {
  const owners = ['acme', 'globex', 'initech'];
  const params = validateParams(paygap, {});
  const outputs = {
    meanFemale: [85, 118, 95, 95.75],
    meanMale: [105, 120, 96, 106.5],
    gapPercent: [19.047619047619, 1.666666666667, 1.041666666667, 10.093896713615],
    defined: [true, true, true, true],
    pass: [false],
  };
  const rows = Object.fromEntries(
    Object.entries(outputs).map(([n, v]) => [
      n,
      outputLabels(paygap, n, { owners, params }, v.length),
    ]),
  );
  const units = { meanFemale: 'EUR', meanMale: 'EUR', gapPercent: '%' };
  const text = formatResult({
    jobId: '7',
    program: 'paygap',
    resultDigest: '0xab',
    outputs,
    rows,
    units,
  });
  const lines = text.split('\n');
  assert.equal(lines[0], 'job 7 (paygap), result digest 0xab');
  assert.match(
    lines[1]!,
    /^ {2} +meanFemale \(EUR\) +meanMale \(EUR\) +gapPercent \(%\) +defined$/,
  );
  assert.match(lines[2]!, /^ {2}acme +85 +105 +19\.0476190476 +true$/);
  assert.match(lines[4]!, /^ {2}initech +95 +96 +1\.04166666667 +true$/);
  assert.match(lines[5]!, /^ {2}overall +95\.75 +106\.5 +10\.0938967136 +true$/);
  assert.equal(lines[6], '  pass: false');
  assert.equal(lines.length, 7);
});

test('two inputs of one owner are numbered; a result without labels still prints', () => {
  const params = validateParams(paygap, {});
  assert.deepEqual(outputLabels(paygap, 'defined', { owners: ['acme', 'acme', 'b'], params }, 4), [
    'acme #1',
    'acme #2',
    'b',
    'overall',
  ]);
  const text = formatResult({
    jobId: '1',
    program: null,
    resultDigest: null,
    outputs: { x: [1, 2] },
  });
  assert.match(text, /^ {2} +x\n {2}1 +1\n {2}2 +2$/m);
  const sum = formatResult({
    jobId: '2',
    program: 'sum',
    resultDigest: null,
    outputs: { sum: [16_800_000.5] },
    rows: { sum: ['overall'] },
    units: { sum: 'EUR' },
  });
  assert.equal(sum.split('\n')[1], '  sum: 16800000.5 EUR');
});

test('outputs in stored units are shown in the column units: exact integers, scaled reals', () => {
  const text = formatResult({
    jobId: '3',
    program: 'variance',
    resultDigest: null,
    outputs: { sum: ['1680000000050'], mean: [123456.789], variance: [250000], n: [-5] },
    units: { sum: 'EUR', mean: 'EUR', variance: 'EUR²' },
    rows: { sum: ['overall'], mean: ['overall'], variance: ['overall'], n: ['overall'] },
    scales: { sum: 2, mean: 2, variance: 4, n: 2 },
  });
  const lines = text.split('\n');
  assert.ok(lines.includes('  sum: 16800000000.50 EUR'), text);
  assert.ok(lines.includes('  mean: 1234.567890 EUR'), text);
  assert.ok(lines.includes('  variance: 25.0000 EUR²'), text);
  assert.ok(lines.includes('  n: -0.05'), text);
  assert.equal(scaledValue(1_680_000_000, 2), '16800000.00');
  assert.equal(scaledValue(true, 2), true);
});

test('suppressed values print as such, never their placeholder; an owner sees its own rows', () => {
  const text = formatResult({
    jobId: '9',
    program: 'paygap',
    resultDigest: '0xcd',
    outputs: { meanFemale: [85, 0, 95.75], meanMale: [105, 0, 106.5] },
    rows: {
      meanFemale: ['acme', 'globex', 'overall'],
      meanMale: ['acme', 'globex', 'overall'],
    },
    suppressed: { meanFemale: [1], meanMale: [1] },
    minGroupSize: 3,
  });
  const globex = text.split('\n').find((l) => l.trimStart().startsWith('globex'))!;
  assert.match(globex, /suppressed \(fewer than 3 rows\) +suppressed \(fewer than 3 rows\)$/);
  assert.doesNotMatch(globex, / 0( |$)/);
  // An auction bidder's own slice: one row, its own name.
  const won = formatResult({
    jobId: '10',
    program: 'auction',
    resultDigest: '0xef',
    outputs: { won: [true], price: ['137500'] },
    rows: { won: ['globex'], price: ['overall'] },
    scales: { price: 2 },
    units: { price: 'EUR' },
  });
  assert.match(won, /^ {2}won \(globex\): true$/m);
  assert.match(won, /^ {2}price: 1375\.00 EUR$/m);
});
