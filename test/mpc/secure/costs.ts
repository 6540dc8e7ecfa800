/**
 * The operations of the cost table in docs/programming.md, each measured as the number of
 * runtime communication steps a committee member takes (n = 3, t = 1, vectors of 8 elements,
 * default types). programming-doc.test.ts checks the table against these measurements.
 */
import type { SecureVector } from '../../../src/mpc/secure/base.js';
import type { Session } from '../../../src/mpc/secure/session.js';
import { secbit, secfxp, secint } from '../../../src/mpc/secure/types.js';
import { runSessions } from './helpers.js';

type Op = (mpc: Session) => Promise<unknown>;

const ints = (mpc: Session) => mpc.constant([3n, -1n, 4n, 1n, -5n, 9n, 2n, 6n], secint());
// 32-bit: a dot product of 64-bit vectors may need 131 bits, more than p127 holds (secure/int.ts).
const ints32 = (mpc: Session) => mpc.constant([3n, -1n, 4n, 1n, -5n, 9n, 2n, 6n], secint(32));
const reals = (mpc: Session) => mpc.constant([3.5, -1, 4, 1.25, -5, 9, 2, 6], secfxp());
const bits = (mpc: Session) => mpc.constant([1, 0, 1, 1, 0, 0, 1, 0], secbit);
const matrix = (mpc: Session) => mpc.matrix(ints(mpc), 2, 4);
const realMatrix = (mpc: Session) => mpc.matrix(reals(mpc), 2, 4);
const done = (v: SecureVector): Promise<unknown> => Promise.resolve(v);

/** [type, operations (as in the doc's table), the measured operation]. */
export const COST_OPS: ReadonlyArray<readonly [string, readonly string[], Op]> = [
  [
    'any',
    ['x.add(y)', 'x.sub(y)', 'x.neg()', 'x.sum()', 'x.slice()', 'x.concat()'],
    (m) => done(ints(m).add(ints(m)).sum()),
  ],
  ['secint', ['x.mulPublic(c)'], (m) => done(ints(m).mulPublic(3))],
  ['any', ['x.open()'], (m) => ints(m).open()],
  ['secint', ['x.mul(y)'], (m) => ints(m).mul(ints(m))],
  ['secint', ['x.dot(y)'], (m) => ints32(m).dot(ints32(m))],
  ['secint, 2 × 4 · 4 × 2', ['A.matmul(B)'], (m) => matrix(m).matmul(matrix(m).transpose())],
  ['secfxp', ['x.mul(y)'], (m) => reals(m).mul(reals(m))],
  ['secfxp', ['x.mulPublic(0.3)'], (m) => reals(m).mulPublic(0.3)],
  ['secfxp', ['x.dot(y)'], (m) => reals(m).dot(reals(m))],
  [
    'secfxp, 2 × 4 · 4 × 2',
    ['A.matmul(B)'],
    (m) => realMatrix(m).matmul(realMatrix(m).transpose()),
  ],
  ['secfxp', ['x.mean()'], (m) => reals(m).mean()],
  ['secfxp', ['x.variance()'], (m) => reals(m).variance()],
  ['secfxp', ['x.div(y)'], (m) => reals(m).div(reals(m))],
  ['secfxp', ['x.reciprocal()'], (m) => reals(m).reciprocal()],
  ['secfxp', ['x.sqrt()'], (m) => reals(m).sqrt()],
  ['secfxp', ['x.exp()'], (m) => reals(m).exp()],
  ['secfxp', ['x.ln()', 'x.log2()'], (m) => reals(m).ln()],
  ['secfxp', ['x.floor()'], (m) => reals(m).floor()],
  [
    'secint(32)',
    ['x.divPublic(7)', 'x.modPublic(7)'],
    (m) => m.constant([3n, -1n, 4n, 1n, -5n, 9n, 2n, 6n], secint(32)).divPublic(7),
  ],
  ['secint', ['x.shiftRight(16)', 'x.mod2m(16)'], (m) => ints(m).shiftRight(16)],
  ['secint', ['x.shiftRightApprox(16)'], (m) => ints(m).shiftRightApprox(16)],
  ['secint', ['x.toBits()'], (m) => ints(m).toBits()],
  ['secint', ['x.lt(y)', 'x.le(y)', 'x.gt(y)', 'x.ge(y)'], (m) => ints(m).lt(ints(m))],
  ['secint', ['x.eq(y)', 'x.ne(y)'], (m) => ints(m).eq(ints(m))],
  ['secint', ['x.isNegative()'], (m) => ints(m).isNegative()],
  ['secint', ['x.isZero()'], (m) => ints(m).isZero()],
  ['secbit', ['c.select(a, b)'], (m) => bits(m).select(ints(m), 0n)],
  ['secbit', ['b.and(c)', 'b.or(c)', 'b.xor(c)'], (m) => bits(m).and(bits(m))],
  ['secint', ['x.min(y)', 'x.max(y)'], (m) => ints(m).min(ints(m))],
  ['secint', ['x.min()', 'x.max()'], (m) => ints(m).min()],
  ['secint', ['x.argmin()', 'x.argmax()'], (m) => ints(m).argmax()],
  ['secint', ['x.sort()'], (m) => ints(m).sort()],
  ['secint, 4 × 2', ['A.sortRows(0)'], (m) => matrix(m).transpose().sortRows(0)],
  ['secbit', ['mpc.randomBits(8)'], (m) => m.randomBits(8)],
];

function costKey(type: string, ops: readonly string[]): string {
  return `${type} ${ops.join(', ')}`;
}

/** The cost table as it appears in docs/programming.md, from measured steps. */
export function costTable(steps: ReadonlyMap<string, number>): string {
  const rows = COST_OPS.map(([type, ops]) => {
    const code = ops.map((o) => '`' + o + '`').join(', ');
    return `| ${type} | ${code} | ${steps.get(costKey(type, ops))} |`;
  });
  return ['| type | operation | steps |', '|---|---|---|', ...rows].join('\n');
}

/** Measures every operation: label → steps taken by member p1. */
export async function measureCosts(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [type, ops, op] of COST_OPS) {
    const [steps] = await runSessions(3, 1, async (mpc) => {
      const before = mpc.runtime.stats.rounds;
      await op(mpc);
      return mpc.runtime.stats.rounds - before;
    });
    out.set(costKey(type, ops), steps!);
  }
  return out;
}
