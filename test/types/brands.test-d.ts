/**
 * Type tests: misuse that must not compile. `tsc` fails the build if any `@ts-expect-error` below
 * stops being an error. This file is type-checked only, never run.
 */
import { type PartyId, partyId } from '../../src/mpc/channel.js';
import { type FpVec, fpVec } from '../../src/mpc/field/vec.js';
import type { Runtime } from '../../src/mpc/runtime/runtime.js';

export function brands(rt: Runtime): void {
  // @ts-expect-error a plain string is not a PartyId: it must go through partyId(), which validates
  const p: PartyId = 'acme';
  const q: PartyId = partyId('acme');
  void p;
  void q;

  // @ts-expect-error a vector of field elements is not a plain array of bigint
  const v: FpVec = [1n, 2n];
  void v;

  // @ts-expect-error input takes a party id, not a string
  void rt.input('acme', fpVec(1));

  // @ts-expect-error words of a vector are read-only as a property
  fpVec(1).words = new BigUint64Array(2);
}
