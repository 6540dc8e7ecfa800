/**
 * Types of the Parley node's REST API, generated from its OpenAPI document (GET /openapi.json)
 * by openapi-typescript. Do not edit: run `npm run sdk:generate`.
 *
 * @module
 */
export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness check (no authentication). */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This node's identity: organization, chain address, TLS fingerprint. */
    get: operations['getV1Status'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/datasets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List datasets (metadata only). */
    get: operations['getV1Datasets'];
    put?: never;
    /**
     * Import a dataset from CSV text, with a schema or an inferred one.
     * @description All rows are validated before anything is stored; on any error nothing is stored and the error names the row, line and column.
     */
    post: operations['postV1Datasets'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/datasets/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One dataset's metadata and schema (never its rows). */
    get: operations['getV1DatasetsId'];
    put?: never;
    post?: never;
    /** Delete a dataset and its rows from this node. */
    delete: operations['deleteV1DatasetsId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/datasets/{id}/publish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Publish a dataset's metadata (never its rows) to the ledger's Catalog. */
    post: operations['postV1DatasetsIdPublish'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/catalog': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Search the Catalog: metadata every member published. */
    get: operations['getV1Catalog'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The consortium's current members (from the Consortium contract). */
    get: operations['getV1Members'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/programs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The programs this node can run, with their code hashes and parameters. */
    get: operations['getV1Programs'];
    put?: never;
    /**
     * Add a program: bundle its files, compute its code hash, publish it and open the approve-program proposal.
     * @description This node bundles the files into the exact script every node runs, hashes it with the engine version, test-loads it (nothing runs with data), then publishes the bundle and the sources on chain with the approve-program proposal; its own vote counts at once. After the vote passes every node loads it, with no restart. Refusals: 400 ERR_PROGRAM_PUBLISH (the files do not bundle or load; the file is named), 409 ERR_LEDGER_REVERT ProgramAlreadyApproved.
     */
    post: operations['postV1Programs'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/programs/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One program: description, params, inputs (columns and accepted types), outputs (recipients, rows) and limits. */
    get: operations['getV1ProgramsName'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/policy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The approval policy: ordered rules (the first match decides) and the requirements every job using our datasets must meet. */
    get: operations['getV1Policy'];
    /**
     * Replace the whole approval policy.
     * @description Program names are resolved to code hashes with the node registry, member names to addresses with the Consortium. An absent field matches anything. `requirements`, when given, replaces the requirements too (absent: they stay as they are): each applies to its dataset (or to all of ours), and a job breaking one is rejected with the rule named, whoever would approve it.
     */
    put: operations['putV1Policy'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/grants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Grants this node requested (outgoing) or was asked for (incoming). */
    get: operations['getV1Grants'];
    put?: never;
    /** Request the use of another member's dataset (on chain; its owner decides). */
    post: operations['postV1Grants'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/grants/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One grant. */
    get: operations['getV1GrantsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/grants/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a grant request for one of our datasets (its inbox item too). */
    post: operations['postV1GrantsIdApprove'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/grants/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a grant request for one of our datasets; the reason goes on chain. */
    post: operations['postV1GrantsIdReject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/grants/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke a grant of one of our datasets, effective at once (on chain). */
    post: operations['postV1GrantsIdRevoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/inbox': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Requests for our data waiting for a decision, and past decisions. */
    get: operations['getV1Inbox'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/inbox/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Approve a pending item (on chain, then locally). */
    post: operations['postV1InboxIdApprove'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/inbox/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Reject a pending item; the reason is written on chain. */
    post: operations['postV1InboxIdReject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Jobs this node takes part in. */
    get: operations['getV1Jobs'];
    put?: never;
    /**
     * Propose a job: a program over datasets, computed by a committee, revealed to recipients.
     * @description Member names are resolved with the Consortium, input owners with the Catalog; our own approved grants cover inputs of others where we hold one. The params are validated against the program and published on chain with the proposal.
     */
    post: operations['postV1Jobs'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One job: status, roles, program, params, spec, progress, outcome. */
    get: operations['getV1JobsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The job's progress log on this node, after entry `after`. */
    get: operations['getV1JobsIdEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs/{id}/result': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The job's outputs this node received (verified), or else its public outputs as attested on chain. */
    get: operations['getV1JobsIdResult'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The proposer withdraws a job that has not started (on chain, then locally). */
    post: operations['postV1JobsIdCancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/artifacts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This node's artifacts (metadata only; shares are never served). */
    get: operations['getV1Artifacts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/artifacts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One artifact (metadata only). */
    get: operations['getV1ArtifactsId'];
    put?: never;
    post?: never;
    /** Deletes this node's shares of an artifact. The other members keep theirs, but no job can use the artifact any more (every member's shares are needed); once more than t members delete, the value is gone for good. */
    delete: operations['deleteV1ArtifactsId'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/jobs/{id}/events/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The job's progress and state changes as Server-Sent Events, until it ends.
     * @description Events: `progress` (a log entry, SSE id = entry id), `state` (status, phase, progress; at once and on each change), `end` (then the stream closes); `: heartbeat` comments meanwhile. Resumes after `after` or the `Last-Event-ID` header.
     */
    get: operations['getV1JobsIdEventsStream'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Jobs' audit trails, rebuilt from ledger events only, with their checks.
     * @description Proposer, program, params (checked against paramsHash), input approvals and grants, committee, recipients, start, result digest with every committee signature recovered from the submitResult transaction, failure or rejection, timings. A bad trail is reported (verified false, problems), not an error.
     */
    get: operations['getV1Audit'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/proposals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Consortium governance proposals, newest first, with their votes. */
    get: operations['getV1GovernanceProposals'];
    put?: never;
    /**
     * Propose a governance change; this node votes for it at once.
     * @description add-member needs account, name, endpoint, tlsPublicKey, jurisdiction; remove-member needs member; update-member needs member and the fields to change; approve-program and revoke-program need program (name or code hash); threshold needs threshold.
     */
    post: operations['postV1GovernanceProposals'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/proposals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One governance proposal with its votes. */
    get: operations['getV1GovernanceProposalsId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/governance/proposals/{id}/vote': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Vote for an open proposal with this node’s account.
     * @description The proposal takes effect when the votes of current members reach the threshold. Refusals (409 ERR_LEDGER_REVERT): AlreadyVoted, ProposalExpired, ProposalAlreadyExecuted.
     */
    post: operations['postV1GovernanceProposalsIdVote'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/programs/published': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Programs published on chain, as this node indexed them, with their status. */
    get: operations['getV1ProgramsPublished'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/programs/{name}/source': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A program's published sources and its code hash, recomputed from the bundle this node stores. */
    get: operations['getV1ProgramsNameSource'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The console session's CSRF token and expiry (cookie sessions only). */
    get: operations['getV1Session'];
    put?: never;
    /**
     * Console sign-in: exchange the API token for a session cookie.
     * @description Sets the HttpOnly, SameSite=Strict session cookie and returns the CSRF token that cookie-authenticated requests must send in X-CSRF-Token. Refused from another origin.
     */
    post: operations['postV1Session'];
    /** Sign out: end the console session and clear its cookie. */
    delete: operations['deleteV1Session'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ErrorBody: {
      /** @description A stable code, documented in docs/errors.md. */
      code: string;
      message: string;
      details?: {
        /** @description Every problem of a dataset import, in file order (at most 100; `total` counts them all). */
        errors?: {
          /** @description 1-based data row (the header not counted). */
          row?: number;
          /** @description 1-based line of the CSV text. */
          line?: number;
          column?: string;
          /** @description What was expected, in the column's units; never the cell's content. */
          message: string;
        }[];
        /** @description How many problems there are in all. */
        total?: number;
      } & {
        [key: string]:
          | (string | number | boolean | null)
          | {
              [key: string]: string | number | boolean | null;
            }[];
      };
      requestId: string;
    };
    Status: {
      name: string;
      chainAddress: string;
      tlsFingerprint: string;
      version: string;
      datasets: number;
    };
    Column: {
      name: string;
      /** @enum {string} */
      type:
        | 'integer'
        | 'decimal'
        | 'fixed'
        | 'boolean'
        | 'category'
        | 'identifier'
        | 'date'
        | 'timestamp';
      /** @description integer columns only */
      bits?: number;
      /** @description decimal columns only: digits after the point */
      scale?: number;
      /**
       * @description timestamp columns only
       * @enum {string}
       */
      resolution?: 's' | 'ms';
      /** @description integer, decimal, fixed, date, timestamp: inclusive bound in the column units (a string is exact). */
      min?: number | string;
      /** @description integer, decimal, fixed, date, timestamp: inclusive bound in the column units (a string is exact). */
      max?: number | string;
      /** @description category columns only */
      labels?: string[];
      /** @description boolean columns only: spellings of true */
      true?: string[];
      /** @description boolean columns only: spellings of false */
      false?: string[];
      /** @description identifier columns only: "none", or steps among trim, nfc, nfkc, lower */
      normalize?:
        ('none' | 'trim' | 'nfc' | 'nfkc' | 'lower') | ('trim' | 'nfc' | 'nfkc' | 'lower')[];
      unit?: string;
    };
    DatasetSchema: {
      columns: components['schemas']['Column'][];
    };
    DatasetInfo: {
      /** @description Dataset id: 0x + 64 hex digits (the Catalog id once published). */
      id: string;
      name: string;
      rowCount: number;
      /** @description sha256 of the canonical encoding, 0x-hex. */
      contentHash: string;
      /** Format: date-time */
      createdAt: string;
      publishedAt: string | null;
      schema: components['schemas']['DatasetSchema'];
    };
    CatalogEntry: {
      id: string;
      owner: string;
      title: string;
      description?: string;
      columns: {
        name?: string;
        dataType?: string;
        unit?: string;
      }[];
      rowCount: number;
      contentHash: string;
      tags?: string[];
      releaseTime?: number;
      withdrawn: boolean;
    };
    Member: {
      address: string;
      name: string;
      /** @description host:port of the MPC listener. */
      endpoint: string;
      /** @description SHA-256 of the TLS key the members pin (hex), null if the record has none. */
      tlsFingerprint: string | null;
      jurisdiction: string;
      /** @description True for this node. */
      self: boolean;
    };
    Program: {
      name: string;
      /** @description The code hash jobs and grants name. */
      hash: string;
      version: string;
      description: string;
      /**
       * @description The prime field of the job's session (part of the program's source).
       * @enum {string}
       */
      field: 'p127' | 'p255';
      params: {
        [key: string]: {
          /** @enum {string} */
          type: 'number' | 'string' | 'boolean' | 'list' | 'artifact';
          /** @enum {string} */
          items?: 'number' | 'string';
          minLength?: number;
          maxLength?: number;
          description: string;
          integer?: boolean;
          min?: number;
          max?: number;
          pattern?: string;
          oneOf?: string[];
          default?: number | string | boolean | (number | string)[];
        };
      };
      /** @description The columns every input needs (with the default params). */
      inputs: {
        column: string;
        /** @enum {string} */
        kind: 'integer' | 'number' | 'category';
        /** @description integer: values are stored integers in [-2^(bits-1), 2^(bits-1)). */
        bits?: number;
        /** @description The column types accepted. */
        types: string[];
        /** @description number: in the column units; integer: stored units, a decimal string. */
        min?: number | string;
        /** @description number: in the column units; integer: stored units, a decimal string. */
        max?: number | string;
        labels?: string[];
      }[];
      /** @description Disclosure control: a value computed from fewer rows than max(min, params[param]) is suppressed. */
      minGroupSize?: {
        min: number;
        param?: string;
      };
      outputs: {
        name: string;
        type: string;
        description: string;
        /**
         * @description Who receives it: the job's recipients, every member, the public (on chain), each input owner its own slice, or nobody (kept secret-shared as an artifact).
         * @enum {string}
         */
        to: 'recipients' | 'members' | 'public' | 'owners' | 'nobody';
        /**
         * @description For 'owners': element i to input i's owner, or each input's rows.
         * @enum {string}
         */
        slices?: 'element' | 'rows';
        /** @description Disclosure control: the secret group counts of its elements (an element of a group smaller than minGroupSize is suppressed). */
        groups?: string[];
        /** @description What its rows are (their labels). */
        rows: string;
      }[];
      /** @description The limits checked at proposal and at each owner (with the example params where a parameter has no default: columns are then named after the parameter). */
      limits: {
        rowsPerInput?: {
          min?: number;
          max?: number;
        };
        rows?: {
          min?: number;
          max?: number;
        };
        absSum?: {
          [key: string]: number;
        };
        field?: string;
        text: string[];
      };
    };
    PolicyRule: {
      /** @enum {string} */
      action: 'approve' | 'reject';
      programHash?: string;
      /** @description The program's name, when this node knows the hash. */
      program?: string;
      datasetId?: string;
      /** @description Chain address. */
      requester?: string;
      note?: string;
    };
    PolicyRequirement: {
      /** @description The dataset it applies to; absent: all of ours. */
      datasetId?: string;
      /** @description At least this many committee members. */
      minCommittee?: number;
      /** @description At least this Shamir threshold t = ⌊(n − 1)/2⌋ (t ≥ 1: 3 members, t ≥ 2: 5). */
      minThreshold?: number;
      /** @description The job's proposer is not on its committee. */
      requesterNotOnCommittee?: boolean;
      /** @description No recipient is on the committee. */
      recipientsNotOnCommittee?: boolean;
      /** @description Every committee member's jurisdiction (as Consortium records it) is one of these. */
      jurisdictions?: string[];
      /** @description The dataset is used only while it has at most this many rows. */
      maxRows?: number;
      /** @description A job reveals at most this many output values in all. */
      maxOutputs?: number;
      /** @description The dataset is used in at most this many jobs (those this node took part in). */
      maxUses?: number;
      note?: string;
    };
    Grant: {
      id: string;
      datasetId: string;
      /** @enum {string} */
      direction: 'incoming' | 'outgoing';
      /** @description Chain address of the grantee. */
      requester: string;
      purpose: string;
      programHashes: string[];
      /** @description The names of programHashes this node knows (null otherwise). */
      programs: (string | null)[];
      /** @description Unix seconds. */
      expiry: number | null;
      maxUses: number | null;
      /** @enum {string} */
      status: 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired';
      createdAt: string;
      updatedAt: string;
    };
    InboxItem: {
      id: number;
      /** @enum {string} */
      kind: 'grant' | 'job';
      /** @description The grant id or job id. */
      ref: string;
      /** @enum {string} */
      state: 'pending' | 'approved' | 'rejected' | 'closed';
      /** @enum {string|null} */
      decidedBy: 'policy' | 'user' | null;
      reason: string | null;
      createdAt: string;
      decidedAt: string | null;
      /** @description Public text describing the request. */
      summary: string;
    };
    Artifact: {
      /** @description <jobId>.<output name>, the same on every member. */
      id: string;
      /** @description The job that computed it. */
      jobId: string;
      /** @description The producing program's output name. */
      name: string;
      program: string;
      /** @enum {string} */
      field: 'p127' | 'p255';
      /** @description The secure type of its elements: kind, bit length k, fractional bits f. */
      type: {
        /** @enum {string} */
        kind: 'int' | 'fxp' | 'bit';
        k?: number;
        f?: number;
      };
      /** @description Number of elements. */
      length: number;
      /** @description The members holding it, in order: a job taking it must have this committee. */
      committee: string[];
      /** @description The threshold: more than t members hold the value. */
      t: number;
      /** @description This member's evaluation point (1-based). */
      index: number;
      /** @description What it was computed from: a job taking it lists these datasets as inputs, so their owners approve. */
      lineage: {
        datasets: string[];
        owners: string[];
      };
      /** @description The producing job's attested digest. */
      resultDigest: string;
      createdAt: string;
    };
    Job: {
      id: string;
      /** @enum {string} */
      status:
        | 'proposed'
        | 'awaiting_approval'
        | 'ready'
        | 'running'
        | 'succeeded'
        | 'failed'
        | 'rejected'
        | 'cancelled';
      roles: ('proposer' | 'input' | 'compute' | 'recipient')[];
      program: string | null;
      programHash: string | null;
      params: {
        [key: string]: number | string | boolean | (number | string)[];
      } | null;
      proposer: string | null;
      spec: {
        inputs: string[];
        inputOwners: string[];
        committee: string[];
        recipients: string[];
        /** @description Unix seconds. */
        deadline: number;
        specHash: string;
      } | null;
      phase: string | null;
      progress: number;
      hasResult: boolean;
      resultDigest: string | null;
      errorCode: string | null;
      errorReason: string | null;
      createdAt: string;
      updatedAt: string;
      startedAt: string | null;
      finishedAt: string | null;
    };
    JobProgressEvent: {
      /** @constant */
      type: 'progress';
      /** @description The log entry id (also the SSE `id:`). */
      id: number;
      /** Format: date-time */
      at: string;
      phase: string;
      detail: string | null;
    };
    JobStateEvent: {
      /** @constant */
      type: 'state';
      /** @enum {string} */
      status:
        | 'proposed'
        | 'awaiting_approval'
        | 'ready'
        | 'running'
        | 'succeeded'
        | 'failed'
        | 'rejected'
        | 'cancelled';
      phase: string | null;
      /** @description 0..1 */
      progress: number;
      hasResult: boolean;
      resultDigest: string | null;
      errorCode: string | null;
      errorReason: string | null;
    };
    JobEndEvent: {
      /** @constant */
      type: 'end';
      /** @enum {string} */
      status: 'succeeded' | 'failed' | 'rejected' | 'cancelled';
    };
    JobStreamEvent:
      | components['schemas']['JobProgressEvent']
      | components['schemas']['JobStateEvent']
      | components['schemas']['JobEndEvent'];
    AuditTrail: {
      jobId: string;
      status: string;
      proposer?: string;
      proposed?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
      };
      program?: {
        hash: string;
        name: string | null;
      };
      specHash?: string;
      specHashMatches?: boolean;
      params?: {
        hash: string;
        /** @description True if the JobParams event exists. */
        published: boolean;
        matchesHash: boolean;
        /** @description The published params, validated when this node knows the program. */
        values: {
          [key: string]: number | string | boolean | (number | string)[];
        } | null;
      };
      inputs?: {
        datasetId: string;
        owner: string | null;
        /**
         * @description What covers the input; null: nothing (the job cannot be ready).
         * @enum {string|null}
         */
        coveredBy: 'proposer' | 'grant' | 'approval' | null;
        grantId: string | null;
      }[];
      approvals?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
        owner: string;
      }[];
      grantsUsed?: {
        grantId: string;
        datasetId: string;
        uses: number;
        maxUses: number;
      }[];
      committee?: string[];
      recipients?: string[];
      /** @description Unix seconds. */
      deadline?: number;
      ready?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
      } | null;
      started?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
        by: string;
      } | null;
      result?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
        digest: string;
        signatures: {
          /** @description The recovered signer, or null if it does not recover. */
          signer: string | null;
          inCommittee: boolean;
          /** @description Recovers to a committee member who signed only once. */
          valid: boolean;
        }[];
      } | null;
      failure?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
        by: string;
        reason: string;
      } | null;
      /** @description The recipients that confirmed the result before the committee attested it: all of them for a succeeded job, none otherwise. */
      confirmedBy?: string[];
      /** @description A recipient's refusal that failed the job (from the failure reason). */
      refusal?: {
        recipient: string;
        what: string;
      } | null;
      rejection?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
        owner: string;
        reason: string;
      } | null;
      cancelled?: {
        /** @description Block number, decimal. */
        block: string;
        /** @description ISO 8601, from the block's timestamp. */
        at: string;
        /** @description Transaction hash. */
        tx: string;
      } | null;
      timings?: {
        proposedAt: string;
        readyAt: string | null;
        startedAt: string | null;
        finishedAt: string | null;
        /** @description From start (or proposal, if it never started) to the end, seconds. */
        durationSeconds: number | null;
      };
      verified: boolean;
      problems: string[];
    };
    Proposal: {
      id: string;
      /** @enum {string} */
      kind:
        | 'add-member'
        | 'remove-member'
        | 'update-member'
        | 'approve-program'
        | 'revoke-program'
        | 'threshold';
      /** @enum {string} */
      status: 'open' | 'executed' | 'expired';
      proposer: string;
      proposerName?: string | null;
      createdAt: string;
      expiresAt: string;
      /** @description The member a member proposal is about. */
      target?: string | null;
      targetName?: string | null;
      programHash?: string | null;
      /** @description The program's name in this registry. */
      program?: string | null;
      newThreshold?: number | null;
      member?: {
        name?: string;
        endpoint?: string;
        jurisdiction?: string;
        tlsPublicKey?: string;
      } | null;
      /** @description Votes of current members. */
      votes: number;
      /** @description Votes needed (the Consortium threshold now). */
      threshold: number;
      voters: {
        address: string;
        name: string | null;
        /** @description Still a member: only these votes count. */
        current: boolean;
      }[];
      votedBySelf: boolean;
      summary: string;
    };
    ProgramSource: {
      name: string;
      /** @description The code hash the program is approved (and run) under. */
      hash: string;
      /** @description The hash recomputed now from the bundle this node stores (source hash for compiled-in programs). */
      recomputedHash: string;
      matches: boolean;
      /** @description The entry module, relative to the program directory. */
      path: string;
      /** @description The entry module's source. */
      source: string;
      version?: string;
      /** @enum {string} */
      status?: 'published' | 'approved' | 'revoked' | 'built-in';
      /** @description The proposal that published it. */
      proposalId?: string | null;
      /** @description Every published source file, by path: what the bundle was built from. */
      sources?: {
        [key: string]: string;
      };
      /** @description With ?verify=true: the code hash of the bundle this node builds again from the published sources (equal to hash when they are what was approved). */
      rebuiltHash?: string | null;
    };
    Session: {
      /** @description Send it as X-CSRF-Token with every request that changes state. */
      csrfToken: string;
      /** @description When the session ends if idle (ISO 8601). */
      expiresAt: string;
      /** @description The node's organization name. */
      node: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'ok';
          };
        };
      };
    };
  };
  getV1Status: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Status'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Datasets: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            datasets: components['schemas']['DatasetInfo'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1Datasets: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @description CSV text (RFC 4180) with a header line. */
          csv: string;
          schema?: components['schemas']['DatasetSchema'];
        };
      };
    };
    responses: {
      /** @description OK */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetInfo'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1DatasetsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetInfo'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  deleteV1DatasetsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1DatasetsIdPublish: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          title: string;
          description?: string;
          tags?: string[];
          releaseTime?: number;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DatasetInfo'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Catalog: {
    parameters: {
      query?: {
        q?: string;
        owner?: string;
        offset?: string;
        limit?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            datasets: components['schemas']['CatalogEntry'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Members: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            members: components['schemas']['Member'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Programs: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            programs: components['schemas']['Program'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1Programs: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The program's entry file, a key of files (e.g. index.ts). */
          entry: string;
          /** @description The program's source files by relative path (at most 200, 524288 bytes in all). */
          files: {
            [key: string]: string;
          };
        };
      };
    };
    responses: {
      /** @description OK */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            version: string;
            /** @description The code hash over the bundle and the engine version. */
            hash: string;
            proposalId: string;
            /** @description True if this node's vote alone approved it. */
            executed: boolean;
            bundleBytes?: number;
            /** @description The bundled files. */
            sources: string[];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1ProgramsName: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Program'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Policy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            rules: components['schemas']['PolicyRule'][];
            requirements: components['schemas']['PolicyRequirement'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  putV1Policy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          rules: {
            /** @enum {string} */
            action: 'approve' | 'reject';
            /** @description A program's name (GET /v1/programs) or its code hash. */
            program?: string;
            /** @description Dataset id: 0x + 64 hex digits (the Catalog id once published). */
            datasetId?: string;
            /** @description A member's name (as in GET /v1/members) or its chain address. */
            requester?: string;
            note?: string;
          }[];
          requirements?: components['schemas']['PolicyRequirement'][];
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            rules: components['schemas']['PolicyRule'][];
            requirements: components['schemas']['PolicyRequirement'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Grants: {
    parameters: {
      query?: {
        direction?: 'incoming' | 'outgoing';
        status?: 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            grants: components['schemas']['Grant'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1Grants: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Dataset id: 0x + 64 hex digits (the Catalog id once published). */
          datasetId: string;
          purpose: string;
          programs: string[];
          /** @description Unix seconds (default: 30 days from now). */
          expiresAt?: number;
          /** @description How many jobs may use it (default 1). */
          maxUses?: number;
        };
      };
    };
    responses: {
      /** @description OK */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Grant'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1GrantsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Grant'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1GrantsIdApprove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Public text, written on chain with a rejection or revocation. */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Grant'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1GrantsIdReject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Public text, written on chain with a rejection or revocation. */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Grant'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1GrantsIdRevoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Public text, written on chain with a rejection or revocation. */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Grant'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Inbox: {
    parameters: {
      query?: {
        state?: 'pending' | 'approved' | 'rejected' | 'closed';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['InboxItem'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1InboxIdApprove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Public text, written on chain with a rejection or revocation. */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InboxItem'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1InboxIdReject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Public text, written on chain with a rejection or revocation. */
          reason?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InboxItem'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Jobs: {
    parameters: {
      query?: {
        status?:
          | 'proposed'
          | 'awaiting_approval'
          | 'ready'
          | 'running'
          | 'succeeded'
          | 'failed'
          | 'rejected'
          | 'cancelled';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            jobs: components['schemas']['Job'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1Jobs: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description A program name (GET /v1/programs). */
          program: string;
          inputs: string[];
          committee: string[];
          recipients: string[];
          params?: {
            [key: string]: number | string | boolean | (number | string)[];
          };
          /** @description Seconds from now to the deadline (default 3600). */
          deadlineSeconds?: number;
        };
      };
    };
    responses: {
      /** @description OK */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Job'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1JobsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Job'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1JobsIdEvents: {
    parameters: {
      query?: {
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            events: {
              id: number;
              at: string;
              phase: string;
              detail: string | null;
            }[];
            /** @enum {string} */
            status:
              | 'proposed'
              | 'awaiting_approval'
              | 'ready'
              | 'running'
              | 'succeeded'
              | 'failed'
              | 'rejected'
              | 'cancelled';
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1JobsIdResult: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            jobId: string;
            program: string | null;
            resultDigest: string | null;
            /** @description Output name to its values (numbers, or strings for large integers, or booleans). */
            outputs: {
              [key: string]: unknown;
            };
            /** @description Output name to the unit of its values, where it has one (an input column's unit from the catalog, e.g. EUR, or EUR² for a variance; % for a gap). */
            units?: {
              [key: string]: string;
            };
            /** @description Output name to the decimal scale of its values, for outputs in a decimal column's stored units (2 for cents of decimal(2), 4 for a variance in cents²): a display shows value / 10^scale. */
            scales?: {
              [key: string]: number;
            };
            /** @description True when this node received nothing itself and these are the job's public outputs, read from the chain where the committee attested them. */
            public?: boolean;
            /** @description Output name to the indices of its values withheld by disclosure control (a group of fewer than minGroupSize rows); their value is 0 or false and means nothing. */
            suppressed?: {
              [key: string]: number[];
            };
            /** @description The program's minimum group size, where it declares one. */
            minGroupSize?: number;
            /** @description Output name to its rows' labels, one per value (input owners, groups, overall), from the program's output spec. */
            rows?: {
              [key: string]: string[];
            };
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1JobsIdCancel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Job'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Artifacts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            artifacts: components['schemas']['Artifact'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1ArtifactsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Artifact'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  deleteV1ArtifactsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            /** @enum {boolean} */
            deleted: true;
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1JobsIdEventsStream: {
    parameters: {
      query?: {
        after?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': components['schemas']['JobStreamEvent'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Audit: {
    parameters: {
      query?: {
        job?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            jobs: components['schemas']['AuditTrail'][];
            verified: boolean;
            problems: string[];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1GovernanceProposals: {
    parameters: {
      query?: {
        status?: 'open' | 'executed' | 'expired';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            threshold: number;
            memberCount: number;
            proposals: components['schemas']['Proposal'][];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1GovernanceProposals: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @enum {string} */
          kind:
            | 'add-member'
            | 'remove-member'
            | 'update-member'
            | 'approve-program'
            | 'revoke-program'
            | 'threshold';
          /** @description remove-member, update-member: name or address. */
          member?: string;
          /** @description add-member: the new member's chain address. */
          account?: string;
          name?: string;
          /** @description host:port */
          endpoint?: string;
          tlsPublicKey?: string;
          jurisdiction?: string;
          /** @description A program's name (GET /v1/programs) or its code hash. */
          program?: string;
          threshold?: number;
        };
      };
    };
    responses: {
      /** @description OK */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Proposal'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1GovernanceProposalsId: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Proposal'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1GovernanceProposalsIdVote: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Proposal'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1ProgramsPublished: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            programs: {
              name: string;
              version: string;
              hash: string;
              /** @enum {string} */
              status: 'published' | 'approved' | 'revoked';
              proposalId: string;
              /** @description Loaded on this node: jobs naming it run here. */
              loaded: boolean;
              /** @description Why this node refuses an approved program (e.g. its bundle hash differs). */
              refusal: string | null;
            }[];
          };
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1ProgramsNameSource: {
    parameters: {
      query?: {
        verify?: 'true' | 'false';
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProgramSource'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  getV1Session: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  postV1Session: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
        };
      };
    };
    responses: {
      /** @description OK */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Session'];
        };
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
  deleteV1Session: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Error */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
      /** @description Error */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorBody'];
        };
      };
    };
  };
}
