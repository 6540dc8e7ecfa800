/**
 * The program format: what a secure program declares (input schema, public parameters, outputs)
 * and the body it runs against the secure types of `src/mpc/secure/`.
 *
 * A program is a TypeScript module that exports one {@link ProgramDefinition}. Every party of a
 * job runs the same definition: input owners share their columns, the committee computes, and the
 * executor reveals the named outputs to the recipients only (see `docs/jobs.md`). The program's
 * code hash (`./hash.ts`) is what data owners approve on chain; a node runs only programs whose
 * hash was approved.
 *
 * Data representation. A dataset column reaches a program in the node store's encoding
 * ({@link ColumnData}): integers as themselves, decimals as x · 10^scale, fixed point as
 * round(x · 2^32), categories as the 0-based index of their label. Inside the program a numeric
 * column is an exact `secint(bits)` vector of those stored integers (an `integer` requirement: cents
 * for `decimal(2)`), where `bits` is a public bound the
 * program declares and the owner checks on the plaintext before sharing; or, for programs that
 * want reals, a fixed-point vector of the session's `secfxp()` (a `number` requirement). A category
 * column is one secure indicator bit vector per label the program asks for (one-hot, computed by
 * the owner before sharing, so no comparison is needed to group by category).
 *
 * Field. A program declares the prime field its session runs in (`field`: `p127` or `p255`, see
 * docs/protocols.md); it is part of the source, so of the code hash owners approve, and every
 * party creates the job's session with it.
 *
 * @module
 */
import type { PartyId } from '../mpc/channel.js';
import type { SecureVector } from '../mpc/secure/base.js';
import type { SecBitVector } from '../mpc/secure/bit.js';
import type { SecFxpVector } from '../mpc/secure/fxp.js';
import type { SecIntVector } from '../mpc/secure/int.js';
import { type PrimeField, fields } from '../mpc/field/prime-field.js';
import type { Session } from '../mpc/secure/session.js';

/** The type of a dataset column, as the node stores it (see `src/node/datasets/schema.ts`). */
export type ColumnType =
  'integer' | 'decimal' | 'fixed' | 'boolean' | 'category' | 'identifier' | 'date' | 'timestamp';

/**
 * One column of one input dataset, in the store's encoding (docs/datasets.md). Secret: never
 * logged. Every value is an exact integer:
 * - `integer`: the integer, -2^(bits-1) <= v < 2^(bits-1).
 * - `decimal`: v = x · 10^scale exactly (cents for scale 2), -2^63 <= v < 2^63.
 * - `fixed`: v = round(x · 2^fractionBits), ties away from zero; fractionBits = 32 and
 *   |x| < 2^63 from the store (datasets imported before issue 8 are converted exactly).
 * - `boolean`: 1n (true) or 0n (false).
 * - `category`: 0-based indices into `labels`.
 * - `identifier`: a 120-bit encoding of the normalised id, in [0, 2^120): the first 120 bits of
 *   SHA-256("parley-identifier/1\0" ‖ UTF-8(id)). Equal encodings mean equal ids except with
 *   probability < 2^-68 for 7 · 10^7 ids in all.
 * - `date`: days since 1970-01-01 (negative before).
 * - `timestamp`: seconds (`resolution` 's') or milliseconds ('ms') since 1970-01-01T00:00:00Z.
 */
export type ColumnData =
  | { readonly type: 'integer'; readonly bits: number; readonly values: readonly bigint[] }
  | { readonly type: 'decimal'; readonly scale: number; readonly values: readonly bigint[] }
  | { readonly type: 'fixed'; readonly fractionBits: number; readonly values: readonly bigint[] }
  | { readonly type: 'boolean'; readonly values: readonly bigint[] }
  | {
      readonly type: 'category';
      readonly labels: readonly string[];
      readonly values: readonly bigint[];
    }
  | { readonly type: 'identifier'; readonly values: readonly bigint[] }
  | { readonly type: 'date'; readonly values: readonly bigint[] }
  | {
      readonly type: 'timestamp';
      readonly resolution: 's' | 'ms';
      readonly values: readonly bigint[];
    };

/** The numeric kinds of {@link ColumnData}: what {@link columnNumber} converts to a real. */
export type NumericColumnData = Exclude<ColumnData, { type: 'category' } | { type: 'identifier' }>;

/**
 * Value `v` of a numeric column in the column's own units, as a double (exact while the
 * result and the encoding are below 2^53): integers, dates and timestamps as they are,
 * `decimal` as v / 10^scale, `fixed` as v / 2^fractionBits, booleans as 0 or 1.
 * @example
 * ```ts
 * columnNumber({ type: 'decimal', scale: 2, values: [] }, 5000012n); // 50000.12
 * ```
 */
export function columnNumber(col: NumericColumnData, v: bigint): number {
  switch (col.type) {
    case 'decimal':
      return Number(v) / 10 ** col.scale;
    case 'fixed':
      return Number(v) / 2 ** col.fractionBits;
    default:
      return Number(v);
  }
}

/** The columns of one input dataset, by column name. Only the columns a program asks for are read. */
export type DatasetColumns = Readonly<Record<string, ColumnData>>;

/**
 * What a program needs from a column.
 * - `integer`: an `integer` or `decimal` column, shared exactly as `secint(bits)` of its stored
 *   integers (x · 10^scale for decimals; `fixed` columns are refused: in units of 2^-32 they
 *   would have almost no range). Every value must lie
 *   in [-2^(bits-1), 2^(bits-1)) stored units and within `min`/`max` (inclusive, stored units,
 *   e.g. cents); the owner's node checks it on the plaintext before sharing (the error names the
 *   row and gives the bound in the column's units, e.g. EUR), the proposer's node against the
 *   catalog's declared min/max.
 * - `number`: an `integer`, `decimal` or `fixed` column, shared as the field's `secfxp()`
 *   (p255: fxp(96, 32), |x| < 2^63; p127: |x| < 2^24), the owner computing round(x · 2^f) exactly
 *   from the stored value. `min`/`max` (inclusive, in the column's units) are checked by the
 *   owner's node on the plaintext before sharing (the error names the row).
 * - `category`: a `category` column whose labels include every label in `labels`; shared as one
 *   indicator bit vector per listed label. Rows with another label are 0 in every indicator.
 */
export type ColumnRequirement =
  | {
      readonly kind: 'integer';
      readonly bits: number;
      readonly min?: bigint;
      readonly max?: bigint;
    }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'category'; readonly labels: readonly string[] };

/** The columns a program reads from each input dataset, by column name. */
export type InputSchema = Readonly<Record<string, ColumnRequirement>>;

/**
 * What a program accepts beyond its input schema, checked at proposal against the catalog and
 * again at each owner on the plaintext (see `./limits.ts`). Row bounds are inclusive.
 */
export interface ProgramLimits {
  /** Rows of each input dataset. */
  readonly rowsPerInput?: { readonly min?: number; readonly max?: number };
  /** Rows of all input datasets together. */
  readonly rows?: { readonly min?: number; readonly max?: number };
  /**
   * By numeric column: the sum of |x| over every row must stay below this (exclusive), in the
   * column's units (checked at proposal from declared min/max and row counts).
   */
  readonly absSum?: Readonly<Record<string, number>>;
}

/** The prime fields a program may run in (see `src/mpc/field/prime-field.ts`). */
export type ProgramField = 'p127' | 'p255';

/** A public parameter value: a scalar, or a list of numbers or of strings. */
export type ParamValue = number | string | boolean | readonly number[] | readonly string[];
/** Validated public parameters (every declared parameter present, defaults applied). */
export type Params = Readonly<Record<string, ParamValue>>;

/**
 * One public parameter. Numbers are finite; `integer` requires a safe integer; `min`/`max` are
 * inclusive. Strings match `pattern` (anchored) or are one of `oneOf`. A parameter with a
 * `default` may be omitted.
 */
export type ParamSpec =
  | {
      readonly type: 'number';
      readonly description: string;
      readonly integer?: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly default?: number;
    }
  | {
      readonly type: 'string';
      readonly description: string;
      readonly pattern?: RegExp;
      readonly oneOf?: readonly string[];
      readonly default?: string;
    }
  | { readonly type: 'boolean'; readonly description: string; readonly default?: boolean }
  | {
      /**
       * An artifact (an output a previous job kept secret-shared, `to: 'nobody'`) by its id
       * `<jobId>.<output name>`, e.g. `12.model`. The body receives it as a secret vector in its
       * `artifacts` argument, under this parameter's name. A program with artifact parameters
       * takes no dataset inputs: the job's inputs are the datasets the artifacts were computed
       * from (so their owners approve), and its committee must be the artifacts' own.
       */
      readonly type: 'artifact';
      readonly description: string;
      readonly default?: string;
    }
  | {
      /**
       * A list (candidates, bin edges, weights): `items` of one kind, `minLength`..`maxLength`
       * of them (default 0..256, at most 4096); number items obey `integer`/`min`/`max` as a
       * `number` parameter, string items `pattern`/`oneOf` as a `string` one.
       */
      readonly type: 'list';
      readonly description: string;
      readonly items: 'number' | 'string';
      readonly minLength?: number;
      readonly maxLength?: number;
      readonly integer?: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly pattern?: RegExp;
      readonly oneOf?: readonly string[];
      readonly default?: readonly number[] | readonly string[];
    };

/** How an output is decoded: `fixed` → number, `integer` → bigint, `boolean` → boolean. */
export type OutputType = 'fixed' | 'integer' | 'boolean';

/**
 * Who receives an output:
 * - `recipients`: the job's named recipients (`JobSpec.recipients`);
 * - `members`: every consortium member's node (each one becomes a party of the job);
 * - `public`: nobody privately; the committee opens it among its members and writes it on
 *   chain with its attestation (`Jobs.submitResult`, `JobPublicOutputs`), e.g. a tally;
 * - `owners`: each input owner its own slice only (see {@link OutputSpec.slices});
 * - `nobody`: revealed to no one; each committee member keeps its shares as a named artifact
 *   (`parley artifact list`) that a later job with the same committee may take as an input.
 */
export type OutputRole = 'recipients' | 'members' | 'public' | 'owners' | 'nobody';

/**
 * Which elements of an `owners` output belong to which input dataset (its owner receives them):
 * `element` = element i is input i's (the output has one element per input); `rows` = input i's
 * rows, inputs in job order (the output has one element per row of all inputs).
 */
export type OwnerSlices = 'element' | 'rows';

/**
 * What a recipient's display knows of a job: the input owners' member names (job order) and the
 * params. Public.
 */
export interface LabelShape {
  readonly owners: readonly string[];
  readonly params: Params;
}

/**
 * The labels of an output's rows: `of(shape)` gives one label per element (e.g. each input's
 * owner, then `overall`); `description` says the same in words for `parley programs show`.
 */
export interface OutputLabels {
  readonly description: string;
  of(shape: LabelShape): readonly string[];
}

/** One named output. `length` is public: a number, or computed from the job's shape. */
export interface OutputSpec {
  readonly type: OutputType;
  readonly description: string;
  readonly to: OutputRole;
  /** With `to: 'owners'` (required there): which elements each input's owner receives. */
  readonly slices?: OwnerSlices;
  /**
   * Disclosure control: the names of secret group-count vectors (declared in
   * {@link ProgramDefinition.groups}, returned by `run` beside the outputs, never revealed) whose
   * element j counts the rows behind element j of this output. Before the reveal the engine
   * computes, in MPC, whether every listed count is at least the program's minimum group size
   * ({@link ProgramDefinition.minGroupSize}); where one is not, element j is withheld (0 is
   * revealed in its place and the element is marked suppressed).
   */
  readonly groups?: readonly string[];
  readonly length: number | ((shape: JobShape) => number);
  /** Row labels; default `overall` for a single element, else 1, 2, … */
  readonly labels?: OutputLabels;
  /**
   * The unit of its values: that of an input column (`{ column }`, read from the catalog, e.g.
   * EUR; `power: 2` for its square, as a variance), or a fixed text (`{ text: '%' }`).
   * Default: none.
   */
  readonly unit?: (
    params: Params,
  ) => { readonly column: string; readonly power?: 2 } | { readonly text: string };
}

/** The public shape of a job: how many input datasets, the rows of each, and its params. */
export interface JobShape {
  readonly rows: readonly number[];
  /** The job's validated params (given by the engine; absent in older callers). */
  readonly params?: Params;
}

/**
 * One input dataset as the program sees it: its owner, its public row count and its columns as
 * secure vectors (placeholders with `share === null` on parties outside the committee).
 */
export interface SecureInput {
  readonly owner: PartyId;
  readonly rows: number;
  /**
   * The integer column `name` (declared `integer` in the schema): its stored integers, exactly,
   * as `secint(bits)` with the declared bound.
   */
  integer(name: string): SecIntVector;
  /** The numeric column `name` (declared `number` in the schema), as fixed point. */
  number(name: string): SecFxpVector;
  /** The indicator bits of `label` in category column `name` (declared `category`). */
  indicator(name: string, label: string): SecBitVector;
}

/** A secret group-count vector (see {@link ProgramDefinition.groups}). */
export interface GroupSpec {
  readonly description: string;
  readonly length: number | ((shape: JobShape) => number);
}

/** The artifacts a job takes, as secret vectors, by the name of their `artifact` parameter. */
export type SecureArtifacts = Readonly<Record<string, SecureVector>>;

/** Named secure outputs, as a program returns them. */
export type SecureOutputs = Readonly<Record<string, SecureVector>>;

/**
 * A secure program. `name` is 1..64 chars of [a-z0-9-]; `version` is informational (the code hash
 * identifies the code). `input(params)` gives the columns each input dataset must provide (it may
 * depend on the parameters, e.g. a column name); `run` must branch on public values only and call
 * the same secure operations in the same order on every party (see docs/programming.md).
 */
export interface ProgramDefinition {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  /**
   * The prime field of the job's session (default `p127`): every party creates the session with
   * it, so it is part of what owners approve.
   */
  readonly field?: ProgramField;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** The smallest and largest number of input datasets (default 1 and 64). */
  readonly inputCount?: { readonly min: number; readonly max: number };
  input(params: Params): InputSchema;
  /** Row and value limits for `params` (see {@link ProgramLimits}); default none. */
  limits?(params: Params): ProgramLimits;
  readonly outputs: Readonly<Record<string, OutputSpec>>;
  /**
   * Secret group-count vectors `run` returns beside its outputs (integers, e.g. the number of
   * women per company), for disclosure control (see {@link OutputSpec.groups}). Never revealed.
   */
  readonly groups?: Readonly<Record<string, GroupSpec>>;
  /**
   * The minimum group size: an output element computed from fewer rows is suppressed. `min` is
   * the program's own floor (an integer >= 1); `param` optionally names an integer parameter
   * that may raise it (the larger of the two applies).
   */
  readonly minGroupSize?: { readonly min: number; readonly param?: string };
  run(
    mpc: Session,
    inputs: readonly SecureInput[],
    params: Params,
    artifacts?: SecureArtifacts,
  ): Promise<SecureOutputs>;
}

/** Decoded output values, by output name: number[], bigint[] or boolean[]. */
export type ProgramResult = Readonly<
  Record<string, readonly number[] | readonly bigint[] | readonly boolean[]>
>;

/**
 * Declares a program: checks nothing, but gives `definition` its contextual type and freezes it.
 * @example
 * ```ts
 * export const count: ProgramDefinition = defineProgram({ name: 'count', ... });
 * ```
 */
export function defineProgram(definition: ProgramDefinition): ProgramDefinition {
  return Object.freeze(definition);
}

/**
 * The prime field `program` runs in (its declared `field`, default p127).
 * @example
 * ```ts
 * programField(paygap).name; // 'p255'
 * ```
 */
export function programField(program: ProgramDefinition): PrimeField {
  return fields[program.field ?? 'p127'];
}
