/** `parley members` and `parley programs`: the consortium's members and this node's programs. */
import { parse } from '../args.js';
import type { Program } from '../../sdk/index.js';
import { clientFor, COMMON_USAGE, commonOptions, json, table } from '../common.js';

export const MEMBERS_USAGE: string = `Usage: parley members [options]

Lists the consortium's members (from the Consortium contract): name, chain address, MPC
endpoint, jurisdiction; "*" marks this node. Names or addresses are what --committee and
--reveal-to of "parley job propose" take.

Options:
${COMMON_USAGE}`;

export const PROGRAMS_USAGE: string = `Usage: parley programs [options]
       parley programs show <name> [options]

Lists the programs this node can run, with their code hashes (what grants and jobs name) and
their public parameters (--param name=value of "parley job propose"). "show" prints one program
in full: description, params, inputs (columns and the column types accepted), outputs (who
receives them, what their rows are) and its limits (rows, value bounds in the column's units),
which the proposer's node checks against the catalog and every owner on its data.

Options:
${COMMON_USAGE}`;

/** A program as GET /v1/programs describes it. */
export type ProgramInfo = Program;

/** One program in full, for `parley programs show`. */
export function describeProgram(g: ProgramInfo): string {
  const lines = [`${g.name} ${g.version}  ${g.hash}`, `  ${g.description}`];
  const params = Object.entries(g.params);
  lines.push(
    '  params:',
    ...(params.length === 0 ? ['    none'] : params.map(([k, s]) => describeParam(k, s))),
  );
  lines.push('  inputs (every input dataset):');
  if (g.inputs.length === 0) lines.push('    the columns depend on the params');
  for (const i of g.inputs) {
    const labels =
      i.labels === undefined
        ? ''
        : ` with labels ${i.labels.map((l) => JSON.stringify(l)).join(', ')}`;
    const t = i.types ?? [i.kind];
    const types = t.length <= 1 ? t.join('') : `${t.slice(0, -1).join(', ')} or ${t.at(-1)!}`;
    lines.push(`    ${i.column}: ${types}${labels}`);
  }
  lines.push('  outputs:');
  for (const o of g.outputs) {
    lines.push(`    ${o.name} (${o.type}) to ${o.to ?? 'recipients'}; ${o.rows ?? ''}`.trimEnd());
    lines.push(`      ${o.description}`);
  }
  lines.push('  limits:', ...(g.limits?.text ?? []).map((t) => `    ${t}`));
  return lines.join('\n');
}

export async function membersCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const p = parse(args, commonOptions, MEMBERS_USAGE);
  if (p.help) return out(MEMBERS_USAGE);
  const api = await clientFor(p.values, env);
  const { members } = await api.listMembers();
  if (p.values.json === true) return out(json(members));
  if (members.length === 0) return out('No members.');
  out(
    table(
      ['', 'NAME', 'ADDRESS', 'JURISDICTION', 'ENDPOINT'],
      members.map((m) => [m.self ? '*' : '', m.name, m.address, m.jurisdiction, m.endpoint]),
    ),
  );
}

function describeParam(name: string, s: Program['params'][string]): string {
  const range =
    s.oneOf !== undefined
      ? ` one of ${s.oneOf.join('|')}`
      : s.min !== undefined || s.max !== undefined
        ? ` ${s.min ?? ''}..${s.max ?? ''}`
        : '';
  const dflt = s.default === undefined ? ' (required)' : ` (default ${String(s.default)})`;
  return `    ${name}: ${s.type}${range}${dflt}  ${s.description}`;
}

export async function programsCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (args[0] === 'show') {
    const s = parse(args.slice(1), commonOptions, PROGRAMS_USAGE, { min: 1, max: 1 });
    if (s.help) return out(PROGRAMS_USAGE);
    const name = s.positionals[0]!;
    const api = await clientFor(s.values, env);
    const g = await api.getProgram(name);
    return out(s.values.json === true ? json(g) : describeProgram(g));
  }
  const p = parse(args, commonOptions, PROGRAMS_USAGE);
  if (p.help) return out(PROGRAMS_USAGE);
  const api = await clientFor(p.values, env);
  const { programs } = await api.listPrograms();
  if (p.values.json === true) return out(json(programs));
  if (programs.length === 0) return out('This node has no programs.');
  out(
    programs
      .map((g) =>
        [
          `${g.name} ${g.version}  ${g.hash}`,
          `  ${g.description}`,
          ...(Object.keys(g.params).length === 0
            ? []
            : ['  params:', ...Object.entries(g.params).map(([k, s]) => describeParam(k, s))]),
          ...(g.outputs.length === 0
            ? []
            : [`  outputs: ${g.outputs.map((o) => `${o.name} (${o.type})`).join(', ')}`]),
        ].join('\n'),
      )
      .join('\n\n'),
  );
}
