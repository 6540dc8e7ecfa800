/**
 * The malicious-secure mode of the runtime (`security: 'malicious'`): what is recorded during a
 * computation and the lazy verification that runs before any value leaves the engine.
 *
 * Threat model: an active (malicious) adversary corrupting at most t < n/2 committee members
 * (plus any non-members); security with abort: every deviation that could change an output or
 * leak beyond it is detected, except with probability below 12/p per verification (2^-123 in
 * p127), and then no output is delivered. The argument is in `docs/protocols.md`, section
 * "Malicious security". Sources: [GIPST14] Genkin, Ishai, Prabhakaran, Sahai, Tromer, STOC 2014
 * (GRR/BGW multiplication is secure up to additive attacks: a corrupt party can only add an
 * error, independent of the honest shares, to each product); [CGHIKLN18] Chida, Genkin, Hamada,
 * Ikarashi, Kikuchi, Lindell, Nof, CRYPTO 2018 (a secret MAC key ρ and a random linear
 * combination check every multiplication at once).
 *
 * What is recorded (only in this mode; the semi-honest mode records nothing):
 * - every multiplication z = Σ_j a_j ⊙ b_j (`mul`, `mulSum`) or z = A·B (`matmul`): the operand
 *   shares and the output shares;
 * - every open inside a protocol: the shares and the value this member reconstructed, and a
 *   running SHA-256 of the opened values; every asserted zero (`assertZero`) as an open of 0;
 * - every dealt sharing (input, contribute, dealFrom); reshare outputs are the z above.
 *
 * Verification (4 committee rounds, whatever the number of records):
 * 1. contribute the mask sharings (degree mask [m], coin [s], once per session the MAC key [ρ]),
 *    each member deals a sharing of 0 (their sum is the zero mask [o]), and every member sends
 *    every other member the digest of what it opened (a mismatch aborts: members saw different
 *    openings);
 * 2. open [s] with all n shares (checked on one polynomial): the public coins σ (one per record)
 *    and β = β1 ⊗ β2 (2⌈√L⌉ elements) are its AES-CTR expansion, fixed only now, after every
 *    record; and [ρ·a_j] for every recorded term (one reshare of the concatenated operands);
 * 3. [T] = reshare(Σ_r σ_r (Σ_e β_e (Σ_j [ρa_j]_e·[b_j]_e) − [ρ]·Σ_e β_e [z]_e)) (1 element);
 * 4. open [T], the degree check [m] + Σ_k c_k·Σ_e β_e [d_k]_e (all dealt sharings and products)
 *    and the opening check [o] + Σ_k σ_k·Σ_e β_e ([s_k] − v_k)_e with all n shares, checked on one
 *    polynomial; T and the opening check must be 0.
 * ρ stays secret (T = 0 reveals nothing about it), so one key serves the whole session.
 *
 * Errors never name a member here: the shares opened in a check are not known to be consistent
 * among honest members (a corrupt dealer may have made them inconsistent), so unique decoding
 * could blame an honest member.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { MpcVerificationError } from '../errors.js';
import type { PrimeField } from '../field/prime-field.js';
import { type FpVec, fpClone, fpConcat, fpToBigInts, fpVec, fpVecToBytes } from '../field/vec.js';
import { decodeAll } from './decode.js';
import { expandSeed } from './deal.js';

/** The security level of a runtime. */
export type SecurityLevel = 'semi-honest' | 'malicious';

/** The security levels, for validation of options. */
export const SECURITY_LEVELS: readonly SecurityLevel[] = Object.freeze([
  'semi-honest',
  'malicious',
]);

/** A recorded multiplication: z = Σ_j a_j ⊙ b_j, or z = A·B (m×k times k×n) when `shape` is set. */
interface MulRecord {
  readonly a: readonly FpVec[];
  readonly b: readonly FpVec[];
  readonly z: FpVec;
  readonly shape?: { readonly m: number; readonly k: number; readonly n: number } | undefined;
}

/** A value recorded at the call, whose shares arrive later (marked handled: the caller sees errors). */
function later<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/**
 * What this member recorded since the last verification. Entries are registered when the
 * operation is CALLED (when it takes its step), so every member's set holds exactly the operations
 * called before `verify()`, whatever has completed; verification awaits their results.
 */
export class Records {
  private readonly mults: Promise<MulRecord>[] = [];
  /** Opened shares and the value this member reconstructed (null: asserted to be 0). */
  private readonly opens: { readonly s: FpVec; readonly v: Promise<FpVec> | null }[] = [];
  private readonly dealt: Promise<FpVec | null>[] = [];

  get empty(): boolean {
    return this.mults.length === 0 && this.opens.length === 0 && this.dealt.length === 0;
  }

  /**
   * Records z = Σ_j a_j ⊙ b_j (or A·B with `shape`); takes `a` and `b` (copies the caller made),
   * copies z when it arrives.
   */
  mul(
    a: readonly FpVec[],
    b: readonly FpVec[],
    z: Promise<FpVec>,
    shape?: { readonly m: number; readonly k: number; readonly n: number },
  ): void {
    this.mults.push(later(z.then((v) => ({ a, b, z: fpClone(v), shape }))));
  }

  open(s: FpVec, v: Promise<FpVec>): void {
    this.opens.push({ s: fpClone(s), v: later(v.then(fpClone)) });
  }

  zero(s: FpVec): void {
    this.opens.push({ s: fpClone(s), v: null });
  }

  dealing(s: Promise<FpVec | null>): void {
    this.dealt.push(later(s.then((v) => (v === null ? null : fpClone(v)))));
  }

  /** Every entry, once its shares are in (rejects if one of the recorded operations failed). */
  async settled(): Promise<{
    mults: MulRecord[];
    opens: { s: FpVec; v: FpVec | null }[];
    dealt: FpVec[];
  }> {
    const [mults, vs, dealt] = await Promise.all([
      Promise.all(this.mults),
      Promise.all(this.opens.map((o) => o.v ?? Promise.resolve(null))),
      Promise.all(this.dealt),
    ]);
    return {
      mults,
      opens: this.opens.map((o, k) => ({ s: o.s, v: vs[k]! })),
      dealt: dealt.filter((d): d is FpVec => d !== null && d.length > 0),
    };
  }
}

/** The committee primitives verification needs, none of them recorded. Each takes one step. */
export interface VerifyIo {
  readonly field: PrimeField;
  readonly n: number;
  readonly t: number;
  /** This member's point, 1..n. */
  readonly index: number;
  /** This member's point → party name. */
  member(j: number): string;
  /** Shares of `count` uniform elements: the sum of the t + 1 contributions. */
  contribute(count: number, label: string): Promise<FpVec>;
  /** Shares of `count` zeros: the sum of sharings of 0 dealt by the t + 1 first members. */
  zeros(count: number, label: string): Promise<FpVec>;
  /** Degree reduction of local products of degree-t shares. */
  reshare(products: FpVec, label: string): Promise<FpVec>;
  /** Every member's shares of `shares` (index j − 1: member j's), from an all-to-all send. */
  openAll(shares: FpVec, label: string): Promise<FpVec[]>;
  /** Sends `bytes` to every other member and receives `length` bytes from each (index j − 1). */
  broadcast(bytes: Uint8Array, length: number, label: string): Promise<Uint8Array[]>;
}

/** The verification state of one runtime: the MAC key and the first failure (fail closed). */
export class Verifier {
  private macKey: FpVec | null = null;
  private failure: Error | undefined = undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly io: VerifyIo) {}

  /**
   * Verifies `records` (taken by the caller, who starts a fresh set) after every earlier
   * verification; verifications run one at a time, in call order.
   */
  verify(records: Records): Promise<void> {
    const run = this.chain.then(async () => {
      if (this.failure !== undefined) throw this.failure;
      try {
        await this.run(records);
      } catch (err: unknown) {
        this.failure =
          err instanceof Error ? err : new MpcVerificationError('verification aborted');
        throw this.failure;
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async run(records: Records): Promise<void> {
    const { io } = this;
    const { field } = io;
    const F = field.F;
    const K = field.kernels;
    if (records.empty || io.t === 0) return;
    const label = 'verify';
    const r = await records.settled();

    // Round 1: masks, coin, key; zero mask; digests of the opened values.
    const needKey = this.macKey === null;
    const hash = createHash('sha256');
    for (const o of r.opens) if (o.v !== null) hash.update(fpVecToBytes(o.v));
    const digest = new Uint8Array(hash.digest());
    // All three take their steps now; awaited together (no rejection left unhandled).
    const [c, zeroMask, theirs] = await Promise.all([
      io.contribute(needKey ? 3 : 2, label),
      io.zeros(1, label),
      io.broadcast(digest, digest.byteLength, label),
    ]);
    const degMask = c.words.subarray(0, field.words);
    const coin = { length: 1, words: c.words.slice(field.words, 2 * field.words) };
    if (needKey) {
      this.macKey = { length: 1, words: c.words.slice(2 * field.words, 3 * field.words) };
      r.dealt.push(this.macKey);
    }
    const rho = this.macKey!;
    const rhoShare = rho.words.length === 0 ? 0n : fpGet1(rho);
    theirs.forEach((d, k) => {
      if (k + 1 !== io.index && !bytesEqual(d, digest)) {
        throw new MpcVerificationError('members opened different values');
      }
    });

    // Round 2: the coin, and [ρ·a_j] for every recorded term.
    const operands = fpConcat(r.mults.flatMap((m) => m.a));
    const scaled = fpVec(field, operands.length);
    K.mulScalar(scaled, operands, rhoShare);
    const [ra, coinShares] = await Promise.all([
      io.reshare(scaled, label),
      io.openAll(coin, label),
    ]);
    const coinValue = decodeAll(field, coinShares, io.t);
    if (!coinValue.ok) throw new MpcVerificationError('coin toss shares are inconsistent');
    const seed = new Uint8Array(
      createHash('sha256').update(fpVecToBytes(coinValue.values)).digest(),
    );

    // Local: the MAC check's degree-2t share, the degree and opening combinations. The public
    // coefficient of entry e of record r is σ_r·β_e with β_e = β1[e mod s]·β2[⌊e/s⌋] (s = ⌈√L⌉, L
    // the longest record): a random combination of the records, of the rows and of the columns,
    // so the coin expands to #records + 2s elements, not one per recorded element (soundness
    // 3/p per combination, see docs/protocols.md).
    const degree = [...r.dealt, ...r.mults.map((m) => m.z)];
    const maxLength = Math.max(
      1,
      ra.length,
      ...r.mults.map((m) => m.z.length),
      ...degree.map((d) => d.length),
      ...r.opens.map((o) => o.s.length),
    );
    const s = Math.ceil(Math.sqrt(maxLength));
    const beta1 = expandSeed(field, seed, s, 1);
    const beta2 = fpToBigInts(expandSeed(field, seed, s, 3));
    const sigma = fpToBigInts(
      expandSeed(field, seed, r.mults.length + r.dealt.length + r.opens.length + 1, 2),
    );
    /** Σ_e β_e·x_e. */
    const bdot = (x: FpVec): bigint => {
      let acc = 0n;
      for (let row = 0, o = 0; o < x.length; row++, o += s) {
        const len = Math.min(s, x.length - o);
        acc = F.add(acc, F.mul(beta2[row]!, K.dot(sub(beta1, 0, len), sub(x, o, len))));
      }
      return acc;
    };
    /** β_0..β_{len−1} as a vector (for matrix records). */
    const betaVec = (len: number): FpVec => {
      const out = fpVec(field, len);
      for (let row = 0, o = 0; o < len; row++, o += s) {
        const l = Math.min(s, len - o);
        K.mulScalar(sub(out, o, l), sub(beta1, 0, l), beta2[row]!);
      }
      return out;
    };
    let si = 0;
    let tLocal = 0n;
    let degComb = fpGet1({ length: 1, words: degMask });
    let ao = 0;
    for (const m of r.mults) {
      const sr = sigma[si++]!;
      const len = m.z.length;
      const bz = bdot(m.z);
      // z is a reshare output: its degree-check term (coefficient σ_r², so the degree check is
      // a degree-2 polynomial in the σ: Schwartz–Zippel) reuses β·z.
      degComb = F.add(degComb, F.mul(F.mul(sr, sr), bz));
      let part = F.neg(F.mul(rhoShare, bz));
      if (m.shape === undefined) {
        const acc = fpVec(field, len);
        if (m.b.length === 1) {
          K.mul(acc, sub(ra, ao, len), m.b[0]!);
          ao += len;
        } else {
          const tmp = fpVec(field, len);
          for (const b of m.b) {
            K.mul(tmp, sub(ra, ao, len), b);
            K.add(acc, acc, tmp);
            ao += len;
          }
        }
        part = F.add(part, bdot(acc));
      } else {
        // Σ_{i,l} β_il Σ_j (ρA)_ij B_jl = Σ_{i,j} (ρA)_ij (β·Bᵀ)_ij.
        const { m: rows, k, n } = m.shape;
        const bt = transpose(field, m.b[0]!, k, n);
        const w = fpVec(field, rows * k);
        K.matmul(w, betaVec(len), bt, rows, n, k);
        part = F.add(part, K.dot(sub(ra, ao, rows * k), w));
        ao += rows * k;
      }
      tLocal = F.add(tLocal, F.mul(sr, part));
    }
    for (const d of r.dealt) degComb = F.add(degComb, F.mul(sigma[si++]!, bdot(d)));
    // [ρ·a] is a reshare output too: members beyond P_{2t+1} hold shares of it that the MAC
    // check never uses, so the degree check covers them (a change to one is then detected).
    degComb = F.add(degComb, F.mul(sigma[si++]!, bdot(ra)));
    let openComb = fpGet1(zeroMask);
    for (const o of r.opens) {
      let part = bdot(o.s);
      if (o.v !== null) part = F.sub(part, bdot(o.v));
      openComb = F.add(openComb, F.mul(sigma[si++]!, part));
    }

    // Round 3: [T] of degree t. Round 4: open T and the two combinations with all n shares.
    const tLocalVec = fpVec(field, 1);
    setWord(field, tLocalVec, 0, tLocal);
    const tShare = await io.reshare(tLocalVec, label);
    const final = fpVec(field, 3);
    setWord(field, final, 0, fpGet1(tShare));
    setWord(field, final, 1, degComb);
    setWord(field, final, 2, openComb);
    const all = await io.openAll(final, label);
    const names = ['multiplication check', 'degree check', 'opening check'];
    for (let e = 0; e < 3; e++) {
      const one = all.map((v) => ({
        length: 1,
        words: v.words.slice(e * field.words, (e + 1) * field.words),
      }));
      const d = decodeAll(field, one, io.t);
      if (!d.ok) throw new MpcVerificationError(`${names[e]}: shares are inconsistent`);
      if (e !== 1 && fpGet1(d.values) !== 0n) throw new MpcVerificationError(names[e]!);
    }
  }
}

function sub(v: FpVec, start: number, length: number): FpVec {
  const W = v.length === 0 ? 0 : v.words.length / v.length;
  return { length, words: v.words.subarray(W * start, W * (start + length)) };
}

function fpGet1(v: FpVec): bigint {
  let x = 0n;
  for (let w = v.words.length - 1; w >= 0; w--) x = (x << 64n) | v.words[w]!;
  return x;
}

function setWord(field: PrimeField, v: FpVec, i: number, x: bigint): void {
  let r = x;
  for (let w = 0; w < field.words; w++) {
    v.words[field.words * i + w] = BigInt.asUintN(64, r);
    r >>= 64n;
  }
}

function transpose(field: PrimeField, b: FpVec, rows: number, cols: number): FpVec {
  const W = field.words;
  const out = fpVec(field, rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++)
      for (let w = 0; w < W; w++)
        out.words[W * (j * rows + i) + w] = b.words[W * (i * cols + j) + w]!;
  return out;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let d = 0;
  for (let i = 0; i < a.byteLength; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
