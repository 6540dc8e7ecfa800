/**
 * What the sandbox hands over besides inputs and params: the artifacts a job takes (the fourth
 * `run` argument, secret vectors of the job's session given to the program as handles) and the
 * disclosure-control metadata (`groups`, whose lengths are functions run in the sandbox, and
 * `minGroupSize`). In process: a committee of 3 (t = 1) and a recipient on a memory network,
 * the bundled built-ins `escrow-sum` and `paygap`, checked against plaintext references.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partyId } from '../../src/mpc/channel.js';
import type { SecureVector } from '../../src/mpc/secure/base.js';
import { session, type Session } from '../../src/mpc/secure/session.js';
import { secbit, secint } from '../../src/mpc/secure/types.js';
import { memoryNetwork } from '../../src/net/memory.js';
import { escrowSum } from '../../src/programs/escrow.js';
import { paygap } from '../../src/programs/paygap.js';
import { ProgramSandboxError } from '../../src/programs/sandbox/quickjs.js';
import { programField, type SecureArtifacts } from '../../src/programs/types.js';
import { rng } from './helpers.js';

const COMMITTEE = ['p1', 'p2', 'p3'].map(partyId);
const PARTIES = [...COMMITTEE, partyId('reg')];

/**
 * Runs escrow-sum on every party with the artifact `records` that `make` builds (p1 shares the
 * values); returns what `reg` receives, or the error of a committee member.
 */
async function escrowSumOf(
  make: (mpc: Session) => Promise<SecureVector>,
): Promise<readonly (bigint | number | boolean)[]> {
  const net = memoryNetwork(PARTIES, { timeoutMs: 20_000 });
  try {
    const results = await Promise.all(
      net.channels.map(async (channel) => {
        const mpc = session({
          channel,
          committee: COMMITTEE,
          t: 1,
          field: programField(escrowSum),
        });
        const artifacts: SecureArtifacts = { records: await make(mpc) };
        const out = await escrowSum.run(mpc, [], { records: '7.records' }, artifacts);
        assert.deepEqual(Object.keys(out), ['sum']);
        return await out['sum']!.revealTo('reg');
      }),
    );
    return results[PARTIES.indexOf(partyId('reg'))]!;
  } finally {
    await Promise.all(net.channels.map((c) => c.close()));
  }
}

test('an artifact reaches run as a secret vector: escrow-sum gives the exact sum', async () => {
  const r = rng(11);
  const max = 2n ** 63n - 1n;
  for (const values of [
    [max, max, -max - 1n, 5n], // the bounds of secint(64)
    Array.from({ length: 40 }, () => BigInt(Math.floor((r() - 0.5) * 2 ** 53)) * 1024n),
    [0n],
  ]) {
    const got = await escrowSumOf((mpc) =>
      mpc.input(mpc.self === 'p1' ? values : undefined, {
        from: 'p1',
        type: secint(64),
        length: values.length,
      }),
    );
    assert.deepEqual(got, [values.reduce((a, b) => a + b, 0n)]);
  }
});

test('an artifact of the wrong kind fails the program, naming it', async () => {
  await assert.rejects(
    escrowSumOf((mpc) =>
      mpc.input(mpc.self === 'p1' ? [true, false] : undefined, {
        from: 'p1',
        type: secbit,
        length: 2,
      }),
    ),
    (e: unknown) => {
      assert.ok(e instanceof ProgramSandboxError, String(e));
      assert.match(e.message, /^program escrow-sum: .*not an integer vector/);
      return true;
    },
  );
});

test('groups and minGroupSize of a bundled program: lengths computed in the sandbox', () => {
  assert.deepEqual(paygap.minGroupSize, { min: 1, param: 'minGroupSize' });
  const groups = paygap.groups!;
  assert.deepEqual(Object.keys(groups).sort(), ['men', 'menOverall', 'women', 'womenOverall']);
  const len = (g: string, rows: number[]): number => {
    const l = groups[g]!.length;
    return typeof l === 'number' ? l : l({ rows });
  };
  assert.equal(len('women', [4, 9, 1]), 4);
  assert.equal(len('men', [2]), 2);
  assert.equal(len('womenOverall', [4, 9, 1]), 1);
  assert.deepEqual(paygap.outputs['gapPercent']!.groups, ['women', 'men']);
  assert.deepEqual(paygap.outputs['pass']!.groups, ['womenOverall', 'menOverall']);
  assert.equal(paygap.params['minGroupSize']?.default, 3);
});
