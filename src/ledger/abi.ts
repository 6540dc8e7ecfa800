/**
 * The ABIs of the five ledger contracts in one place, and the union of their custom errors, so a
 * refusal is decoded by name whichever contract raised it.
 *
 * @module
 */
import type { Abi } from 'viem';
import { catalogAbi } from './generated/Catalog.js';
import { consortiumAbi } from './generated/Consortium.js';
import { grantsAbi } from './generated/Grants.js';
import { jobsAbi } from './generated/Jobs.js';
import { pinsAbi } from './generated/Pins.js';

export { catalogAbi, consortiumAbi, grantsAbi, jobsAbi, pinsAbi };

/** The names of the ledger contracts, as used in {@link LedgerAddresses} keys and errors. */
export type LedgerContractName = 'consortium' | 'catalog' | 'grants' | 'jobs' | 'pins';

/** Every contract's ABI by name. */
export const ledgerAbis: Readonly<Record<LedgerContractName, Abi>> = Object.freeze({
  consortium: consortiumAbi,
  catalog: catalogAbi,
  grants: grantsAbi,
  jobs: jobsAbi,
  pins: pinsAbi,
});

/** Custom errors of all ledger contracts, deduplicated by signature. */
export const ledgerErrorsAbi: Abi = (() => {
  const seen = new Set<string>();
  const out: Abi[number][] = [];
  for (const abi of Object.values(ledgerAbis)) {
    for (const item of abi) {
      if (item.type !== 'error') continue;
      const sig = `${item.name}(${item.inputs.map((i) => i.type).join(',')})`;
      if (seen.has(sig)) continue;
      seen.add(sig);
      out.push(item);
    }
  }
  return Object.freeze(out);
})();
