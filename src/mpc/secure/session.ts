/**
 * Sessions: the entry point of the programming API. A {@link Session} wraps one party's
 * {@link Runtime} and creates secure vectors from inputs and public constants, in the style of
 * MPyC's `mpc.input(secint(x), senders)`.
 *
 * Every party of the session (committee members, input parties, recipients) runs the same
 * program, calling the same operations in the same order with the same public arguments; that is
 * how the parties agree on protocol steps without coordination (see the runtime's module doc).
 *
 * Turns. A protocol takes its runtime steps as it goes, so two protocols running at once would
 * interleave their steps in an order that depends on network timing, differently on each party.
 * The session therefore runs communicating operations one at a time, in the order the program
 * calls them ({@link Session.schedule}): `Promise.all([a.lt(b), c.lt(d)])` is safe, and so is
 * `await x.mean().revealTo(r)`, whose reveal takes its turn when `revealTo` is called. After an
 * operation fails, every later one fails too (the parties' steps may no longer agree).
 *
 * @example
 * ```ts
 * const mpc = session({ channel, committee, t: 1 });
 * const pay = await mpc.input(mySalaries, { from: 'acme', length: 4 });
 * await pay.mean().revealTo('regulator');
 * ```
 * @module
 */
import { type PartyId, partyId } from '../channel.js';
import { MpcConfigError, MpcInputError, MpcProtocolError } from '../errors.js';
import type { PrimeField } from '../field/prime-field.js';
import { type FpVec, fpSlice, fpVec } from '../field/vec.js';
import { randomBits } from '../protocols/random.js';
import { Runtime, type RuntimeOptions, type SecurityLevel } from '../runtime/runtime.js';
import { type PartyName, type Pending, type SecureVector, pending } from './base.js';
import { SecBitVector } from './bit.js';
import { type PlainValues, encode, inputFailure, plainLength, publicFailure } from './codec.js';
import { SecFxpVector } from './fxp.js';
import { SecIntVector } from './int.js';
import { SecMatrix } from './matrix.js';
import {
  type SecFxpType,
  type SecIntType,
  type SecType,
  checkTypeFits,
  secbit,
  secfxp,
  secint,
} from './types.js';

/** The vector class of a secure type. */
export type VectorOf<T extends SecType> = T extends SecIntType
  ? SecIntVector
  : T extends SecFxpType
    ? SecFxpVector
    : SecBitVector;

/** Options of {@link Session.input}. */
export interface InputOptions<T extends SecType> {
  /** The party that holds the values (a member or not). */
  readonly from: PartyName;
  /**
   * The secure type; default the session's `secfxp()` (p127: f = 16, k = 41; p255: f = 32,
   * k = 96), since JS numbers are reals.
   */
  readonly type?: T;
  /**
   * The public number of values. Parties outside the committee (other than `from`) must pass it;
   * members may (it is then checked against what `from` sends); on `from` it must match `values`.
   */
  readonly length?: number;
}

/** Creates the secure vector of `type` over `share` (null on non-members). Internal. */
export function vectorOf<T extends SecType>(
  session: Session,
  type: T,
  length: number,
  share: FpVec | null,
): VectorOf<T> {
  const t: SecType = type;
  checkTypeFits(t, session.runtime.field);
  switch (t.kind) {
    case 'int':
      return new SecIntVector(session, t, length, share) as VectorOf<T>;
    case 'fxp':
      return new SecFxpVector(session, t, length, share) as VectorOf<T>;
    case 'bit':
      return new SecBitVector(session, t, length, share) as VectorOf<T>;
  }
}

/** An error's name and code (never its message, which a protocol error could fill with detail). */
function describeFailure(err: unknown): string {
  const { name, code } = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: unknown;
    code?: unknown;
  };
  const n = typeof name === 'string' ? name : 'Error';
  return typeof code === 'string' ? `${n} ${code}` : n;
}

/** One party's view of a secure computation. Create it with {@link session}. */
export class Session {
  readonly runtime: Runtime;
  /** Settles when every operation scheduled so far has settled. */
  private tail: Promise<void> = Promise.resolve();
  /** The first failure; later operations are refused. */
  private failure: unknown = undefined;

  constructor(runtime: Runtime) {
    this.runtime = runtime;
    this.defaultFxp = secfxp({ field: runtime.field });
  }

  /** The session's default fixed-point type (that of its field). */
  private readonly defaultFxp: SecFxpType;

  /** The prime field of this session (`runtime.field`). */
  get field(): PrimeField {
    return this.runtime.field;
  }

  /** The security level of this session (`runtime.security`): `'semi-honest'` or `'malicious'`. */
  get security(): SecurityLevel {
    return this.runtime.security;
  }

  /**
   * Runs the malicious-mode verification of everything computed so far (a turn of its own; a
   * no-op in semi-honest mode and on non-members). Reveals and opens of results verify by
   * themselves; call this only to fail early.
   * @throws {MpcVerificationError} naming the failed check.
   */
  verify(): Promise<void> {
    return this.schedule(() => this.runtime.verify());
  }

  /**
   * A fixed-point type in this session's field: the field's default format (p127: f = 16,
   * k = 41; p255: f = 32, k = 96), or the given one checked against the field.
   * @throws {RangeError} naming k, f and the field when the format does not fit.
   * @example
   * ```ts
   * const money = mpc.secfxp(); // in p255: |x| < 2^63 at 2^-32
   * ```
   */
  secfxp(options: { readonly k?: number; readonly f?: number } = {}): SecFxpType {
    return secfxp({ ...options, field: this.runtime.field });
  }

  /**
   * Runs `job` after every operation scheduled before it, and before every one scheduled after.
   * The turn is taken now, at the call. Jobs must not schedule other jobs (they would wait for
   * themselves): operations call the runtime and the protocols directly.
   */
  schedule<R>(job: () => Promise<R>): Promise<R> {
    const run = this.tail.then(() => {
      this.checkHealthy();
      return job();
    });
    this.tail = run.then(
      () => undefined,
      (err: unknown) => {
        this.failure ??= err;
      },
    );
    return run;
  }

  /**
   * As {@link schedule}, for a job whose runtime calls take all their steps synchronously when
   * it starts (`input` and `revealTo` take their io step at the call): the next operation's turn
   * begins as soon as this job has started rather than when it ends, so that inputs and reveals
   * started together (`Promise.all`) overlap their rounds. The order of steps is still the order
   * of the calls.
   */
  scheduleIo<R>(job: () => Promise<R>): Promise<R> {
    // The job's promise is wrapped so that `started` settles when the job has taken its steps.
    const started = this.tail.then(() => {
      this.checkHealthy();
      return { result: job() };
    });
    this.tail = started.then(
      () => undefined,
      (err: unknown) => {
        this.failure ??= err;
      },
    );
    const run = started.then((s) => s.result);
    run.catch((err: unknown) => {
      this.failure ??= err;
    });
    return run;
  }

  /** Throws if an earlier operation failed (the parties' steps may no longer agree). */
  private checkHealthy(): void {
    if (this.failure === undefined) return;
    // MpcProtocolError takes no `cause`; the earlier error's name and code identify it.
    const what = describeFailure(this.failure);
    throw new MpcProtocolError(
      `Session: an earlier operation failed (${what}), so the parties may disagree on steps.`,
      { failure: what },
    );
  }

  /** This party. */
  get self(): PartyId {
    return this.runtime.self;
  }

  /** True on committee members (they hold shares); false on input parties and recipients. */
  get isMember(): boolean {
    return this.runtime.isMember;
  }

  /** The committee, in evaluation-point order. */
  get committee(): readonly PartyId[] {
    return this.runtime.committee;
  }

  /** Every party of the session. */
  get parties(): readonly PartyId[] {
    return this.runtime.channel.parties;
  }

  /** `name` as a party of this session. @throws {MpcConfigError} naming `op` otherwise. */
  party(name: PartyName, op: string): PartyId {
    let id: PartyId;
    try {
      id = partyId(name);
    } catch (err: unknown) {
      throw new MpcConfigError(`${op}: ${err instanceof Error ? err.message : 'bad party id'}.`);
    }
    if (!this.parties.includes(id)) {
      throw new MpcConfigError(`${op}: party ${id} is not a party of this session.`, { party: id });
    }
    return id;
  }

  /** `recipient` (one or several) as distinct parties of this session, for `revealTo`. */
  recipients(recipient: PartyName | readonly PartyName[]): PartyId[] {
    const list = (typeof recipient === 'string' ? [recipient] : recipient).map((r) =>
      this.party(r, 'revealTo'),
    );
    if (new Set(list).size !== list.length) {
      throw new MpcProtocolError('revealTo: expected distinct recipients.');
    }
    return list;
  }

  /**
   * Secret-shares `values` held by party `from` among the committee (1 round). Every party calls
   * it: `from` with its values, the others with `values` undefined (and `length`, see
   * {@link InputOptions}). `values` may be a scalar (a vector of length 1), an array of numbers,
   * bigints or booleans, or a typed array.
   * @throws {MpcInputError} on `from` if an element does not fit the type; the message names the
   *   index and the expected range, never the value.
   * @example
   * ```ts
   * const bids = await mpc.input(mpc.self === 'alice' ? [120n] : undefined, { from: 'alice', type: secint(32), length: 1 });
   * ```
   */
  async input<T extends SecType = SecFxpType>(
    values: PlainValues | undefined,
    options: InputOptions<T>,
  ): Promise<VectorOf<T>> {
    const from = this.party(options.from, 'input');
    const type: SecType = options.type ?? this.defaultFxp;
    const { length } = options;
    if (length !== undefined && (!Number.isSafeInteger(length) || length < 0)) {
      throw new RangeError(`input: expected a non-negative integer length, got ${length}`);
    }
    const op = `input from ${from}`;
    let share: FpVec | null;
    let n: number;
    if (from === this.self) {
      if (values === undefined) {
        throw new MpcInputError(`${op}: this party provides the input but passed no values.`);
      }
      n = plainLength(values);
      if (length !== undefined && length !== n) {
        throw new MpcInputError(`${op}: expected ${length} values, got ${n}.`, { length, got: n });
      }
      const encoded = encode(type, values, inputFailure(op, type), this.runtime.field);
      share = await this.scheduleIo(() => this.runtime.input(from, encoded));
    } else {
      if (values !== undefined) {
        throw new MpcInputError(
          `${op}: party ${this.self} passed values, but the input is provided by ${from}.`,
        );
      }
      if (!this.isMember && length === undefined) {
        throw new MpcProtocolError(
          `${op}: party ${this.self} is not a committee member and must pass the public length.`,
        );
      }
      share = await this.scheduleIo(() => this.runtime.input(from, length));
      n = share?.length ?? length!;
    }
    return vectorOf(this, type as T, n, share);
  }

  /**
   * A public constant as a secure vector (no communication): every member holds the encoded
   * value itself as its share, a valid sharing of degree 0.
   * @throws {RangeError} naming the index of an element that does not fit `type`.
   * @example
   * ```ts
   * const threshold = mpc.constant(0.05); // secfxp
   * ```
   */
  constant<T extends SecType = SecFxpType>(values: PlainValues, type?: T): VectorOf<T> {
    const ty: SecType = type ?? this.defaultFxp;
    const n = plainLength(values);
    const encoded = encode(ty, values, publicFailure('constant', ty), this.runtime.field);
    return vectorOf(this, ty as T, n, this.isMember ? encoded : null);
  }

  /**
   * Wraps shares as a secure vector of `type` (share null on non-members). For operations and
   * protocol authors: the shares must be a degree-t sharing of values of that type.
   * @example
   * ```ts
   * const y = mpc.fromShares(secint(32), x.length, x.share);
   * ```
   */
  fromShares<T extends SecType>(type: T, length: number, share: FpVec | null): VectorOf<T> {
    return vectorOf(this, type, length, share);
  }

  /**
   * `count` secret uniform random bits, unknown to any t members [CdH10] §2: one contribution
   * round and ⌈log2(t+1)⌉ multiplication rounds.
   * @example
   * ```ts
   * const coins = await mpc.randomBits(16);
   * ```
   */
  randomBits(count: number): Pending<SecBitVector> {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`randomBits: expected a non-negative integer count, got ${count}`);
    }
    const rt = this.runtime;
    return pending(
      this,
      this.schedule(async () =>
        vectorOf(this, secbit, count, this.isMember ? await randomBits(rt, count) : null),
      ),
    );
  }

  /**
   * `count` secret integers uniform in [−2^(k−1), 2^(k−1)) for `type` = secint(k) (default
   * secint(64)), unknown to any t members: each is Σ_i 2^i·b_i − 2^(k−1) over k fresh random bits,
   * so it costs what k·count random bits cost (the rounds of {@link randomBits}).
   * @example
   * ```ts
   * const r = await mpc.randomInts(4, secint(16)); // four secret 16-bit integers
   * ```
   */
  randomInts(count: number, type: SecIntType = secint()): Pending<SecIntVector> {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`randomInts: expected a non-negative integer count, got ${count}`);
    }
    const rt = this.runtime;
    const k = type.k;
    return pending(
      this,
      this.schedule(async () => {
        if (!this.isMember) return vectorOf(this, type, count, null);
        // Bit i of element e is at i·count + e.
        const bits = await randomBits(rt, k * count);
        const K = rt.field.kernels;
        const out = fpVec(rt.field, count);
        for (let i = 0; i < k; i++)
          K.axpy(out, 1n << BigInt(i), fpSlice(bits, i * count, (i + 1) * count));
        K.addScalar(out, out, rt.field.p - (1n << BigInt(k - 1)));
        return vectorOf(this, type, count, out);
      }),
    );
  }

  /**
   * The concatenation of `parts` (at least one, all of one type). Local.
   * @example
   * ```ts
   * const pay = mpc.concat([acme, globex, initech]);
   * ```
   */
  concat<V extends SecureVector>(parts: readonly V[]): V {
    const [first, ...rest] = parts;
    if (first === undefined) throw new MpcProtocolError('concat: expected at least one vector.');
    return first.concat(...rest);
  }

  /**
   * `v` read as a `rows` × `cols` matrix, row-major. Local.
   * @example
   * ```ts
   * const A = mpc.matrix(v, 2, 3);
   * ```
   */
  matrix<V extends SecIntVector | SecFxpVector>(v: V, rows: number, cols: number): SecMatrix<V> {
    return new SecMatrix(v, rows, cols);
  }

  /** A short description for logs: this party, its role, the committee size and threshold. */
  toString(): string {
    return `Session(${this.self}, ${this.isMember ? 'member' : 'non-member'}, n = ${this.runtime.n}, t = ${this.runtime.t})`;
  }
}

/**
 * Options of {@link session}: those of the {@link Runtime} (including `security`:
 * `'semi-honest'` by default, or `'malicious'`), or an existing runtime.
 */
export type SessionOptions = RuntimeOptions | { readonly runtime: Runtime };

/**
 * Starts this party's view of a secure computation: creates (or wraps) its {@link Runtime}.
 * @example
 * ```ts
 * const mpc = session({ channel, committee: ['p1', 'p2', 'p3'].map(partyId), t: 1 });
 * ```
 */
export function session(options: SessionOptions): Session {
  return new Session('runtime' in options ? options.runtime : new Runtime(options));
}
