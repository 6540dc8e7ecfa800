/**
 * `parley/sdk`: the typed client of a Parley node's REST API, for Node and browsers.
 *
 * The types come from the node's OpenAPI document (generated/api.ts, `npm run sdk:generate`);
 * the facade (client.ts) gives one method per route plus `watchJob` (Server-Sent Events).
 * Failed calls reject with a {@link ParleyApiError} carrying a code of docs/errors.md.
 * See docs/sdk.md.
 *
 * @example
 * ```ts
 * import { createParleyClient, ParleyApiError } from 'parley/sdk';
 * const api = createParleyClient({ baseUrl: 'http://127.0.0.1:7400', token });
 * const { jobs } = await api.listJobs({ status: 'running' });
 * for await (const ev of api.watchJob(jobs[0]!.id)) console.log(ev);
 * ```
 *
 * @module
 */
export {
  createParleyClient,
  type AuditQuery,
  type AuditReport,
  type AuditTrail,
  type CallOptions,
  type CatalogEntry,
  type CatalogQuery,
  type DatasetInfo,
  type DatasetSchema,
  type ErrorBody,
  type Grant,
  type Artifact,
  type GrantDecisionBody,
  type GrantQuery,
  type GrantRejectBody,
  type GrantRevokeBody,
  type ImportDatasetBody,
  type InboxApproveBody,
  type InboxItem,
  type InboxQuery,
  type InboxRejectBody,
  type Job,
  type JobEvents,
  type JobEventsQuery,
  type JobQuery,
  type JobResult,
  type Member,
  type NodeStatus,
  type ParleyClient,
  type ParleyClientOptions,
  type PolicyRequirement,
  type PolicyRule,
  type Program,
  type Proposal,
  type ProposalQuery,
  type ProposeBody,
  type ProposeJobBody,
  type PublishDatasetBody,
  type QueryOfGet,
  type RequestBodyOf,
  type RequestGrantBody,
  type ResponseOf,
  type SetPolicyBody,
} from './client.js';
export {
  errorFromResponse,
  importProblemsOf,
  ParleyApiError,
  ParleyApiUnexpectedError,
  ParleyApiUnreachableError,
  type ImportProblem,
  type ParleyApiErrorParameters,
} from './errors.js';
export {
  parseEventStream,
  type JobEndEvent,
  type JobProgressEvent,
  type JobStateEvent,
  type JobStreamEvent,
  type ServerSentEvent,
  type WatchJobOptions,
} from './watch.js';
export type { components, paths } from './generated/api.js';
