/**
 * The MPC runtime of one party: the only place where shares cross the network.
 *
 * Model and notation. A committee of n parties P_1..P_n (party P_i evaluates Shamir polynomials
 * at x = i) with threshold t, 0 <= t and 2t < n, computes on secrets shared with polynomials of
 * degree t over the session's prime field (`rt.field`: p = 2^127 - 1 by default, or 2^255 - 19,
 * see `../field/prime-field.ts`). Input parties and output recipients may be outside the
 * committee. Every party of a session runs the same program; parties outside the committee take
 * part only in `input` and `revealTo`.
 *
 * Security (this module). Semi-honest (passive) security against any coalition of at most t
 * committee members plus any number of non-members [BGW88, GRR98]: the view of such a coalition
 * is simulatable from its inputs and outputs; with `security: 'malicious'`, security with abort
 * against up to t actively cheating members (MAC checks after [CGHIKLN18], see `./verify.ts`).
 * The communicating primitives below are the only ones protocols use, and the malicious mode
 * records and verifies exactly these:
 *
 * - {@link Runtime.input}: the input party deals a fresh degree-t sharing (1 round). Every
 *   dealing in this module sends t of the n shares as 32-byte PRG seeds (`./deal.ts`).
 * - {@link Runtime.open}: every member learns the value; P_i sends its share to the t members
 *   before it (cyclically) and reconstructs from t + 1 shares (1 round, t elements per member).
 * - {@link Runtime.revealTo}: every member sends its share to the recipient, who reconstructs and
 *   checks that all n shares lie on one degree-t polynomial (1 round).
 * - {@link Runtime.mulSums} (and `mul`, `mulSum`, `matmul`): the one place of multiplication: the
 *   local products d_i = Σ_j c_j·a_ij·b_ij (a degree-2t sharing), then degree reduction [GRR98]:
 *   P_1..P_{2t+1} each share λ_i·d_i with degree t and everyone sums (1 round, n - 1 - t elements
 *   and t seeds sent per resharer). The operands, not local products, are what protocols pass, so
 *   the malicious mode can record and check every product (`./verify.ts`).
 * - {@link Runtime.contribute}: the t + 1 first members each deal sharings of fresh uniform
 *   values of chosen bit widths (1 round); at least one of them is honest, which is what random
 *   bits and statistical masks rely on.
 * - {@link Runtime.dealFrom}: chosen members each deal a sharing of their own private values
 *   (1 round), and {@link Runtime.exchange}: raw byte payloads of exact lengths between chosen
 *   members (1 round), for the XOR-shared binary circuits of the t = 1 comparisons
 *   (`protocols/compare-t1.ts`). {@link Runtime.groupRandom} and {@link Runtime.groupShare}
 *   (t = 1, no communication) give values known to P_1..P_{n-1} and their free sharing [CDI05].
 *
 * Steps. Every communicating call takes the next step number, so all members agree on steps
 * without coordination. Committee-internal steps count from 0; steps of `input` and `revealTo`
 * (which also involve non-members) count from 2^31 in their own sequence, which non-members keep
 * too. Preconditions: every party calls the same primitives in the same order with the same
 * public lengths.
 *
 * @module
 */
import type { AbortOptions, Channel, PartyId } from '../channel.js';
import {
  MpcConfigError,
  MpcInputError,
  MpcProtocolError,
  MpcVerificationError,
  PeerMessageError,
} from '../errors.js';
import { type PrimeField, fields } from '../field/prime-field.js';
import {
  type FpVec,
  fpClone,
  fpConcat,
  fpSlice,
  fpVec,
  fpVecFromBytes,
  fpVecToBytes,
} from '../field/vec.js';
import { lagrange } from '../sharing/shamir.js';
import { SEED_BYTES, deal, expandSeed, ownShare, seededMembers } from './deal.js';
import { decodeAll } from './decode.js';
import { type RandomSource, systemRandom } from './random.js';
import { Records, SECURITY_LEVELS, type SecurityLevel, Verifier, type VerifyIo } from './verify.js';

export type { SecurityLevel } from './verify.js';

/** A term c·(a ⊙ b) of {@link Runtime.mulSum}: operands a, b and an optional public c (default 1). */
export type MulTerm = readonly [FpVec, FpVec] | readonly [FpVec, FpVec, bigint];

export interface RuntimeOptions {
  /** This party's end of the session. */
  readonly channel: Channel;
  /** The committee, in the order that fixes evaluation points: committee[i] evaluates at i + 1. */
  readonly committee: readonly PartyId[];
  /** Threshold: the largest coalition tolerated. Requires 0 <= t and 2t < n. */
  readonly t: number;
  /** Randomness; default the OS CSPRNG. Seeded sources are for tests only. */
  readonly random?: RandomSource;
  /** Cancels every pending and future receive of this runtime. */
  readonly signal?: AbortSignal;
  /** Largest vector an input party may announce when the length is not known in advance. */
  readonly maxInputLength?: number;
  /** The prime field of the session (every party must pass the same); default `fields.p127`. */
  readonly field?: PrimeField;
  /**
   * `'semi-honest'` (default): secure against passive members. `'malicious'`: security with
   * abort against up to t actively cheating members; every multiplication, opening and dealing is
   * recorded and checked by {@link Runtime.verify} before any output (see `./verify.ts`). Every
   * party must pass the same.
   */
  readonly security?: SecurityLevel;
}

/** Traffic counters of this party (for benchmarks). */
export interface RuntimeStats {
  /** Communication rounds this party took part in. */
  rounds: number;
  /** Payload bytes this party sent (excluding transport framing and TLS). */
  bytesSent: number;
  /**
   * Steps of the malicious-mode verification (`verify()`), counted apart from `rounds` so that a
   * protocol's step count is the same in both modes.
   */
  verifyRounds: number;
}

const IO_STEP_BASE = 0x8000_0000;
/** Largest vector payload of one reshare message (bytes), well below the transports' frame limit. */
const MAX_VECTOR_BYTES = 128 * 1024 * 1024;
/** Reserved step of the session's group seed (t = 1); below the io steps, above any counter. */
const GROUP_SEED_STEP = 0x7fff_ffff;

/**
 * One party's runtime. Create one per party per session.
 * @example
 * ```ts
 * const [a, b, c] = memoryNetwork(['a', 'b', 'c'].map(partyId));
 * const rt = new Runtime({ channel: a, committee: a.parties, t: 1 });
 * const x = await rt.input(a.self, fpFromBigInts([5n]));
 * const opened = await rt.open(x!); // [5n] on every member
 * ```
 */
export class Runtime {
  readonly channel: Channel;
  readonly self: PartyId;
  readonly committee: readonly PartyId[];
  /** Committee size. */
  readonly n: number;
  /** Threshold. */
  readonly t: number;
  /** This party's evaluation point 1..n, or 0 when it is not a committee member. */
  readonly index: number;
  readonly random: RandomSource;
  /** The prime field every share of this runtime lives in. */
  readonly field: PrimeField;
  readonly stats: RuntimeStats = { rounds: 0, bytesSent: 0, verifyRounds: 0 };
  /** True while the verifier takes its steps (they count as `stats.verifyRounds`). */
  private verifying = false;
  /** The security level (see {@link RuntimeOptions.security}). */
  readonly security: SecurityLevel;
  /** What this member recorded since the last verification; null in semi-honest mode. */
  private records: Records | null;
  private readonly verifier: Verifier | null;
  private readonly signal: AbortSignal | undefined;
  private readonly maxInputLength: number;
  /** Group seed of P_1..P_{n-1} for contributions when t = 1 (see contributeT1). */
  private groupSeed: Promise<Uint8Array | null> | undefined;
  /** f_G(index) of the t = 1 group sharing (see groupShare), once computed. */
  private groupFactor: bigint | undefined;
  private readonly ownGroupSeed: Uint8Array | undefined;
  private step = 0;
  private ioStep = 0;
  /** λ for reconstructing from P_i..P_{i+t} (cyclic), per member index i (1-based). */
  private readonly openLambda: bigint[][];
  /** λ_i for recombining a degree-2t sharing from P_1..P_{2t+1}. */
  private readonly reshareLambda: bigint[];

  constructor(options: RuntimeOptions) {
    const { channel, committee, t } = options;
    const n = committee.length;
    if (!Number.isInteger(t) || t < 0 || 2 * t >= n) {
      throw new MpcConfigError(
        `Runtime: expected threshold 0 <= t < n/2, got t = ${t}, n = ${n}.`,
        {
          t,
          n,
        },
      );
    }
    if (new Set(committee).size !== n) {
      throw new MpcConfigError('Runtime: committee members must be distinct.');
    }
    for (const p of committee) {
      if (!channel.parties.includes(p)) {
        throw new MpcConfigError(`Runtime: committee member ${p} is not a party of the channel.`, {
          party: p,
        });
      }
    }
    const security = options.security ?? 'semi-honest';
    if (!SECURITY_LEVELS.includes(security)) {
      throw new MpcConfigError(
        `Runtime: expected security 'semi-honest' or 'malicious', got ${String(security)}.`,
      );
    }
    this.security = security;
    this.channel = channel;
    this.self = channel.self;
    this.committee = Object.freeze([...committee]);
    this.n = n;
    this.t = t;
    this.index = committee.indexOf(channel.self) + 1;
    this.random = options.random ?? systemRandom;
    this.field = options.field ?? fields.p127;
    this.signal = options.signal;
    this.maxInputLength = options.maxInputLength ?? 1 << 24;
    this.openLambda = [];
    for (let i = 1; i <= n; i++) {
      this.openLambda[i] = lagrange(this.field.F, this.openSet(i));
    }
    if (t === 1 && this.index === 1) {
      const seed = new Uint8Array(SEED_BYTES);
      this.random.fill(seed);
      for (let j = 2; j < n; j++) this.send(this.member(j), GROUP_SEED_STEP, seed);
      this.ownGroupSeed = seed;
    }
    this.reshareLambda = lagrange(
      this.field.F,
      Array.from({ length: 2 * t + 1 }, (_, k) => k + 1),
    );
    const malicious = security === 'malicious' && this.index > 0;
    this.records = malicious ? new Records() : null;
    this.verifier = malicious ? new Verifier(this.verifyIo()) : null;
  }

  /**
   * Checks everything this member recorded since the last verification (malicious mode; a no-op
   * in semi-honest mode and on non-members): 4 committee rounds, see `./verify.ts`. Every member
   * calls it at the same point of the program (the runtime calls it itself before `revealTo` and
   * `openOutput`). After a failure every later call fails too.
   * @throws {MpcVerificationError} naming the check that failed.
   */
  verify(): Promise<void> {
    if (this.records === null || this.verifier === null) return Promise.resolve();
    const records = this.records;
    this.records = new Records();
    return this.verifier.verify(records);
  }

  /** The unrecorded committee primitives of the verification. */
  private verifyIo(): VerifyIo {
    // Each primitive takes its step synchronously, inside `counted`.
    const counted = <R>(f: () => R): R => {
      this.verifying = true;
      try {
        return f();
      } finally {
        this.verifying = false;
      }
    };
    return {
      field: this.field,
      n: this.n,
      t: this.t,
      index: this.index,
      member: (j) => this.member(j),
      contribute: async (count, label) => {
        const parts = await counted(() => this.contributeRaw(new Uint8Array(count), label));
        const out = fpVec(this.field, count);
        for (const v of parts) this.field.kernels.add(out, out, v);
        return out;
      },
      zeros: async (count, label) => {
        const dealers = Array.from({ length: this.t + 1 }, (_, k) => k + 1);
        const parts = await counted(() =>
          this.dealFromRaw(dealers, fpVec(this.field, count), count, label),
        );
        const out = fpVec(this.field, count);
        for (const v of parts) this.field.kernels.add(out, out, v);
        return out;
      },
      reshare: (products, label) => counted(() => this.reshareRaw(products, label)),
      openAll: (shares, label) => counted(() => this.openAllRaw(shares, label)),
      broadcast: (bytes, length, label) => counted(() => this.broadcastRaw(bytes, length, label)),
    };
  }

  /** True when this party is a committee member (holds shares). */
  get isMember(): boolean {
    return this.index > 0;
  }

  /** Committee member with evaluation point `i` (1-based). */
  member(i: number): PartyId {
    return this.committee[i - 1]!;
  }

  /** The t + 1 consecutive points (cyclic) member i reconstructs an open from, starting at i. */
  private openSet(i: number): number[] {
    return Array.from({ length: this.t + 1 }, (_, k) => ((i - 1 + k) % this.n) + 1);
  }

  private requireMember(op: string): void {
    if (!this.isMember) {
      throw new MpcProtocolError(`${op}: party ${this.self} is not a committee member.`, {
        party: this.self,
      });
    }
  }

  private nextStep(): number {
    const s = this.step++;
    if (s >= GROUP_SEED_STEP) throw new MpcProtocolError('Runtime: step counter exhausted.');
    if (this.verifying) this.stats.verifyRounds++;
    else this.stats.rounds++;
    return s;
  }

  private nextIoStep(): number {
    const s = this.ioStep++;
    if (s >= IO_STEP_BASE) throw new MpcProtocolError('Runtime: io step counter exhausted.');
    return IO_STEP_BASE + s;
  }

  private send(to: PartyId, step: number, payload: Uint8Array): void {
    this.stats.bytesSent += payload.byteLength;
    this.channel.send(to, step, payload);
  }

  private async receiveVec(
    from: PartyId,
    step: number,
    length: number,
    label: string,
  ): Promise<FpVec> {
    const bytes = await this.channel.receive(from, step, this.receiveOptions(label));
    return decodeVec(this.field, bytes, from, step, length, label);
  }

  private receiveOptions(label: string): { label: string } & AbortOptions {
    return this.signal === undefined ? { label } : { label, signal: this.signal };
  }

  /**
   * Deals `secret` (times the public `scale`) to every member with seed compression (see
   * `./deal.ts`), sends each other member its share or seed under `step` (after a 4-byte element
   * count when `withCount`), and returns this party's own share (null when not a member).
   */
  private dealAndSend(
    secret: FpVec,
    step: number,
    options: { scale?: bigint; withCount?: boolean } = {},
  ): FpVec | null {
    // An empty dealing sends nothing (its length is public): a seed nobody expands would be a
    // message whose content nothing checks. Announced lengths (`withCount`) are still sent.
    if (secret.length === 0 && options.withCount !== true) {
      return this.isMember ? fpVec(this.field, 0) : null;
    }
    const dealt = deal(
      this.field,
      secret,
      this.n,
      this.t,
      this.index,
      this.random,
      options.scale ?? 1n,
    );
    for (let j = 1; j <= this.n; j++) {
      if (j === this.index) continue;
      const d = dealt[j]!;
      const body = d.kind === 'seed' ? d.seed : fpVecToBytes(d.share);
      if (options.withCount === true) {
        const msg = new Uint8Array(4 + body.byteLength);
        new DataView(msg.buffer).setUint32(0, secret.length, true);
        msg.set(body, 4);
        this.send(this.member(j), step, msg);
      } else {
        this.send(this.member(j), step, body);
      }
    }
    return this.isMember ? ownShare(this.field, dealt, this.index, secret.length) : null;
  }

  /**
   * Decodes this member's share of a sharing dealt by `from` (member point `dealer`, 0 for a
   * non-member): a 32-byte seed when this member is one of the dealer's seeded members, else the
   * full vector of `length` elements.
   */
  private decodeDealt(
    bytes: Uint8Array,
    from: PartyId,
    dealer: number,
    step: number,
    length: number,
    label: string,
  ): FpVec {
    if (seededMembers(this.n, this.t, dealer).includes(this.index)) {
      if (bytes.byteLength !== SEED_BYTES) {
        throw new PeerMessageError({
          party: from,
          step,
          label,
          reason: `expected a ${SEED_BYTES}-byte share seed, got ${bytes.byteLength} bytes`,
        });
      }
      return expandSeed(this.field, bytes, length);
    }
    return decodeVec(this.field, bytes, from, step, length, label);
  }

  private async receiveDealt(
    dealer: number,
    step: number,
    length: number,
    label: string,
  ): Promise<FpVec> {
    if (length === 0) return fpVec(this.field, 0); // nothing is sent (see dealAndSend)
    const from = this.member(dealer);
    const bytes = await this.channel.receive(from, step, this.receiveOptions(label));
    return this.decodeDealt(bytes, from, dealer, step, length, label);
  }

  /** A vector of uniform field elements from this party's randomness (not shared). */
  randomVec(length: number): FpVec {
    const bytes = new Uint8Array(length * this.field.bytes);
    this.random.fill(bytes);
    const v = fpVec(this.field, length);
    this.field.kernels.fromRandomBytes(v, bytes);
    return v;
  }

  /**
   * Secret-shares a vector held by `from` among the committee (1 round). On `from`, pass the
   * values (already encoded in Fp); on other parties pass the public length if known (checked) or
   * nothing. Returns this member's shares, or null on a non-member.
   *
   * Wire format (from → member j, io step): u32 little-endian element count, then the count × `field.bytes`
   * bytes of member j's shares.
   */
  input(from: PartyId, values?: FpVec | number): Promise<FpVec | null> {
    const share = this.inputRaw(from, values);
    // Recorded at the call (see Records), on members only.
    if (this.isMember) this.records?.dealing(share);
    return share;
  }

  private async inputRaw(from: PartyId, values?: FpVec | number): Promise<FpVec | null> {
    const step = this.nextIoStep();
    if (!this.channel.parties.includes(from)) {
      throw new MpcConfigError(`input: party ${from} is not a party of this session.`, {
        party: from,
      });
    }
    if (from === this.self) {
      if (typeof values !== 'object') {
        throw new MpcInputError(
          `input: party ${this.self} provides this input but passed no values.`,
        );
      }
      return this.dealAndSend(values, step, { withCount: true });
    }
    if (!this.isMember) return null;
    const label = `input from ${from}`;
    const msg = await this.channel.receive(from, step, this.receiveOptions(label));
    if (msg.byteLength < 4) {
      throw new PeerMessageError({
        party: from,
        step,
        label,
        reason: 'message shorter than its header',
      });
    }
    const count = new DataView(msg.buffer, msg.byteOffset, 4).getUint32(0, true);
    if (typeof values === 'number' && count !== values) {
      throw new PeerMessageError({
        party: from,
        step,
        label,
        reason: `expected ${values} elements, got ${count}`,
      });
    }
    if (count > this.maxInputLength) {
      throw new PeerMessageError({
        party: from,
        step,
        label,
        reason: `announced ${count} elements, more than the limit of ${this.maxInputLength}`,
      });
    }
    const dealer = this.committee.indexOf(from) + 1;
    return this.decodeDealt(msg.subarray(4), from, dealer, step, count, label);
  }

  /**
   * Opens a shared vector to every member (1 round). Member P_i sends its shares to the t members
   * before it (cyclically) and interpolates from its own and the next t members' shares.
   */
  open(shares: FpVec, label = 'open'): Promise<FpVec> {
    const out = this.openRaw(shares, label);
    this.records?.open(shares, out);
    return out;
  }

  private async openRaw(shares: FpVec, label: string): Promise<FpVec> {
    this.requireMember('open');
    const step = this.nextStep();
    const i = this.index;
    const n = this.n;
    if (this.t === 0) return fpClone(shares);
    // A copy: the channel owns a payload after send and may read it after open returns, when
    // the caller is free to reuse `shares`.
    const bytes = fpVecToBytes(fpClone(shares));
    for (let k = 1; k <= this.t; k++)
      this.send(this.member(((i - 1 - k + n) % n) + 1), step, bytes);
    const set = this.openSet(i);
    const received = await Promise.all(
      set.slice(1).map((j) => this.receiveVec(this.member(j), step, shares.length, label)),
    );
    const lambda = this.openLambda[i]!;
    const K = this.field.kernels;
    const out = fpVec(this.field, shares.length);
    K.axpy(out, lambda[0]!, shares);
    received.forEach((v, k) => K.axpy(out, lambda[k + 1]!, v));
    return out;
  }

  /**
   * Records that `shares` share zeros (malicious mode; no communication): the verification checks
   * it as if they had been opened to 0. A no-op in semi-honest mode. For checks such as
   * b·(1 − b) = 0 of contributed bits.
   */
  assertZero(shares: FpVec): void {
    this.requireMember('assertZero');
    this.records?.zero(shares);
  }

  /**
   * Opens a RESULT to every member: in malicious mode after {@link verify}, with all n shares sent
   * to every member and checked to lie on one degree-t polynomial (an inconsistent share aborts;
   * a member is named only when unique decoding convicts it); in semi-honest mode as
   * {@link open}.
   * @throws {MpcVerificationError} when verification or the consistency check fails.
   */
  async openOutput(shares: FpVec, label = 'open'): Promise<FpVec> {
    this.requireMember('openOutput');
    if (this.records === null) return this.openRaw(shares, label);
    await this.verify();
    const all = await this.openAllRaw(shares, label);
    const d = decodeAll(this.field, all, this.t);
    if (!d.ok) {
      const who = d.culprits.length === 1 ? this.member(d.culprits[0]!) : undefined;
      throw new MpcVerificationError('output shares are inconsistent', who);
    }
    return d.values;
  }

  /** Every member's shares (index j − 1: member j's) from one all-to-all round. Not recorded. */
  private async openAllRaw(shares: FpVec, label: string): Promise<FpVec[]> {
    this.requireMember('open');
    const step = this.nextStep();
    const bytes = fpVecToBytes(fpClone(shares));
    for (let j = 1; j <= this.n; j++) if (j !== this.index) this.send(this.member(j), step, bytes);
    return Promise.all(
      this.committee.map((p, k) =>
        k + 1 === this.index
          ? Promise.resolve(shares)
          : this.receiveVec(p, step, shares.length, label),
      ),
    );
  }

  /** The same bytes to every other member, and `length` bytes from each (1 round). Not recorded. */
  private async broadcastRaw(
    bytes: Uint8Array,
    length: number,
    label: string,
  ): Promise<Uint8Array[]> {
    const sends = new Map<number, Uint8Array>();
    const receives = new Map<number, number>();
    for (let j = 1; j <= this.n; j++) {
      if (j === this.index) continue;
      sends.set(j, bytes.slice());
      receives.set(j, length);
    }
    const got = await this.exchangeRaw(sends, receives, label);
    return Array.from({ length: this.n }, (_, k) =>
      k + 1 === this.index ? bytes : got.get(k + 1)!,
    );
  }

  /**
   * Reveals a shared vector to `recipient` only (1 io round): every member sends its shares; the
   * recipient interpolates from t + 1 of them and checks that the other n - t - 1 agree, so a
   * wrong share is detected (not corrected). Returns the values on the recipient, null elsewhere.
   * On non-members pass `shares = null` (with the public `length`).
   */
  async revealTo(recipient: PartyId, shares: FpVec | null, length: number): Promise<FpVec | null> {
    const step = this.nextIoStep();
    if (!this.channel.parties.includes(recipient)) {
      throw new MpcConfigError(`revealTo: party ${recipient} is not a party of this session.`, {
        party: recipient,
      });
    }
    if (this.isMember) {
      if (shares === null || shares.length !== length) {
        throw new MpcProtocolError(`revealTo: member ${this.self} must pass its ${length} shares.`);
      }
      // A copy, as in open: the caller may reuse `shares` before the channel has sent them.
      const copy = fpClone(shares);
      // Malicious mode: no share of an output leaves before the computation is verified.
      if (this.records !== null) await this.verify();
      if (recipient !== this.self) this.send(recipient, step, fpVecToBytes(copy));
    }
    if (recipient !== this.self) return null;
    const label = 'reveal';
    const all = await Promise.all(
      this.committee.map((p) =>
        p === this.self ? Promise.resolve(shares!) : this.receiveVec(p, step, length, label),
      ),
    );
    const d = decodeAll(this.field, all, this.t);
    if (d.ok) return d.values;
    const reason =
      d.culprits.length === 0
        ? 'shares are inconsistent'
        : `shares of ${d.culprits.map((j) => this.member(j)).join(', ')} are off the polynomial of the others`;
    throw new MpcVerificationError(
      `output shares at step ${step}: ${reason}`,
      d.culprits.length === 1 ? this.member(d.culprits[0]!) : undefined,
    );
  }

  /**
   * Degree reduction [GRR98] (1 round): `products` holds this member's shares of a degree-2t
   * sharing (local products of degree-t shares, or sums of such products); returns degree-t shares
   * of the same values. Private: protocols multiply through {@link mulSums} and {@link matmul},
   * which pass the operands so that the malicious mode can check the products.
   */
  private async reshareRaw(products: FpVec, label: string): Promise<FpVec> {
    this.requireMember('reshare');
    // A vector too long for one frame is reshared in chunks, all in the same round trip (one
    // step each, taken now; the split depends only on the public length).
    const chunk = Math.floor(MAX_VECTOR_BYTES / this.field.bytes);
    if (products.length > chunk) {
      const parts: Promise<FpVec>[] = [];
      for (let o = 0; o < products.length; o += chunk) {
        parts.push(
          this.reshareRaw(fpSlice(products, o, Math.min(products.length, o + chunk)), label),
        );
      }
      return fpConcat(await Promise.all(parts));
    }
    const step = this.nextStep();
    const K = this.field.kernels;
    const len = products.length;
    const resharers = 2 * this.t + 1;
    let own: FpVec | null = null;
    if (this.t === 0) return fpClone(products);
    if (this.index <= resharers) {
      own = this.dealAndSend(products, step, { scale: this.reshareLambda[this.index - 1]! });
    }
    const parts = await Promise.all(
      Array.from({ length: resharers }, (_, k) => k + 1)
        .filter((i) => i !== this.index)
        .map((i) => this.receiveDealt(i, step, len, label)),
    );
    const out = own ?? fpVec(this.field, len);
    for (const v of parts) K.add(out, out, v);
    return out;
  }

  /** Shares of a ⊙ b (elementwise), 1 round. */
  mul(a: FpVec, b: FpVec, label = 'mul'): Promise<FpVec> {
    return this.mulSum([[a, b]], label);
  }

  /**
   * Shares of z = Σ_j c_j·(a_j ⊙ b_j) (elementwise, all vectors of one length; the public
   * coefficient c_j, default 1, is the optional third entry of a term), 1 round: the one place of
   * multiplication (with {@link mulSums} and {@link matmul}). In malicious mode the operands
   * (c_j folded into a_j) and z are recorded for {@link verify}.
   */
  mulSum(terms: readonly MulTerm[], label = 'mul'): Promise<FpVec> {
    return this.mulSums([terms], label);
  }

  /**
   * Several independent {@link mulSum}s in ONE reshare (1 round): returns the concatenation of
   * each group's z (a group's length is that of its operands). Every group must have a term.
   */
  async mulSums(groups: readonly (readonly MulTerm[])[], label = 'mul'): Promise<FpVec> {
    this.requireMember('mul');
    const K = this.field.kernels;
    let total = 0;
    for (const terms of groups) {
      const len = terms[0]?.[0].length;
      if (len === undefined) throw new MpcProtocolError(`${label}: a product without terms.`);
      for (const [a, b] of terms) {
        if (a.length !== len || b.length !== len) {
          throw new MpcProtocolError(
            `${label}: expected operands of one length ${len}, got ${a.length} and ${b.length}.`,
          );
        }
      }
      total += len;
    }
    const d = fpVec(this.field, total);
    let o = 0;
    let tmp: FpVec | null = null;
    for (const terms of groups) {
      const len = terms[0]![0].length;
      const out = groups.length === 1 ? d : fpSlice(d, o, o + len);
      o += len;
      terms.forEach(([a, b, c], j) => {
        if (j === 0 && (c === undefined || c === 1n)) {
          K.mul(out, a, b);
          return;
        }
        if (tmp === null || tmp.length !== len) tmp = fpVec(this.field, len);
        K.mul(tmp, a, b);
        if (c === undefined || c === 1n) K.add(out, out, tmp);
        else K.axpy(out, c, tmp);
      });
    }
    const z = this.reshareRaw(d, label);
    // Recorded at the call (see Records): operands copied now (the caller may reuse them), with
    // c_j folded into a_j.
    const records = this.records;
    if (records !== null) {
      let zo = 0;
      for (const terms of groups) {
        const len = terms[0]![0].length;
        const start = zo;
        const a = terms.map(([x, , c]) => {
          const y = fpClone(x);
          if (c !== undefined && c !== 1n) K.mulScalar(y, y, c);
          return y;
        });
        const b = terms.map(([, y]) => fpClone(y));
        records.mul(a, b, groups.length === 1 ? z : z.then((v) => fpSlice(v, start, start + len)));
        zo += len;
      }
    }
    return z;
  }

  /**
   * Shares of the matrix product A·B (A m×k, B k×n, row-major), 1 round; recorded as one
   * multiplication in malicious mode.
   */
  async matmul(
    a: FpVec,
    b: FpVec,
    m: number,
    k: number,
    n: number,
    label = 'matmul',
  ): Promise<FpVec> {
    this.requireMember('matmul');
    if (a.length !== m * k || b.length !== k * n) {
      throw new MpcProtocolError(
        `${label}: expected ${m}×${k} and ${k}×${n} operands, got ${a.length} and ${b.length} elements.`,
      );
    }
    const d = fpVec(this.field, m * n);
    this.field.kernels.matmul(d, a, b, m, k, n);
    const z = this.reshareRaw(d, label);
    this.records?.mul([fpClone(a)], [fpClone(b)], z, { m, k, n });
    return z;
  }

  /**
   * Fresh random sharings from the t + 1 first members (1 round): contributor P_c draws, for each
   * element i, a uniform integer in [0, 2^widths[i]) (widths in 1..bits - 1 of the field), or a uniform field element
   * when widths[i] is 0, and deals it. Returns the t + 1 shared vectors, contributor order.
   */
  contribute(widths: Uint8Array, label = 'random'): Promise<FpVec[]> {
    const out = this.contributeRaw(widths, label);
    const records = this.records;
    if (records !== null) for (let c = 0; c <= this.t; c++) records.dealing(out.then((v) => v[c]!));
    return out;
  }

  private async contributeRaw(widths: Uint8Array, label: string): Promise<FpVec[]> {
    this.requireMember('contribute');
    if (this.t === 1) return this.contributeT1(widths, label);
    const step = this.nextStep();
    const len = widths.length;
    const contributors = this.t + 1;
    let own: FpVec | null = null;
    if (this.index <= contributors) {
      const v = this.randomVec(len);
      maskWidths(this.field, v, widths);
      own = this.dealAndSend(v, step);
    }
    return Promise.all(
      Array.from({ length: contributors }, (_, k) => k + 1).map((c) =>
        c === this.index ? Promise.resolve(own!) : this.receiveDealt(c, step, len, label),
      ),
    );
  }

  /**
   * `contribute` for t = 1 with half the dealing: contribution 0 is pseudo-random and known to the
   * group G = {P_1..P_{n-1}}, which shares it without communication [CDI05]: x = PRG(seed_G, step)
   * masked to its widths, and P_j's share is x·f_G(j) with f_G(X) = 1 − X/n (degree t = 1,
   * f_G(0) = 1, f_G(n) = 0). Contribution 1 is dealt by P_n as usual. A single corrupt member of G
   * knows x but sees only one share of P_n's fresh sharing; P_n knows its own value but never
   * sees seed_G and holds share 0 of x. So, as with t + 1 dealers, no single member knows both.
   * seed_G is sent by P_1 to P_2..P_{n-1} once per session (see {@link receiveGroupSeed}).
   */
  private contributeT1(widths: Uint8Array, label: string): Promise<FpVec[]> {
    const groupSeed = (this.groupSeed ??= this.receiveGroupSeed());
    const step = this.nextStep();
    const len = widths.length;
    const n = this.n;
    let dealt: Promise<FpVec>;
    if (this.index === n) {
      const v = this.randomVec(len);
      maskWidths(this.field, v, widths);
      dealt = Promise.resolve(this.dealAndSend(v, step)!);
    } else {
      dealt = this.receiveDealt(n, step, len, label);
    }
    const shared = groupSeed.then((seed) => {
      if (seed === null) return fpVec(this.field, len);
      const x = expandSeed(this.field, seed, len, step);
      maskWidths(this.field, x, widths);
      return this.groupShareRaw(x);
    });
    return Promise.all([shared, dealt]);
  }

  /**
   * Pseudo-random values known to the group G = {P_1..P_{n-1}} and shared by it without
   * communication, as contribution 0 of {@link contribute} (t = 1 only, no round): each element
   * uniform in [0, 2^widths[i]) (or a uniform field element for width 0). Returns this member's
   * shares and, on G, the values themselves (null on P_n, whose share is 0 and which never sees
   * the group seed). The values are secret from P_n only: every member of G knows them, so they
   * may mask a value only together with a contribution of P_n (see `protocols/compare-t1.ts`).
   */
  groupRandom(widths: Uint8Array): Promise<{ shares: FpVec; values: FpVec | null }> {
    this.requireMember('groupRandom');
    this.requireT1('groupRandom');
    this.requireSemiHonest('groupRandom');
    const groupSeed = (this.groupSeed ??= this.receiveGroupSeed());
    // A fresh nonce of the group seed's stream (the step counter, so never reused); no round.
    const nonce = this.step++;
    if (nonce >= GROUP_SEED_STEP) throw new MpcProtocolError('Runtime: step counter exhausted.');
    const len = widths.length;
    return groupSeed.then((seed) => {
      if (seed === null) return { shares: fpVec(this.field, len), values: null };
      const x = expandSeed(this.field, seed, len, nonce);
      maskWidths(this.field, x, widths);
      return { shares: this.groupShare(x), values: x };
    });
  }

  /**
   * This member's share of `values` known to every member of the group G = {P_1..P_{n-1}}
   * (t = 1 only, no communication): x·f_G(j) with f_G(X) = 1 − X/n, so P_n's share is 0 [CDI05].
   * On P_n pass the public length instead. Only for values G knows anyway.
   */
  groupShare(values: FpVec | number): FpVec {
    this.requireT1('groupShare');
    this.requireSemiHonest('groupShare');
    return this.groupShareRaw(values);
  }

  private groupShareRaw(values: FpVec | number): FpVec {
    if (typeof values === 'number') {
      if (this.index !== this.n)
        throw new MpcProtocolError('groupShare: a member of G needs values.');
      return fpVec(this.field, values);
    }
    // f_G(j) = 1 − j/n, computed once per runtime (a field division).
    const fG = (this.groupFactor ??= this.field.F.sub(
      1n,
      this.field.F.div(BigInt(this.index), BigInt(this.n)),
    ));
    const share = fpVec(this.field, values.length);
    this.field.kernels.mulScalar(share, values, fG);
    return share;
  }

  private requireT1(op: string): void {
    if (this.t !== 1) {
      throw new MpcProtocolError(`${op}: needs threshold t = 1, got t = ${this.t}.`);
    }
  }

  /**
   * Each member of `dealers` (1-based points, distinct) deals a fresh degree-t sharing of its
   * private `values` to the committee, all in 1 round (one committee step; seed compression as
   * every dealing). On a dealer pass its values, elsewhere null; `length` is public. Returns this
   * member's shares, one vector per dealer in `dealers` order.
   */
  dealFrom(
    dealers: readonly number[],
    values: FpVec | null,
    length: number,
    label = 'deal',
  ): Promise<FpVec[]> {
    const out = this.dealFromRaw(dealers, values, length, label);
    const records = this.records;
    if (records !== null)
      for (let c = 0; c < dealers.length; c++) records.dealing(out.then((v) => v[c]!));
    return out;
  }

  private async dealFromRaw(
    dealers: readonly number[],
    values: FpVec | null,
    length: number,
    label: string,
  ): Promise<FpVec[]> {
    this.requireMember('dealFrom');
    const step = this.nextStep();
    let own: FpVec | null = null;
    if (dealers.includes(this.index)) {
      if (values === null || values.length !== length) {
        throw new MpcProtocolError(`dealFrom: dealer ${this.self} must pass ${length} values.`);
      }
      own = this.dealAndSend(values, step)!;
    }
    return Promise.all(
      dealers.map((d) =>
        d === this.index ? Promise.resolve(own!) : this.receiveDealt(d, step, length, label),
      ),
    );
  }

  /**
   * One round of raw byte messages between chosen members (a committee step): `sends` maps a
   * member point to the payload for it (the channel owns it afterwards), `receives` maps a member
   * point to the exact payload length expected from it. Every member calls it, also one with
   * nothing to send or receive, so steps stay aligned. For protocols that move data other than
   * Fp shares (e.g. XOR-shared bit planes, `protocols/compare-t1.ts`); the caller documents what the
   * payload reveals.
   * @throws {PeerMessageError} when a payload has another length.
   */
  async exchange(
    sends: ReadonlyMap<number, Uint8Array>,
    receives: ReadonlyMap<number, number>,
    label = 'exchange',
  ): Promise<Map<number, Uint8Array>> {
    this.requireSemiHonest('exchange');
    return this.exchangeRaw(sends, receives, label);
  }

  /** Semi-honest-only primitives (unchecked raw bytes, values known to a group) refuse malicious mode. */
  private requireSemiHonest(op: string): void {
    if (this.security === 'malicious') {
      throw new MpcProtocolError(
        `${op}: not available with security 'malicious' (its messages cannot be verified); the protocols use their checked path instead.`,
      );
    }
  }

  private async exchangeRaw(
    sends: ReadonlyMap<number, Uint8Array>,
    receives: ReadonlyMap<number, number>,
    label: string,
  ): Promise<Map<number, Uint8Array>> {
    this.requireMember('exchange');
    const step = this.nextStep();
    for (const [j, bytes] of sends) this.send(this.member(j), step, bytes);
    const out = new Map<number, Uint8Array>();
    await Promise.all(
      [...receives].map(async ([j, length]) => {
        const from = this.member(j);
        const bytes = await this.channel.receive(from, step, this.receiveOptions(label));
        if (bytes.byteLength !== length) {
          throw new PeerMessageError({
            party: from,
            step,
            label,
            reason: `expected ${length} bytes, got ${bytes.byteLength}`,
          });
        }
        out.set(j, bytes);
      }),
    );
    return out;
  }

  /**
   * The group seed of {@link contributeT1}, sent once per session under the reserved step
   * {@link GROUP_SEED_STEP}: P_1 sends it when its runtime is created (so no later call waits a
   * round for it), P_2..P_{n-1} receive it on first use; null on P_n, which has none.
   */
  private receiveGroupSeed(): Promise<Uint8Array | null> {
    if (this.index === 1) return Promise.resolve(this.ownGroupSeed!);
    if (this.index === this.n) return Promise.resolve(null);
    const from = this.member(1);
    const step = GROUP_SEED_STEP;
    const label = 'group seed';
    return this.channel.receive(from, step, this.receiveOptions(label)).then((bytes) => {
      if (bytes.byteLength !== SEED_BYTES) {
        throw new PeerMessageError({
          party: from,
          step,
          label,
          reason: `expected a ${SEED_BYTES}-byte seed, got ${bytes.byteLength} bytes`,
        });
      }
      return bytes.slice();
    });
  }
}

/** Decodes a peer's vector of `length` elements; any defect becomes a PeerMessageError. */
function decodeVec(
  field: PrimeField,
  bytes: Uint8Array,
  from: PartyId,
  step: number,
  length: number,
  label: string,
): FpVec {
  try {
    return fpVecFromBytes(field, bytes, length);
  } catch (err: unknown) {
    throw new PeerMessageError(
      { party: from, step, label, reason: err instanceof Error ? err.message : 'undecodable' },
      { cause: err },
    );
  }
}

/** Applies per-element bit widths (0 = leave a full field element) to uniform `v` in place. */
function maskWidths(field: PrimeField, v: FpVec, widths: Uint8Array): void {
  // Runs of equal width are masked with one kernel call; typical calls have one or two runs.
  const K = field.kernels;
  let start = 0;
  for (let i = 1; i <= widths.length; i++) {
    if (i === widths.length || widths[i] !== widths[start]) {
      const w = widths[start]!;
      if (w > field.bits - 1)
        throw new RangeError(`contribute: expected widths in 0..${field.bits - 1}, got ${w}`);
      if (w !== 0) {
        const part = fpSlice(v, start, i);
        K.modPow2(part, part, w);
      }
      start = i;
    }
  }
}
