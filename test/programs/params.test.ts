import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keccak256 } from 'viem';
import { mean } from '../../src/programs/mean.js';
import {
  canonicalParams,
  paramsHashOf,
  paramsPreimageOf,
  parseParamsPreimage,
  parseParamPairs,
  validateParams,
} from '../../src/programs/params.js';
import { paygap } from '../../src/programs/paygap.js';
import { prepareInput } from '../../src/programs/run.js';
import { category, fixed, integer } from './helpers.js';
import { defineProgram, type ProgramDefinition } from '../../src/programs/types.js';

/** A program with list parameters only (its body is never run here). */
const lists: ProgramDefinition = defineProgram({
  name: 'lists',
  version: '1.0.0',
  description: 'test only',
  params: {
    weights: {
      type: 'list',
      items: 'number',
      description: 'weights',
      integer: true,
      min: -5,
      max: 5,
      minLength: 1,
      maxLength: 4,
    },
    candidates: {
      type: 'list',
      items: 'string',
      description: 'candidates',
      pattern: /[a-z]{1,8}/,
      default: ['ann', 'bob'],
    },
  },
  input: () => ({}),
  outputs: {},
  run: () => Promise.resolve({}),
});

test('validateParams applies defaults and freezes', () => {
  const p = validateParams(paygap, { threshold: 3 });
  assert.deepEqual(
    { ...p },
    {
      threshold: 3,
      twoSided: false,
      female: 'F',
      male: 'M',
      salaryColumn: 'salary',
      genderColumn: 'gender',
      minGroupSize: 3,
    },
  );
  assert.ok(Object.isFrozen(p));
});

test('validateParams errors name the parameter and the expectation', () => {
  const cases: [unknown, string, RegExp][] = [
    [{ threshold: 101 }, 'threshold', /<= 100/],
    [{ threshold: -1 }, 'threshold', />= 0/],
    [{ threshold: '5' }, 'threshold', /finite number/],
    [{ threshold: Number.NaN }, 'threshold', /finite number/],
    [{ twoSided: 'yes' }, 'twoSided', /true or false/],
    [{ female: 'F;drop' }, 'female', /matching/],
    [{ bogus: 1 }, 'bogus', /no such parameter/],
  ];
  for (const [raw, param, msg] of cases) {
    assert.throws(
      () => validateParams(paygap, raw),
      (err: Error & { code?: string; details?: Record<string, unknown> }) =>
        err.code === 'ERR_PROGRAM_PARAM' &&
        err.details?.['param'] === param &&
        msg.test(err.message),
      `${JSON.stringify(raw)} names ${param}`,
    );
  }
  assert.throws(() => validateParams(mean, {}), {
    code: 'ERR_PROGRAM_PARAM',
    details: {
      program: 'mean',
      param: 'column',
      expected: 'a string matching /[A-Za-z0-9_.-]{1,64}/',
    },
  });
  assert.throws(() => validateParams(mean, null), { code: 'ERR_PROGRAM_PARAM' });
});

test('the same labels for women and men are refused, naming the parameter', () => {
  assert.throws(() => paygap.input(validateParams(paygap, { female: 'X', male: 'X' })), {
    code: 'ERR_PROGRAM_PARAM',
    details: { program: 'paygap', param: 'male', expected: 'a label other than that of women' },
  });
});

test('parseParamPairs types k=v pairs by the schema', () => {
  assert.deepEqual(parseParamPairs(paygap, ['threshold=2.5', 'twoSided=true', 'female=W']), {
    threshold: 2.5,
    twoSided: true,
    female: 'W',
  });
  for (const [pair, param] of [
    ['threshold=abc', 'threshold'],
    ['nope=1', 'nope'],
    ['twoSided=1', 'twoSided'],
    ['=1', '(empty)'],
  ] as const) {
    assert.throws(
      () => parseParamPairs(paygap, [pair]),
      (err: Error & { details?: Record<string, unknown> }) => err.details?.['param'] === param,
      pair,
    );
  }
});

test('params hash: canonical (key order and defaults do not matter), and bound to the program', () => {
  const a = paramsHashOf(paygap, { threshold: 5, female: 'F' });
  const b = paramsHashOf(paygap, { female: 'F', threshold: 5, male: 'M' });
  const c = paramsHashOf(paygap, {});
  assert.equal(a, b);
  assert.equal(a, c, 'explicit defaults hash like omitted ones');
  assert.notEqual(a, paramsHashOf(paygap, { threshold: 4 }));
  assert.match(a, /^0x[0-9a-f]{64}$/);
  assert.equal(canonicalParams({ b: 1, a: 'x' }), '{"a":"x","b":1}');
  assert.notEqual(
    paramsHashOf(mean, { column: 'x' }),
    paramsHashOf({ ...mean, name: 'sum' }, { column: 'x' }),
  );
});

test('prepareInput names the input, column and row of a bad value, never the value', () => {
  const params = validateParams(paygap, {});
  const secretish = 987654.321;
  const check = (columns: Parameters<typeof prepareInput>[3], re: RegExp): void => {
    assert.throws(
      () => prepareInput(paygap, params, 2, columns),
      (err: Error & { code?: string }) =>
        err.code === 'ERR_PROGRAM_INPUT' && re.test(err.message) && !err.message.includes('987654'),
      re.source,
    );
  };
  check(
    { salary: integer([1, -secretish * 1000]), gender: category(['F', 'M'], ['F', 'M']) },
    /input 2: column salary, row 2: expected a value at least 0 and at most 1099511627775/,
  );
  check({ salary: integer([1, 2 ** 40], 64), gender: category(['F', 'M'], ['F', 'M']) }, /row 2/);
  check(
    { salary: fixed([1]), gender: category(['F', 'M'], ['F']) },
    /column salary is fixed; the program needs exact numbers: an integer or decimal column/,
  );
  check({ gender: category(['F', 'M'], ['F']) }, /has no column salary/);
  check(
    { salary: integer([1]), gender: fixed([1]) },
    /column gender is fixed; the program needs a category/,
  );
  check(
    { salary: category(['a'], ['a']), gender: category(['F', 'M'], ['F']) },
    /salary is category; the program needs exact numbers/,
  );
  check({ salary: integer([1, 2]), gender: category(['F', 'M'], ['F']) }, /different row counts/);
  check(
    { salary: integer([1]), gender: { type: 'category', labels: ['F', 'M'], values: [5n] } },
    /row 1: expected a label index/,
  );
  check(
    { salary: integer([Math.round(secretish * 1e7)]), gender: category(['F', 'M'], ['F']) },
    /row 1/,
  );
});

test('prepareInput encodes one-hot indicators label-major and keeps stored integers exact', () => {
  const params = validateParams(paygap, {});
  const p = prepareInput(paygap, params, 0, {
    salary: integer([10, 20, 30]),
    gender: category(['M', 'X', 'F'], ['F', 'X', 'M']),
    ignored: fixed([0, 0, 0]),
  });
  assert.equal(p.rows, 3);
  assert.deepEqual(p.columns.get('salary'), {
    kind: 'integer',
    values: BigInt64Array.from([10n, 20n, 30n]),
  });
  assert.deepEqual(p.columns.get('gender'), {
    kind: 'category',
    bits: Uint8Array.from([1, 0, 0, 0, 0, 1]),
  });
  assert.equal(p.columns.has('ignored'), false, 'only the schema columns are read');
});

test('the params preimage hashes to paramsHashOf and parses back; anything else is refused', () => {
  const raw = { threshold: 5 };
  const bytes = paramsPreimageOf(paygap, raw);
  assert.equal(keccak256(bytes), paramsHashOf(paygap, raw));
  const back = parseParamsPreimage(bytes);
  assert.equal(back?.program, 'paygap');
  assert.equal(paramsHashOf(paygap, back.params), paramsHashOf(paygap, raw));
  const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
  for (const bad of [
    '',
    'parley-params/1\n',
    'parley-params/2\npaygap\n{}',
    'parley-params/1\npaygap{}',
    'parley-params/1\npaygap\n[1]',
    'parley-params/1\npaygap\nnull',
    'parley-params/1\npaygap\n{"a":',
  ]) {
    assert.equal(parseParamsPreimage(enc(bad)), undefined, JSON.stringify(bad));
  }
  assert.equal(parseParamsPreimage(new Uint8Array([0xff, 0xfe])), undefined, 'invalid UTF-8');
  assert.equal(parseParamsPreimage(new Uint8Array(20_000)), undefined, 'oversized');
});

test('list params: limits on length and items, defaults, order under the hash, CLI forms', () => {
  const p = validateParams(lists, { weights: [1, -2, 3] });
  assert.deepEqual(p['weights'], [1, -2, 3]);
  assert.deepEqual(p['candidates'], ['ann', 'bob'], 'the default');
  assert.ok(Object.isFrozen(p['weights']));
  // Edges: exactly minLength and maxLength pass; one fewer or more fails, naming the limits.
  validateParams(lists, { weights: [5] });
  validateParams(lists, { weights: [-5, 5, 0, 1] });
  assert.throws(() => validateParams(lists, { weights: [] }), /weights.*1\.\.4 items.*got 0/);
  assert.throws(() => validateParams(lists, { weights: [1, 2, 3, 4, 5] }), /got 5 items/);
  // Items: the element is named.
  assert.throws(() => validateParams(lists, { weights: [1, 6] }), /weights\[1\]/);
  assert.throws(() => validateParams(lists, { weights: [0.5] }), /weights\[0\]/);
  assert.throws(() => validateParams(lists, { weights: ['1'] }), /weights\[0\]/);
  assert.throws(() => validateParams(lists, { weights: 1 }), /weights/);
  assert.throws(
    () => validateParams(lists, { weights: [1], candidates: ['ann', 'Bob'] }),
    /candidates\[1\]/,
  );
  assert.throws(() => validateParams(lists, { weights: [1], candidates: [1] }), /candidates\[0\]/);
  // Canonical: the list as given, in order; a different order hashes differently.
  assert.equal(
    canonicalParams(validateParams(lists, { weights: [2, 1] })),
    '{"candidates":["ann","bob"],"weights":[2,1]}',
  );
  assert.notEqual(
    paramsHashOf(lists, { weights: [1, 2] }),
    paramsHashOf(lists, { weights: [2, 1] }),
  );
  // A published preimage parses back to the same list.
  const back = parseParamsPreimage(paramsPreimageOf(lists, { weights: [3, 4] }));
  assert.deepEqual(validateParams(lists, back!.params)['weights'], [3, 4]);
  // --param: commas or a JSON array.
  assert.deepEqual(parseParamPairs(lists, ['weights=1,2,3']), { weights: [1, 2, 3] });
  assert.deepEqual(parseParamPairs(lists, ['weights=[4, 5]']), { weights: [4, 5] });
  assert.deepEqual(parseParamPairs(lists, ['candidates=ann, cy']), { candidates: ['ann', 'cy'] });
  assert.deepEqual(parseParamPairs(lists, ['candidates=']), { candidates: [] });
  assert.throws(() => parseParamPairs(lists, ['weights=1,x']), /weights\[1\]/);
  assert.throws(() => parseParamPairs(lists, ['weights=[1,']), /JSON array/);
});
