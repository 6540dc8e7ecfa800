/**
 * The typed client of a Parley node's REST API: one method per route, typed by the types
 * generated from the node's OpenAPI document (generated/api.ts), built on openapi-fetch.
 * Runs in Node (>= 20) and in browsers: it uses only `fetch`, `Request`, `Response`,
 * `ReadableStream` and `TextDecoder`, never a `node:` module.
 *
 * Every method resolves with the route's success body, or rejects with a
 * `ParleyApiError` (errors.ts) carrying the documented code. Every method takes
 * `{ signal }` to cancel it.
 *
 * @module
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/api.js';
import {
  errorFromResponse,
  ParleyApiUnexpectedError,
  ParleyApiUnreachableError,
} from './errors.js';
import { watchJobEvents, type JobStreamEvent, type WatchJobOptions } from './watch.js';

type Schemas = components['schemas'];
export type ErrorBody = Schemas['ErrorBody'];
export type NodeStatus = Schemas['Status'];
export type DatasetInfo = Schemas['DatasetInfo'];
export type DatasetSchema = Schemas['DatasetSchema'];
export type CatalogEntry = Schemas['CatalogEntry'];
export type Member = Schemas['Member'];
export type Program = Schemas['Program'];
export type PolicyRule = Schemas['PolicyRule'];
export type PolicyRequirement = Schemas['PolicyRequirement'];
export type Grant = Schemas['Grant'];
export type Artifact = Schemas['Artifact'];
export type InboxItem = Schemas['InboxItem'];
export type Job = Schemas['Job'];
export type AuditTrail = Schemas['AuditTrail'];
export type Proposal = Schemas['Proposal'];

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;
type Ok<O> = O extends { responses: { 200: infer R } }
  ? JsonOf<R>
  : O extends { responses: { 201: infer R } }
    ? JsonOf<R>
    : never;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The success body of `method` on `path`. */
export type ResponseOf<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'delete'> = Ok<
  paths[P][M]
>;
/** The JSON request body of `method` on `path`. */
export type RequestBodyOf<P extends keyof paths, M extends 'post' | 'put'> = BodyOf<paths[P][M]>;
/** The query parameters of GET `path`. */
export type QueryOfGet<P extends keyof paths> = QueryOf<paths[P]['get']>;

export type ImportDatasetBody = RequestBodyOf<'/v1/datasets', 'post'>;
export type PublishDatasetBody = RequestBodyOf<'/v1/datasets/{id}/publish', 'post'>;
export type CatalogQuery = QueryOfGet<'/v1/catalog'>;
export type SetPolicyBody = RequestBodyOf<'/v1/policy', 'put'>;
export type RequestGrantBody = RequestBodyOf<'/v1/grants', 'post'>;
export type GrantQuery = QueryOfGet<'/v1/grants'>;
export type GrantDecisionBody = RequestBodyOf<'/v1/grants/{id}/approve', 'post'>;
export type GrantRejectBody = RequestBodyOf<'/v1/grants/{id}/reject', 'post'>;
export type GrantRevokeBody = RequestBodyOf<'/v1/grants/{id}/revoke', 'post'>;
export type InboxQuery = QueryOfGet<'/v1/inbox'>;
export type InboxApproveBody = RequestBodyOf<'/v1/inbox/{id}/approve', 'post'>;
export type InboxRejectBody = RequestBodyOf<'/v1/inbox/{id}/reject', 'post'>;
export type ProposeJobBody = RequestBodyOf<'/v1/jobs', 'post'>;
export type JobQuery = QueryOfGet<'/v1/jobs'>;
export type JobEventsQuery = QueryOfGet<'/v1/jobs/{id}/events'>;
export type JobEvents = ResponseOf<'/v1/jobs/{id}/events', 'get'>;
export type JobResult = ResponseOf<'/v1/jobs/{id}/result', 'get'>;
export type AuditQuery = QueryOfGet<'/v1/audit'>;
export type ProposalQuery = QueryOfGet<'/v1/governance/proposals'>;
export type ProposeBody = RequestBodyOf<'/v1/governance/proposals', 'post'>;
export type AuditReport = ResponseOf<'/v1/audit', 'get'>;

/** Options of every call. */
export interface CallOptions {
  /** Cancels the call; it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Options of {@link createParleyClient}. */
export interface ParleyClientOptions {
  /** The node's API origin, e.g. `http://127.0.0.1:7400` (a browser page may pass `location.origin`). */
  readonly baseUrl: string;
  /** The node's API token, sent as `Authorization: Bearer <token>`. Secret: never logged. */
  readonly token?: string;
  /** The fetch to use (default `globalThis.fetch`), e.g. one that adds a CSRF header. */
  readonly fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `credentials` of every request (a browser console with a session cookie: 'same-origin'). */
  readonly credentials?: RequestInit['credentials'];
}

/** A node's REST API, one method per route. See docs/api.md for what each route does. */
export interface ParleyClient {
  /** The node's API origin. */
  readonly url: string;
  /** The underlying openapi-fetch client (answers `{ data, error, response }`, never throws for HTTP errors). */
  readonly raw: Client<paths>;
  health(options?: CallOptions): Promise<ResponseOf<'/health', 'get'>>;
  status(options?: CallOptions): Promise<NodeStatus>;
  listDatasets(options?: CallOptions): Promise<ResponseOf<'/v1/datasets', 'get'>>;
  importDataset(body: ImportDatasetBody, options?: CallOptions): Promise<DatasetInfo>;
  getDataset(id: string, options?: CallOptions): Promise<DatasetInfo>;
  deleteDataset(id: string, options?: CallOptions): Promise<void>;
  publishDataset(
    id: string,
    body: PublishDatasetBody,
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/datasets/{id}/publish', 'post'>>;
  searchCatalog(
    query?: CatalogQuery,
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/catalog', 'get'>>;
  listMembers(options?: CallOptions): Promise<ResponseOf<'/v1/members', 'get'>>;
  listPrograms(options?: CallOptions): Promise<ResponseOf<'/v1/programs', 'get'>>;
  /** One program with its inputs' accepted types, outputs' recipients and rows, and limits. */
  getProgram(name: string, options?: CallOptions): Promise<Program>;
  /**
   * Adds a program: the node bundles `files`, computes the code hash, publishes bundle and
   * sources on chain and opens the approve-program proposal (its vote counts at once).
   */
  addProgram(
    body: RequestBodyOf<'/v1/programs', 'post'>,
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/programs', 'post'>>;
  /** Programs published on chain as this node indexed them: status, loaded here, refusal. */
  listPublishedPrograms(
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/programs/published', 'get'>>;
  /**
   * A program's published sources and its hash recomputed from the node's stored bundle; with
   * `verify`, also the hash of the bundle the node builds again from those sources.
   */
  getProgramSource(
    nameOrHash: string,
    query?: { verify?: 'true' | 'false' },
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/programs/{name}/source', 'get'>>;
  getPolicy(options?: CallOptions): Promise<ResponseOf<'/v1/policy', 'get'>>;
  setPolicy(body: SetPolicyBody, options?: CallOptions): Promise<ResponseOf<'/v1/policy', 'put'>>;
  requestGrant(body: RequestGrantBody, options?: CallOptions): Promise<Grant>;
  listGrants(query?: GrantQuery, options?: CallOptions): Promise<ResponseOf<'/v1/grants', 'get'>>;
  getGrant(id: string, options?: CallOptions): Promise<Grant>;
  /** This node's artifacts (outputs kept secret-shared by a committee), metadata only. */
  listArtifacts(options?: CallOptions): Promise<ResponseOf<'/v1/artifacts', 'get'>>;
  getArtifact(id: string, options?: CallOptions): Promise<Artifact>;
  /** Deletes this node's shares of an artifact (no job can use it afterwards). */
  deleteArtifact(
    id: string,
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/artifacts/{id}', 'delete'>>;
  approveGrant(id: string, body: GrantDecisionBody, options?: CallOptions): Promise<Grant>;
  rejectGrant(id: string, body: GrantRejectBody, options?: CallOptions): Promise<Grant>;
  revokeGrant(id: string, body: GrantRevokeBody, options?: CallOptions): Promise<Grant>;
  listInbox(query?: InboxQuery, options?: CallOptions): Promise<ResponseOf<'/v1/inbox', 'get'>>;
  approveInbox(
    id: string,
    body: InboxApproveBody,
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/inbox/{id}/approve', 'post'>>;
  rejectInbox(
    id: string,
    body: InboxRejectBody,
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/inbox/{id}/reject', 'post'>>;
  proposeJob(body: ProposeJobBody, options?: CallOptions): Promise<Job>;
  listJobs(query?: JobQuery, options?: CallOptions): Promise<ResponseOf<'/v1/jobs', 'get'>>;
  getJob(id: string, options?: CallOptions): Promise<Job>;
  jobEvents(id: string, query?: JobEventsQuery, options?: CallOptions): Promise<JobEvents>;
  jobResult(id: string, options?: CallOptions): Promise<JobResult>;
  cancelJob(id: string, options?: CallOptions): Promise<Job>;
  audit(query?: AuditQuery, options?: CallOptions): Promise<AuditReport>;
  /** Consortium governance proposals, newest first (optionally by status). */
  listProposals(
    query?: ProposalQuery,
    options?: CallOptions,
  ): Promise<ResponseOf<'/v1/governance/proposals', 'get'>>;
  getProposal(id: string, options?: CallOptions): Promise<Proposal>;
  /** Opens a proposal; this node votes for it at once. */
  propose(body: ProposeBody, options?: CallOptions): Promise<Proposal>;
  /** Votes for an open proposal with this node's account. */
  voteProposal(id: string, options?: CallOptions): Promise<Proposal>;
  /**
   * The job's progress and state changes as they happen (GET /v1/jobs/{id}/events/stream),
   * ending after the `end` event once the job has ended. Breaking out of the loop or aborting
   * `signal` closes the stream (an abort rejects the pending `next()` with the signal's reason).
   * @example
   * ```ts
   * for await (const ev of api.watchJob('7', { signal })) {
   *   if (ev.type === 'progress') console.log(ev.phase, ev.detail);
   *   if (ev.type === 'end') console.log('job ended:', ev.status);
   * }
   * ```
   */
  watchJob(id: string, options?: WatchJobOptions): AsyncIterable<JobStreamEvent>;
}

interface FetchResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * A client for the node at `baseUrl`.
 * @example
 * ```ts
 * import { createParleyClient } from 'parley/sdk';
 * const api = createParleyClient({ baseUrl: 'http://127.0.0.1:7400', token }); // token: keys/api.token
 * const { datasets } = await api.listDatasets();
 * const job = await api.getJob('7');
 * ```
 */
export function createParleyClient(options: ParleyClientOptions): ParleyClient {
  let origin: string;
  try {
    const u = new URL(options.baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('not http(s)');
    origin = u.origin + u.pathname.replace(/\/+$/, '');
  } catch (err) {
    throw new TypeError(
      `createParleyClient: expected baseUrl to be an http(s) URL, got ${JSON.stringify(options.baseUrl)}`,
      { cause: err },
    );
  }
  const userFetch = options.fetch ?? ((req: Request) => globalThis.fetch(req));
  const send = async (req: Request): Promise<Response> => {
    try {
      return await userFetch(req);
    } catch (err) {
      if (req.signal.aborted) throw req.signal.reason;
      throw new ParleyApiUnreachableError(origin, { cause: err });
    }
  };
  const headers: Record<string, string> = {
    ...(options.headers ?? {}),
    ...(options.token === undefined || options.token === ''
      ? {}
      : { authorization: `Bearer ${options.token}` }),
  };
  const raw = createClient<paths>({
    baseUrl: origin,
    fetch: send,
    headers,
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });

  /**
   * Runs an openapi-fetch call (which reads the body as text, see `opts`) and returns the
   * parsed success body, or throws the ParleyApiError for the answer.
   */
  async function unwrap<T>(call: () => Promise<FetchResult>, signal?: AbortSignal): Promise<T> {
    let r: FetchResult;
    try {
      r = await call();
    } catch (err) {
      if (signal?.aborted === true) throw signal.reason;
      throw err;
    }
    const { status } = r.response;
    if (!r.response.ok) throw errorFromResponse(status, r.error, origin);
    if (typeof r.data !== 'string' || r.data === '') return undefined as T;
    try {
      return JSON.parse(r.data) as T;
    } catch (err) {
      throw new ParleyApiUnexpectedError({ status, url: origin }, { cause: err });
    }
  }
  // Bodies are read as text and parsed here, so a body that is not JSON becomes
  // ERR_API_UNEXPECTED with the answer's status.
  const sig = (o?: CallOptions): { parseAs: 'text'; signal?: AbortSignal } =>
    o?.signal === undefined ? { parseAs: 'text' } : { parseAs: 'text', signal: o.signal };
  const path = (id: string): { params: { path: { id: string } } } => ({
    params: { path: { id } },
  });

  return {
    url: origin,
    raw,
    health: (o) => unwrap(() => raw.GET('/health', { ...sig(o) }), o?.signal),
    status: (o) => unwrap(() => raw.GET('/v1/status', { ...sig(o) }), o?.signal),
    listDatasets: (o) => unwrap(() => raw.GET('/v1/datasets', { ...sig(o) }), o?.signal),
    importDataset: (body, o) =>
      unwrap(() => raw.POST('/v1/datasets', { body, ...sig(o) }), o?.signal),
    getDataset: (id, o) =>
      unwrap(() => raw.GET('/v1/datasets/{id}', { ...path(id), ...sig(o) }), o?.signal),
    deleteDataset: (id, o) =>
      unwrap(() => raw.DELETE('/v1/datasets/{id}', { ...path(id), ...sig(o) }), o?.signal),
    publishDataset: (id, body, o) =>
      unwrap(
        () => raw.POST('/v1/datasets/{id}/publish', { ...path(id), body, ...sig(o) }),
        o?.signal,
      ),
    searchCatalog: (query, o) =>
      unwrap(
        () => raw.GET('/v1/catalog', { params: { query: query ?? {} }, ...sig(o) }),
        o?.signal,
      ),
    listMembers: (o) => unwrap(() => raw.GET('/v1/members', { ...sig(o) }), o?.signal),
    listPrograms: (o) => unwrap(() => raw.GET('/v1/programs', { ...sig(o) }), o?.signal),
    getProgram: (name, o) =>
      unwrap(
        () => raw.GET('/v1/programs/{name}', { params: { path: { name } }, ...sig(o) }),
        o?.signal,
      ),
    addProgram: (body, o) => unwrap(() => raw.POST('/v1/programs', { body, ...sig(o) }), o?.signal),
    listPublishedPrograms: (o) =>
      unwrap(() => raw.GET('/v1/programs/published', { ...sig(o) }), o?.signal),
    getProgramSource: (name, query, o) =>
      unwrap(
        () =>
          raw.GET('/v1/programs/{name}/source', {
            params: { path: { name }, query: query ?? {} },
            ...sig(o),
          }),
        o?.signal,
      ),
    getPolicy: (o) => unwrap(() => raw.GET('/v1/policy', { ...sig(o) }), o?.signal),
    setPolicy: (body, o) => unwrap(() => raw.PUT('/v1/policy', { body, ...sig(o) }), o?.signal),
    requestGrant: (body, o) => unwrap(() => raw.POST('/v1/grants', { body, ...sig(o) }), o?.signal),
    listGrants: (query, o) =>
      unwrap(() => raw.GET('/v1/grants', { params: { query: query ?? {} }, ...sig(o) }), o?.signal),
    getGrant: (id, o) =>
      unwrap(() => raw.GET('/v1/grants/{id}', { ...path(id), ...sig(o) }), o?.signal),
    listArtifacts: (o) => unwrap(() => raw.GET('/v1/artifacts', { ...sig(o) }), o?.signal),
    getArtifact: (id, o) =>
      unwrap(() => raw.GET('/v1/artifacts/{id}', { ...path(id), ...sig(o) }), o?.signal),
    deleteArtifact: (id, o) =>
      unwrap(() => raw.DELETE('/v1/artifacts/{id}', { ...path(id), ...sig(o) }), o?.signal),
    approveGrant: (id, body, o) =>
      unwrap(
        () => raw.POST('/v1/grants/{id}/approve', { ...path(id), body, ...sig(o) }),
        o?.signal,
      ),
    rejectGrant: (id, body, o) =>
      unwrap(() => raw.POST('/v1/grants/{id}/reject', { ...path(id), body, ...sig(o) }), o?.signal),
    revokeGrant: (id, body, o) =>
      unwrap(() => raw.POST('/v1/grants/{id}/revoke', { ...path(id), body, ...sig(o) }), o?.signal),
    listInbox: (query, o) =>
      unwrap(() => raw.GET('/v1/inbox', { params: { query: query ?? {} }, ...sig(o) }), o?.signal),
    approveInbox: (id, body, o) =>
      unwrap(() => raw.POST('/v1/inbox/{id}/approve', { ...path(id), body, ...sig(o) }), o?.signal),
    rejectInbox: (id, body, o) =>
      unwrap(() => raw.POST('/v1/inbox/{id}/reject', { ...path(id), body, ...sig(o) }), o?.signal),
    proposeJob: (body, o) => unwrap(() => raw.POST('/v1/jobs', { body, ...sig(o) }), o?.signal),
    listProposals: (query, o) =>
      unwrap(
        () => raw.GET('/v1/governance/proposals', { params: { query: query ?? {} }, ...sig(o) }),
        o?.signal,
      ),
    getProposal: (id, o) =>
      unwrap(() => raw.GET('/v1/governance/proposals/{id}', { ...path(id), ...sig(o) }), o?.signal),
    propose: (body, o) =>
      unwrap(() => raw.POST('/v1/governance/proposals', { body, ...sig(o) }), o?.signal),
    voteProposal: (id, o) =>
      unwrap(
        () => raw.POST('/v1/governance/proposals/{id}/vote', { ...path(id), ...sig(o) }),
        o?.signal,
      ),
    listJobs: (query, o) =>
      unwrap(() => raw.GET('/v1/jobs', { params: { query: query ?? {} }, ...sig(o) }), o?.signal),
    getJob: (id, o) =>
      unwrap(() => raw.GET('/v1/jobs/{id}', { ...path(id), ...sig(o) }), o?.signal),
    jobEvents: (id, query, o) =>
      unwrap(
        () =>
          raw.GET('/v1/jobs/{id}/events', {
            params: { path: { id }, query: query ?? {} },
            ...sig(o),
          }),
        o?.signal,
      ),
    jobResult: (id, o) =>
      unwrap(() => raw.GET('/v1/jobs/{id}/result', { ...path(id), ...sig(o) }), o?.signal),
    cancelJob: (id, o) =>
      unwrap(() => raw.POST('/v1/jobs/{id}/cancel', { ...path(id), ...sig(o) }), o?.signal),
    audit: (query, o) =>
      unwrap(() => raw.GET('/v1/audit', { params: { query: query ?? {} }, ...sig(o) }), o?.signal),
    watchJob: (id, o) =>
      watchJobEvents(
        {
          origin,
          headers,
          send,
          ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
        },
        id,
        o,
      ),
  };
}
