import type { Session } from '../../src/mpc/secure/session.js';
import { secint } from '../../src/mpc/secure/types.js';

/** The bidders; none of them is on the committee. */
export const BIDDERS = ['alice', 'bob', 'carol', 'dave'] as const;

/** All anyone learns: who won, and the price (the second-highest bid). */
export interface Outcome {
  readonly winner: string;
  readonly price: bigint;
}

/** A sealed-bid second-price (Vickrey) auction. Runs on every party; bidders pass their bid. */
export async function vickrey(mpc: Session, myBid: bigint | undefined): Promise<Outcome> {
  const bids = await Promise.all(
    BIDDERS.map((b) =>
      mpc.input(b === mpc.self ? myBid : undefined, { from: b, type: secint(32), length: 1 }),
    ),
  );
  const all = mpc.concat(bids);

  const { index } = await all.argmax(); // first highest bid wins ties
  const price = (await all.sort({ descending: true })).at(1);

  const everyone = mpc.parties;
  const [winner, paid] = await Promise.all([index.revealTo(everyone), price.revealTo(everyone)]);
  return { winner: BIDDERS[Number(winner![0])]!, price: paid![0]! };
}
