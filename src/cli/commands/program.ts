/**
 * `parley program add|show|list` and `parley governance propose approve-program|revoke-program`:
 * programs a consortium adds itself (issue 9, docs/programs.md).
 *
 * `add` reads the program's files here (a `.ts`/`.js` file with the files it imports from its
 * directory, or a whole directory with an index file: every `.ts`, `.mts`, `.js`, `.mjs` and
 * `.json` file under it, skipping `node_modules` and dot directories) and sends them to this
 * organization's node, which bundles them into the exact script nodes run, computes the code hash,
 * publishes bundle and sources on chain and opens the approve-program proposal. `show --verify`
 * has the node bundle the published sources again (GET /v1/programs/:name/source?verify=true)
 * and compares that hash with the one the consortium approves: the sources a member reads are
 * then the ones the approved bundle was built from. (The CLI reaches nodes through the SDK only,
 * so the rebuild runs on the member's own node; test/architecture keeps the bundler out of it.)
 *
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { parse, UsageError } from '../args.js';
import { clientFor, COMMON_USAGE, commonOptions, json, table } from '../common.js';
import { errorFromResponse } from '../../sdk/errors.js';
import { CliFileError } from '../errors.js';
import { describeProgram } from './members.js';

export const PROGRAM_USAGE: string = `Usage: parley program add <file.ts|dir> [options]
       parley program show <name|hash> [--verify] [options]
       parley program list [options]

  add     read the program's files, have this node bundle them, compute the code hash, publish
          bundle and sources on chain and open the approve-program proposal (this node votes
          for it); prints the name, hash and proposal id. Members vote with
          "parley governance vote <id>"; once it passes every node runs it, with no restart.
  show    source, code hash, params, inputs, outputs and limits of an approved program;
          --verify has your node bundle the published sources again and compares the hash
  list    programs published on chain: status (published, approved, revoked), loaded on this
          node, and why this node refuses one (e.g. a bundle that does not hash as approved)

Options:
  --verify          (show) rebuild the published sources and compare the code hash
${COMMON_USAGE}`;

export const GOVERNANCE_PROGRAM_USAGE: string = `Usage: parley governance propose approve-program <file.ts|dir|name|hash> [options]
       parley governance propose revoke-program <name|hash> [options]

approve-program with a file or directory adds the program ("parley program add"); with the name
or hash of a program published before (e.g. revoked, or its proposal lapsed) proposes it again.
revoke-program proposes to revoke an approved program: jobs naming it are refused from then on.

Options:
${COMMON_USAGE}`;

/** Most files and bytes read for one program (the node has the same bounds). */
const MAX_FILES = 200;
const MAX_BYTES = 512 * 1024;
const SOURCE_RE = /\.(m?[tj]s|json)$/;
const IMPORT_RE = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every source file under `root`, by path relative to it. */
async function readDir(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && SOURCE_RE.test(e.name) && !e.name.endsWith('.d.ts')) {
        files[relative(root, p).split(sep).join('/')] = await readFile(p, 'utf8');
      }
      if (Object.keys(files).length > MAX_FILES)
        throw new CliFileError(
          `The program directory ${root} holds more than ${MAX_FILES} files.`,
          {
            path: root,
          },
        );
    }
  };
  await walk(root);
  return files;
}

/** A file and the files it imports by relative path, transitively, inside its directory. */
async function readFileWithImports(file: string): Promise<Record<string, string>> {
  const root = dirname(file);
  const files: Record<string, string> = {};
  const queue = [file];
  while (queue.length > 0) {
    const f = queue.pop()!;
    const rel = relative(root, f).split(sep).join('/');
    if (rel in files || rel.startsWith('..')) continue;
    let text: string;
    try {
      text = await readFile(f, 'utf8');
    } catch {
      continue; // an import the bundler will name if it is missing
    }
    files[rel] = text;
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1]!;
      const base = join(dirname(f), spec);
      for (const cand of [
        base,
        base.replace(/\.js$/, '.ts'),
        base.replace(/\.mjs$/, '.mts'),
        `${base}.ts`,
        join(base, 'index.ts'),
      ]) {
        if ((await stat(cand).catch(() => undefined))?.isFile() === true) {
          queue.push(cand);
          break;
        }
      }
    }
  }
  return files;
}

/** The files and entry of the program at `path` (module doc). */
export async function readProgramFiles(
  path: string,
): Promise<{ entry: string; files: Record<string, string> }> {
  const s = await stat(path).catch(() => undefined);
  if (s === undefined)
    throw new CliFileError(`No such program file or directory: ${path}`, { path });
  let out: { entry: string; files: Record<string, string> };
  if (s.isDirectory()) {
    const files = await readDir(path);
    const entry = ['index.ts', 'index.mts', 'index.js', 'index.mjs'].find((n) => n in files);
    if (entry === undefined)
      throw new CliFileError(`The program directory ${path} has no index.ts (or index.js).`, {
        path,
      });
    out = { entry, files };
  } else {
    out = { entry: basename(path), files: await readFileWithImports(path) };
  }
  const bytes = Object.values(out.files).reduce((n, t) => n + Buffer.byteLength(t), 0);
  if (bytes > MAX_BYTES)
    throw new CliFileError(`The program's files hold ${bytes} bytes; at most ${MAX_BYTES}.`, {
      path,
    });
  return out;
}

type Out = (s: string) => void;

async function add(
  path: string,
  values: Record<string, unknown>,
  out: Out,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const body = await readProgramFiles(path);
  const api = await clientFor(values as never, env);
  const r = await api.addProgram(body);
  if (values['json'] === true) return out(json(r));
  out(
    [
      `program ${r.name} ${r.version}`,
      `  hash:     ${r.hash}`,
      `  proposal: ${r.proposalId}${r.executed ? ' (approved: this vote reached the threshold)' : ' (open: members vote with "parley governance vote ' + r.proposalId + '")'}`,
      `  files:    ${r.sources.join(', ')}`,
    ].join('\n'),
  );
}

/**
 * `parley program ...` (see {@link PROGRAM_USAGE}).
 * @example
 * ```ts
 * await programCommand(['add', './weighted-sum.ts'], console.log, process.env);
 * ```
 */
export async function programCommand(
  args: readonly string[],
  out: Out,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add': {
      const p = parse(rest, commonOptions, PROGRAM_USAGE, { min: 1, max: 1 });
      if (p.help) return out(PROGRAM_USAGE);
      return await add(p.positionals[0]!, p.values, out, env);
    }
    case 'show': {
      const p = parse(rest, { ...commonOptions, verify: { type: 'boolean' } }, PROGRAM_USAGE, {
        min: 1,
        max: 1,
      });
      if (p.help) return out(PROGRAM_USAGE);
      const ref = p.positionals[0]!;
      const api = await clientFor(p.values, env);
      const src = await api.getProgramSource(ref, {
        verify: p.values.verify === true ? 'true' : 'false',
      });
      const info = await api.getProgram(src.hash).catch(() => undefined);
      let verified: string | undefined;
      if (p.values.verify === true) {
        const again = src.rebuiltHash ?? 'nothing (the node did not rebuild them)';
        verified =
          again === src.hash.toLowerCase()
            ? `verified: the published sources rebuild to ${again}`
            : `NOT VERIFIED: the published sources rebuild to ${again}, not to the approved ${src.hash}`;
      }
      if (p.values.json === true)
        return out(json({ ...src, program: info ?? null, verified: verified ?? null }));
      const lines = [
        info === undefined
          ? `${src.name} ${src.version ?? ''}  ${src.hash}  (not loaded on this node)`
          : describeProgram(info),
        `  status: ${src.status ?? 'unknown'}${src.proposalId ? ` (proposal ${src.proposalId})` : ''}`,
        `  stored bundle hashes to ${src.recomputedHash}: ${src.matches ? 'matches' : 'DIFFERS from the approved hash'}`,
        ...(verified === undefined ? [] : [`  ${verified}`]),
      ];
      for (const [path, text] of Object.entries(src.sources ?? { [src.path]: src.source })) {
        lines.push('', `--- ${path}`, text.trimEnd());
      }
      out(lines.join('\n'));
      if (verified?.startsWith('NOT') === true)
        throw new CliFileError(verified, { expected: src.hash, path: src.path });
      return;
    }
    case 'list': {
      const p = parse(rest, commonOptions, PROGRAM_USAGE);
      if (p.help) return out(PROGRAM_USAGE);
      const api = await clientFor(p.values, env);
      const { programs } = await api.listPublishedPrograms();
      if (p.values.json === true) return out(json(programs));
      if (programs.length === 0) return out('No program was published on chain.');
      out(
        table(
          ['name', 'version', 'hash', 'status', 'here', 'proposal'],
          programs.map((g) => [
            g.name,
            g.version,
            g.hash,
            g.status,
            g.loaded ? 'loaded' : g.refusal === null ? '-' : 'REFUSED',
            g.proposalId,
          ]),
        ),
      );
      for (const g of programs) if (g.refusal !== null) out(`${g.name} ${g.hash}: ${g.refusal}`);
      return;
    }
    case undefined:
    case '--help':
    case '-h':
      return out(PROGRAM_USAGE);
    default:
      throw new UsageError(`Unknown program subcommand: ${sub}`, PROGRAM_USAGE);
  }
}

/**
 * `parley governance propose approve-program|revoke-program` (the governance command hands these
 * two kinds here; see {@link GOVERNANCE_PROGRAM_USAGE}).
 * @example
 * ```ts
 * await governanceProgramCommand('revoke-program', ['weighted-sum'], console.log, process.env);
 * ```
 */
export async function governanceProgramCommand(
  kind: 'approve-program' | 'revoke-program',
  args: readonly string[],
  out: Out,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const p = parse(args, commonOptions, GOVERNANCE_PROGRAM_USAGE, { min: 1, max: 1 });
  if (p.help) return out(GOVERNANCE_PROGRAM_USAGE);
  const ref = p.positionals[0]!;
  const isRef =
    /^(?:[a-z0-9-]{1,64}|0x[0-9a-fA-F]{64})$/.test(ref) &&
    (await stat(ref).catch(() => undefined)) === undefined;
  if (kind === 'approve-program' && !isRef) return await add(ref, p.values, out, env);
  const api = await clientFor(p.values, env);
  const { data, error, response } = await api.raw.POST('/v1/governance/proposals', {
    body: { kind, program: ref },
  });
  if (data === undefined) throw errorFromResponse(response.status, error, response.url);
  if (p.values.json === true) return out(json(data));
  out(
    `proposal ${data.id} (${data.kind}, ${data.status}): ${data.summary} votes ${data.votes}/${data.threshold}`,
  );
}

/** True for the governance subcommands this module handles. */
export function isProgramProposal(
  args: readonly string[],
): args is readonly ['propose', 'approve-program' | 'revoke-program', ...string[]] {
  return args[0] === 'propose' && (args[1] === 'approve-program' || args[1] === 'revoke-program');
}
