/**
 * Type tests of the programming API: misuse that must not compile. `tsc` fails the build if any
 * `@ts-expect-error` below stops being an error. This file is type-checked only, never run.
 */
/* eslint-disable @typescript-eslint/no-unsafe-call -- calls of methods that must not exist */
import type { SecBitVector } from '../../../src/mpc/secure/bit.js';
import type { SecFxpVector } from '../../../src/mpc/secure/fxp.js';
import type { SecIntVector } from '../../../src/mpc/secure/int.js';
import type { Session } from '../../../src/mpc/secure/session.js';
import { secbit, secint } from '../../../src/mpc/secure/types.js';

export async function misuse(mpc: Session): Promise<void> {
  const i: SecIntVector = await mpc.input(undefined, { from: 'a', type: secint(32), length: 2 });
  const x: SecFxpVector = await mpc.input(undefined, { from: 'a', length: 2 }); // secfxp by default
  const b: SecBitVector = await mpc.input(undefined, { from: 'a', type: secbit, length: 2 });

  // @ts-expect-error an integer vector does not combine with a fixed-point one: convert first
  i.add(x);
  i.toFixed().add(x);

  // @ts-expect-error bits have no arithmetic: use and/or/xor, count() or toInt()
  b.add(b);

  // @ts-expect-error mean is defined on fixed point: i.toFixed().mean()
  void i.mean();

  // @ts-expect-error a communicating operation returns a promise, not a vector
  const y: SecFxpVector = x.mul(x);
  void y;

  // @ts-expect-error comparisons give bits, not numbers
  const z: SecIntVector = await i.lt(i);
  void z;

  // Decoded outputs: bigint for secint, number for secfxp, boolean for secbit.
  const bi: bigint[] | null = await i.revealTo('r');
  const nx: number[] | null = await x.mean().revealTo('r');
  const bb: boolean[] | null = await b.open();
  // @ts-expect-error integers are revealed as bigint, not number
  const wrong: number[] | null = await i.open();
  void [bi, nx, bb, wrong];

  // @ts-expect-error select returns the type of its branches
  const s: SecIntVector = await b.select(x, x);
  void s;
}
