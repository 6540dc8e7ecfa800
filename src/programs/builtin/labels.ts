/**
 * Row labels that programs share (built-ins and any program bundle may import this file): one
 * row per input followed by `overall`, or `overall` alone. Runs inside the sandbox; imports
 * types only.
 *
 * @module
 */
import type { LabelShape, OutputLabels } from 'parley/program';

/**
 * Labels of per-input rows followed by an `overall` row: each input's owner, numbered when one
 * owner has several inputs (`acme #1`, `acme #2`).
 * @example
 * ```ts
 * perInputThenOverall.of({ owners: ['acme', 'globex'], params: {} }); // ['acme', 'globex', 'overall']
 * ```
 */
export const perInputThenOverall: OutputLabels = Object.freeze({
  description: 'one row per input (its owner), then overall',
  of: (shape: LabelShape) => [...inputLabels(shape.owners), 'overall'],
});

/** A single `overall` row. */
export const overallOnly: OutputLabels = Object.freeze({
  description: 'one row: overall',
  of: () => ['overall'],
});

/** Input owners as row labels, numbered where an owner has several inputs. */
export function inputLabels(owners: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const o of owners) count.set(o, (count.get(o) ?? 0) + 1);
  const seen = new Map<string, number>();
  return owners.map((o) => {
    if (count.get(o) === 1) return o;
    const k = (seen.get(o) ?? 0) + 1;
    seen.set(o, k);
    return `${o} #${k}`;
  });
}
