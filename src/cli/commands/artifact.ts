/** `parley artifact list|show|delete`: this node's artifacts, through the REST API. */
import { parse, UsageError } from '../args.js';
import type { Artifact } from '../../sdk/index.js';
import { clientFor, COMMON_USAGE, commonOptions, json, table } from '../common.js';

export const ARTIFACT_USAGE: string = `Usage: parley artifact <command> [options]

Artifacts are job outputs that went to nobody: each committee member keeps its own secret
shares, and a later job with the same committee may take the artifact as an input (its params
name the id, its inputs are the datasets the artifact was computed from, whose owners approve).

Commands:
  list           the artifacts this node holds shares of
  show <id>      one artifact: job, type, length, committee and t, lineage
  delete <id>    delete this node's shares. The other members keep theirs, but no job can use
                 the artifact afterwards (every member's shares are needed); once more than t
                 members have deleted theirs, the value is gone for good.

Options:
${COMMON_USAGE}`;

const typeOf = (a: Artifact): string =>
  a.type.kind === 'fxp'
    ? `fixed(${a.type.k}, ${a.type.f})`
    : a.type.kind === 'int'
      ? `integer(${a.type.k} bits)`
      : 'boolean';

function describe(a: Artifact): string {
  return [
    `artifact ${a.id}  (output ${a.name} of job ${a.jobId}, program ${a.program})`,
    `  values:     ${a.length} × ${typeOf(a)} in field ${a.field}`,
    `  committee:  ${a.committee.join(', ')} (t = ${a.t}; this node holds share ${a.index})`,
    `  computed from: ${a.lineage.datasets.map((d, i) => `${d} (${a.lineage.owners[i] ?? '?'})`).join(', ')}`,
    `  digest:     ${a.resultDigest}`,
    `  kept since: ${a.createdAt}`,
  ].join('\n');
}

function idOf(p: { positionals: readonly string[] }): string {
  const id = p.positionals[0]!;
  if (!/^\d{1,30}\.[A-Za-z][A-Za-z0-9_]{0,63}$/.test(id))
    throw new UsageError(
      `An artifact id is <jobId>.<output name> (e.g. 12.model), got "${id}".`,
      ARTIFACT_USAGE,
    );
  return id;
}

export async function artifactCommand(
  args: readonly string[],
  out: (s: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case undefined:
    case '--help':
    case '-h':
      return out(ARTIFACT_USAGE);
    case 'list': {
      const p = parse(rest, commonOptions, ARTIFACT_USAGE);
      if (p.help) return out(ARTIFACT_USAGE);
      const api = await clientFor(p.values, env);
      const { artifacts } = await api.listArtifacts();
      if (p.values.json === true) return out(json(artifacts));
      if (artifacts.length === 0) return out('No artifacts.');
      return out(
        table(
          ['ID', 'PROGRAM', 'VALUES', 'COMMITTEE', 'T', 'COMPUTED FROM'],
          artifacts.map((a) => [
            a.id,
            a.program,
            `${a.length} × ${typeOf(a)}`,
            a.committee.join(', '),
            String(a.t),
            [...new Set(a.lineage.owners)].join(', '),
          ]),
        ),
      );
    }
    case 'show': {
      const p = parse(rest, commonOptions, ARTIFACT_USAGE, { min: 1, max: 1 });
      if (p.help) return out(ARTIFACT_USAGE);
      const id = idOf(p);
      const api = await clientFor(p.values, env);
      const a = await api.getArtifact(id);
      return out(p.values.json === true ? json(a) : describe(a));
    }
    case 'delete': {
      const p = parse(rest, commonOptions, ARTIFACT_USAGE, { min: 1, max: 1 });
      if (p.help) return out(ARTIFACT_USAGE);
      const id = idOf(p);
      const api = await clientFor(p.values, env);
      const r = await api.deleteArtifact(id);
      return out(
        p.values.json === true
          ? json(r)
          : `Deleted this node's shares of artifact ${id}. The other members keep theirs, but no job can use it any more.`,
      );
    }
    default:
      throw new UsageError(`Unknown command: artifact ${sub}`, ARTIFACT_USAGE);
  }
}
