/**
 * Loading a program bundle (`../bundle.ts`) as a {@link ProgramDefinition} whose every part runs
 * in the QuickJS sandbox: the metadata (name, params, outputs, …) is read once from a
 * long-lived metadata sandbox, its functions (`input(params)`, `limits(params)`, output
 * lengths, labels and units) are called there synchronously on each use (1 s of CPU each), and
 * `run` starts a fresh sandbox per job (`./job.ts`). So validation, description, catalog checks
 * and the executor use a loaded program exactly like a compiled-in one, and no code of the
 * program ever runs in the node itself.
 *
 * The metadata sandbox holds no secret: its bridge refuses every op on secret values.
 *
 * @module
 */
import type { Session } from '../../mpc/secure/session.js';
import type {
  GroupSpec,
  InputSchema,
  OutputSpec,
  ParamSpec,
  Params,
  ProgramDefinition,
  ProgramField,
  ProgramLimits,
  SecureArtifacts,
  SecureInput,
  SecureOutputs,
} from '../types.js';
import { hostError, runSandboxedJob, type JobLimits } from './job.js';
import { ProgramSandboxError, Sandbox } from './quickjs.js';

/** Limits of a loaded program's sandboxes. */
export interface LoadOptions {
  /** Limits of each job's sandbox (default 256 MiB, 60 s CPU, 1 h wall). */
  readonly job?: JobLimits;
  /** CPU time of one metadata call, in ms (default 1000). */
  readonly metadataCpuMs?: number;
  /** What errors call the program until its metadata names it (default `bundle`). */
  readonly label?: string;
}

const NO_ORIGINALS: ReadonlyMap<number, unknown> = new Map();

/** A program bundle loaded into the sandbox: a {@link ProgramDefinition} like any other. */
export class LoadedProgram implements ProgramDefinition {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly field?: ProgramField;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly inputCount?: { readonly min: number; readonly max: number };
  readonly outputs: Readonly<Record<string, OutputSpec>>;
  readonly groups?: Readonly<Record<string, GroupSpec>>;
  readonly minGroupSize?: { readonly min: number; readonly param?: string };
  /** Every other metadata field the program declares, as it declares it. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly limits?: (params: Params) => ProgramLimits;
  private readonly meta: Sandbox;
  private readonly source: string;
  private readonly inputFn: (params: Params) => InputSchema;

  /**
   * @throws {ProgramSandboxError} if the bundle does not evaluate or declares no valid program.
   */
  constructor(
    readonly bundle: Uint8Array,
    private readonly options: LoadOptions = {},
  ) {
    let source: string;
    try {
      source = new TextDecoder('utf-8', { fatal: true }).decode(bundle);
    } catch {
      throw new ProgramSandboxError('bundle', 'is not UTF-8 text.');
    }
    this.source = source;
    const label = options.label ?? 'bundle';
    this.meta = new Sandbox(label, source, { cpuMs: options.metadataCpuMs ?? 1000 }, undefined);
    const m = this.revive(this.metaReply(this.meta.call('__parleyMeta'), label));
    const bad = (what: string): never => {
      throw new ProgramSandboxError(
        typeof m['name'] === 'string' ? m['name'] : label,
        `declares no valid program: ${what}.`,
      );
    };
    if (m === null || typeof m !== 'object') bad('not an object');
    const str = (k: string): string =>
      typeof m[k] === 'string' ? m[k] : bad(`${k} must be a string`);
    this.name = str('name');
    this.meta.program = this.name;
    this.version = str('version');
    this.description = str('description');
    if (m['field'] !== undefined) {
      if (m['field'] !== 'p127' && m['field'] !== 'p255') bad('field must be p127 or p255');
      this.field = m['field'] as ProgramField;
    }
    const obj = (k: string): Record<string, never> =>
      m[k] !== null && typeof m[k] === 'object' && !Array.isArray(m[k])
        ? (m[k] as Record<string, never>)
        : bad(`${k} must be an object`);
    this.params = obj('params');
    this.outputs = obj('outputs');
    if (m['inputCount'] !== undefined) this.inputCount = obj('inputCount') as never;
    if (m['groups'] !== undefined) this.groups = obj('groups');
    if (m['minGroupSize'] !== undefined) {
      const g = obj('minGroupSize') as Record<string, unknown>;
      if (!Number.isSafeInteger(g['min']) || (g['min'] as number) < 1) {
        bad('minGroupSize.min must be an integer >= 1');
      }
      if (g['param'] !== undefined && typeof g['param'] !== 'string') {
        bad('minGroupSize.param must be a string');
      }
      this.minGroupSize = g as never;
    }
    if (typeof m['input'] !== 'function') bad('input(params) must be a function');
    this.inputFn = m['input'] as (params: Params) => InputSchema;
    if (m['limits'] !== undefined) {
      if (typeof m['limits'] !== 'function') bad('limits(params) must be a function');
      this.limits = m['limits'] as (params: Params) => ProgramLimits;
    }
    this.metadata = Object.freeze(m);
  }

  input(params: Params): InputSchema {
    return this.inputFn(params);
  }

  /** A metadata reply `{ ok }` / `{ err }` as a value, or the program's error. */
  private metaReply(text: string, program: string): unknown {
    const r = JSON.parse(text) as { ok?: unknown; err?: Record<string, unknown> };
    if (r.err !== undefined) {
      const limit =
        r.err['name'] === 'InternalError' || r.err['name'] === 'RangeError'
          ? this.meta.limitError(String(r.err['message']))
          : undefined;
      throw limit ?? hostError(program, r.err, NO_ORIGINALS);
    }
    return r.ok;
  }

  /** Metadata from the sandbox: functions become calls into it, RegExps and bigints revived. */
  private revive(value: unknown): Record<string, unknown> {
    const walk = (x: unknown): unknown => {
      if (Array.isArray(x)) return Object.freeze(x.map(walk));
      if (x !== null && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (Array.isArray(o['$fn'])) {
          const path = JSON.stringify(o['$fn']);
          return (...args: unknown[]): unknown => this.callMeta(path, args);
        }
        if (Array.isArray(o['$re'])) return new RegExp(String(o['$re'][0]), String(o['$re'][1]));
        if (typeof o['$n'] === 'string') return BigInt(o['$n']);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) out[k] = walk(v);
        return Object.freeze(out);
      }
      return x;
    };
    return walk(value) as Record<string, unknown>;
  }

  private callMeta(path: string, args: readonly unknown[]): unknown {
    const text = JSON.stringify(args, (_k, x: unknown) =>
      typeof x === 'bigint' ? { $n: x.toString() } : x instanceof RegExp ? x.source : x,
    );
    this.meta.resetCpu();
    const name = typeof this.name === 'string' ? this.name : (this.options.label ?? 'bundle');
    return this.revive({ v: this.metaReply(this.meta.call('__parleyCall', path, text), name) })[
      'v'
    ];
  }

  /** Frees the metadata sandbox; the program cannot be used afterwards. */
  dispose(): void {
    this.meta.dispose();
  }

  /** Runs the program's body for one job in a new sandbox (see `./job.ts`). */
  run(
    mpc: Session,
    inputs: readonly SecureInput[],
    params: Params,
    artifacts: SecureArtifacts = {},
  ): Promise<SecureOutputs> {
    return runSandboxedJob(
      this.name,
      this.source,
      mpc,
      inputs,
      params,
      this.options.job,
      artifacts,
    );
  }
}

/**
 * Loads a program bundle into the sandbox.
 * @throws {ProgramSandboxError} naming the program if it does not evaluate or declare a program.
 * @example
 * ```ts
 * const program = loadProgram((await bundleProgram('examples/programs/weighted-sum.ts')).bundle);
 * const params = validateParams(program, { weights: [1, 2] });
 * ```
 */
export function loadProgram(bundle: Uint8Array, options: LoadOptions = {}): LoadedProgram {
  return new LoadedProgram(bundle, options);
}
