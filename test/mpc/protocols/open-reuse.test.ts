// The integer protocols (and their callers) reuse share vectors after opening them; the runtime
// must not let the transport read the caller's memory after `open` returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fpToBigInts } from '../../../src/mpc/field/vec.js';
import { TEST_FIELD, runParties } from '../harness.js';
import { shareInts } from './int-util.js';

test('a member may overwrite its shares right after open returns', async () => {
  const out = await runParties(3, 1, async (rt) => {
    const v = await shareInts(rt, [5n, 6n, 7n]);
    // Members 2 and 3 call open later, so member 1's messages wait in the channel.
    if (rt.index > 1) await new Promise((r) => setTimeout(r, 20));
    const opened = await rt.open(v);
    TEST_FIELD.kernels.addScalar(v, v, 1000n);
    return fpToBigInts(opened);
  });
  for (const o of out) assert.deepEqual(o, [5n, 6n, 7n]);
});
