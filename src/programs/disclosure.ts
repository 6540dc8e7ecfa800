/**
 * Disclosure control: a program's minimum group size, applied inside the computation before any
 * output is revealed.
 *
 * A program declares `minGroupSize` ({ min, param? }: k = max(min, params[param])) and, for each
 * output computed per group, the secret count vectors of its groups (`OutputSpec.groups`,
 * declared in `ProgramDefinition.groups` and returned by `run` beside the outputs). For such an
 * output the engine computes, in MPC, shown_j = ∧_g (count_g[j] >= k) (one secure comparison
 * per count vector, all at once, then ANDs), and replaces element j by shown_j · value_j (for a
 * boolean output shown_j ∧ value_j). The receivers of the output get shown together with the
 * values: a withheld element reveals only that its group is smaller than k, never its value nor
 * its count. Counts are never revealed. This is the threshold rule of statistical disclosure
 * control (minimum cell frequency; Hundepool et al., "Statistical Disclosure Control", Wiley
 * 2012, ch. 5): a value computed from fewer than k rows is not published.
 *
 * Without `minGroupSize`, or for outputs without `groups`, nothing is changed.
 *
 * @module
 */
import type { SecureVector } from '../mpc/secure/base.js';
import type { SecBitVector } from '../mpc/secure/bit.js';
import type { SecNumVector } from '../mpc/secure/num.js';
import { ProgramOutputError } from './errors.js';
import { checkOutputs } from './run.js';
import type { JobShape, Params, ProgramDefinition, SecureOutputs } from './types.js';

/** One output ready to deliver: its values (small groups zeroed) and, if grouped, its shown bits. */
export interface DisclosedOutput {
  readonly name: string;
  readonly vector: SecureVector;
  /** Secret bit j: element j is shown (its groups are all at least k rows). */
  readonly shown?: SecBitVector;
  /** k, for grouped outputs. */
  readonly minGroupSize?: number;
}

/**
 * The minimum group size of `program` with `params`, or undefined if it declares none.
 * @throws {ProgramOutputError} if the declaration or its parameter is not an integer >= 1.
 * @example
 * ```ts
 * minGroupSizeOf(paygap, params); // 3
 * ```
 */
export function minGroupSizeOf(program: ProgramDefinition, params: Params): number | undefined {
  const decl = program.minGroupSize;
  if (decl === undefined) return undefined;
  const bad = (what: string): never => {
    throw new ProgramOutputError(`${program.name}: minGroupSize ${what} must be an integer >= 1.`, {
      program: program.name,
    });
  };
  if (!Number.isSafeInteger(decl.min) || decl.min < 1) bad('min');
  if (decl.param === undefined) return decl.min;
  const v = params[decl.param];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) bad(`parameter ${decl.param}`);
  return Math.max(decl.min, v as number);
}

/** The length of group vector `name` for a job of `shape`. */
function groupLength(program: ProgramDefinition, name: string, shape: JobShape): number {
  const spec = program.groups?.[name];
  if (spec === undefined) {
    throw new ProgramOutputError(`${program.name}: no group count vector ${name}.`, {
      output: name,
    });
  }
  return typeof spec.length === 'number' ? spec.length : spec.length(shape);
}

/**
 * Splits what `run` returned into outputs and group counts, checks both against the program,
 * and applies the minimum group size (module doc). Returns the outputs in name order.
 * @throws {ProgramOutputError} naming the output or group vector at fault.
 * @example
 * ```ts
 * const outputs = await discloseOutputs(paygap, params, { rows }, await paygap.run(...));
 * ```
 */
export async function discloseOutputs(
  program: ProgramDefinition,
  params: Params,
  shape: JobShape,
  returned: SecureOutputs,
): Promise<DisclosedOutput[]> {
  const groupNames = Object.keys(program.groups ?? {}).sort();
  const outputsOnly: Record<string, SecureVector> = {};
  const groups = new Map<string, SecNumVector>();
  for (const [name, v] of Object.entries(returned)) {
    if (groupNames.includes(name)) {
      const length = groupLength(program, name, shape);
      if ((v.type.kind !== 'int' && v.type.kind !== 'fxp') || v.length !== length) {
        throw new ProgramOutputError(
          `${program.name}: group count vector ${name} is ${v.shape}; expected an integer vector of ${length}.`,
          { output: name },
        );
      }
      groups.set(name, v as SecNumVector);
    } else outputsOnly[name] = v;
  }
  for (const g of groupNames) {
    if (!groups.has(g)) {
      throw new ProgramOutputError(`${program.name}: group count vector ${g} is missing.`, {
        output: g,
      });
    }
  }
  const ordered = checkOutputs(program, shape, outputsOnly);
  const k = minGroupSizeOf(program, params);
  if (k === undefined) return ordered.map(([name, vector]) => ({ name, vector }));
  // Every group vector some output uses: one comparison each, all in the same round.
  const used = [
    ...new Set(
      ordered.flatMap(([n]) =>
        program.outputs[n]!.to === 'nobody' ? [] : (program.outputs[n]!.groups ?? []),
      ),
    ),
  ];
  for (const g of used) {
    if (!groups.has(g)) {
      throw new ProgramOutputError(`${program.name}: output groups name no count vector ${g}.`, {
        output: g,
      });
    }
  }
  const big = new Map<string, SecBitVector>(
    await Promise.all(used.map(async (g) => [g, await groups.get(g)!.ge(k)] as const)),
  );
  return Promise.all(
    ordered.map(async ([name, vector]) => {
      const spec = program.outputs[name]!;
      // An artifact is revealed to nobody: the job that later opens it applies its own rule.
      const names = spec.to === 'nobody' ? [] : (spec.groups ?? []);
      if (names.length === 0) return { name, vector };
      let shown: SecBitVector | undefined;
      for (const g of names) {
        const b = big.get(g)!;
        if (b.length !== vector.length) {
          throw new ProgramOutputError(
            `${program.name}: output ${name} has ${vector.length} elements but its group vector ${g} has ${b.length}.`,
            { output: name },
          );
        }
        shown = shown === undefined ? b : await shown.and(b);
      }
      const kept =
        vector.type.kind === 'bit'
          ? await (vector as SecBitVector).and(shown!)
          : await shown!.select(vector as SecNumVector, 0);
      return { name, vector: kept, shown: shown!, minGroupSize: k };
    }),
  );
}
