/**
 * Test harness: runs the same program on n parties in one process over an in-memory network and
 * returns every party's result. Used by every protocol test.
 *
 * The field of every runtime is {@link TEST_FIELD}: p127 unless `PARLEY_TEST_FIELD=p255`
 * (`npm run test:mpc:p255` runs the mpc suites in the wide field), and its security level is
 * {@link TEST_SECURITY}: semi-honest unless `PARLEY_TEST_SECURITY=malicious`, which runs every
 * suite in the malicious-secure mode (each party verifies before its result is returned).
 */
import type { Channel, PartyId } from '../../src/mpc/channel.js';
import { partyId } from '../../src/mpc/channel.js';
import { type PrimeField, fieldByName } from '../../src/mpc/field/prime-field.js';
import { type FxpFormat, fxpDefaultFormat } from '../../src/mpc/protocols/fixed.js';
import { Runtime, type SecurityLevel } from '../../src/mpc/runtime/runtime.js';
import { type MemoryFault, type MemoryNetwork, memoryNetwork } from '../../src/net/memory.js';

/** The field the mpc suites run in: `PARLEY_TEST_FIELD` (p127 or p255), default p127. */
export const TEST_FIELD: PrimeField = fieldByName(process.env['PARLEY_TEST_FIELD'] ?? 'p127');

/** The security level the mpc suites run in: `PARLEY_TEST_SECURITY`, default semi-honest. */
export const TEST_SECURITY: SecurityLevel =
  process.env['PARLEY_TEST_SECURITY'] === 'malicious' ? 'malicious' : 'semi-honest';

/** The default fixed-point format of {@link TEST_FIELD} (p127: k = 41, f = 16; p255: 96, 32). */
export const FXP: FxpFormat = fxpDefaultFormat(TEST_FIELD);

/** True when the suites run in the wide field (tests pick smaller sizes there). */
export const WIDE: boolean = TEST_FIELD.name === 'p255';

export interface RunOptions {
  /** Parties outside the committee (input parties, recipients), named after the members. */
  readonly outsiders?: readonly string[];
  readonly timeoutMs?: number;
  /** Faults injected into the in-memory network (see src/net/memory.ts). */
  readonly faults?: readonly MemoryFault[];
  /** Called with the network before the programs start (e.g. to crash a party later). */
  readonly onNetwork?: (net: MemoryNetwork) => void;
  /** Security level of the runtimes; default {@link TEST_SECURITY}. */
  readonly security?: SecurityLevel;
}

/** Committee member names for n parties: p1..pn. */
export function memberNames(n: number): PartyId[] {
  return Array.from({ length: n }, (_, i) => partyId(`p${i + 1}`));
}

/**
 * Runs `program` on a committee of n members with threshold t (plus `outsiders`), all
 * concurrently, and resolves with each party's result in party order (members first).
 * Rejects with the first party's error if any party fails; closes every channel either way.
 */
export async function runParties<T>(
  n: number,
  t: number,
  program: (rt: Runtime) => Promise<T>,
  options: RunOptions = {},
): Promise<T[]> {
  const committee = memberNames(n);
  const parties = [...committee, ...(options.outsiders ?? []).map(partyId)];
  const net = memoryNetwork(parties, {
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  options.onNetwork?.(net);
  const channels: readonly Channel[] = net.channels;
  try {
    const security = options.security ?? TEST_SECURITY;
    return await Promise.all(
      channels.map(async (channel) => {
        const rt = new Runtime({ channel, committee, t, field: TEST_FIELD, security });
        const out = await program(rt);
        // In malicious mode every party's result is verified before the test sees it.
        await rt.verify();
        return out;
      }),
    );
  } finally {
    await Promise.all(channels.map((c) => c.close()));
  }
}

/**
 * The committee sizes every protocol is tested with, and their maximal thresholds. The wide
 * field (JS bigint kernels until its WebAssembly ones land) runs n = 3 and n = 5 only.
 */
export const COMMITTEES: ReadonlyArray<readonly [n: number, t: number]> = WIDE
  ? [
      [3, 1],
      [5, 2],
    ]
  : [
      [3, 1],
      [4, 1],
      [5, 2],
      [7, 3],
    ];
