/**
 * `parley/program`: the API a program is written against (see docs/programs.md).
 *
 * A program file default-exports `defineProgram({ ... })` with the same metadata as a built-in
 * program (`../types.ts`: name, version, description, field, params, inputCount, input(params),
 * limits(params), outputs) and a body `run(mpc, inputs, params)` that computes on SECRET
 * vectors and returns its declared outputs as secret vectors. The engine delivers them to
 * whom the output spec names; a program cannot open or reveal anything itself: the facade has
 * no `open`, no `revealTo`, no shares and no runtime.
 *
 * This module is what TypeScript sees. In a node, the bundle (`../bundle.ts`) reads it from
 * the sandbox's `globalThis.__parley` (`../sandbox/prelude.ts`), whose secret vectors forward
 * every method to the engine on the host. Importing this module in Node gives `defineProgram`
 * (which freezes its argument) and the error classes, nothing that computes.
 *
 * Numbers. `SecretInt`: exact signed integers of `bits` bits (sums and dot products widen
 * instead of wrapping). `SecretFixed`: fixed point of the field's format (p127: 16 fractional
 * bits, |x| < 2^24; p255: 32 fractional bits, |x| < 2^63). `SecretBit`: 0/1, results of
 * comparisons. `Public` values are plain numbers, bigints or booleans (or arrays of them),
 * broadcast where an operand of length 1 is given.
 *
 * @module
 */
import type {
  GroupSpec,
  InputSchema,
  OutputSpec,
  ParamSpec,
  Params,
  ProgramField,
  ProgramLimits,
} from '../types.js';

export type {
  ColumnRequirement,
  GroupSpec,
  InputSchema,
  JobShape,
  LabelShape,
  OutputLabels,
  OutputSpec,
  ParamSpec,
  ParamValue,
  Params,
  ProgramField,
  ProgramLimits,
} from '../types.js';

/** A public operand: a number, bigint or boolean, or an array of them. */
export type Public = number | bigint | boolean | readonly (number | bigint | boolean)[];

/** Operations every secret vector has (no communication). */
export interface SecretVectorBase<V> {
  readonly kind: 'int' | 'fxp' | 'bit';
  /** The public length. */
  readonly length: number;
  /** Element i (negative from the end), as a vector of length 1. */
  at(i: number): V;
  slice(start?: number, end?: number): V;
  concat(...others: readonly V[]): V;
  reverse(): V;
}

/** Operations of secret numbers (integers and fixed point). */
export interface SecretNumber<V> extends SecretVectorBase<V> {
  add(y: V | Public): V;
  sub(y: V | Public): V;
  neg(): V;
  /** Elementwise product (1 round). */
  mul(y: V | Public): Promise<V>;
  /** Comparisons, elementwise, as secret bits. */
  lt(y: V | Public): Promise<SecretBit>;
  le(y: V | Public): Promise<SecretBit>;
  gt(y: V | Public): Promise<SecretBit>;
  ge(y: V | Public): Promise<SecretBit>;
  eq(y: V | Public): Promise<SecretBit>;
  ne(y: V | Public): Promise<SecretBit>;
  isNegative(): Promise<SecretBit>;
  isZero(): Promise<SecretBit>;
  /** Without `y`: the smallest element (length 1); with `y`: the elementwise minimum. */
  min(y?: V | Public): Promise<V>;
  max(y?: V | Public): Promise<V>;
  argmin(): Promise<{ readonly index: SecretInt; readonly value: V }>;
  argmax(): Promise<{ readonly index: SecretInt; readonly value: V }>;
  /** Sorted (ascending unless `descending`), obliviously. */
  sort(options?: { readonly descending?: boolean }): Promise<V>;
}

/** Secret signed integers, exact. */
export interface SecretInt extends SecretNumber<SecretInt> {
  readonly kind: 'int';
  /** Magnitude bound: every value lies in [-2^(bits-1), 2^(bits-1)). */
  readonly bits: number;
  /** Multiplication by public integers (local). */
  mulPublic(c: Public): SecretInt;
  /** The exact sum, widened (length 1, local). */
  sum(): SecretInt;
  /** Σ x_i · y_i, exact and widened (length 1, one round). */
  dot(y: SecretInt | Public): Promise<SecretInt>;
  /** ⌊x / d⌋ for a public d >= 1. */
  divPublic(d: number | bigint): Promise<SecretInt>;
  modPublic(d: number | bigint): Promise<SecretInt>;
  /** ⌊x / 2^m⌋. */
  shiftRight(m: number): Promise<SecretInt>;
  /** The two's-complement bits of each element, least significant first. */
  toBits(): Promise<SecretBit>;
  /** The same numbers as fixed point (local). */
  toFixed(): SecretFixed;
  /** The same numbers in a type of `bits` bits (>= this.bits, up to the field's 254), local. */
  widen(bits: number): SecretInt;
  /** The integers q read as the fixed-point numbers q / 2^f of the field's format (local). */
  asFixed(): SecretFixed;
}

/** Secret fixed-point numbers. */
export interface SecretFixed extends SecretNumber<SecretFixed> {
  readonly kind: 'fxp';
  mulPublic(c: number | bigint): Promise<SecretFixed>;
  div(y: SecretFixed | Public): Promise<SecretFixed>;
  divPublic(d: number | bigint): Promise<SecretFixed>;
  reciprocal(): Promise<SecretFixed>;
  sqrt(): Promise<SecretFixed>;
  exp(): Promise<SecretFixed>;
  ln(): Promise<SecretFixed>;
  /** The sum (length 1, local). */
  sum(): SecretFixed;
  mean(): Promise<SecretFixed>;
  variance(): Promise<SecretFixed>;
  dot(y: SecretFixed | Public): Promise<SecretFixed>;
  /** ⌊x⌋ as an integer. */
  floor(): Promise<SecretInt>;
}

/** Secret bits. */
export interface SecretBit extends SecretVectorBase<SecretBit> {
  readonly kind: 'bit';
  not(): SecretBit;
  and(y: SecretBit | Public): Promise<SecretBit>;
  or(y: SecretBit | Public): Promise<SecretBit>;
  xor(y: SecretBit | Public): Promise<SecretBit>;
  /** `a` where the bit is 1, `b` where it is 0, obliviously. */
  select<V extends SecretInt | SecretFixed>(a: V, b: V | Public): Promise<V>;
  /** The bits as integers 0/1 of `bits` bits (default 64), local. */
  toInt(bits?: number): SecretInt;
  /** The number of 1 bits (length 1), local. */
  count(bits?: number): SecretInt;
}

/** Any secret vector. */
export type SecretVector = SecretInt | SecretFixed | SecretBit;

/** What a program computes with: public facts of the job and public constants. */
export interface Mpc {
  /** The job's prime field. */
  readonly field: ProgramField;
  /** The vectors one after another (all of one kind). */
  concat<V extends SecretVector>(parts: readonly V[]): V;
  /** Public values as secret integers of `bits` bits (default 64). */
  constantInt(values: Public, bits?: number): SecretInt;
  constantFixed(values: Public): SecretFixed;
  constantBit(values: Public): SecretBit;
}

/** One input dataset: its owner (a member name), its public row count and its columns. */
export interface Input {
  readonly owner: string;
  readonly rows: number;
  /** An `integer` column of the input schema, exact stored integers. */
  integer(name: string): SecretInt;
  /** A `number` column of the input schema, as fixed point. */
  number(name: string): SecretFixed;
  /** The indicator bits of `label` of a `category` column of the input schema. */
  indicator(name: string, label: string): SecretBit;
}

/** A program, as its file declares it. */
export interface Program {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly field?: ProgramField;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly inputCount?: { readonly min: number; readonly max: number };
  input(params: Params): InputSchema;
  limits?(params: Params): ProgramLimits;
  readonly outputs: Readonly<Record<string, OutputSpec>>;
  /**
   * Secret group-count vectors `run` returns beside its outputs (integers, e.g. the women per
   * company), for disclosure control (`OutputSpec.groups`). Never revealed.
   */
  readonly groups?: Readonly<Record<string, GroupSpec>>;
  /**
   * The minimum group size: an output element computed from fewer rows is withheld. `min` is
   * the program's floor (an integer >= 1); `param` may name an integer parameter that raises it.
   */
  readonly minGroupSize?: { readonly min: number; readonly param?: string };
  /**
   * The body: returns every declared output (and every declared group count), by name, as a
   * secret vector. `artifacts` holds the job's `artifact` parameters as secret vectors, by
   * parameter name (empty if it has none).
   */
  run(
    mpc: Mpc,
    inputs: readonly Input[],
    params: Params,
    artifacts: Readonly<Record<string, SecretVector>>,
  ): Promise<Readonly<Record<string, SecretVector>>>;
}

/**
 * Declares a program (the default export of a program file).
 * @example
 * ```ts
 * export default defineProgram({ name: 'total', version: '1.0.0', ... });
 * ```
 */
export function defineProgram(definition: Program): Program {
  return Object.freeze(definition);
}

/** A public parameter is unusable; the message names it (same text as the engine's). */
export class ProgramParamError extends Error {
  override readonly name = 'ProgramParamError';
  constructor(
    readonly program: string,
    readonly param: string,
    readonly expected: string,
  ) {
    super(`${program}: parameter ${param}: expected ${expected}.`);
  }
}

/** The inputs do not fit the program; names inputs and columns, never a value. */
export class ProgramInputError extends Error {
  override readonly name = 'ProgramInputError';
  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}
