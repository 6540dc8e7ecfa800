/**
 * Helpers for the programming-API tests: run one program as a session on every party of an
 * in-memory network (committee p1..pn plus outsiders), with inputs from an outsider and outputs
 * to another, so that every test also exercises the non-member paths.
 */
import assert from 'node:assert/strict';
import { type RunOptions, runParties } from '../harness.js';
import type { SecureVector } from '../../../src/mpc/secure/base.js';
import { type PlainValues, plainLength } from '../../../src/mpc/secure/codec.js';
import { type Session, type VectorOf, session } from '../../../src/mpc/secure/session.js';
import type { SecType } from '../../../src/mpc/secure/types.js';

/** The committees the API is tested with: n = 3 and one larger committee with t = 2. */
export const API_COMMITTEES: ReadonlyArray<readonly [n: number, t: number]> = [
  [3, 1],
  [5, 2],
];

/** Runs `program` as a session on each party; resolves with the results in party order. */
export function runSessions<T>(
  n: number,
  t: number,
  program: (mpc: Session) => Promise<T>,
  options: RunOptions = {},
): Promise<T[]> {
  return runParties(n, t, (runtime) => program(session({ runtime })), options);
}

/** Inputs `values` of `type` from the outsider `owner` (every party knows the public length). */
export type OwnerInput = <T extends SecType>(values: PlainValues, type: T) => Promise<VectorOf<T>>;

/**
 * Runs `program` with inputs from the outsider 'owner', reveals its result to the outsider
 * 'reader', checks that every other party (members and owner) got null, and returns what the
 * reader got.
 */
export async function viaOutsiders(
  n: number,
  t: number,
  program: (own: OwnerInput, mpc: Session) => Promise<SecureVector>,
): Promise<unknown[]> {
  const out = await runSessions(
    n,
    t,
    async (mpc) => {
      const own: OwnerInput = (values, type) =>
        mpc.input(mpc.self === 'owner' ? values : undefined, {
          from: 'owner',
          type,
          length: plainLength(values),
        });
      const v = await program(own, mpc);
      return v.revealTo('reader');
    },
    { outsiders: ['owner', 'reader'] },
  );
  out.slice(0, n + 1).forEach((o, i) => assert.equal(o, null, `party ${i} learns nothing`));
  assert.ok(out[n + 1] !== null, 'the reader gets the result');
  return out[n + 1]!;
}

/** Asserts |got_i − want_i| <= tol for every i, naming the index. */
export function assertClose(got: unknown[], want: readonly number[], tol: number): void {
  assert.equal(got.length, want.length, 'length');
  got.forEach((g, i) => {
    assert.equal(typeof g, 'number', `element ${i} is a number`);
    const d = Math.abs((g as number) - want[i]!);
    assert.ok(d <= tol, `element ${i}: got ${g as number}, want ${want[i]} ± ${tol}`);
  });
}

/** One unit in the last place of the default fixed-point type (2^-16). */
export const ULP: number = 2 ** -16;
