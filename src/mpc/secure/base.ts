/**
 * The base class of every secure vector: a secret-shared vector of public length and secure type,
 * owned by one {@link Session}.
 *
 * Members and non-members. Every party of a session runs the same program. Committee members hold
 * this party's Shamir shares in `share` (a packed {@link FpVec}); parties outside the committee
 * (input parties, recipients) hold `share === null`. On them every operation is a no-op that
 * returns a placeholder of the right type and length without calling any committee-only runtime
 * primitive, so a non-member can run the whole program and take part in the two steps that
 * involve it: `input` and `revealTo`.
 *
 * Shapes. Lengths are public. Elementwise operations take operands of equal length, or broadcast
 * an operand of length 1 (a scalar) to the other's length, as numpy does.
 *
 * Security: `share` is secret material. It is never logged or put into an error; errors name
 * operations, types and lengths only.
 *
 * @module
 */
import { MpcProtocolError } from '../errors.js';
import { fieldOfVecOr127 } from '../field/prime-field.js';
import { type FpVec, fpConcat, fpSlice, fpVec } from '../field/vec.js';
import type { PartyId } from '../channel.js';
import type { Runtime } from '../runtime/runtime.js';
import { type Decoded, decode } from './codec.js';
import type { Session } from './session.js';
import { type SecType, sameType, typeName } from './types.js';

/** A party name: a {@link PartyId} or the plain string it brands. */
export type PartyName = string;

/**
 * A secret-shared vector of `length` elements of type `T`.
 * @example
 * ```ts
 * const x = await mpc.input(undefined, { from: 'acme', type: secint(32), length: 3 });
 * x.shape; // 'secint(32)[3]'; x.share is null outside the committee
 * ```
 */
export abstract class SecureVector<T extends SecType = SecType> {
  readonly session: Session;
  readonly type: T;
  readonly length: number;
  /** This member's shares, or null on a party outside the committee. Secret: never log it. */
  readonly share: FpVec | null;

  /** Internal: use {@link Session.input} and the operations to create vectors. */
  constructor(session: Session, type: T, length: number, share: FpVec | null) {
    if (share !== null && share.length !== length) {
      throw new MpcProtocolError(
        `${typeName(type)}: expected ${length} shares, got ${share.length}.`,
      );
    }
    if (share === null && session.isMember) {
      throw new MpcProtocolError(`${typeName(type)}: a committee member must hold shares.`);
    }
    this.session = session;
    this.type = type;
    this.length = length;
    this.share = share;
  }

  /**
   * A vector of this class and type over `share` (null on non-members): how the operations wrap
   * the shares a protocol returns. Shares must be a valid degree-t sharing of values of this type.
   */
  abstract derive(share: FpVec | null, length: number): this;

  /** The type and length, for messages: `secint(64)[3]`. */
  get shape(): string {
    return `${typeName(this.type)}[${this.length}]`;
  }

  /**
   * Runs the communicating `body` on this member's shares and wraps the result with `wrap`; on a
   * non-member resolves with `wrap(null)` without running `body`. Every communicating operation
   * goes through here, so non-members never call a committee-only runtime primitive.
   */
  protected compute<V extends SecureVector>(
    wrap: (share: FpVec | null) => V,
    body: (rt: Runtime, share: FpVec) => Promise<FpVec>,
  ): Pending<V> {
    const share = this.share;
    const rt = this.session.runtime;
    return pending(
      this.session,
      this.session.schedule(async () => wrap(share === null ? null : await body(rt, share))),
    );
  }

  /** The widest integer type among this vector's and `others'` (this type for non-integers). */
  protected widerOf(others: readonly SecureVector[]): T {
    let t: SecType = this.type;
    for (const o of others) {
      if (t.kind === 'int' && o.type.kind === 'int' && o.type.k > t.k) t = o.type;
    }
    return t as T;
  }

  /** The same shares read as `type` (a wider integer type: every value still fits). */
  protected retyped(type: T): this {
    if (type === this.type) return this;
    return this.session.fromShares(type, this.length, this.share) as unknown as this;
  }

  /** Runs the local (non-communicating) `body` on this member's shares; null on a non-member. */
  protected local(body: (share: FpVec) => FpVec): FpVec | null {
    return this.share === null ? null : body(this.share);
  }

  /**
   * Checks that `other` belongs to this vector's session and has the same type (integers of
   * different bit lengths are one type for this purpose: operations promote to the wider one).
   */
  protected checkPeer(op: string, other: SecureVector): void {
    if (other.session !== this.session) {
      throw new MpcProtocolError(`${op}: operands belong to different sessions.`);
    }
    if (
      !sameType(this.type, other.type) &&
      !(this.type.kind === 'int' && other.type.kind === 'int')
    ) {
      throw new TypeError(
        `${op}: expected operands of one type, got ${this.shape} and ${other.shape}`,
      );
    }
  }

  /**
   * The common length of an elementwise operation on this vector and one of length `other`
   * (equal lengths, or one of them 1 when `broadcasting`).
   * @throws {MpcProtocolError} naming the operation and both shapes.
   */
  protected zipLength(
    op: string,
    otherShape: string,
    otherLength: number,
    broadcasting = true,
  ): number {
    if (this.length === otherLength) return this.length;
    if (broadcasting && otherLength === 1) return this.length;
    if (broadcasting && this.length === 1) return otherLength;
    throw new MpcProtocolError(
      `${op}: expected equal lengths${broadcasting ? ' (or one of length 1)' : ''}, got ${this.shape} and ${otherShape}.`,
      { op, left: this.shape, right: otherShape },
    );
  }

  /**
   * Element `i` (negative counts from the end) as a vector of length 1. Local.
   * @example
   * ```ts
   * x.at(-1); // the last element, as a vector of length 1
   * ```
   */
  at(i: number): this {
    const j = i < 0 ? this.length + i : i;
    if (!Number.isInteger(j) || j < 0 || j >= this.length) {
      throw new RangeError(`at: expected an index in [-${this.length}, ${this.length}), got ${i}`);
    }
    return this.slice(j, j + 1);
  }

  /**
   * Elements `start..end-1` (as Array.prototype.slice, negative counts from the end). Local.
   * @example
   * ```ts
   * x.slice(1, 3);
   * ```
   */
  slice(start = 0, end: number = this.length): this {
    const norm = (x: number): number =>
      Math.min(this.length, Math.max(0, x < 0 ? this.length + x : x));
    const s = norm(start);
    const e = Math.max(s, norm(end));
    return this.derive(
      this.local((v) => fpSlice(v, s, e)),
      e - s,
    );
  }

  /**
   * This vector followed by `others` (all of this type). Local.
   * @example
   * ```ts
   * const all = acme.concat(globex, initech);
   * ```
   */
  concat(...others: readonly this[]): this {
    for (const o of others) this.checkPeer('concat', o);
    const wider = this.widerOf(others);
    if (wider !== this.type) return this.retyped(wider).concat(...others);
    const length = others.reduce((n, o) => n + o.length, this.length);
    return this.derive(
      this.local((v) => fpConcat([v, ...others.map((o) => o.share!)])),
      length,
    );
  }

  /**
   * The vector with its elements in reverse order. Local.
   * @example
   * ```ts
   * x.reverse();
   * ```
   */
  reverse(): this {
    return this.derive(
      this.local((v) => {
        const field = this.session.runtime.field;
        const W = field.words;
        const out = fpVec(field, v.length);
        for (let i = 0, j = v.length - 1; i < v.length; i++, j--) {
          out.words.set(v.words.subarray(W * j, W * (j + 1)), W * i);
        }
        return out;
      }),
      this.length,
    );
  }

  /**
   * Reveals the values to `recipient` (or to each of several recipients) and to no one else
   * (1 round). Members and non-members alike call it. Resolves with the decoded values on a
   * recipient (bigint for secint, number for secfxp, boolean for secbit) and null elsewhere.
   * @throws {MpcProtocolError} on the recipient if a value is outside the type's range (an
   *   overflow in the program); the message names the index, never the value.
   * @example
   * ```ts
   * const mean = await (await pay.mean()).revealTo('regulator'); // [4812.6875] there, else null
   * ```
   */
  revealTo(recipient: PartyName | readonly PartyName[]): Promise<Decoded<T> | null> {
    const recipients = this.session.recipients(recipient);
    // Malicious mode: the reveal verifies first (committee rounds), so it takes a full turn.
    const run = (): Promise<FpVec | null> => this.revealNow(recipients);
    const result =
      this.session.runtime.security === 'malicious'
        ? this.session.schedule(run)
        : this.session.scheduleIo(run);
    return result.then((v) => this.decode(v, 'revealTo'));
  }

  /**
   * The reveal itself, without waiting for a turn (only for use inside a scheduled job): the
   * opened field elements on a recipient, null elsewhere. Takes all its steps at the call.
   */
  async revealNow(recipients: readonly PartyId[]): Promise<FpVec | null> {
    const rt = this.session.runtime;
    // Every reveal takes its step now, in the same order on every party; then all are awaited.
    const results = await Promise.all(
      recipients.map((r) => rt.revealTo(r, this.share, this.length)),
    );
    return results.find((r) => r !== null) ?? null;
  }

  /**
   * Opens the values to every committee member (1 round). Resolves with the decoded values on a
   * member and null on a non-member (which takes no part).
   * @example
   * ```ts
   * const opened = await x.open(); // e.g. [1n, 2n, 3n] on members, null on others
   * ```
   */
  open(): Promise<Decoded<T> | null> {
    return this.session.schedule(() => this.openNow()).then((v) => this.decode(v, 'open'));
  }

  /** The open itself, without waiting for a turn (only inside a scheduled job). */
  async openNow(): Promise<FpVec | null> {
    // A result leaves the engine: in malicious mode verified first, opened with all n shares.
    return this.share === null ? null : this.session.runtime.openOutput(this.share, 'open');
  }

  /**
   * Decodes opened elements (outside the turn: a value out of range fails this output, not the
   * session, whose steps still agree).
   */
  decode(opened: FpVec | null, op: string): Decoded<T> | null {
    return opened === null ? null : decode(this.type, opened, op, this.session.runtime.field);
  }
}

/**
 * The promise of a secure vector that communication will produce. Besides `await`, it offers the
 * output steps directly, so a program can end in `await pay.mean().revealTo('regulator')`.
 */
export type Pending<V extends SecureVector> = Promise<V> & {
  /** {@link SecureVector.revealTo} of the vector once it is computed. */
  revealTo(recipient: PartyName | readonly PartyName[]): Promise<Decoded<V['type']> | null>;
  /** {@link SecureVector.open} of the vector once it is computed. */
  open(): Promise<Decoded<V['type']> | null>;
};

/** Adds the output steps of {@link Pending} to `p`. */
export function pending<V extends SecureVector>(session: Session, p: Promise<V>): Pending<V> {
  return Object.assign(p, {
    // The turn is taken now, at the call, after the operation that produces the vector.
    revealTo: (recipient: PartyName | readonly PartyName[]) => {
      const recipients = session.recipients(recipient);
      return session
        .schedule(async () => (await p).revealNow(recipients))
        .then(async (v) => (await p).decode(v, 'revealTo') as Decoded<V['type']> | null);
    },
    open: () =>
      session
        .schedule(async () => (await p).openNow())
        .then(async (v) => (await p).decode(v, 'open') as Decoded<V['type']> | null),
  });
}

/** Repeats a length-1 vector `n` times (word copies); returns `v` itself when it has length n. */
export function broadcast(v: FpVec, n: number): FpVec {
  if (v.length === n) return v;
  const field = fieldOfVecOr127(v);
  const out = fpVec(field, n);
  if (field.words === 2) {
    const lo = v.words[0]!;
    const hi = v.words[1]!;
    for (let i = 0; i < 2 * n; i += 2) {
      out.words[i] = lo;
      out.words[i + 1] = hi;
    }
  } else {
    const W = field.words;
    const e = v.words.subarray(0, W);
    for (let i = 0; i < W * n; i += W) out.words.set(e, i);
  }
  return out;
}

/** The transpose of `v` read as a rows × cols matrix, row-major (word copies, no arithmetic). */
export function transposeShares(v: FpVec, rows: number, cols: number): FpVec {
  const field = fieldOfVecOr127(v);
  const W = field.words;
  const out = fpVec(field, rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const src = W * (i * cols + j);
      const dst = W * (j * rows + i);
      for (let w = 0; w < W; w++) out.words[dst + w] = v.words[src + w]!;
    }
  }
  return out;
}
