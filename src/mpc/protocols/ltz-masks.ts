/**
 * Preprocessed masks for a known sequence of `ltz` calls (the layers of a sorting network, the
 * levels of a min/max tournament), so that the data-independent rounds of every comparison are
 * paid once per batch instead of once per call.
 *
 * `ltz` [CdH10] on n elements needs masks with k − 1 random bits each, made by
 * {@link randomMasks} in one contribute round plus a few multiplication rounds (3 rounds in all
 * for t = 1). A sort of 10^3 values makes 55 sequential `ltz` calls; generating the masks of all
 * of them together saves those rounds on every call but the first. Batches are capped at `budgetBits` random bits (default
 * 2^20, about 16 MiB per shared vector), so 10^4 values take a few batches instead of one that
 * would hold hundreds of megabytes.
 *
 * The masks are data-independent and fresh per call; each is used exactly once, in order.
 * Every party must make the same sequence of calls (the counts are public).
 *
 * @module
 */
import { type PrimeField, fields } from '../field/prime-field.js';
import type { Runtime } from '../runtime/runtime.js';
import { ltzRequests } from './compare.js';
import {
  type Mask,
  type MaskOptions,
  type MaskRequest,
  checkMaskBound,
  randomMasks,
} from './random.js';

/**
 * Checks that signed k-bit keys can be compared: k ≥ 1 and their (k + extra)-bit differences fit
 * the masks of `ltz` (k + extra + κ + ⌈log2(t+1)⌉ < bits of the field, default p127). Call it
 * before any round.
 * @throws {RangeError} naming `fn` and k.
 * @example
 * ```ts
 * checkKeyBits('sort', 64, rt.t, 1, rt.field); // fine: 65-bit differences fit
 * checkKeyBits('sort', 85, 1); // throws: 86-bit differences do not
 * ```
 */
export function checkKeyBits(
  fn: string,
  k: number,
  t: number,
  extra = 1,
  field: PrimeField = fields.p127,
): void {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`${fn}: expected integer bit length k >= 1, got k = ${k}`);
  }
  checkMaskBound(`${fn} (${k}-bit keys have ${k + extra}-bit differences)`, k + extra, t, field);
}

/** Default cap on the random bits generated in one batch. */
export const LTZ_MASK_BUDGET_BITS: number = 1 << 20;

/**
 * Hands out preprocessed masks for `ltz` calls on `counts[0]`, `counts[1]`, ... elements of
 * k-bit values, generating them in batches of whole calls.
 * @example
 * ```ts
 * const plan = new LtzMaskPlan(rt, [8, 4, 2, 1], 33);
 * for (const d of differences) c = await ltz(rt, d, 33, await plan.next());
 * ```
 */
export class LtzMaskPlan {
  private readonly rt: Runtime;
  private readonly requests: readonly MaskRequest[][];
  private readonly budgetBits: number;
  private readonly label: string;
  /** Masks of the calls of the current batch (which ends before call batchEnd), in call order. */
  private batch: Mask[] = [];
  private batchEnd = 0;
  private used = 0;
  private call = 0;

  constructor(
    rt: Runtime,
    counts: readonly number[],
    k: number,
    budgetBits: number = LTZ_MASK_BUDGET_BITS,
    label = 'ltz masks',
  ) {
    this.rt = rt;
    this.requests = counts.map((c) => ltzRequests(c, k));
    this.budgetBits = budgetBits;
    this.label = label;
  }

  /** Mask options for the next `ltz` call (the rounds of {@link randomMasks} when a batch starts). */
  async next(): Promise<MaskOptions> {
    const i = this.call;
    if (i >= this.requests.length) {
      throw new RangeError(`LtzMaskPlan.next: only ${this.requests.length} calls were planned`);
    }
    if (i >= this.batchEnd) await this.generate(i);
    this.call++;
    const n = this.requests[i]!.length;
    const masks = this.batch.slice(this.used, this.used + n);
    this.used += n;
    return { masks };
  }

  /** Generates the masks of calls i, i+1, ... up to the bit budget (at least call i). */
  private async generate(i: number): Promise<void> {
    let end = i;
    let bits = 0;
    do {
      bits += bitsOf(this.requests[end]!);
      end++;
    } while (end < this.requests.length && bits + bitsOf(this.requests[end]!) <= this.budgetBits);
    this.batch = []; // drop the used batch before allocating the next one
    this.batch = await randomMasks(this.rt, this.requests.slice(i, end).flat(), this.label);
    this.batchEnd = end;
    this.used = 0;
  }
}

function bitsOf(rs: readonly MaskRequest[]): number {
  let b = 0;
  for (const r of rs) b += r.count * Math.max(1, r.bits);
  return b;
}
