/**
 * A program written outside src/ (examples/programs/weighted-sum.ts, the example of
 * docs/programs.md) bundled and run in-process through the sandbox with runProgramLocally,
 * against a plaintext reference on random and edge inputs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runProgramLocally, type LocalDataset } from '../../src/programs/api/testing.js';
import { bundleProgram } from '../../src/programs/bundle.js';
import { validateParams } from '../../src/programs/params.js';
import { loadProgram } from '../../src/programs/sandbox/load.js';
import { rng } from './helpers.js';

const EXAMPLE = fileURLToPath(
  new URL('../../../examples/programs/weighted-sum.ts', import.meta.url),
);

function dataset(owner: string, values: readonly bigint[]): LocalDataset {
  return { owner, columns: { amount: { type: 'integer', bits: 32, values } } };
}

test('weighted-sum from examples/ runs in the sandbox and matches the plaintext reference', async () => {
  const { bundle, sources } = await bundleProgram(EXAMPLE);
  assert.deepEqual(Object.keys(sources), ['weighted-sum.ts']);
  const program = loadProgram(bundle);
  assert.equal(program.name, 'weighted-sum');
  assert.deepEqual(program.input(validateParams(program, { weights: [1] })), {
    amount: { kind: 'integer', bits: 32 },
  });
  // The list's limits hold at proposal: the edges pass, one over and a fraction are refused.
  assert.deepEqual(
    validateParams(program, { weights: [-1_000_000, 1_000_000] })['weights'],
    [-1_000_000, 1_000_000],
  );
  assert.throws(
    () => validateParams(program, { weights: [1, 1_000_001] }),
    /parameter weights\[1\]/,
  );
  assert.throws(() => validateParams(program, { weights: [0.5] }), /parameter weights\[0\]/);
  assert.throws(() => validateParams(program, { weights: [] }), /parameter weights/);
  const r = rng(7);
  const big = 2n ** 31n - 1n;
  for (const [n, t] of [
    [3, 1],
    [4, 1],
  ] as const) {
    const owners = ['acme', 'globex', 'initech'];
    const data = owners.map((o, i) =>
      dataset(
        o,
        i === 2
          ? [big, -big - 1n, 0n] // the bounds of the column
          : Array.from({ length: 1 + Math.floor(r() * 20) }, () =>
              BigInt(Math.floor((r() - 0.5) * 2 ** 32)),
            ),
      ),
    );
    const weights = [1_000_000n, -3n, 7n];
    const out = await runProgramLocally(
      bundle,
      data,
      { weights: weights.map(Number) },
      { parties: n, t },
    );
    const sums = data.map((d) => d.columns['amount']!.values.reduce((a, b) => a + b, 0n));
    const per = sums.map((s, i) => s * weights[i]!);
    assert.deepEqual(out, { perInput: per, total: [per.reduce((a, b) => a + b, 0n)] });
  }
  // From the file, as docs/programs.md shows, and a weight count that does not match is refused.
  const doc = await runProgramLocally(
    EXAMPLE,
    [dataset('acme', [2n, 3n]), dataset('globex', [10n])],
    { weights: [4, -1] },
    { parties: 3, t: 1 },
  );
  assert.deepEqual(doc, { perInput: [20n, -10n], total: [10n] });
  await assert.rejects(
    runProgramLocally(EXAMPLE, [dataset('acme', [2n])], { weights: [1, 2] }),
    /^ProgramParamError: weighted-sum: parameter weights: expected 1 weights, one per input dataset\.$/,
  );
});
