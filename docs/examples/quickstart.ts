import type { Session } from '../../src/mpc/secure/session.js';
import { runLocal } from './run-local.js';

/** The program: every party runs it. Only acme passes its salaries. */
export async function meanPay(mpc: Session, salaries?: number[]): Promise<number[] | null> {
  const pay = await mpc.input(salaries, { from: 'acme', length: 4 });
  return pay.mean().revealTo('regulator');
}

/**
 * Three nodes compute (t = 1); acme inputs, the regulator receives. Resolves to
 * { acme: null, globex: null, initech: null, regulator: [4812.6875] }.
 */
export async function main(): Promise<Record<string, number[] | null>> {
  return runLocal(['acme', 'globex', 'initech'], ['regulator'], 1, (mpc) =>
    meanPay(mpc, mpc.self === 'acme' ? [4100.5, 5200, 3900, 6050.25] : undefined),
  );
}
