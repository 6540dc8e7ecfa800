// Bundles the built-in programs (src/programs/builtin/<name>.ts) into dist/programs/builtin/
// with the same bundler a consortium's programs go through (`bundleProgram`). Run by
// `npm run build` from the repository root, after tsc.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PROGRAMS, builtinBundleUrl } from '../src/programs/builtin-load.js';
import { bundleProgram } from '../src/programs/bundle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
for (const name of BUILTIN_PROGRAMS) {
  const { bundle } = await bundleProgram(`${root}src/programs/builtin/${name}.ts`);
  const out = builtinBundleUrl(name);
  await mkdir(new URL('.', out), { recursive: true });
  await writeFile(out, bundle);
}
console.log(`build-programs: bundled ${BUILTIN_PROGRAMS.join(', ')}`);
