/**
 * The `parley` command's client part: every command here talks to a running node's REST API
 * through the SDK (parley/sdk) only. `init` and `node start`, which run the organization's own
 * node, are given by the executable (src/bin/parley.ts) as {@link LocalCommands}, so this
 * folder imports nothing of the node.
 *
 * Exit codes: 0 success, 1 failure (the message names the problem and, for API errors, the
 * stable code of docs/errors.md), 2 usage error (wrong command line; the usage is printed).
 * Nothing secret (keys, tokens, data rows) is ever printed.
 *
 * @module
 */
import { ParleyError } from '../errors/base.js';
import { importProblemsOf } from '../sdk/errors.js';
import { UsageError } from './args.js';

export const USAGE = `Usage: parley <command> [options]

Commands:
  init              create an organization's identity (keys, config)
  node start        run the node (REST API) from a config file
  dataset           import, list, show, delete and publish datasets
  catalog           search the Catalog (metadata members published)
  members           the consortium's members
  programs          the programs this node can run; "programs show <name>": limits too
  program           add a program (publish + approve-program proposal), show, list
  grant             request, list, show, approve, reject and revoke grants
  inbox             requests for our data waiting for a decision; approve or reject them
  policy            show or set the approval policy (rules and committee requirements)
  governance        list, show, vote on and propose consortium changes (members, threshold, programs)
  job               propose, list, show, watch, cancel jobs; show a job's result
  artifact          list, show and delete results kept secret-shared by a committee
  audit             rebuild and check jobs' trails from the ledger

Run "parley <command> --help" for a command's options.`;

/** A command the executable adds (init, node): resolves with the exit code. */
export type LocalCommand = (args: readonly string[], io: CliIo) => Promise<number>;
/** Commands by name that run outside the REST API (src/bin/parley.ts gives init and node). */
export type LocalCommands = Readonly<Record<string, LocalCommand>>;

export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** Facts worth printing with an error: the ones that say where, never values. */
const WHERE = [
  'field',
  'row',
  'line',
  'column',
  'expected',
  'path',
  'url',
  'param',
  'input',
  'errorName',
];

/** Most problems of a refused import printed, one line each. */
const MAX_PROBLEM_LINES = 100;

/** One line per problem an error lists (every bad cell of an import), capped. */
function problemLines(err: unknown): string[] {
  const p = importProblemsOf(err);
  if (p === undefined || p.total < 2) return [];
  const lines = p.errors.slice(0, MAX_PROBLEM_LINES).map((e) => {
    const where = [
      ...(e.row === undefined ? [] : [`row ${e.row} (line ${e.line ?? '?'})`]),
      ...(e.column === undefined ? [] : [`column "${e.column}"`]),
    ];
    return `  ${where.join(', ')}: ${e.message}`;
  });
  const rest = p.total - lines.length;
  return [
    `${p.total} problems${rest > 0 ? `, the first ${lines.length}` : ''}:`,
    ...lines,
    ...(rest > 0 ? [`  … and ${rest} more`] : []),
  ];
}

function describeError(err: unknown): string {
  // API errors are the SDK's ParleyApiError, a ParleyError with the server's code.
  if (err instanceof ParleyError) {
    const details = err.details as Readonly<Record<string, unknown>>;
    const show = (v: unknown): string =>
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);
    const where = WHERE.filter(
      (k) => details[k] !== undefined && !err.message.includes(show(details[k])),
    )
      .map((k) => `${k}: ${show(details[k])}`)
      .join(', ');
    const head = `error: ${err.shortMessage}${where === '' ? '' : ` (${where})`} [${err.code}]`;
    return [head, ...problemLines(err)].join('\n');
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Runs the CLI; resolves with the exit code.
 * @example
 * ```ts
 * const code = await runCli(['dataset', 'list'], { out: console.log, err: console.error, env: process.env });
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  local: LocalCommands = {},
): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      // Commands are loaded on demand: one command need not load the others.
      case 'dataset':
        await (await import('./commands/dataset.js')).datasetCommand(rest, io.out, io.env);
        return 0;
      case 'catalog':
        await (await import('./commands/catalog.js')).catalogCommand(rest, io.out, io.env);
        return 0;
      case 'members':
        await (await import('./commands/members.js')).membersCommand(rest, io.out, io.env);
        return 0;
      case 'programs':
        await (await import('./commands/members.js')).programsCommand(rest, io.out, io.env);
        return 0;
      case 'program':
        await (await import('./commands/program.js')).programCommand(rest, io.out, io.env);
        return 0;
      case 'grant':
        await (await import('./commands/grant.js')).grantCommand(rest, io.out, io.env);
        return 0;
      case 'inbox':
        await (await import('./commands/inbox.js')).inboxCommand(rest, io.out, io.env);
        return 0;
      case 'policy':
        await (await import('./commands/policy.js')).policyCommand(rest, io.out, io.env);
        return 0;
      case 'governance': {
        const program = await import('./commands/program.js');
        if (program.isProgramProposal(rest)) {
          await program.governanceProgramCommand(rest[1], rest.slice(2), io.out, io.env);
          return 0;
        }
        await (await import('./commands/governance.js')).governanceCommand(rest, io.out, io.env);
        return 0;
      }
      case 'artifact':
        await (await import('./commands/artifact.js')).artifactCommand(rest, io.out, io.env);
        return 0;
      case 'job':
        return await (await import('./commands/job.js')).jobCommand(rest, io.out, io.env);
      case 'audit':
        return await (await import('./commands/audit.js')).auditCommand(rest, io.out, io.env);
      default: {
        const run = Object.hasOwn(local, cmd) ? local[cmd] : undefined;
        if (run === undefined) throw new UsageError(`Unknown command: ${cmd}`, USAGE);
        return await run(rest, io);
      }
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}\n\n${err.usage}`);
      return 2;
    }
    io.err(describeError(err));
    return 1;
  }
}
