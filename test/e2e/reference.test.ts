/**
 * The plaintext pay-gap reference that `npm run demo` and the e2e tests check the MPC result
 * against, on figures computed by hand (means in EUR; the program's in cents).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithReference, paygapReference } from '../../src/node/dev/paygap-demo.js';

const ACME = 'gender,salary\r\nM,100\r\nF,90\r\nF,80\r\nM,110\r\n';
const GLOBEX = 'salary,gender,level\n120,M,Lead\n118,F,Lead\n';
const INITECH = 'gender,salary\nF,95\nM,96\nX,97\n';

test('means by gender per company and overall, gaps, pass', () => {
  const r = paygapReference([ACME, GLOBEX, INITECH], 12);
  assert.deepEqual(r.meanFemale, [85, 118, 95, 95.75]);
  assert.deepEqual(r.meanMale, [105, 120, 96, 106.5]);
  const gap = [(20 / 105) * 100, (2 / 120) * 100, (1 / 96) * 100, (10.75 / 106.5) * 100];
  r.gapPercent.forEach((g, i) => assert.ok(Math.abs(g - gap[i]!) < 1e-9));
  assert.deepEqual(r.defined, [true, true, true, true]);
  assert.deepEqual(r.pass, [true]); // 10.09 % < 12 %
  assert.deepEqual(paygapReference([ACME, GLOBEX, INITECH], 10).pass, [false]);
});

test('a company without women: its gap is undefined (0), the overall one is not', () => {
  const r = paygapReference(['gender,salary\nM,50\nM,70\n', 'gender,salary\nF,40\nM,50\n'], 5);
  assert.deepEqual(r.meanFemale, [0, 40, 40]);
  assert.deepEqual(r.defined, [false, true, true]);
  assert.equal(r.gapPercent[0], 0);
  assert.deepEqual(r.pass, [false]);
});

test('the comparison accepts the fixed-point error and names what differs', () => {
  const ref = paygapReference([ACME], 12);
  // The program's means are in the salary column's stored units (cents); the reference in EUR.
  const close = {
    meanFemale: [8500.000001, 8500.000001],
    meanMale: [10499.999999, 10499.999999],
    gapPercent: [19.047621, 19.047621],
    defined: [true, true],
    pass: [false],
  };
  assert.deepEqual(compareWithReference(close, ref, ['acme']), []);
  const off = {
    ...close,
    meanMale: [10550, 10499.999999],
    gapPercent: [19.0477, 19.047621],
    pass: [true],
  };
  assert.deepEqual(compareWithReference(off, ref, ['acme']), [
    'meanMale of acme: 105.5 != 105.000000',
    'gapPercent of acme: 19.0477 != 19.047619',
    'pass: expected [false], got [true]',
  ]);
});
