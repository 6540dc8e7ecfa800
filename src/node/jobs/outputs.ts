/**
 * Output delivery: who receives which part of a job's outputs, and the public outputs' bytes.
 *
 * Units. Every output (name order, as `checkOutputs` returns them) becomes one or more delivery
 * units, each a contiguous range of its elements with a set of receivers:
 * - `recipients`: one unit for the job's recipients;
 * - `members`: one unit for every consortium member (each is a party of the job);
 * - `public`: one unit for the committee itself; its members open it and write the values on
 *   chain with the result (see {@link encodePublicOutputs});
 * - `owners`: one unit per input dataset, for its owner only (an owner of two inputs gets two);
 *   `slices: 'element'` gives input i element i, `slices: 'rows'` its rows;
 * - `nobody`: one unit with no receiver: its shares stay with the committee (an artifact).
 * Units are numbered 0.. in that order; every party derives the same list from the program, the
 * job and the public row counts, so a receiver knows exactly which shares to expect.
 *
 * Commitments (see `./digest.ts`): member i commits to each unit u separately with its own salt,
 * c_{i,u}; it sends the list c_{i,0..U-1} to every member and every receiver, and (salt, shares)
 * of unit u only to u's receivers. A receiver thus checks its own units against the list and
 * computes the digest from every list, without learning anything of the units it does not get.
 *
 * Public outputs on chain: `parley-public/1\n` ‖ UTF-8 JSON of { name: values } (names sorted,
 * integers as decimal strings, fixed point as JSON numbers, booleans, a suppressed element as
 * null), plus, if the job kept artifacts, `"@artifacts": { name: { type, length } }`: their
 * public shape (a secure type and a length, both public anyway), which a later job taking them
 * reads from here. Every member computes it from the same opened values, so the bytes are the
 * same everywhere; the result signatures cover their keccak256.
 *
 * @module
 */
import { hexToBytes, stringToBytes, toHex, type Hex } from 'viem';
import type { PartyId } from '../../mpc/channel.js';
import { ProgramOutputError } from '../../programs/errors.js';
import type { ProgramDefinition, ProgramResult } from '../../programs/types.js';
import type { SecType } from '../../mpc/secure/types.js';

/** One delivery unit (see the module doc). */
export interface OutputUnit {
  /** Index of the output in name order. */
  readonly output: number;
  readonly name: string;
  /** Element range [start, end) of the output. */
  readonly start: number;
  readonly end: number;
  /** Who receives it (empty for `nobody`). */
  readonly to: readonly PartyId[];
  readonly public: boolean;
  /** For `owners` units: the input dataset whose slice it is. */
  readonly input?: number;
}

/** What the units depend on: the job's parties by role, and the public row counts. */
export interface UnitContext {
  readonly committee: readonly PartyId[];
  readonly recipients: readonly PartyId[];
  /** Every consortium member (needed only when an output goes to `members`). */
  readonly members: readonly PartyId[];
  /** Owner of each input dataset, job order. */
  readonly owners: readonly PartyId[];
  readonly rows: readonly number[];
}

/**
 * True if `program` has an output for every consortium member: then every member's node is a
 * party of its jobs.
 * @example
 * ```ts
 * hasMembersOutput(paygap); // false
 * ```
 */
export function hasMembersOutput(program: ProgramDefinition): boolean {
  return Object.values(program.outputs).some((o) => o.to === 'members');
}

/**
 * The delivery units of `outputs` (name and length, in name order) for a job (module doc).
 * @throws {ProgramOutputError} if an `owners` output has no `slices`, or a length that does not
 *   fit them.
 * @example
 * ```ts
 * const units = outputUnits(program, [['tally', 3]], context);
 * ```
 */
export function outputUnits(
  program: ProgramDefinition,
  outputs: readonly (readonly [name: string, length: number])[],
  ctx: UnitContext,
): OutputUnit[] {
  const units: OutputUnit[] = [];
  outputs.forEach(([name, length], output) => {
    const spec = program.outputs[name];
    if (spec === undefined) throw new ProgramOutputError(`${program.name}: no output ${name}.`);
    const whole = (to: readonly PartyId[], pub = false): void => {
      units.push({ output, name, start: 0, end: length, to, public: pub });
    };
    switch (spec.to) {
      case 'recipients':
        return whole(ctx.recipients);
      case 'members':
        return whole(ctx.members);
      case 'public':
        return whole(ctx.committee, true);
      case 'nobody':
        return whole([]);
      case 'owners': {
        const n = ctx.owners.length;
        const total = ctx.rows.reduce((a, r) => a + r, 0);
        const expected = spec.slices === 'element' ? n : spec.slices === 'rows' ? total : -1;
        if (expected < 0) {
          throw new ProgramOutputError(
            `${program.name}: output ${name} goes to the input owners but declares no slices ('element' or 'rows').`,
            { output: name },
          );
        }
        if (length !== expected) {
          throw new ProgramOutputError(
            `${program.name}: output ${name} has ${length} elements; its ${spec.slices} slices need ${expected}.`,
            { output: name },
          );
        }
        let at = 0;
        ctx.owners.forEach((owner, input) => {
          const size = spec.slices === 'element' ? 1 : ctx.rows[input]!;
          units.push({
            output,
            name,
            start: at,
            end: at + size,
            to: [owner],
            public: false,
            input,
          });
          at += size;
        });
        return;
      }
    }
  });
  return units;
}

/**
 * Every party that receives at least one unit, in first-appearance order.
 * @example
 * ```ts
 * receiversOf(units); // ['acme', 'globex']
 * ```
 */
export function receiversOf(units: readonly OutputUnit[]): PartyId[] {
  const out: PartyId[] = [];
  for (const u of units) for (const p of u.to) if (!out.includes(p)) out.push(p);
  return out;
}

const PUBLIC_TAG = 'parley-public/1\n';

/** The public shape of an artifact, as the producing job's public outputs record it. */
export interface ArtifactShape {
  readonly type: SecType;
  readonly length: number;
}

const ARTIFACTS_KEY = '@artifacts';

/** One output's public values: decoded values with null where suppressed. */
export type PublicValues = Readonly<Record<string, readonly (number | string | boolean | null)[]>>;

/**
 * The on-chain bytes of the public outputs (module doc); `0x` when there are none.
 * @example
 * ```ts
 * encodePublicOutputs({ tally: [3n, 5n] }, {}); // bytes of 'parley-public/1\n{"tally":["3","5"]}'
 * ```
 */
export function encodePublicOutputs(
  values: ProgramResult,
  suppressed: Readonly<Record<string, readonly number[]>>,
  artifacts: Readonly<Record<string, ArtifactShape>> = {},
): Hex {
  const names = Object.keys(values).sort();
  const kept = Object.keys(artifacts).sort();
  if (names.length === 0 && kept.length === 0) return '0x';
  const obj: Record<string, unknown> = {};
  if (kept.length > 0) {
    obj[ARTIFACTS_KEY] = Object.fromEntries(
      kept.map((k) => {
        const a = artifacts[k]!;
        const type =
          a.type.kind === 'fxp'
            ? { kind: 'fxp', k: a.type.k, f: a.type.f }
            : a.type.kind === 'int'
              ? { kind: 'int', k: a.type.k }
              : { kind: 'bit' };
        return [k, { type, length: a.length }];
      }),
    );
  }
  for (const name of names) {
    const hidden = new Set(suppressed[name] ?? []);
    obj[name] = (values[name] as readonly (number | bigint | boolean)[]).map((v, i) =>
      hidden.has(i) ? null : typeof v === 'bigint' ? v.toString() : v,
    );
  }
  return toHex(stringToBytes(PUBLIC_TAG + JSON.stringify(obj)));
}

/**
 * Parses public output bytes read from the chain; undefined for `0x` or anything malformed.
 * @example
 * ```ts
 * decodePublicOutputs(await getPublicOutputs(client, { jobId }))?.['tally']; // ['3', '5']
 * ```
 */
export function decodePublicOutputs(bytes: Hex): PublicValues | undefined {
  const obj = parsePublic(bytes);
  if (obj === undefined) return undefined;
  const out: Record<string, (number | string | boolean | null)[]> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === ARTIFACTS_KEY) continue;
    if (!Array.isArray(v)) return undefined;
    const ok = v.every((x) => x === null || ['number', 'string', 'boolean'].includes(typeof x));
    if (!ok) return undefined;
    out[k] = v as (number | string | boolean | null)[];
  }
  return out;
}

/**
 * The shapes of the artifacts a job kept, from its public output bytes (empty if none or
 * malformed).
 * @example
 * ```ts
 * artifactShapes(await getPublicOutputs(client, { jobId: 12n }))['model']?.length; // 3
 * ```
 */
export function artifactShapes(bytes: Hex): Readonly<Record<string, ArtifactShape>> {
  const raw = parsePublic(bytes)?.[ARTIFACTS_KEY];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, ArtifactShape> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const a = v as { type?: { kind?: unknown; k?: unknown; f?: unknown }; length?: unknown };
    const t = a.type;
    const len = a.length;
    if (typeof len !== 'number' || !Number.isSafeInteger(len) || len < 0 || len > 1 << 24) continue;
    const bits = (x: unknown): x is number =>
      typeof x === 'number' && Number.isSafeInteger(x) && x >= 1 && x <= 254;
    if (t?.kind === 'bit') out[k] = { type: { kind: 'bit' }, length: len };
    else if (t?.kind === 'int' && bits(t.k))
      out[k] = { type: { kind: 'int', k: t.k }, length: len };
    else if (t?.kind === 'fxp' && bits(t.k) && bits(t.f) && t.f < t.k)
      out[k] = { type: { kind: 'fxp', k: t.k, f: t.f }, length: len };
  }
  return out;
}

function parsePublic(bytes: Hex): Record<string, unknown> | undefined {
  if (bytes === '0x') return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(hexToBytes(bytes));
  } catch {
    return undefined;
  }
  if (!text.startsWith(PUBLIC_TAG)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(PUBLIC_TAG.length));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  return parsed as Record<string, unknown>;
}
