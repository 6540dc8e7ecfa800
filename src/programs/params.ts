/**
 * Public parameters: validation against a program's parameter schema, and the canonical encoding
 * whose hash goes on chain as the job's `paramsHash`.
 *
 * Canonical form: the validated parameters (defaults applied, every declared parameter present)
 * as JSON with keys sorted, numbers in JavaScript's shortest round-trip form, lists as JSON
 * arrays in their given order (so a list's every element and its order are under the hash). The params hash is
 * keccak256 of the UTF-8 of `"parley-params/1\n" + programName + "\n" + canonicalJson`, so the
 * same values for another program hash differently. keccak256 because the hash is compared on
 * chain and every other ledger hash is keccak256.
 *
 * @module
 */
import { keccak256, stringToBytes, type Hex } from 'viem';
import { ProgramParamError } from './errors.js';
import type { ParamSpec, ParamValue, Params, ProgramDefinition } from './types.js';

/** An artifact id: `<jobId>.<output name>` (see `src/node/store/artifacts.ts`). */
export const ARTIFACT_ID: RegExp = /^(\d{1,30})\.([A-Za-z][A-Za-z0-9_]{0,63})$/;

/** The most elements any list parameter may have. */
export const MAX_LIST_LENGTH = 4096;

function describeItems(spec: ParamSpec & { type: 'list' }): string {
  const lo = spec.minLength ?? 0;
  const hi = Math.min(spec.maxLength ?? 256, MAX_LIST_LENGTH);
  const item =
    spec.items === 'number'
      ? describe({ type: 'number', description: '', ...pick(spec, ['integer', 'min', 'max']) })
      : describe({ type: 'string', description: '', ...pick(spec, ['pattern', 'oneOf']) });
  return `a list of ${lo}..${hi} items, each ${item}`;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function describe(spec: ParamSpec): string {
  switch (spec.type) {
    case 'artifact':
      return 'an artifact id <jobId>.<output name> (e.g. 12.model)';
    case 'list':
      return describeItems(spec);
    case 'number': {
      const kind = spec.integer === true ? 'an integer' : 'a finite number';
      const lo = spec.min === undefined ? '' : ` >= ${spec.min}`;
      const hi = spec.max === undefined ? '' : `${lo === '' ? '' : ' and'} <= ${spec.max}`;
      return kind + lo + hi;
    }
    case 'string':
      return spec.oneOf !== undefined
        ? `one of ${spec.oneOf.map((s) => JSON.stringify(s)).join(', ')}`
        : spec.pattern !== undefined
          ? `a string matching ${String(spec.pattern)}`
          : 'a string';
    case 'boolean':
      return 'true or false';
  }
}

function checkList(
  program: string,
  name: string,
  spec: ParamSpec & { type: 'list' },
  v: unknown,
): readonly number[] | readonly string[] {
  const hi = Math.min(spec.maxLength ?? 256, MAX_LIST_LENGTH);
  const lo = spec.minLength ?? 0;
  if (!Array.isArray(v)) throw new ProgramParamError(program, name, describe(spec));
  if (v.length < lo || v.length > hi) {
    throw new ProgramParamError(program, name, `${describe(spec)} (got ${v.length} items)`);
  }
  const item: ParamSpec =
    spec.items === 'number'
      ? { type: 'number', description: '', ...pick(spec, ['integer', 'min', 'max']) }
      : { type: 'string', description: '', ...pick(spec, ['pattern', 'oneOf']) };
  const out = (v as unknown[]).map((x, i) => check(program, `${name}[${i}]`, item, x));
  return Object.freeze(out) as readonly number[] | readonly string[];
}

function check(program: string, name: string, spec: ParamSpec, v: unknown): ParamValue {
  const fail = (): never => {
    throw new ProgramParamError(program, name, describe(spec));
  };
  switch (spec.type) {
    case 'artifact':
      return typeof v === 'string' && ARTIFACT_ID.test(v) ? v : fail();
    case 'list':
      return checkList(program, name, spec, v);
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return fail();
      if (spec.integer === true && !Number.isSafeInteger(v)) return fail();
      if (spec.min !== undefined && v < spec.min) return fail();
      if (spec.max !== undefined && v > spec.max) return fail();
      return Object.is(v, -0) ? 0 : v;
    }
    case 'string': {
      if (typeof v !== 'string' || v.length > 256) return fail();
      if (spec.oneOf !== undefined && !spec.oneOf.includes(v)) return fail();
      if (spec.pattern !== undefined && !new RegExp(`^(?:${spec.pattern.source})$`).test(v))
        return fail();
      return v;
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : fail();
  }
}

/**
 * Validates `raw` against `program.params`: every declared parameter must be present (or have a
 * default) and fit its spec; undeclared parameters are refused. Returns a frozen copy.
 * @throws {ProgramParamError} naming the first parameter that does not fit.
 * @example
 * ```ts
 * const params = validateParams(paygap, { threshold: 5 }); // { threshold: 5, female: 'F', male: 'M' }
 * ```
 */
export function validateParams(program: ProgramDefinition, raw: unknown): Params {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProgramParamError(program.name, '(all)', 'an object of named parameters');
  }
  const given = raw as Record<string, unknown>;
  for (const k of Object.keys(given)) {
    if (!Object.hasOwn(program.params, k)) {
      throw new ProgramParamError(program.name, k, 'no such parameter');
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const [name, spec] of Object.entries(program.params)) {
    const v = Object.hasOwn(given, name) ? given[name] : spec.default;
    if (v === undefined) throw new ProgramParamError(program.name, name, describe(spec));
    out[name] = check(program.name, name, spec, v);
  }
  return Object.freeze(out);
}

/**
 * Parses `k=v` strings (as the CLI's `--param`) into raw values typed by the program's schema:
 * numbers for `number` parameters, `true`/`false` for booleans, the text otherwise.
 * @throws {ProgramParamError} for a malformed pair or value.
 * @example
 * ```ts
 * parseParamPairs(paygap, ['threshold=5']); // { threshold: 5 }
 * ```
 */
export function parseParamPairs(
  program: ProgramDefinition,
  pairs: readonly string[],
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    const name = i < 0 ? pair : pair.slice(0, i);
    const spec = program.params[name];
    if (i <= 0 || spec === undefined) {
      throw new ProgramParamError(program.name, name === '' ? '(empty)' : name, 'name=value');
    }
    const text = pair.slice(i + 1);
    if (spec.type === 'list') {
      out[name] = parseListText(program, name, spec, text);
    } else if (spec.type === 'number') {
      const n = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) throw new ProgramParamError(program.name, name, describe(spec));
      out[name] = n;
    } else if (spec.type === 'boolean') {
      if (text !== 'true' && text !== 'false') {
        throw new ProgramParamError(program.name, name, describe(spec));
      }
      out[name] = text === 'true';
    } else out[name] = text;
  }
  return out;
}

/**
 * A list parameter from the CLI: a JSON array (`["a","b"]`, `[1,2]`), or items separated by
 * commas (`1,2,3`; for strings, no item may then contain a comma); empty text is the empty list.
 */
function parseListText(
  program: ProgramDefinition,
  name: string,
  spec: ParamSpec & { type: 'list' },
  text: string,
): readonly number[] | readonly string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed as number[] | string[];
    } catch {
      /* fall through to the error */
    }
    throw new ProgramParamError(program.name, name, `${describe(spec)} (as a JSON array)`);
  }
  if (t === '') return [];
  const parts = text.split(',');
  if (spec.items === 'string') return parts.map((p) => p.trim());
  return parts.map((p, i) => {
    const n = p.trim() === '' ? NaN : Number(p);
    if (!Number.isFinite(n)) {
      throw new ProgramParamError(program.name, `${name}[${i}]`, describe(spec));
    }
    return n;
  });
}

/**
 * The canonical JSON of validated parameters (keys sorted).
 * @example
 * ```ts
 * canonicalParams({ threshold: 5, female: 'F' }); // '{"female":"F","threshold":5}'
 * ```
 */
export function canonicalParams(params: Params): string {
  const keys = Object.keys(params).sort();
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, params[k]])));
}

/**
 * The job's `paramsHash` for `program` with `raw` parameters (validated first), as defined in the
 * module doc.
 * @throws {ProgramParamError} if the parameters do not fit the program.
 * @example
 * ```ts
 * const paramsHash = paramsHashOf(paygap, { threshold: 5 });
 * ```
 */
export function paramsHashOf(program: ProgramDefinition, raw: unknown): Hex {
  return keccak256(paramsPreimageOf(program, raw));
}

const PREIMAGE_TAG = 'parley-params/1\n';

/**
 * The bytes whose keccak256 is the params hash: what a proposer publishes on chain
 * (`proposeJob(client, { spec, params })`) so every party reads the exact parameters.
 * @throws {ProgramParamError} if the parameters do not fit the program.
 * @example
 * ```ts
 * keccak256(paramsPreimageOf(paygap, { threshold: 5 })) === paramsHashOf(paygap, { threshold: 5 });
 * ```
 */
export function paramsPreimageOf(program: ProgramDefinition, raw: unknown): Uint8Array {
  const params = validateParams(program, raw);
  return stringToBytes(`${PREIMAGE_TAG}${program.name}\n${canonicalParams(params)}`);
}

/**
 * Parses published parameter bytes (from a `JobParams` event, i.e. peer-controlled data) back
 * into a program name and raw parameters. Returns undefined for anything that is not of the
 * form `parley-params/1\n<name>\n<JSON object>`; validate the result against the program with
 * {@link validateParams} before use.
 * @example
 * ```ts
 * parseParamsPreimage(paramsPreimageOf(paygap, { threshold: 5 }))?.program; // 'paygap'
 * ```
 */
export function parseParamsPreimage(
  bytes: Uint8Array,
): { readonly program: string; readonly params: Record<string, unknown> } | undefined {
  if (bytes.length > 16_384) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (!text.startsWith(PREIMAGE_TAG)) return undefined;
  const rest = text.slice(PREIMAGE_TAG.length);
  const nl = rest.indexOf('\n');
  if (nl <= 0) return undefined;
  const program = rest.slice(0, nl);
  let params: unknown;
  try {
    params = JSON.parse(rest.slice(nl + 1));
  } catch {
    return undefined;
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  return { program, params: params as Record<string, unknown> };
}
