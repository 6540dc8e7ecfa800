/**
 * Failure reasons in protocol terms, not step numbers. A job's channel numbers its messages in
 * bands (the runtime's in `src/mpc/runtime/runtime.ts`, the executor's in `./control.ts`):
 *
 * | steps                      | what                                        |
 * | -------------------------- | ------------------------------------------- |
 * | 0 .. 2^31 − 2              | computing: the committee's rounds, in order |
 * | 2^31 − 1                   | session setup (the committee's group seed)  |
 * | 2^31 .. 2^32 − 257         | input sharing (`input()`, label `input from  |
 * |                            | <owner>`) or a reveal to a recipient        |
 * | 2^32 − 256 + 0 .. 5        | the executor's messages: row counts, abort, |
 * |                            | commitments, output shares, signatures,     |
 * |                            | recipients' confirmations                   |
 *
 * {@link readableReason} rewrites every `step <n>` in a reason (as the transport's and runtime's
 * errors write it: `at step 4294967043 (output shares)`, `before step 17 (mean)`) into the phase
 * it belongs to, e.g. `at output delivery (output shares)` or `before computing round 18
 * (mean)`. The bands are restated here, not imported: the runtime keeps its constants private.
 *
 * @module
 */
import {
  CONTROL_STEP_BASE,
  STEP_ABORT,
  STEP_COMMIT,
  STEP_CONFIRM,
  STEP_OUTPUT,
  STEP_ROWS,
  STEP_SIG,
} from './control.js';

/** The runtime's first input/output step (2^31) and its group-seed step (2^31 − 1). */
const IO_STEP_BASE = 0x8000_0000;
const GROUP_SEED_STEP = 0x7fff_ffff;

const CONTROL: ReadonlyMap<number, string> = new Map([
  [STEP_ROWS, 'input sharing (row counts)'],
  [STEP_ABORT, 'abort'],
  [STEP_COMMIT, 'output delivery (commitments)'],
  [STEP_OUTPUT, 'output delivery (output shares)'],
  [STEP_SIG, 'attesting (result signatures)'],
  [STEP_CONFIRM, 'output delivery (recipient confirmations)'],
]);

/**
 * The protocol phase of channel step `step`, in words.
 * @example
 * ```ts
 * stepPhase(4294967043); // 'output delivery (output shares)'
 * stepPhase(17); // 'computing round 18'
 * stepPhase(2 ** 31 + 2); // 'input sharing (input 3)'
 * stepPhase(2 ** 31 + 2, 'input from acme'); // 'input sharing (input from acme)'
 * ```
 */
export function stepPhase(step: number, label?: string): string {
  if (!Number.isInteger(step) || step < 0 || step > 0xffff_ffff) return 'an unknown step';
  if (step < GROUP_SEED_STEP) return `computing round ${step + 1}`;
  if (step === GROUP_SEED_STEP) return 'session setup (group seed)';
  if (step < CONTROL_STEP_BASE) {
    const k = step - IO_STEP_BASE + 1;
    if (label === 'reveal') return `output delivery (reveal ${k})`;
    if (label !== undefined && label.startsWith('input from ')) return `input sharing (${label})`;
    return `input sharing (input ${k})`;
  }
  return CONTROL.get(step) ?? 'an unknown control step';
}

/**
 * `text` with every `step <n>` (and its parenthesised label, when the phase already says it)
 * replaced by the phase in words.
 * @example
 * ```ts
 * readableReason('outputs: acme reports: No message from party globex at step 4294967043 (output shares) within 30000 ms.');
 * // 'outputs: acme reports: No message from party globex at output delivery (output shares) within 30000 ms.'
 * ```
 */
export function readableReason(text: string): string {
  return text.replace(/\bstep (\d{1,10})(?: \(([^()]*)\))?/g, (_all, n: string, label?: string) => {
    const phase = stepPhase(Number(n), label);
    if (label === undefined || phase.includes(`(${label})`)) return phase;
    if (phase.endsWith(')')) return phase; // the control step's own name says it
    return `${phase} (${label})`;
  });
}
