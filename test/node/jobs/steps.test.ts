/** Failure reasons name the protocol phase, never a raw channel step number. */
import { test } from 'node:test';
import { equal, ok } from 'node:assert/strict';
import { readableReason, stepPhase } from '../../../src/node/jobs/steps.js';
import {
  STEP_ABORT,
  STEP_COMMIT,
  STEP_CONFIRM,
  STEP_OUTPUT,
  STEP_ROWS,
  STEP_SIG,
} from '../../../src/node/jobs/control.js';
import { PeerClosedError, PeerTimeoutError } from '../../../src/mpc/errors.js';

test('every band of steps has its phase', () => {
  equal(stepPhase(0), 'computing round 1');
  equal(stepPhase(16), 'computing round 17');
  equal(stepPhase(2 ** 31 - 2), `computing round ${2 ** 31 - 1}`);
  equal(stepPhase(2 ** 31 - 1), 'session setup (group seed)');
  equal(stepPhase(2 ** 31), 'input sharing (input 1)');
  equal(stepPhase(2 ** 31 + 4), 'input sharing (input 5)');
  equal(stepPhase(STEP_ROWS), 'input sharing (row counts)');
  equal(stepPhase(STEP_ABORT), 'abort');
  equal(stepPhase(STEP_COMMIT), 'output delivery (commitments)');
  equal(stepPhase(STEP_OUTPUT), 'output delivery (output shares)');
  equal(STEP_OUTPUT, 4294967043, 'the step of the issue');
  equal(stepPhase(STEP_SIG), 'attesting (result signatures)');
  equal(stepPhase(STEP_CONFIRM), 'output delivery (recipient confirmations)');
  equal(stepPhase(0xffff_ffff), 'an unknown control step');
  equal(stepPhase(-1), 'an unknown step');
});

test('the runtime and transport errors read as phases in a reason', () => {
  const timeout = new PeerTimeoutError({
    party: 'globex',
    step: STEP_OUTPUT,
    label: 'output shares',
    timeoutMs: 30000,
  });
  equal(
    readableReason(`outputs: acme reports: ${timeout.shortMessage}`),
    'outputs: acme reports: No message from party globex at output delivery (output shares) within 30000 ms.',
  );
  const closed = new PeerClosedError({ party: 'initech', step: 16, label: 'mean' });
  equal(
    readableReason(`computing: acme reports: ${closed.shortMessage}`),
    'computing: acme reports: Party initech closed the connection before computing round 17 (mean).',
  );
  equal(readableReason('before step 4294967043'), 'before output delivery (output shares)');
  equal(readableReason(`at step ${2 ** 31 + 1} (input)`), 'at input sharing (input 2)');
  equal(
    readableReason(
      `Party acme sent a bad message at step ${2 ** 31} (input from acme): too short.`,
    ),
    'Party acme sent a bad message at input sharing (input from acme): too short.',
  );
  equal(readableReason(`at step ${2 ** 31 + 3} (reveal)`), 'at output delivery (reveal 4)');
  equal(
    readableReason('nothing to change: 4 steps, stepped'),
    'nothing to change: 4 steps, stepped',
  );
  for (let k = 0; k < 200; k++) {
    const step = Math.floor(Math.random() * 2 ** 32);
    const out = readableReason(`at step ${step} (x)`);
    ok(!/\d{5,}/.test(out.replace(/computing round \d+|input \d+/, '')), out);
  }
});
