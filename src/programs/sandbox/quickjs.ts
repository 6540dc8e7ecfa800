/**
 * One QuickJS sandbox: a QuickJS runtime and context compiled to WebAssembly
 * (`quickjs-emscripten-core` with the `@jitl/quickjs-wasmfile-release-sync` build), inside the
 * node process, that runs a program bundle with nothing of the node around it.
 *
 * What a program gets: the ECMAScript built-ins without `Date` (no clock) and with a
 * `Math.random` that throws (randomness comes from the engine), and the bridge of `./prelude.ts`.
 * There is no `std`/`os` module, no module loader (`import()` fails), no `require`, `process`,
 * timers, `fetch` or sockets: the WebAssembly instance has no imports that reach the host's
 * file system or network. Everything else a program does goes through the two host functions
 * the owner of the sandbox installs ({@link SandboxHost}), which validate their arguments.
 *
 * Limits, each failing the call with a {@link ProgramSandboxError} that names the program and
 * the limit:
 * - memory: the runtime's allocator limit (`setMemoryLimit`, default 256 MiB) and stack
 *   (`setMaxStackSize`, default 1 MiB);
 * - CPU time: the time spent inside the interpreter (including the host calls it makes
 *   synchronously), summed over every entry into it, checked by the interrupt handler
 *   (default 60 s for a job, 1 s for each metadata call);
 * - wall time: enforced by the job that owns the sandbox (`./job.ts`).
 *
 * @module
 */
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  DefaultIntrinsics,
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSDeferredPromise,
  type QuickJSHandle,
  type QuickJSRuntime,
} from 'quickjs-emscripten-core';
import { ParleyError } from '../../errors/base.js';
import { PRELUDE } from './prelude.js';

type QuickJSModule = Awaited<ReturnType<typeof newQuickJSWASMModuleFromVariant>>;

/** The WebAssembly API (Node's; this project's `lib` does not declare it). */
const wasm = (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object> } })
  .WebAssembly;
/** The QuickJS WebAssembly code, compiled once per process. */
const COMPILED = await wasm.compile(
  await readFile(
    createRequire(import.meta.url).resolve('@jitl/quickjs-wasmfile-release-sync/wasm'),
  ),
);
const VARIANT = newVariant(
  // The package's types describe its CommonJS build; Node imports its ES module, whose default
  // export is the variant.
  variant as unknown as Parameters<typeof newVariant>[0],
  { wasmModule: COMPILED as never },
) as Parameters<typeof newQuickJSWASMModuleFromVariant>[0];

/**
 * A new instance of the QuickJS WebAssembly module (its own linear memory; the code is compiled
 * once): each job gets one, so that nothing a program does to its instance can reach another
 * program's.
 * @example
 * ```ts
 * const sandbox = new Sandbox('paygap', bundle, {}, host, await newQuickJSModule());
 * ```
 */
export function newQuickJSModule(): Promise<QuickJSModule> {
  return newQuickJSWASMModuleFromVariant(VARIANT);
}

/** The instance the metadata sandboxes share (metadata calls hold no secret). */
const SHARED = await newQuickJSModule();

/** A program broke out of its limits or the sandbox, or failed inside it: names the program. */
export class ProgramSandboxError extends ParleyError {
  static override name = 'ProgramSandboxError';
  constructor(program: string, reason: string) {
    super(`program ${program}: ${reason}`, {
      code: 'ERR_PROGRAM_SANDBOX',
      details: { program, public: `program ${program}: ${reason}` },
    });
  }
}

/** Resource limits of one sandbox. */
export interface SandboxLimits {
  /** Heap of the interpreter, in bytes (default 256 MiB). */
  readonly memoryBytes?: number;
  /** Interpreter stack, in bytes (default 1 MiB). */
  readonly stackBytes?: number;
  /** CPU time inside the interpreter, in ms, over the sandbox's life. */
  readonly cpuMs?: number;
}

/** The default heap limit. */
export const DEFAULT_MEMORY_BYTES: number = 256 * 2 ** 20;
/**
 * QuickJS's own stack bound. Its frames take more of Node's native stack than it counts (at
 * 512 KiB, V8's limit of about 1 MiB is hit first, which would leave the interpreter broken),
 * so 256 KiB: QuickJS throws its own catchable stack overflow well before Node's.
 */
const DEFAULT_STACK_BYTES = 256 * 2 ** 10;

/** What the owner of a sandbox answers to the program's bridge calls (JSON text both ways). */
export interface SandboxHost {
  /** A synchronous op: returns the reply text `{ ok }` / `{ err }`. */
  sync(op: string, payload: string): string;
  /**
   * An op that communicates: called synchronously (so ops keep their order), it returns the
   * reply text later. It must not reject: failures are `{ err }` replies.
   */
  async(op: string, payload: string): Promise<string>;
}

/** A sandbox with the prelude and a program bundle evaluated in it. */
export class Sandbox {
  private readonly rt: QuickJSRuntime;
  private readonly vm: QuickJSContext;
  private readonly cpuLimitMs: number;
  private readonly memoryBytes: number;
  private cpuUsedMs = 0;
  private enteredAt: number | undefined;
  private interrupted = false;
  private disposed = false;
  private readonly deferreds = new Set<QuickJSDeferredPromise>();
  /** Set once the sandbox has failed for good (a limit): every later use throws it. */
  private fatal: ProgramSandboxError | undefined;
  /** Called when a pending job (a promise continuation) fails for good. */
  onFatal: ((e: ProgramSandboxError) => void) | undefined;

  /** Set when the host itself failed inside the interpreter: never touch it again. */
  private broken = false;

  /**
   * @throws {ProgramSandboxError} if the bundle does not evaluate within the limits.
   */
  constructor(
    public program: string,
    bundle: string,
    limits: SandboxLimits,
    private readonly host: SandboxHost | undefined,
    module: QuickJSModule = SHARED,
  ) {
    this.cpuLimitMs = limits.cpuMs ?? 60_000;
    this.memoryBytes = limits.memoryBytes ?? DEFAULT_MEMORY_BYTES;
    this.rt = module.newRuntime();
    this.rt.setMemoryLimit(this.memoryBytes);
    this.rt.setMaxStackSize(limits.stackBytes ?? DEFAULT_STACK_BYTES);
    this.rt.setInterruptHandler(() => {
      if (this.enteredAt === undefined) return false;
      if (this.cpuUsedMs + (performance.now() - this.enteredAt) > this.cpuLimitMs) {
        this.interrupted = true;
        return true;
      }
      return false;
    });
    this.vm = this.rt.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } });
    try {
      this.installHost();
      this.evalScript(PRELUDE, 'parley-prelude.js');
      this.evalScript(bundle, `${program}.js`);
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  private installHost(): void {
    const host = this.host;
    const noJob = JSON.stringify({
      err: { name: 'Error', message: 'secret values exist only while a job runs' },
    });
    const sync = this.vm.newFunction('__host', (op, payload) => {
      const o = this.vm.getString(op);
      const p = this.vm.getString(payload);
      return this.vm.newString(host === undefined ? noJob : host.sync(o, p));
    });
    const async = this.vm.newFunction('__hostAsync', (op, payload) => {
      const o = this.vm.getString(op);
      const p = this.vm.getString(payload);
      const deferred = this.vm.newPromise();
      this.deferreds.add(deferred);
      const reply = host === undefined ? Promise.resolve(noJob) : host.async(o, p);
      void reply.then((text) => this.settle(deferred, text));
      return deferred.handle.dup();
    });
    this.vm.setProp(this.vm.global, '__host', sync);
    this.vm.setProp(this.vm.global, '__hostAsync', async);
    sync.dispose();
    async.dispose();
  }

  /** Resolves `deferred` with `text` and runs the continuations it unblocks, at once. */
  private settle(deferred: QuickJSDeferredPromise, text: string): void {
    if (this.disposed || this.fatal !== undefined) return;
    this.deferreds.delete(deferred);
    try {
      this.enter(() => {
        const s = this.vm.newString(text);
        deferred.resolve(s);
        s.dispose();
        deferred.dispose();
        this.pump();
      });
    } catch (e) {
      const err =
        e instanceof ProgramSandboxError
          ? e
          : new ProgramSandboxError(this.program, e instanceof Error ? e.message : String(e));
      this.fatal = err;
      this.onFatal?.(err);
    }
  }

  /** Runs pending promise jobs. @throws {ProgramSandboxError} when one fails for good. */
  private pump(): void {
    const r = this.rt.executePendingJobs();
    if (r.error !== undefined) {
      const e = this.failure(r.error);
      r.error.dispose();
      throw e;
    }
  }

  /** Runs `f` as time inside the interpreter. */
  private enter<T>(f: () => T): T {
    if (this.fatal !== undefined) throw this.fatal;
    if (this.disposed) throw new ProgramSandboxError(this.program, 'the sandbox is closed.');
    const outer = this.enteredAt === undefined;
    if (outer) this.enteredAt = performance.now();
    try {
      return f();
    } catch (e) {
      if (e instanceof ProgramSandboxError || !outer) throw e;
      // An exception of the host inside the interpreter (Node's stack, a trap): the instance
      // may be inconsistent; fail for good and never free it (its module goes with the job).
      this.broken = true;
      this.fatal = new ProgramSandboxError(
        this.program,
        e instanceof RangeError && /call stack/.test(e.message)
          ? 'exceeded its stack limit (too deep a recursion).'
          : `broke its sandbox: ${e instanceof Error ? e.message : String(e)}`,
      );
      throw this.fatal;
    } finally {
      if (outer) {
        this.cpuUsedMs += performance.now() - this.enteredAt!;
        this.enteredAt = undefined;
      }
    }
  }

  /** The error for an exception that escaped the prelude (a limit, as a rule). */
  private failure(handle: QuickJSHandle): ProgramSandboxError {
    const dumped: unknown = this.vm.dump(handle);
    const message =
      dumped !== null && typeof dumped === 'object' && 'message' in dumped
        ? String(dumped.message)
        : String(dumped);
    return (
      this.limitError(message) ??
      new ProgramSandboxError(this.program, `failed: ${message.slice(0, 500)}`)
    );
  }

  /**
   * The limit error for an exception of the interpreter (`InternalError: interrupted`, `out of
   * memory`, `stack overflow`), or for any exception once the CPU budget is spent (the program
   * may have caught the interrupt); undefined for others. A limit error is final.
   */
  limitError(message: string): ProgramSandboxError | undefined {
    let reason: string | undefined;
    if (this.interrupted || /\binterrupted\b/.test(message)) {
      reason = `exceeded its CPU time limit of ${this.cpuLimitMs / 1000} s.`;
    } else if (/out of memory/i.test(message)) {
      reason = `exceeded its memory limit of ${Math.round(this.memoryBytes / 2 ** 20)} MiB.`;
    } else if (/stack overflow|call stack size exceeded/i.test(message)) {
      reason = 'exceeded its stack limit (too deep a recursion).';
    }
    if (reason === undefined) return undefined;
    this.fatal ??= new ProgramSandboxError(this.program, reason);
    return this.fatal;
  }

  private evalScript(code: string, filename: string): void {
    this.enter(() => {
      const r = this.vm.evalCode(code, filename, { type: 'global', strict: true });
      if (r.error !== undefined) {
        const e = this.failure(r.error);
        r.error.dispose();
        throw e;
      }
      r.value.dispose();
      this.pump();
    });
  }

  /**
   * Calls the global function `name` with string arguments; returns its string result.
   * @throws {ProgramSandboxError} on a limit or an exception that escaped the prelude.
   */
  call(name: string, ...args: string[]): string {
    return this.enter(() => {
      const f = this.vm.getProp(this.vm.global, name);
      const handles = args.map((a) => this.vm.newString(a));
      try {
        const r = this.vm.callFunction(f, this.vm.undefined, ...handles);
        if (r.error !== undefined) {
          const e = this.failure(r.error);
          r.error.dispose();
          throw e;
        }
        const out = this.vm.getString(r.value);
        r.value.dispose();
        this.pump();
        return out;
      } finally {
        f.dispose();
        handles.forEach((h) => h.dispose());
      }
    });
  }

  /**
   * Calls the global function `name` that returns a promise of a string, and resolves with that
   * string once the continuations (pumped as host replies arrive) have settled it.
   */
  callAsync(name: string, arg: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.onFatal = reject;
      try {
        this.enter(() => {
          const f = this.vm.getProp(this.vm.global, name);
          const a = this.vm.newString(arg);
          const r = this.vm.callFunction(f, this.vm.undefined, a);
          f.dispose();
          a.dispose();
          if (r.error !== undefined) {
            const e = this.failure(r.error);
            r.error.dispose();
            throw e;
          }
          const promise = r.value;
          void this.vm.resolvePromise(promise).then((settled) => {
            if (this.disposed) return;
            if (settled.error !== undefined) {
              reject(this.failure(settled.error));
              settled.error.dispose();
              return;
            }
            resolve(this.vm.getString(settled.value));
            settled.value.dispose();
          });
          promise.dispose();
          this.pump();
        });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  /** Starts a new CPU budget (for a sandbox that serves one call after another). */
  resetCpu(): void {
    this.cpuUsedMs = 0;
    this.interrupted = false;
  }

  /** Frees the interpreter. Replies that arrive later are dropped. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.broken) return;
    for (const d of this.deferreds) d.dispose();
    this.deferreds.clear();
    try {
      this.vm.dispose();
      this.rt.dispose();
    } catch {
      // A program that failed mid-way can leave objects QuickJS still counts; the heap goes
      // with the runtime either way.
    }
  }
}
