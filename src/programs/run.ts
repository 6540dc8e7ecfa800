/**
 * Running a program on one party: the owner-side preparation of an input dataset (plaintext
 * checks and encoding, before anything is shared), the sharing of every input in a fixed order,
 * the call of the program's body, and the check of its outputs against the output spec.
 *
 * Order of inputs (every party must agree on it): input datasets in job order; within one
 * dataset, its schema's columns sorted by name (JavaScript string order); an `integer` column is
 * one `secint(bits)` input of `rows` stored integers, a `number` column one `secfxp()` input of
 * `rows` values, a `category` column one `secbit` input of
 * `rows · labels` indicator bits (label-major: all rows of the first listed label, then the
 * next). Row counts are public and must be known to every party before the inputs are shared.
 *
 * Security: preparation runs on the owner's plaintext; its errors name the dataset index, the
 * column and the row, never a value, and carry in `details.public` what may leave the owner
 * (the column and the kind of defect, without the row: one row's fault is a fact about it). Nothing is sent before every input of the owner is prepared,
 * so a bad row fails the owner before any share leaves it.
 *
 * @module
 */
import type { PartyId } from '../mpc/channel.js';
import type { SecureVector } from '../mpc/secure/base.js';
import type { SecBitVector } from '../mpc/secure/bit.js';
import type { SecFxpVector } from '../mpc/secure/fxp.js';
import type { SecIntVector } from '../mpc/secure/int.js';
import type { Session } from '../mpc/secure/session.js';
import { fxpFormat } from '../mpc/protocols/fixed.js';
import { secbit, secint, wideint } from '../mpc/secure/types.js';
import { ProgramInputError, ProgramOutputError } from './errors.js';
import {
  checkRowCounts,
  describeBounds,
  describeIntegerBounds,
  integerBounds,
  numberBounds,
  scaleOf,
  withinBounds,
} from './limits.js';
import { columnNumber, programField } from './types.js';
import type {
  ColumnData,
  DatasetColumns,
  InputSchema,
  JobShape,
  Params,
  ProgramDefinition,
  SecureInput,
  SecureOutputs,
} from './types.js';

/** One column ready to share: numbers (reals) or indicator bits. Secret. */
type PreparedColumn =
  | { readonly kind: 'integer'; readonly values: BigInt64Array }
  | { readonly kind: 'number'; readonly values: readonly bigint[] }
  | { readonly kind: 'category'; readonly bits: Uint8Array };

/** One input dataset, checked and encoded on its owner, ready to share. Secret: never log it. */
export interface PreparedInput {
  readonly rows: number;
  readonly columns: ReadonlyMap<string, PreparedColumn>;
}

/** a / d rounded to the nearest integer, halves away from zero (d > 0). */
function divRound(a: bigint, d: bigint): bigint {
  const q = (2n * (a < 0n ? -a : a) + d) / (2n * d);
  return a < 0n ? -q : q;
}

/**
 * Stored value `v` of a numeric column as the scaled integer round(x · 2^f) of fixed point with
 * f fractional bits, exactly (halves away from zero): integers (and dates, timestamps, booleans)
 * v · 2^f, decimals v · 2^f / 10^scale, fixed v · 2^(f − fractionBits).
 */
function fixedScaled(col: ColumnData, v: bigint, f: number): bigint {
  switch (col.type) {
    case 'decimal':
      return divRound(v << BigInt(f), 10n ** BigInt(col.scale));
    case 'fixed':
      return col.fractionBits <= f
        ? v << BigInt(f - col.fractionBits)
        : divRound(v, 1n << BigInt(col.fractionBits - f));
    default:
      return v << BigInt(f);
  }
}

/** The schema's column names in sharing order. */
function columnOrder(schema: InputSchema): string[] {
  return Object.keys(schema).sort();
}

/**
 * Checks the number of input datasets against the program's bounds.
 * @throws {ProgramInputError} naming the program and the count.
 * @example
 * ```ts
 * checkInputCount(paygap, 3);
 * ```
 */
export function checkInputCount(program: ProgramDefinition, count: number): void {
  const { min, max } = program.inputCount ?? { min: 1, max: 64 };
  if (count < min || count > max) {
    throw new ProgramInputError(
      `${program.name}: expected ${min}..${max} input datasets, got ${count}.`,
      { program: program.name, count },
    );
  }
}

/**
 * Checks and encodes input dataset `index` (its `columns`, as loaded from the store) for
 * `program` with `params`, on its owner, with the bounds of `./limits.ts` (the same the
 * proposer's node checked against the catalog). Only the columns of the input schema are read.
 * @throws {ProgramInputError} naming the dataset index, column and row (never a value);
 *   `details.public` is the same without the row.
 * @example
 * ```ts
 * const prepared = prepareInput(paygap, params, 0, columns);
 * ```
 */
export function prepareInput(
  program: ProgramDefinition,
  params: Params,
  index: number,
  columns: DatasetColumns,
): PreparedInput {
  const schema = program.input(params);
  const where = `${program.name}: input ${index}`;
  let rows: number | undefined;
  const out = new Map<string, PreparedColumn>();
  for (const name of columnOrder(schema)) {
    const req = schema[name]!;
    const col: ColumnData | undefined = Object.hasOwn(columns, name) ? columns[name] : undefined;
    const fail = (message: string, pub: string, extra: Record<string, unknown> = {}): never => {
      throw new ProgramInputError(`${where}: ${message}`, {
        input: index,
        column: name,
        ...extra,
        public: pub,
      });
    };
    if (col === undefined) {
      return fail(`the dataset has no column ${name}.`, `column ${name} missing`);
    }
    if (rows === undefined) rows = col.values.length;
    if (col.values.length !== rows) {
      fail('columns have different row counts.', 'columns of different lengths');
    }
    const bad = (row: number, expected: string, pub: string): never =>
      fail(`column ${name}, row ${row + 1}: expected ${expected}.`, `column ${name} ${pub}`, {
        row: row + 1,
      });
    if (req.kind === 'integer') {
      if (col.type !== 'integer' && col.type !== 'decimal') {
        return fail(
          `column ${name} is ${col.type}; the program needs exact numbers: an integer or decimal column (e.g. money as decimal(2)).`,
          `column ${name} is not a number`,
        );
      }
      const b = integerBounds(req);
      const expected = `a value ${describeIntegerBounds(b, scaleOf(col), '')}`;
      const values = new BigInt64Array(col.values.length);
      col.values.forEach((v, row) => {
        if (v < b.min || v > b.max) bad(row, expected, 'out of range');
        values[row] = v;
      });
      out.set(name, { kind: 'integer', values });
    } else if (req.kind === 'number') {
      if (col.type === 'category' || col.type === 'identifier') {
        return fail(
          `column ${name} is ${col.type === 'category' ? 'a category' : 'an identifier'}; the program needs a number (integer, decimal or fixed).`,
          `column ${name} is not a number`,
        );
      }
      const { k, f } = fxpFormat({}, programField(program));
      const b = numberBounds(req, 2 ** (k - f - 1));
      const expected = `a number ${describeBounds(b, '')}`;
      const top = 1n << BigInt(k - 1);
      const values = col.values.map((v, row) => {
        // Bounds in the column's units (decimal / 10^scale, fixed / 2^fractionBits), then the
        // exact scaled integer x̄ = round(x · 2^f) of the field's fixed point.
        const x = columnNumber(col, v);
        const scaled = fixedScaled(col, v, f);
        return Number.isFinite(x) && withinBounds(x, b) && scaled >= -top && scaled < top
          ? scaled
          : bad(row, expected, 'out of range');
      });
      out.set(name, { kind: 'number', values });
    } else {
      if (col.type !== 'category') {
        return fail(
          `column ${name} is ${col.type}; the program needs a category.`,
          `column ${name} is not a category`,
        );
      }
      const at = req.labels.map((label) =>
        col.labels.indexOf(label) < 0
          ? fail(
              `column ${name} has no label ${JSON.stringify(label)}.`,
              `column ${name} has no label ${JSON.stringify(label)}`,
              { label },
            )
          : BigInt(col.labels.indexOf(label)),
      );
      const n = col.values.length;
      const bits = new Uint8Array(n * at.length);
      col.values.forEach((v, row) => {
        if (v < 0n || v >= BigInt(col.labels.length)) {
          bad(row, 'a label index', 'holds a cell that is not a label');
        }
        at.forEach((j, k) => {
          bits[k * n + row] = v === j ? 1 : 0;
        });
      });
      out.set(name, { kind: 'category', bits });
    }
  }
  return { rows: rows ?? 0, columns: out };
}

/** One input dataset of a job as every party knows it: its owner and public row count. */
export interface InputSlot {
  readonly owner: PartyId;
  readonly rows: number;
}

class SharedInput implements SecureInput {
  constructor(
    readonly owner: PartyId,
    readonly rows: number,
    private readonly numbers: ReadonlyMap<string, SecFxpVector>,
    private readonly integers: ReadonlyMap<string, SecIntVector>,
    private readonly indicators: ReadonlyMap<string, ReadonlyMap<string, SecBitVector>>,
  ) {}

  integer(name: string): SecIntVector {
    const v = this.integers.get(name);
    if (v === undefined) {
      throw new ProgramInputError(`integer: no integer column ${name} in the input schema.`, {
        column: name,
      });
    }
    return v;
  }

  number(name: string): SecFxpVector {
    const v = this.numbers.get(name);
    if (v === undefined) {
      throw new ProgramInputError(`number: no numeric column ${name} in the input schema.`, {
        column: name,
      });
    }
    return v;
  }

  indicator(name: string, label: string): SecBitVector {
    const v = this.indicators.get(name)?.get(label);
    if (v === undefined) {
      throw new ProgramInputError(`indicator: no label ${label} of column ${name} in the schema.`, {
        column: name,
      });
    }
    return v;
  }
}

/**
 * Shares every input dataset of the job among the committee (one `input` per column, in the
 * order of the module doc), all in one round: every `input` is started before any is awaited,
 * and returns the secure inputs. Every party calls it with the same
 * `slots`; the owner of slot i passes `prepared.get(i)`.
 * @example
 * ```ts
 * const inputs = await shareInputs(mpc, paygap, params, slots, new Map([[0, prepared]]));
 * ```
 */
export async function shareInputs(
  mpc: Session,
  program: ProgramDefinition,
  params: Params,
  slots: readonly InputSlot[],
  prepared: ReadonlyMap<number, PreparedInput>,
): Promise<SecureInput[]> {
  checkInputCount(program, slots.length);
  const field = programField(program);
  if (mpc.field.name !== field.name) {
    throw new ProgramInputError(
      `${program.name}: runs in field ${field.name}, but the session is in field ${mpc.field.name}.`,
      { program: program.name },
    );
  }
  checkRowCounts(
    program,
    params,
    slots.map((s) => s.rows),
  );
  const schema = program.input(params);
  const order = columnOrder(schema);
  // Every `input` is started before any is awaited: the session numbers them in call order (the
  // same at every party) and runs them concurrently, so every owner deals all of its columns at
  // once and the committee receives every dataset in one round, not one dataset after another.
  const pending: Promise<void>[] = [];
  const built: (() => SecureInput)[] = [];
  for (const [i, slot] of slots.entries()) {
    const mine = slot.owner === mpc.self ? prepared.get(i) : undefined;
    if (slot.owner === mpc.self && mine === undefined) {
      throw new ProgramInputError(`${program.name}: input ${i} is ours but was not prepared.`, {
        input: i,
      });
    }
    if (mine !== undefined && mine.rows !== slot.rows) {
      throw new ProgramInputError(`${program.name}: input ${i} has a different row count.`, {
        input: i,
      });
    }
    const numbers = new Map<string, SecFxpVector>();
    const integers = new Map<string, SecIntVector>();
    const indicators = new Map<string, Map<string, SecBitVector>>();
    for (const name of order) {
      const req = schema[name]!;
      const col = mine?.columns.get(name);
      if (req.kind === 'integer') {
        const values = col?.kind === 'integer' ? col.values : undefined;
        const type = secint(req.bits);
        pending.push(
          mpc
            .input(values, { from: slot.owner, type, length: slot.rows })
            .then((v) => void integers.set(name, v)),
        );
      } else if (req.kind === 'number') {
        // The owner sends the exact scaled integers x̄ (see prepareInput); read as secfxp().
        const values = col?.kind === 'number' ? col.values : undefined;
        const fxp = mpc.secfxp();
        const carrier = fxp.k > 64 ? wideint(fxp.k) : secint(fxp.k);
        pending.push(
          mpc
            .input(values, { from: slot.owner, type: carrier, length: slot.rows })
            .then((raw) => void numbers.set(name, mpc.fromShares(fxp, raw.length, raw.share))),
        );
      } else {
        const bits = col?.kind === 'category' ? col.bits : undefined;
        const L = req.labels.length;
        pending.push(
          mpc
            .input(bits, { from: slot.owner, type: secbit, length: slot.rows * L })
            .then(
              (v) =>
                void indicators.set(
                  name,
                  new Map(
                    req.labels.map((label, k) => [
                      label,
                      v.slice(k * slot.rows, (k + 1) * slot.rows),
                    ]),
                  ),
                ),
            ),
        );
      }
    }
    built.push(() => new SharedInput(slot.owner, slot.rows, numbers, integers, indicators));
  }
  await Promise.all(pending);
  return built.map((b) => b());
}

/**
 * The public length of output `name` for a job of `shape`.
 * @example
 * ```ts
 * outputLength(paygap, 'meanFemale', { rows: [4, 2, 3] }); // 4
 * ```
 */
export function outputLength(program: ProgramDefinition, name: string, shape: JobShape): number {
  const spec = program.outputs[name];
  if (spec === undefined) throw new ProgramOutputError(`${program.name}: no output ${name}.`);
  return typeof spec.length === 'number' ? spec.length : spec.length(shape);
}

/**
 * Checks that `outputs` has exactly the declared outputs, each of the declared type and length,
 * and returns them in the output spec's order (sorted by name), which fixes the reveal order.
 * @throws {ProgramOutputError} naming the output.
 * @example
 * ```ts
 * const ordered = checkOutputs(paygap, { rows: [4, 5, 3] }, outputs);
 * ```
 */
export function checkOutputs(
  program: ProgramDefinition,
  shape: JobShape,
  outputs: SecureOutputs,
): [name: string, vector: SecureVector][] {
  const names = Object.keys(program.outputs).sort();
  const got = Object.keys(outputs);
  for (const g of got) {
    // Group-count vectors (disclosure control, `./disclosure.ts`) are returned beside outputs.
    if (!names.includes(g) && !Object.hasOwn(program.groups ?? {}, g)) {
      throw new ProgramOutputError(`${program.name}: undeclared output ${g}.`, { output: g });
    }
  }
  return names.map((name) => {
    const v = Object.hasOwn(outputs, name) ? outputs[name] : undefined;
    if (v === undefined) {
      throw new ProgramOutputError(`${program.name}: output ${name} is missing.`, { output: name });
    }
    const spec = program.outputs[name]!;
    const kind = { fixed: 'fxp', integer: 'int', boolean: 'bit' }[spec.type];
    const length = outputLength(program, name, shape);
    if (v.type.kind !== kind || v.length !== length) {
      throw new ProgramOutputError(
        `${program.name}: output ${name} is ${v.shape}; expected ${spec.type}[${length}].`,
        { output: name },
      );
    }
    return [name, v];
  });
}

/**
 * Shares the inputs, runs the program's body and checks its outputs: everything a party does
 * for a program up to (not including) the delivery of the outputs.
 * @example
 * ```ts
 * const outputs = await runProgram(mpc, paygap, params, slots, prepared);
 * ```
 */
export async function runProgram(
  mpc: Session,
  program: ProgramDefinition,
  params: Params,
  slots: readonly InputSlot[],
  prepared: ReadonlyMap<number, PreparedInput>,
): Promise<[name: string, vector: SecureVector][]> {
  const inputs = await shareInputs(mpc, program, params, slots, prepared);
  const outputs = await program.run(mpc, inputs, params);
  return checkOutputs(program, { rows: slots.map((s) => s.rows), params }, outputs);
}
