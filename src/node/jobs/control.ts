/**
 * The executor's own messages on a job's channel, next to the MPC runtime's: row counts, aborts,
 * output commitments, output shares for the recipients, and result signatures.
 *
 * Steps. The runtime numbers committee steps from 0 and input/output steps from 2^31 upwards; a
 * job would need more than 2^31 − 256 of the latter to reach this band, so the executor's steps
 * live at the top of the u32 range, from {@link CONTROL_STEP_BASE}, and never collide.
 *
 * Wire formats (each message is checked by a validating parser; nothing is trusted):
 * - ROWS (input owner → every other party): u32 count, then count × u32 row counts, big-endian,
 *   one per input dataset the sender owns, in job order.
 * - ABORT (any party → every other party): the public failure reason, UTF-8, at most 512 bytes.
 * - COMMIT (member → every other member): its commitments c_{i,0..U-1}, 32 bytes each, one per
 *   delivery unit (see `./digest.ts` and `./outputs.ts`).
 * - OUTPUT (member → each receiver): the same commitment list, then for each unit the receiver
 *   gets, in unit order: salt (32 bytes) ‖ shares (the field's bytes per element).
 * - SIG (member → every other member): the 65-byte EIP-712 signature of (jobId, resultDigest,
 *   keccak256(public outputs)).
 * - CONFIRM (recipient → every member): the recipient's verdict on the outputs it received, sent
 *   before any member signs. Either u8 1 ‖ the 32-byte result digest the recipient computed from
 *   the (salt, shares) it received (it reconstructed, checked and decoded every output), or u8 2 ‖
 *   u8 kind ‖ u16 index (big-endian): a refusal, kind 1 = output `index` (in name order) is out of
 *   the range of its type, kind 2 = the shares of member `index` (0-based, committee order)
 *   disagree with the others', kind 3 = the shares of member `index` are not field elements.
 *   A refusal carries no value: only which output or member.
 *
 * @module
 */
import { bytesToHex, hexToBytes, type Hex } from 'viem';
import { PeerMessageError } from '../../mpc/errors.js';

/** First step of the executor's band (see the module doc). */
export const CONTROL_STEP_BASE = 0xffff_ff00;
export const STEP_ROWS: number = CONTROL_STEP_BASE + 0;
export const STEP_ABORT: number = CONTROL_STEP_BASE + 1;
export const STEP_COMMIT: number = CONTROL_STEP_BASE + 2;
export const STEP_OUTPUT: number = CONTROL_STEP_BASE + 3;
export const STEP_SIG: number = CONTROL_STEP_BASE + 4;
export const STEP_CONFIRM: number = CONTROL_STEP_BASE + 5;

/** Longest abort reason on the wire, and on chain, in bytes. */
export const MAX_REASON_BYTES = 512;

function bad(party: string, step: number, label: string, reason: string): PeerMessageError {
  return new PeerMessageError({ party, step, label, reason });
}

/**
 * ROWS: the row counts of the sender's inputs.
 * @example
 * ```ts
 * channel.send(peer, STEP_ROWS, encodeRows([120, 45]));
 * ```
 */
export function encodeRows(rows: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * rows.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, rows.length);
  rows.forEach((r, i) => view.setUint32(4 + 4 * i, r));
  return out;
}

/**
 * Parses ROWS from `party`, which must announce exactly `expected` inputs of at most `maxRows`.
 * @throws {PeerMessageError} naming the party and the defect.
 * @example
 * ```ts
 * const rows = decodeRows(bytes, 'acme', 2, 1 << 24); // [120, 45]
 * ```
 */
export function decodeRows(
  bytes: Uint8Array,
  party: string,
  expected: number,
  maxRows: number,
): number[] {
  const fail = (why: string): never => {
    throw bad(party, STEP_ROWS, 'rows', why);
  };
  if (bytes.length < 4) return fail('message shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0);
  if (count !== expected) return fail(`announced ${count} inputs, expected ${expected}`);
  if (bytes.length !== 4 + 4 * count) return fail('length does not match the count');
  return Array.from({ length: count }, (_, i) => {
    const r = view.getUint32(4 + 4 * i);
    return r > maxRows ? fail(`announced ${r} rows, more than the limit of ${maxRows}`) : r;
  });
}

/**
 * Keeps printable characters of a public reason and caps it at 512 UTF-8 bytes.
 * @example
 * ```ts
 * sanitizeReason('a\u0000b'); // 'a?b'
 * ```
 */
export function sanitizeReason(text: string): string {
  const clean = text.replace(/\p{C}/gu, '?');
  const bytes = new TextEncoder().encode(clean);
  if (bytes.length <= MAX_REASON_BYTES) return clean;
  return (
    new TextDecoder().decode(bytes.subarray(0, MAX_REASON_BYTES - 3)).replace(/\uFFFD$/, '') + '...'
  );
}

/**
 * ABORT: a public reason.
 * @example
 * ```ts
 * channel.send(peer, STEP_ABORT, encodeAbort('inputs: acme reports: ...'));
 * ```
 */
export function encodeAbort(reason: string): Uint8Array {
  return new TextEncoder().encode(sanitizeReason(reason));
}

/**
 * Parses ABORT from `party` (invalid UTF-8 or an oversized reason is a bad message).
 * @example
 * ```ts
 * const reason = decodeAbort(bytes, 'acme');
 * ```
 */
export function decodeAbort(bytes: Uint8Array, party: string): string {
  if (bytes.length > MAX_REASON_BYTES) {
    throw bad(party, STEP_ABORT, 'abort', 'reason longer than 512 bytes');
  }
  try {
    return sanitizeReason(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw bad(party, STEP_ABORT, 'abort', 'reason is not UTF-8');
  }
}

/**
 * Checks a fixed-size message from `party`.
 * @example
 * ```ts
 * const sig = expectBytes(bytes, 65, 'acme', STEP_SIG, 'signature');
 * ```
 */
export function expectBytes(
  bytes: Uint8Array,
  length: number,
  party: string,
  step: number,
  label: string,
): Uint8Array {
  if (bytes.length !== length) {
    throw bad(party, step, label, `expected ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** Why a recipient refuses a result (see CONFIRM in the module doc). */
export type RefusalKind = 'range' | 'inconsistent' | 'malformed';

/**
 * A recipient's verdict: it holds the result and computed `digest`, or it refuses it. `index` is
 * the output (name order) for `range`, the member (0-based committee order) otherwise; for
 * `inconsistent` it is {@link NO_MEMBER} when the shares identify nobody (e.g. n = 3, t = 1).
 */
export type Confirmation =
  | { readonly ok: true; readonly digest: Hex }
  | { readonly ok: false; readonly kind: RefusalKind; readonly index: number };

const REFUSAL_KINDS: readonly RefusalKind[] = ['range', 'inconsistent', 'malformed'];

/** The `index` of an `inconsistent` refusal whose shares convict no member. */
export const NO_MEMBER = 0xffff;

/**
 * CONFIRM: a recipient's verdict on the outputs it received.
 * @example
 * ```ts
 * channel.send(member, STEP_CONFIRM, encodeConfirmation({ ok: true, digest }));
 * ```
 */
export function encodeConfirmation(c: Confirmation): Uint8Array {
  if (c.ok) {
    const out = new Uint8Array(33);
    out[0] = 1;
    out.set(hexToBytes(c.digest, { size: 32 }), 1);
    return out;
  }
  if (!Number.isInteger(c.index) || c.index < 0 || c.index > 0xffff) {
    throw new RangeError(`encodeConfirmation: expected an index in [0, 65535], got ${c.index}`);
  }
  const out = new Uint8Array(4);
  out[0] = 2;
  out[1] = REFUSAL_KINDS.indexOf(c.kind) + 1;
  new DataView(out.buffer).setUint16(2, c.index);
  return out;
}

/**
 * Parses CONFIRM from recipient `party`. A refusal must name one of the job's `outputs` (for
 * `range`) or `members` (otherwise).
 * @throws {PeerMessageError} naming the party and the defect.
 * @example
 * ```ts
 * const c = decodeConfirmation(bytes, 'regulator', { outputs: 5, members: 3 });
 * if (!c.ok) console.log(c.kind, c.index);
 * ```
 */
export function decodeConfirmation(
  bytes: Uint8Array,
  party: string,
  limits: { readonly outputs: number; readonly members: number },
): Confirmation {
  const fail = (why: string): never => {
    throw bad(party, STEP_CONFIRM, 'confirmation', why);
  };
  if (bytes[0] === 1) {
    if (bytes.length !== 33) return fail(`expected 33 bytes, got ${bytes.length}`);
    return { ok: true, digest: bytesToHex(bytes.subarray(1)) };
  }
  if (bytes[0] !== 2) return fail('unknown verdict');
  if (bytes.length !== 4) return fail(`expected 4 bytes for a refusal, got ${bytes.length}`);
  const kind = REFUSAL_KINDS[bytes[1]! - 1];
  if (kind === undefined) return fail('unknown refusal kind');
  const index = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(2);
  const limit = kind === 'range' ? limits.outputs : limits.members;
  if (index >= limit && !(kind === 'inconsistent' && index === NO_MEMBER))
    return fail(`refusal names ${kind === 'range' ? 'output' : 'member'} ${index}, out of range`);
  return { ok: false, kind, index };
}
