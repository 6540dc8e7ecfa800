/**
 * Artifacts as job inputs: the checks that a job may take the artifacts its params name, made
 * from the chain alone (so the proposer's node refuses a bad proposal before it goes on chain,
 * and every party of the job makes the same checks again before it runs).
 *
 * An artifact `<jobId>.<name>` is output `name` of job `jobId`, kept secret-shared by that
 * job's committee (`to: 'nobody'`, see `./outputs.ts`). A job may take it when:
 * - job `jobId` succeeded, its program is known here and declares `name` as a `nobody` output,
 *   and its attested public outputs record the artifact's shape (type and length);
 * - the job's committee is the artifact's: the same members in the same order (so the same
 *   evaluation points, and the same t = ⌊(n − 1)/2⌋); each member holds its own shares;
 * - the job's inputs are exactly the datasets the artifact was computed from (the producing
 *   job's inputs; for several artifacts, their union in order of first appearance), so the
 *   Jobs contract asks their owners to approve (or a grant to cover) this use, as for any job.
 *   A program with artifact parameters takes no dataset input beyond that: the inputs are
 *   approvals, nothing of them is loaded or shared.
 *
 * @module
 */
import { isAddressEqual, type Address, type Hex } from 'viem';
import { getJob } from '../../ledger/actions/getJob.js';
import { getPublicOutputs } from '../../ledger/actions/getPublicOutputs.js';
import type { LedgerClient } from '../../ledger/client.js';
import { JobStatus } from '../../ledger/types.js';
import type { SecType } from '../../mpc/secure/types.js';
import { ParleyError } from '../../errors/base.js';
import { ARTIFACT_ID } from '../../programs/params.js';
import type { ProgramRegistry } from '../../programs/registry.js';
import type { Params, ProgramDefinition } from '../../programs/types.js';
import { checkInputCount } from '../../programs/run.js';
import { artifactShapes } from './outputs.js';

/** An artifact named as a job input does not fit the job (the message says what differs). */
export class ArtifactInputError extends ParleyError {
  static override name = 'ArtifactInputError';
  constructor(artifact: string, what: string, options: { cause?: unknown } = {}) {
    super(`Artifact ${artifact} cannot be an input of this job: ${what}.`, {
      code: 'ERR_ARTIFACT_INPUT',
      details: { artifact },
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
  }
}

/** One artifact a job takes, as the chain describes it. */
export interface ArtifactInput {
  /** The program's parameter that names it. */
  readonly param: string;
  readonly id: string;
  readonly jobId: bigint;
  readonly name: string;
  readonly type: SecType;
  readonly length: number;
  /** The producing job's committee (job order) and attested digest. */
  readonly committee: readonly Address[];
  readonly resultDigest: Hex;
  /** The datasets it was computed from (the producing job's inputs). */
  readonly lineage: readonly Hex[];
}

/**
 * The names of `program`'s artifact parameters, sorted.
 * @example
 * ```ts
 * artifactParamsOf(program); // ['model']
 * ```
 */
export function artifactParamsOf(program: ProgramDefinition): string[] {
  return Object.entries(program.params)
    .filter(([, s]) => s.type === 'artifact')
    .map(([n]) => n)
    .sort();
}

/**
 * Checks that a job of `program` with `params`, committee `committee` and inputs `inputs` may
 * take the artifacts its params name (module doc), reading the chain; returns them in
 * parameter order (empty if the program takes none). `nameOf` names members in messages.
 * @throws {ArtifactInputError} naming the artifact and what differs.
 * @example
 * ```ts
 * const arts = await checkArtifactInputs(ledger, programs, def, params, spec.committee, spec.inputs);
 * ```
 */
export async function checkArtifactInputs(
  ledger: LedgerClient,
  programs: ProgramRegistry,
  program: ProgramDefinition,
  params: Params,
  committee: readonly Address[],
  inputs: readonly Hex[],
  nameOf: (a: Address) => string = (a) => a,
): Promise<ArtifactInput[]> {
  const names = artifactParamsOf(program);
  if (names.length === 0) return [];
  checkInputCount(program, 0);
  const out: ArtifactInput[] = [];
  for (const param of names) {
    const id = String(params[param]);
    const m = ARTIFACT_ID.exec(id);
    if (m === null) throw new ArtifactInputError(id, 'not an id <jobId>.<output name>');
    const jobId = BigInt(m[1]!);
    const name = m[2]!;
    let producer;
    try {
      producer = await getJob(ledger, { jobId });
    } catch (err: unknown) {
      throw new ArtifactInputError(id, `job ${jobId} cannot be read from the chain`, {
        cause: err,
      });
    }
    if (producer.status !== JobStatus.Succeeded) {
      throw new ArtifactInputError(id, `job ${jobId} has not succeeded`);
    }
    let def: ProgramDefinition;
    try {
      def = programs.byCodeHash(producer.programHash).definition;
    } catch (err: unknown) {
      throw new ArtifactInputError(id, `the program of job ${jobId} is unknown to this node`, {
        cause: err,
      });
    }
    if (def.outputs[name]?.to !== 'nobody') {
      throw new ArtifactInputError(id, `${def.name} has no output ${name} kept by its committee`);
    }
    const shape = artifactShapes(await getPublicOutputs(ledger, { jobId }))[name];
    if (shape === undefined) {
      throw new ArtifactInputError(id, `job ${jobId} recorded no shape for ${name} on chain`);
    }
    const same =
      committee.length === producer.committee.length &&
      committee.every((a, i) => isAddressEqual(a, producer.committee[i]!));
    if (!same) {
      const t = (n: number): number => Math.floor((n - 1) / 2);
      const list = (c: readonly Address[]): string =>
        `${c.map(nameOf).join(', ')} (t = ${t(c.length)})`;
      throw new ArtifactInputError(
        id,
        `it is held by the committee ${list(producer.committee)}, and this job's committee is ${list(committee)}; the committee must be the same members in the same order`,
      );
    }
    out.push({
      param,
      id,
      jobId,
      name,
      type: shape.type,
      length: shape.length,
      committee: producer.committee,
      resultDigest: producer.resultDigest,
      lineage: producer.inputs,
    });
  }
  const lineage: Hex[] = [];
  for (const a of out)
    for (const d of a.lineage)
      if (!lineage.some((x) => x.toLowerCase() === d.toLowerCase())) lineage.push(d);
  const match =
    inputs.length === lineage.length &&
    inputs.every((d, i) => d.toLowerCase() === lineage[i]!.toLowerCase());
  if (!match) {
    throw new ArtifactInputError(
      out.map((a) => a.id).join(', '),
      `the job's inputs must be exactly the datasets it was computed from, in order (${lineage.join(', ')}), so that their owners approve; got ${inputs.length === 0 ? 'none' : inputs.join(', ')}`,
    );
  }
  return out;
}
