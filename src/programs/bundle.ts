/**
 * Building a program into the one artifact that nodes run: a TypeScript (or JavaScript) program
 * file, or a directory with an `index.ts`/`index.js`, bundled by rolldown into ONE ES2022 script
 * (an IIFE) with no imports. The only import a program may keep is the author API
 * `parley/program`, which the script reads from `globalThis.__parley` (the sandbox's bridge, see
 * `./sandbox/`); the script's one effect is `globalThis.__parleyProgram = <default export>`,
 * the `defineProgram(...)` result.
 *
 * Determinism: the same source files give the same bytes wherever they lie. The bundler runs
 * with the program's directory as its working directory, so the only paths in the output (the
 * `// file.ts` region comments) are relative to it; no tsconfig is read (a parent directory's
 * compiler options would change the output), no source map, no minification, no chunk hashes.
 *
 * Refused at build time, with an error naming the file: an import of anything but
 * `parley/program` that is not a file of the program (`node:fs`, `fs`, an unresolved package),
 * a dynamic `import()`, and a program without a default export.
 *
 * `sources` maps each bundled file's path relative to the program's directory (`/`-separated,
 * sorted) to its text: what a member reads before approving the bundle.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { rolldown, type Plugin, type RolldownLog } from 'rolldown';

/** The module specifier of the author API, external to every bundle. */
export const PROGRAM_API_MODULE = 'parley/program';

/** A program's bundle and the source files that went into it. */
export interface ProgramBundle {
  /** The UTF-8 bytes of the bundled script. */
  readonly bundle: Uint8Array;
  /** Each bundled file's text, by path relative to the program's directory. */
  readonly sources: Record<string, string>;
}

/** A program that cannot be bundled: the message names the file and the reason. */
export class ProgramBundleError extends Error {
  override readonly name = 'ProgramBundleError';
}

const ENTRY_NAMES = ['index.ts', 'index.mts', 'index.js', 'index.mjs'];

/** The entry file for `entry` (a file, or a directory with an index file) and its directory. */
async function resolveEntry(entry: string): Promise<{ file: string; root: string }> {
  const abs = path.resolve(entry);
  const s = await stat(abs).catch(() => undefined);
  if (s === undefined) throw new ProgramBundleError(`program ${entry}: no such file or directory.`);
  if (s.isFile()) return { file: abs, root: path.dirname(abs) };
  for (const name of ENTRY_NAMES) {
    const f = path.join(abs, name);
    if ((await stat(f).catch(() => undefined))?.isFile() === true) return { file: f, root: abs };
  }
  throw new ProgramBundleError(
    `program ${entry}: a directory needs one of ${ENTRY_NAMES.join(', ')}.`,
  );
}

/**
 * The entry module under a fixed id, whatever the entry file is called: rolldown names the
 * default export's variable after the entry module (after its directory for an `index.ts`),
 * which would make the bytes depend on where the program lies. Relative imports of the entry
 * resolve against the real file.
 */
const ENTRY_ID = '\0parley-program.ts';

function entryPlugin(file: string): Plugin {
  return {
    name: 'parley-program-entry',
    async resolveId(source, importer) {
      if (source === ENTRY_ID) return ENTRY_ID;
      if (importer === ENTRY_ID) {
        const r = await this.resolve(source, file, { skipSelf: true });
        return r ?? null;
      }
      return null;
    },
    async load(id) {
      if (id !== ENTRY_ID) return null;
      return { code: await readFile(file, 'utf8'), moduleType: /\.m?js$/.test(file) ? 'js' : 'ts' };
    },
  };
}

/** `file` relative to `root`, `/`-separated. */
function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * Bundles the program at `entryFile` (a `.ts`/`.js` file or a directory with an index file)
 * into one deterministic ES2022 script, and returns it with its sources.
 * @throws {ProgramBundleError} naming the program and the reason (syntax error, forbidden
 *   import, no default export).
 * @example
 * ```ts
 * const { bundle, sources } = await bundleProgram('examples/programs/weighted-sum.ts');
 * ```
 */
export async function bundleProgram(entryFile: string): Promise<ProgramBundle> {
  const { file, root } = await resolveEntry(entryFile);
  const label = relative(process.cwd(), file) || file;
  const problems: string[] = [];
  const onLog = (level: string, log: RolldownLog): void => {
    // An unresolved import would become a global of the script: refuse it.
    if (log.code === 'UNRESOLVED_IMPORT' || level === 'warn') problems.push(log.message);
  };
  let code: string;
  let moduleIds: string[];
  try {
    const build = await rolldown({
      input: ENTRY_ID,
      plugins: [entryPlugin(file)],
      cwd: root,
      platform: 'neutral',
      external: [PROGRAM_API_MODULE],
      tsconfig: false,
      transform: { target: 'es2022' },
      treeshake: true,
      logLevel: 'warn',
      onLog,
    });
    try {
      const out = await build.generate({
        format: 'iife',
        name: '__parleyProgram',
        exports: 'named',
        globals: { [PROGRAM_API_MODULE]: 'globalThis.__parley' },
        footer: 'globalThis.__parleyProgram = __parleyProgram.default;',
        comments: false,
        codeSplitting: false,
        sourcemap: false,
        minify: false,
      });
      const chunks = out.output.filter((o) => o.type === 'chunk');
      const chunk = chunks[0];
      if (chunk === undefined || chunks.length !== 1) {
        throw new ProgramBundleError(
          `program ${label}: expected one script, got ${chunks.length}.`,
        );
      }
      const imports = [
        ...chunk.imports.filter((i) => i !== PROGRAM_API_MODULE),
        ...chunk.dynamicImports,
      ];
      if (imports.length > 0) {
        throw new ProgramBundleError(
          `program ${label}: imports ${imports.map((i) => JSON.stringify(i)).join(', ')}; a program may import only its own files and '${PROGRAM_API_MODULE}' (no file system, network or other modules).`,
        );
      }
      if (!chunk.exports.includes('default')) {
        throw new ProgramBundleError(
          `program ${label}: no default export: export default defineProgram({ ... }).`,
        );
      }
      code = chunk.code;
      moduleIds = chunk.moduleIds.map((id) => (id === ENTRY_ID ? file : id));
      moduleIds = moduleIds.filter((id) => !id.startsWith('\0'));
    } finally {
      await build.close();
    }
  } catch (e) {
    if (e instanceof ProgramBundleError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new ProgramBundleError(
      `program ${label}: ${/INVALID_EXPORT_OPTION|MISSING_EXPORT.*default/.test(msg) ? 'no default export: export default defineProgram({ ... }).' : msg}`,
    );
  }
  if (problems.length > 0) {
    throw new ProgramBundleError(`program ${label}: ${problems.join('; ')}`);
  }
  const sources: Record<string, string> = {};
  for (const id of [...moduleIds].sort((a, b) =>
    relative(root, a) < relative(root, b) ? -1 : 1,
  )) {
    sources[relative(root, id)] = await readFile(id, 'utf8');
  }
  return { bundle: new TextEncoder().encode(code), sources };
}
