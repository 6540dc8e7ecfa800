import type { Session } from '../../src/mpc/secure/session.js';
import { secbit, secfxp } from '../../src/mpc/secure/types.js';

/** The three companies; they are also the committee that computes (n = 3, t = 1). */
export const COMPANIES = ['acme', 'globex', 'initech'] as const;
export type Company = (typeof COMPANIES)[number];

/** One company's private data: salary (in k€) and gender of each executive. */
export interface Payroll {
  readonly salaries: readonly number[];
  readonly women: readonly boolean[];
}

/** All the regulator learns. */
export interface PayGapReport {
  readonly meanWomen: number;
  readonly meanMen: number;
  readonly gapUnder5Percent: boolean;
}

/**
 * Runs on every party: each company with its own payroll, the regulator with none. How many
 * executives each company declares is public.
 */
export async function payGap(
  mpc: Session,
  mine: Payroll | undefined,
  headcount: Record<Company, number>,
): Promise<PayGapReport | null> {
  const own = (c: Company) => (c === mpc.self ? mine : undefined);
  // Started together, the six inputs overlap: one round, not six.
  const [salaries, women] = await Promise.all([
    Promise.all(
      COMPANIES.map((c) =>
        mpc.input(own(c)?.salaries, { from: c, type: secfxp(), length: headcount[c] }),
      ),
    ),
    Promise.all(
      COMPANIES.map((c) =>
        mpc.input(own(c)?.women, { from: c, type: secbit, length: headcount[c] }),
      ),
    ),
  ]);
  const pay = mpc.concat(salaries);
  const woman = mpc.concat(women);

  const payOfWomen = await woman.select(pay, 0); // pay where woman, else 0
  const totalWomen = payOfWomen.sum();
  const totalMen = pay.sum().sub(totalWomen);
  const countWomen = woman.count().toFixed();
  const countMen = countWomen.neg().add(pay.length);

  const meanWomen = await totalWomen.div(countWomen);
  const meanMen = await totalMen.div(countMen);
  const gap = await meanMen.sub(meanWomen).div(meanMen); // (men − women) / men
  const under = await gap.lt(0.05);

  const means = await meanWomen.concat(meanMen).revealTo('regulator');
  const verdict = await under.revealTo('regulator');
  if (means === null || verdict === null) return null; // everyone but the regulator
  return { meanWomen: means[0]!, meanMen: means[1]!, gapUnder5Percent: verdict[0]! };
}
