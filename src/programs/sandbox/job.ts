/**
 * One job's run of a sandboxed program: a fresh QuickJS sandbox (`./quickjs.ts`), the table of
 * the job's secret vectors on the host, and the scoped op set a program may call on them.
 *
 * The handle table. Every secret vector a program holds is a {@link SecureVector} of the job's
 * session kept here under a number; the sandbox sees the number only through the prelude's
 * opaque wrappers (`./prelude.ts`). Every bridge call is checked before anything runs: the op
 * is on the allowlist for its receiver's kind, every handle exists and is of the kind the op
 * takes, public numbers are finite (bigints exact), indices and bit lengths are safe integers
 * in range. A failed check, or a failure of the engine, comes back to the program as an
 * exception; if the program lets it escape, `run` rejects with the ORIGINAL host error when it
 * is one of Parley's (so an abort of a peer keeps its class and the party it names), else with a
 * {@link ProgramSandboxError} naming the program and quoting the message.
 *
 * What is not there: `open`, `revealTo`, shares, the runtime, the session, party ids beyond the
 * input owners. The only way a value leaves is as a declared output, which `run` returns as a
 * {@link SecureVector} to the executor, which delivers it (docs/jobs.md).
 *
 * Bounds: at most {@link MAX_HANDLES} vectors and {@link MAX_ELEMENTS} elements in all per job
 * (the host's memory for secret values); public arrays of at most 2^24 elements.
 *
 * @module
 */
import { ParleyError, type ErrorDetails } from '../../errors/base.js';
import type { SecureVector } from '../../mpc/secure/base.js';
import { SecBitVector } from '../../mpc/secure/bit.js';
import { SecFxpVector } from '../../mpc/secure/fxp.js';
import { SecIntVector } from '../../mpc/secure/int.js';
import type { Session } from '../../mpc/secure/session.js';
import { checkTypeFits, secbit, secint, wideint, type SecIntType } from '../../mpc/secure/types.js';
import { ProgramInputError, ProgramParamError } from '../errors.js';
import type { Params, SecureArtifacts, SecureInput, SecureOutputs } from '../types.js';
import { ASYNC_OPS, SYNC_OPS } from './prelude.js';
import {
  ProgramSandboxError,
  Sandbox,
  newQuickJSModule,
  type SandboxHost,
  type SandboxLimits,
} from './quickjs.js';

/** The most secret vectors one job may create. */
export const MAX_HANDLES = 1_000_000;
/** The most secret elements (summed over every vector) one job may create. */
export const MAX_ELEMENTS: number = 2 ** 26;
const MAX_PUBLIC_LENGTH = 2 ** 24;

/** Limits of one job's sandbox. */
export interface JobLimits extends SandboxLimits {
  /** Wall-clock time for the whole run, communication included, in ms (default 1 hour). */
  readonly wallMs?: number;
}

type Kind = 'int' | 'fxp' | 'bit';

/** An error of a check on the bridge: comes back to the program as a TypeError/RangeError. */
class BridgeError extends Error {
  constructor(
    message: string,
    readonly kindOf: 'TypeError' | 'RangeError' = 'TypeError',
  ) {
    super(message);
  }
}

function kindOf(v: SecureVector): Kind {
  return v.type.kind;
}

/** A program error reported by the sandbox (`{ err }` of the prelude) as a host error. */
export function hostError(
  program: string,
  e: Record<string, unknown>,
  originals: ReadonlyMap<number, unknown>,
): Error {
  const ref = typeof e['ref'] === 'number' ? originals.get(e['ref']) : undefined;
  // An error of the engine (an abort naming a party, a protocol failure) keeps its class.
  if (ref instanceof ParleyError) return ref;
  const name = String(e['name']);
  const message = String(e['message']).slice(0, 1000);
  if (name === 'ProgramParamError') {
    return new ProgramParamError(String(e['program']), String(e['param']), String(e['expected']));
  }
  if (name === 'ProgramInputError') {
    const d = e['details'];
    return new ProgramInputError(
      message,
      d !== null && typeof d === 'object' ? (d as ErrorDetails) : {},
    );
  }
  return new ProgramSandboxError(program, `failed: ${name}: ${message}`);
}

/** The host side of one job: the handle table and the op set. */
class JobHost implements SandboxHost {
  private readonly handles = new Map<number, SecureVector>();
  private nextId = 1;
  private elements = 0;
  /** Host errors sent to the program, by ref, so `run` can rethrow the original. */
  readonly originals = new Map<number, unknown>();
  private nextRef = 1;

  constructor(
    private readonly mpc: Session,
    private readonly inputs: readonly SecureInput[],
  ) {}

  register(v: SecureVector): number {
    if (this.handles.size >= MAX_HANDLES || this.elements + v.length > MAX_ELEMENTS) {
      throw new BridgeError(
        `the program holds more than ${MAX_HANDLES} secret vectors or ${MAX_ELEMENTS} secret values.`,
        'RangeError',
      );
    }
    const id = this.nextId++;
    this.handles.set(id, v);
    this.elements += v.length;
    return id;
  }

  vector(id: number): SecureVector {
    return this.handles.get(id)!;
  }

  clear(): void {
    this.handles.clear();
  }

  /** Parses a payload: handles to vectors (they must exist), bigints to bigints. */
  private parse(op: string, payload: string): unknown[] {
    const args: unknown = JSON.parse(payload, (_key, x: unknown) => {
      if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
        const o = x as Record<string, unknown>;
        if (Object.hasOwn(o, '$h')) {
          const id = o['$h'];
          const v = typeof id === 'number' ? this.handles.get(id) : undefined;
          if (v === undefined) throw new BridgeError(`${op}: no such secret vector.`);
          return v;
        }
        if (Object.hasOwn(o, '$n')) {
          const n = o['$n'];
          if (typeof n !== 'string' || !/^-?[0-9]{1,80}$/.test(n)) {
            throw new BridgeError(`${op}: malformed integer.`);
          }
          return BigInt(n);
        }
      }
      return x;
    });
    if (!Array.isArray(args)) throw new BridgeError(`${op}: malformed call.`);
    return args;
  }

  private encode(value: unknown): string {
    return JSON.stringify({ ok: this.wire(value) });
  }

  /** `value` for the sandbox: secret vectors become new handles `{ $v }`, bigints stay. */
  wire(value: unknown): unknown {
    if (
      value instanceof SecIntVector ||
      value instanceof SecFxpVector ||
      value instanceof SecBitVector
    ) {
      const h = this.register(value);
      const d: Record<string, unknown> = { h, kind: kindOf(value), length: value.length };
      if (value instanceof SecIntVector) d['bits'] = value.bits;
      return { $v: d };
    }
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.wire(v);
      return out;
    }
    return value;
  }

  private reply(e: unknown): string {
    const ref = this.nextRef++;
    this.originals.set(ref, e);
    const name =
      e instanceof BridgeError
        ? e.kindOf
        : e instanceof RangeError
          ? 'RangeError'
          : e instanceof TypeError
            ? 'TypeError'
            : 'Error';
    const message = e instanceof Error ? e.message : String(e);
    // A check of the bridge is the program's fault: it keeps its own message, not the original.
    return JSON.stringify({ err: { name, message, ...(e instanceof BridgeError ? {} : { ref }) } });
  }

  sync(op: string, payload: string): string {
    try {
      return this.encode(this.dispatch(op, this.parse(op, payload), false));
    } catch (e) {
      return this.reply(e);
    }
  }

  async(op: string, payload: string): Promise<string> {
    let p: Promise<unknown>;
    try {
      // Called now, so that the op takes its turn in the session in the program's order.
      p = Promise.resolve(this.dispatch(op, this.parse(op, payload), true));
    } catch (e) {
      p = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return p.then(
      (v) => {
        try {
          return this.encode(v);
        } catch (e) {
          return this.reply(e);
        }
      },
      (e: unknown) => this.reply(e),
    );
  }

  private dispatch(op: string, args: unknown[], isAsync: boolean): unknown {
    const dot = op.indexOf('.');
    const scope = op.slice(0, dot);
    const name = op.slice(dot + 1);
    if (scope === 'mpc' && !isAsync) return this.mpcOp(name, args);
    if (scope === 'input' && !isAsync) return this.inputOp(name, args);
    if (scope !== 'int' && scope !== 'fxp' && scope !== 'bit') {
      throw new BridgeError(`${op} is not an operation of a program.`);
    }
    const allowed = (isAsync ? ASYNC_OPS : SYNC_OPS)[scope];
    if (!allowed.includes(name)) throw new BridgeError(`${op} is not an operation of a program.`);
    const [self, ...rest] = args;
    if (!this.isVector(self) || kindOf(self) !== scope) {
      throw new BridgeError(`${name}: expected a secret ${scope} vector as the receiver.`);
    }
    return this.vectorOp(self, scope, name, rest);
  }

  private isVector(v: unknown): v is SecureVector {
    return v instanceof SecIntVector || v instanceof SecFxpVector || v instanceof SecBitVector;
  }

  private vectorOp(self: SecureVector, kind: Kind, name: string, args: unknown[]): unknown {
    const count = (n: number, m = n): void => {
      if (args.length < n || args.length > m) {
        throw new BridgeError(
          `${name}: expected ${n === m ? n : `${n}..${m}`} arguments, got ${args.length}.`,
        );
      }
    };
    const operand = (x: unknown, what = 'operand'): unknown => {
      if (this.isVector(x)) {
        if (kindOf(x) !== kind) {
          throw new BridgeError(
            `${name}: the ${what} is a secret ${kindOf(x)} vector; expected ${kind} or public values.`,
          );
        }
        return x;
      }
      return publicValues(name, x);
    };
    const index = (x: unknown, what: string, min: number, max: number): number => {
      if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min || x > max) {
        throw new BridgeError(
          `${name}: expected ${what} in ${min}..${max}, got ${typeof x === 'number' ? x : typeof x}.`,
          'RangeError',
        );
      }
      return x;
    };
    const bitsArg = (x: unknown, dflt: number, min = 1): number =>
      x === undefined ? dflt : index(x, 'a bit length', min, 254);
    const v = self as unknown as Record<string, (...a: unknown[]) => unknown>;
    switch (name) {
      // No operand.
      case 'neg':
      case 'sum':
      case 'reverse':
      case 'not':
      case 'isNegative':
      case 'isZero':
      case 'argmin':
      case 'argmax':
      case 'toBits':
      case 'reciprocal':
      case 'sqrt':
      case 'exp':
      case 'ln':
      case 'mean':
      case 'variance':
      case 'floor':
        count(0);
        return v[name]!.call(self);
      case 'toFixed':
        count(0);
        return (self as SecIntVector).toFixed();
      case 'add':
      case 'sub':
      case 'mul':
      case 'dot':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
      case 'eq':
      case 'ne':
      case 'and':
      case 'or':
      case 'xor':
      case 'div':
        count(1);
        return v[name]!.call(self, operand(args[0]));
      case 'min':
      case 'max':
        count(0, 1);
        return args[0] === undefined ? v[name]!.call(self) : v[name]!.call(self, operand(args[0]));
      case 'mulPublic':
      case 'divPublic':
      case 'modPublic':
        count(1);
        return v[name]!.call(self, publicScalarOrValues(name, args[0], name === 'mulPublic'));
      case 'shiftRight':
        count(1);
        return (self as SecIntVector).shiftRight(index(args[0], 'a shift', 0, 253));
      case 'at':
        count(1);
        return self.at(index(args[0], 'an index', -self.length, self.length - 1));
      case 'slice':
        count(0, 2);
        return self.slice(
          args[0] === undefined ? 0 : index(args[0], 'a start', -self.length, self.length),
          args[1] === undefined ? self.length : index(args[1], 'an end', -self.length, self.length),
        );
      case 'concat':
        for (const o of args) {
          if (!this.isVector(o) || kindOf(o) !== kind) {
            throw new BridgeError(`concat: expected secret ${kind} vectors.`);
          }
        }
        return self.concat(...(args as SecureVector[]));
      case 'sort': {
        count(0, 1);
        const o = args[0];
        if (o !== undefined && (o === null || typeof o !== 'object' || Array.isArray(o))) {
          throw new BridgeError('sort: expected options { descending?: boolean }.');
        }
        const desc = (o as { descending?: unknown } | undefined)?.descending;
        if (desc !== undefined && typeof desc !== 'boolean') {
          throw new BridgeError('sort: descending must be a boolean.');
        }
        return v['sort']!.call(self, { descending: desc === true });
      }
      case 'widen': {
        count(1);
        const x = self as SecIntVector;
        const bits = index(args[0], 'a bit length', x.bits, 254);
        return this.mpc.fromShares(this.intType(bits), x.length, x.share).withBits(x.bits);
      }
      case 'asFixed': {
        count(0);
        const x = self as SecIntVector;
        // Like every bit length, that the quotient fits fixed point is the program's promise
        // (an integer type may be wider than its values, e.g. ⌊a · 2^32 / d⌋): an overflow
        // fails closed at the recipient's output check.
        return this.mpc.fromShares(this.mpc.secfxp(), x.length, x.share);
      }
      case 'toInt':
      case 'count': {
        count(0, 1);
        const bits = bitsArg(args[0], 64, 2);
        const t = this.intType(bits);
        return name === 'toInt' ? (self as SecBitVector).toInt(t) : (self as SecBitVector).count(t);
      }
      case 'select': {
        count(2);
        const [a, b] = args;
        if (!(a instanceof SecIntVector || a instanceof SecFxpVector)) {
          throw new BridgeError(
            'select: expected a secret int or fixed vector as the first choice.',
          );
        }
        if (this.isVector(b) && kindOf(b) !== kindOf(a)) {
          throw new BridgeError('select: both choices must be of the same kind.');
        }
        return (self as SecBitVector).select(
          a,
          (this.isVector(b) ? b : publicValues(name, b)) as never,
        );
      }
      default:
        throw new BridgeError(`${kind}.${name} is not an operation of a program.`);
    }
  }

  /** The integer type of `bits` bits, refused if the job's field cannot hold it. */
  private intType(bits: number): SecIntType {
    const t = bits <= 64 ? secint(bits) : wideint(bits);
    try {
      checkTypeFits(t, this.mpc.field);
    } catch (e) {
      throw new BridgeError(e instanceof Error ? e.message : String(e), 'RangeError');
    }
    return t;
  }

  private mpcOp(name: string, args: unknown[]): unknown {
    switch (name) {
      case 'concat': {
        const parts = args[0];
        if (!Array.isArray(parts) || parts.length === 0 || !parts.every((p) => this.isVector(p))) {
          throw new BridgeError('concat: expected a non-empty array of secret vectors.');
        }
        const kinds = new Set(parts.map((p) => kindOf(p)));
        if (kinds.size !== 1) throw new BridgeError('concat: the vectors must be of one kind.');
        return this.mpc.concat(parts);
      }
      case 'constantInt': {
        const bits = args[1];
        if (typeof bits !== 'number' || !Number.isSafeInteger(bits) || bits < 1 || bits > 254) {
          throw new BridgeError('constantInt: expected a bit length in 1..254.', 'RangeError');
        }
        return this.mpc.constant(publicValues(name, args[0]), this.intType(bits));
      }
      case 'constantFixed':
        return this.mpc.constant(publicValues(name, args[0]), this.mpc.secfxp());
      case 'constantBit':
        return this.mpc.constant(publicValues(name, args[0]), secbit);
      default:
        throw new BridgeError(`mpc.${name} is not an operation of a program.`);
    }
  }

  private inputOp(name: string, args: unknown[]): unknown {
    const [i, column, label] = args;
    const input = typeof i === 'number' ? this.inputs[i] : undefined;
    if (input === undefined) throw new BridgeError(`${name}: no such input.`);
    if (typeof column !== 'string') throw new BridgeError(`${name}: expected a column name.`);
    if (name === 'integer') return input.integer(column);
    if (name === 'number') return input.number(column);
    if (name === 'indicator') {
      if (typeof label !== 'string') throw new BridgeError('indicator: expected a label.');
      return input.indicator(column, label);
    }
    throw new BridgeError(`input.${name} is not an operation of a program.`);
  }
}

function publicScalar(op: string, x: unknown): number | bigint | boolean {
  if (typeof x === 'bigint' || typeof x === 'boolean') return x;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  throw new BridgeError(
    `${op}: expected a finite public number, got ${typeof x === 'number' ? String(x) : typeof x}.`,
    'RangeError',
  );
}

/** Public values: a finite number, bigint or boolean, or an array of them. */
function publicValues(
  op: string,
  x: unknown,
): number | bigint | boolean | (number | bigint | boolean)[] {
  if (Array.isArray(x)) {
    if (x.length > MAX_PUBLIC_LENGTH) {
      throw new BridgeError(`${op}: at most ${MAX_PUBLIC_LENGTH} public values.`, 'RangeError');
    }
    return x.map((e) => publicScalar(op, e));
  }
  return publicScalar(op, x);
}

function publicScalarOrValues(op: string, x: unknown, arrays: boolean): unknown {
  return arrays ? publicValues(op, x) : publicScalar(op, x);
}

/**
 * Runs `bundle`'s `run(mpc, inputs, params, artifacts)` in a new sandbox for one job, on the
 * job's session, its shared inputs and the artifacts it takes (secret vectors of the session,
 * handed to the program as handles), and returns what `run` returns (the outputs and the group
 * counts) as secure vectors of the session.
 * @throws the host error the program let escape (an abort names its party), a
 *   {@link ProgramParamError}/{@link ProgramInputError} the program threw, or a
 *   {@link ProgramSandboxError} naming the program (a limit, a forbidden call, a bad result).
 * @example
 * ```ts
 * const outputs = await runSandboxedJob('paygap', bundleText, mpc, inputs, params);
 * ```
 */
export async function runSandboxedJob(
  program: string,
  bundle: string,
  mpc: Session,
  inputs: readonly SecureInput[],
  params: Params,
  limits: JobLimits = {},
  artifacts: SecureArtifacts = {},
): Promise<SecureOutputs> {
  const host = new JobHost(mpc, inputs);
  const sandbox = new Sandbox(program, bundle, limits, host, await newQuickJSModule());
  const wallMs = limits.wallMs ?? 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const job = JSON.stringify({
      field: mpc.field.name,
      inputs: inputs.map((i) => ({ owner: i.owner, rows: i.rows })),
      params,
      artifacts: host.wire(artifacts),
    });
    const reply = await Promise.race([
      sandbox.callAsync('__parleyRun', job),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(
            new ProgramSandboxError(program, `exceeded its wall time limit of ${wallMs / 1000} s.`),
          );
        }, wallMs);
      }),
    ]);
    const r = JSON.parse(reply) as { ok?: Record<string, unknown>; err?: Record<string, unknown> };
    if (r.err !== undefined) {
      const limit =
        r.err['name'] === 'InternalError' || r.err['name'] === 'RangeError'
          ? sandbox.limitError(String(r.err['message']))
          : undefined;
      throw limit ?? hostError(program, r.err, host.originals);
    }
    const out: Record<string, SecureVector> = {};
    for (const [name, id] of Object.entries(r.ok ?? {})) {
      if (typeof id !== 'number')
        throw new ProgramSandboxError(program, `output ${name} is not a secret vector.`);
      out[name] = host.vector(id);
    }
    return out;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    sandbox.dispose();
    host.clear();
  }
}
