/**
 * The script that runs in every sandbox context before a program's bundle: the sandbox side of
 * the `parley/program` API. It defines `globalThis.__parley` (`defineProgram` and the program
 * error classes), the secret vector classes whose methods forward to the host, and the entry
 * points the host calls (`__parleyMeta`, `__parleyCall`, `__parleyRun`).
 *
 * Trust: nothing here is trusted by the host. The host functions `__host` / `__hostAsync` are
 * captured in a closure and deleted from the global object before the program runs, but a
 * program that got hold of them could only send what the host validates anyway (ops on an
 * allowlist, handles of this job of the right kind). A secret vector is a frozen object whose
 * handle id lives in a closure-private WeakMap: a program cannot read it, and a plain object
 * shaped like an encoded handle (`{ $h: 3 }`) is refused, so handles cannot be forged.
 *
 * Wire format (JSON strings both ways): a secret vector is `{ $h: id }` towards the host and
 * `{ $v: { h, kind, length, bits? } }` back; a bigint is `{ $n: "123" }`; a RegExp (metadata
 * only) is `{ $re: [source, flags] }`; a function of the program's metadata is `{ $fn: path }`.
 * Results are `{ ok: value }` or `{ err: { name, message, ... } }`.
 *
 * @module
 */

/** Ops by receiver kind that return at once. Every name is checked again on the host. */
export const SYNC_OPS: Readonly<Record<'int' | 'fxp' | 'bit', readonly string[]>> = {
  int: [
    'add',
    'sub',
    'neg',
    'mulPublic',
    'sum',
    'at',
    'slice',
    'concat',
    'reverse',
    'toFixed',
    'widen',
    'asFixed',
  ],
  fxp: ['add', 'sub', 'neg', 'sum', 'at', 'slice', 'concat', 'reverse'],
  bit: ['not', 'at', 'slice', 'concat', 'reverse', 'toInt', 'count'],
};

/** Ops by receiver kind that communicate (the sandbox gets a promise). */
export const ASYNC_OPS: Readonly<Record<'int' | 'fxp' | 'bit', readonly string[]>> = {
  int: [
    'mul',
    'dot',
    'divPublic',
    'modPublic',
    'shiftRight',
    'lt',
    'le',
    'gt',
    'ge',
    'eq',
    'ne',
    'isNegative',
    'isZero',
    'min',
    'max',
    'argmin',
    'argmax',
    'sort',
    'toBits',
  ],
  fxp: [
    'mul',
    'mulPublic',
    'div',
    'reciprocal',
    'sqrt',
    'exp',
    'ln',
    'divPublic',
    'mean',
    'variance',
    'dot',
    'floor',
    'lt',
    'le',
    'gt',
    'ge',
    'eq',
    'ne',
    'isNegative',
    'isZero',
    'min',
    'max',
    'argmin',
    'argmax',
    'sort',
  ],
  bit: ['and', 'or', 'xor', 'select'],
};

/** The prelude's source text (evaluated as a global script). */
export const PRELUDE: string = `(function () {
'use strict';
const host = globalThis.__host;
const hostAsync = globalThis.__hostAsync;
delete globalThis.__host;
delete globalThis.__hostAsync;
Math.random = function random() { throw new Error('Math.random is not available to a program: randomness must come from the engine.'); };
const SYNC = ${JSON.stringify(SYNC_OPS)};
const ASYNC = ${JSON.stringify(ASYNC_OPS)};
const ids = new WeakMap();
const refs = new WeakMap();
class SecretVector {
  constructor() { throw new TypeError('secret vectors are made by the engine, not by a program'); }
  toString() { return 'secret ' + this.kind + '[' + this.length + ']'; }
}
class SecretInt extends SecretVector {}
class SecretFixed extends SecretVector {}
class SecretBit extends SecretVector {}
const classes = { int: SecretInt, fxp: SecretFixed, bit: SecretBit };
function wrap(d) {
  const v = Object.create(classes[d.kind].prototype);
  ids.set(v, d.h);
  const props = { kind: { value: d.kind, enumerable: true }, length: { value: d.length, enumerable: true } };
  if (d.bits !== undefined) props.bits = { value: d.bits, enumerable: true };
  Object.defineProperties(v, props);
  return Object.freeze(v);
}
function encode(value) {
  return JSON.stringify(value, function (key, x) {
    if (typeof x === 'bigint') return { $n: x.toString() };
    if (typeof x === 'function') throw new TypeError('a function cannot be passed to the engine');
    if (x !== null && typeof x === 'object') {
      if (ids.has(x)) return { $h: ids.get(x) };
      if (Object.prototype.hasOwnProperty.call(x, '$h') || Object.prototype.hasOwnProperty.call(x, '$n') || Object.prototype.hasOwnProperty.call(x, '$v')) {
        throw new TypeError('not a secret vector: handles cannot be made by a program');
      }
    }
    return x;
  });
}
function decode(text) {
  const r = JSON.parse(text, function (key, x) {
    if (x !== null && typeof x === 'object') {
      if (x.$v !== undefined) return wrap(x.$v);
      if (x.$n !== undefined) return BigInt(x.$n);
    }
    return x;
  });
  if (r.err !== undefined) throw makeError(r.err);
  return r.ok;
}
function makeError(e) {
  const C = { TypeError, RangeError }[e.name] || Error;
  const err = new C(e.message);
  if (e.ref !== undefined) refs.set(err, e.ref);
  return err;
}
function method(kind, name, async) {
  const op = kind + '.' + name;
  const f = async
    ? function (...args) {
        if (!ids.has(this)) throw new TypeError(name + ': called on something that is not a secret vector');
        return hostAsync(op, encode([this, ...args])).then(decode);
      }
    : function (...args) {
        if (!ids.has(this)) throw new TypeError(name + ': called on something that is not a secret vector');
        return decode(host(op, encode([this, ...args])));
      };
  Object.defineProperty(f, 'name', { value: name });
  return f;
}
for (const kind of ['int', 'fxp', 'bit']) {
  for (const name of SYNC[kind]) classes[kind].prototype[name] = method(kind, name, false);
  for (const name of ASYNC[kind]) classes[kind].prototype[name] = method(kind, name, true);
  Object.freeze(classes[kind].prototype);
  Object.freeze(classes[kind]);
}
Object.freeze(SecretVector.prototype);
Object.freeze(SecretVector);
class ProgramParamError extends Error {
  constructor(program, param, expected) {
    super(program + ': parameter ' + param + ': expected ' + expected + '.');
    this.name = 'ProgramParamError';
    this.program = program; this.param = param; this.expected = expected;
  }
}
class ProgramInputError extends Error {
  constructor(message, details) {
    super(message);
    this.name = 'ProgramInputError';
    this.details = details === undefined ? {} : details;
  }
}
function errorOf(e) {
  if (e instanceof ProgramParamError) return { name: e.name, message: e.message, program: String(e.program), param: String(e.param), expected: String(e.expected) };
  if (e instanceof ProgramInputError) {
    let details = {};
    try { details = JSON.parse(encode(e.details)); } catch (x) { details = {}; }
    return { name: e.name, message: e.message, details: details };
  }
  if (e instanceof Error) {
    const out = { name: String(e.name), message: String(e.message) };
    if (refs.has(e)) out.ref = refs.get(e);
    return out;
  }
  return { name: 'Error', message: 'the program threw ' + typeof e + ' ' + String(e).slice(0, 200) };
}
function defineProgram(definition) {
  if (definition === null || typeof definition !== 'object') throw new TypeError('defineProgram: expected an object');
  return Object.freeze(definition);
}
globalThis.__parley = Object.freeze({ defineProgram, ProgramParamError, ProgramInputError, SecretInt, SecretFixed, SecretBit });
function program() {
  const p = globalThis.__parleyProgram;
  if (p === null || typeof p !== 'object') throw new TypeError('the bundle defines no program (export default defineProgram({ ... }))');
  return p;
}
function describe(value, path, depth) {
  if (depth > 16) throw new TypeError('program metadata nested too deep at ' + path.join('.'));
  if (typeof value === 'function') return { $fn: path };
  if (value instanceof RegExp) return { $re: [value.source, value.flags] };
  if (typeof value === 'bigint') return { $n: value.toString() };
  if (Array.isArray(value)) return value.map((x, i) => describe(x, path.concat([i]), depth + 1));
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value)) {
      if (depth === 0 && k === 'run') continue;
      if (value[k] !== undefined) out[k] = describe(value[k], path.concat([k]), depth + 1);
    }
    return out;
  }
  return value;
}
function reviveArgs(text) {
  return JSON.parse(text, function (key, x) {
    if (x !== null && typeof x === 'object' && x.$n !== undefined) return BigInt(x.$n);
    return x;
  });
}
function replyOk(value) { return JSON.stringify({ ok: describe(value, ['$result'], 1) }); }
globalThis.__parleyMeta = function () {
  try {
    const p = program();
    if (typeof p.run !== 'function') throw new TypeError('the program has no run(mpc, inputs, params)');
    return JSON.stringify({ ok: describe(p, [], 0) });
  } catch (e) { return JSON.stringify({ err: errorOf(e) }); }
};
globalThis.__parleyCall = function (pathText, argsText) {
  try {
    const path = JSON.parse(pathText);
    let self = null;
    let f = program();
    for (const k of path) { self = f; f = f[k]; }
    if (typeof f !== 'function') throw new TypeError('no function at ' + path.join('.'));
    const r = f.apply(self, reviveArgs(argsText));
    if (r !== null && typeof r === 'object' && typeof r.then === 'function') throw new TypeError(path.join('.') + ' must return its value, not a promise');
    return replyOk(r);
  } catch (e) { return JSON.stringify({ err: errorOf(e) }); }
};
function makeInput(d, index) {
  const get = (op, args) => decode(host(op, encode([index, ...args])));
  return Object.freeze({
    owner: d.owner,
    rows: d.rows,
    integer(name) { return get('input.integer', [name]); },
    number(name) { return get('input.number', [name]); },
    indicator(name, label) { return get('input.indicator', [name, label]); },
  });
}
globalThis.__parleyRun = function (jobText) {
  const job = reviveArgs(jobText);
  const mpcCall = (op, args) => decode(host(op, encode(args)));
  const mpc = Object.freeze({
    field: job.field,
    concat(parts) { return mpcCall('mpc.concat', [parts]); },
    constantInt(values, bits) { return mpcCall('mpc.constantInt', [values, bits === undefined ? 64 : bits]); },
    constantFixed(values) { return mpcCall('mpc.constantFixed', [values]); },
    constantBit(values) { return mpcCall('mpc.constantBit', [values]); },
  });
  const inputs = Object.freeze(job.inputs.map(makeInput));
  const artifacts = {};
  for (const k of Object.keys(job.artifacts || {})) artifacts[k] = wrap(job.artifacts[k].$v);
  Object.freeze(artifacts);
  let out;
  try {
    out = Promise.resolve(program().run(mpc, inputs, Object.freeze(job.params), artifacts));
  } catch (e) {
    out = Promise.reject(e);
  }
  return out.then(
    (r) => {
      if (r === null || typeof r !== 'object') throw new TypeError('run must return an object of named outputs');
      const o = {};
      for (const k of Object.keys(r)) {
        if (!ids.has(r[k])) throw new TypeError('output ' + k + ' is not a secret vector');
        o[k] = ids.get(r[k]);
      }
      return JSON.stringify({ ok: o });
    },
  ).catch((e) => JSON.stringify({ err: errorOf(e) }));
};
})();
`;
