/**
 * Loading the field kernels' WebAssembly modules (`./kernels-wasm.ts` for Fp127,
 * `./kernels-p255-wasm.ts` for Fp255): both modules export the same kernel names over their own
 * memory, so decoding the committed base64, compiling once and checking the exports live here.
 *
 * @module
 */

/** The slice of the WebAssembly JS API used here (neither lib ES2022 nor @types/node 20 has it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
};

/** The functions every field kernel module exports (besides `memory`). */
export const KERNEL_EXPORTS = [
  'scratchBase',
  'add',
  'sub',
  'neg',
  'mul',
  'addScalar',
  'mulScalar',
  'axpy',
  'sum',
  'dot',
  'matmul',
  'transpose',
  'fromRandomBytes',
  'fromInt64',
  'toInt64',
  'modPow2',
  'lowBits',
] as const;

/**
 * A loader of one kernel module: compiles `base64` on the first call, and returns a fresh
 * instance (own memory) on each call, checked to export `memory` and every {@link KERNEL_EXPORTS}.
 * `who` names the caller in the error.
 * @example
 * ```ts
 * const instantiate = kernelModule<Fp127Exports>(FP127_WASM_BASE64, 'createWasmKernels');
 * const w = instantiate();
 * ```
 */
export function kernelModule<T>(base64: string, who: string): () => T {
  let compiled: object | undefined;
  return (): T => {
    if (compiled === undefined) {
      const bin = atob(base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      compiled = new WebAssembly.Module(bytes);
    }
    const x = new WebAssembly.Instance(compiled, {}).exports;
    const mem = x['memory'];
    const ok =
      typeof mem === 'object' &&
      mem !== null &&
      'buffer' in mem &&
      KERNEL_EXPORTS.every((f) => typeof x[f] === 'function');
    if (!ok) throw new Error(`${who}: unexpected module exports`);
    return x as T;
  };
}
