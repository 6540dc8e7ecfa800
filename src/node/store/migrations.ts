/**
 * The store's schema, as numbered migrations. Append only: never edit a released migration; add
 * the next number instead. Each migration runs in its own transaction together with its row in
 * `schema_migrations`, so a failed migration leaves the database at the previous version.
 *
 * @module
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** All migrations in order; `version` is 1, 2, 3, ... */
export const migrations: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'datasets, grants, inbox, policy, jobs, ledger checkpoint',
    sql: `
CREATE TABLE datasets (
  id            TEXT PRIMARY KEY,           -- 0x + 64 hex; also the Catalog id once published
  name          TEXT NOT NULL UNIQUE,
  schema_json   TEXT NOT NULL,              -- DatasetSchema (datasets/schema.ts)
  row_count     INTEGER NOT NULL CHECK (row_count >= 0),
  content_hash  TEXT NOT NULL,              -- 0x + 64 hex, sha256 of the canonical encoding
  created_at    TEXT NOT NULL,
  published_at  TEXT,
  publish_tx    TEXT
);
CREATE TABLE dataset_rows (
  dataset_id  TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,             -- 0-based row index
  cells       TEXT NOT NULL,                -- JSON array of encoded cells
  PRIMARY KEY (dataset_id, idx)
) WITHOUT ROWID;
CREATE TABLE grants (
  id              TEXT PRIMARY KEY,         -- the ledger's grant id, decimal
  dataset_id      TEXT NOT NULL,
  direction       TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  requester       TEXT NOT NULL,            -- chain address
  purpose         TEXT NOT NULL,
  program_hashes  TEXT NOT NULL,            -- JSON array of 0x hashes
  expiry          INTEGER,                  -- unix seconds, NULL = none
  max_uses        INTEGER,
  status          TEXT NOT NULL
                  CHECK (status IN ('requested', 'approved', 'rejected', 'revoked', 'expired')),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE TABLE inbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('grant', 'job')),
  ref         TEXT NOT NULL,                -- grant id or job id
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
  decided_by  TEXT CHECK (decided_by IN ('policy', 'user')),
  reason      TEXT,
  created_at  TEXT NOT NULL,
  decided_at  TEXT,
  UNIQUE (kind, ref)
);
CREATE TABLE policy_rules (
  position      INTEGER PRIMARY KEY,        -- evaluation order, 0-based
  action        TEXT NOT NULL CHECK (action IN ('approve', 'reject')),
  program_hash  TEXT,                       -- NULL = any
  dataset_id    TEXT,                       -- NULL = any
  requester     TEXT,                       -- NULL = any
  note          TEXT
);
CREATE TABLE jobs (
  id             TEXT PRIMARY KEY,          -- the ledger's job id, decimal
  status         TEXT NOT NULL CHECK (status IN ('proposed', 'awaiting_approval', 'ready',
                   'running', 'succeeded', 'failed', 'rejected', 'cancelled')),
  roles          TEXT NOT NULL,             -- JSON array: proposer, input, compute, recipient
  progress       REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
  result_digest  TEXT,
  error_code     TEXT,
  error_reason   TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT
);
CREATE TABLE ledger_checkpoint (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  chain_id    INTEGER NOT NULL,
  consortium  TEXT NOT NULL,
  last_block  TEXT NOT NULL,                -- decimal; bigint-safe
  updated_at  TEXT NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'job details (program, public params, spec), progress log, recipient results',
    sql: `
ALTER TABLE jobs ADD COLUMN program_hash TEXT;   -- 0x + 64 hex
ALTER TABLE jobs ADD COLUMN program TEXT;        -- program name, when this node knows the hash
ALTER TABLE jobs ADD COLUMN params_json TEXT;    -- the public params (canonical JSON), once known
ALTER TABLE jobs ADD COLUMN proposer TEXT;       -- chain address
ALTER TABLE jobs ADD COLUMN spec_json TEXT;      -- JSON: inputs, inputOwners, committee, recipients, deadline, specHash
ALTER TABLE jobs ADD COLUMN phase TEXT;          -- last executor phase seen on this node
ALTER TABLE jobs ADD COLUMN result_json TEXT;    -- a recipient's verified, decoded outputs (never shares)
CREATE TABLE job_events (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id  TEXT NOT NULL,
  at      TEXT NOT NULL,
  phase   TEXT NOT NULL,
  detail  TEXT                              -- public text only: counts, party names, reasons
);
CREATE INDEX job_events_by_job ON job_events (job_id, id);
`,
  },
  {
    version: 3,
    name: "inbox items can be 'closed': their job or grant ended before anyone decided",
    sql: `
CREATE TABLE inbox_v3 (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('grant', 'job')),
  ref         TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending'
              CHECK (state IN ('pending', 'approved', 'rejected', 'closed')),
  decided_by  TEXT CHECK (decided_by IN ('policy', 'user')),
  reason      TEXT,
  created_at  TEXT NOT NULL,
  decided_at  TEXT,
  UNIQUE (kind, ref)
);
INSERT INTO inbox_v3 (id, kind, ref, state, decided_by, reason, created_at, decided_at)
  SELECT id, kind, ref, state, decided_by, reason, created_at, decided_at FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_v3 RENAME TO inbox;
`,
  },
  {
    version: 4,
    name: 'datasets stored by column in chunks (format 2: typed columns, issue 8)',
    sql: `
ALTER TABLE datasets ADD COLUMN format INTEGER NOT NULL DEFAULT 1; -- 1: dataset_rows, fixed = x·2^16; 2: dataset_cells
CREATE TABLE dataset_cells (
  dataset_id  TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  col         INTEGER NOT NULL,             -- 0-based column, schema order
  chunk       INTEGER NOT NULL,             -- rows chunk·4096 .. chunk·4096 + 4095
  cells       TEXT NOT NULL,                -- JSON array of stored cells (strings)
  PRIMARY KEY (dataset_id, col, chunk)
) WITHOUT ROWID;
`,
  },
  {
    version: 5,
    name: "policy requirements: an owner's committee rules and caps (issue 9)",
    sql: `
CREATE TABLE policy_requirements (
  position           INTEGER PRIMARY KEY,     -- order as set, 0-based
  dataset_id         TEXT,                    -- NULL = every dataset of this node
  requirements_json  TEXT NOT NULL,           -- OwnerRequirements (jobs/committee-rules.ts)
  note               TEXT
);
`,
  },
  {
    version: 6,
    name: 'published programs: bundles, sources, approval (issue 9)',
    sql: `
CREATE TABLE programs (
  hash          TEXT PRIMARY KEY,           -- 0x + 64 lowercase hex: the code hash as published on chain
  name          TEXT NOT NULL,              -- as published (informational until the bundle loads)
  version       TEXT NOT NULL,
  bundle        BLOB NOT NULL,              -- the bundle nodes run; its hash is checked on every load and job
  sources_json  TEXT NOT NULL,              -- JSON { path: text }: what members read
  proposal_id   TEXT NOT NULL,              -- the approve-program proposal that published it (decimal)
  status        TEXT NOT NULL CHECK (status IN ('published', 'approved', 'revoked')),
  published_at  TEXT NOT NULL,
  decided_at    TEXT
);
CREATE INDEX programs_by_name ON programs (name);
`,
  },
  {
    version: 7,
    name: "artifacts: this member's shares of outputs kept secret-shared (issue 9)",
    sql: `
CREATE TABLE artifacts (
  id             TEXT PRIMARY KEY,          -- <jobId>.<output name>, the same on every member
  job_id         TEXT NOT NULL,             -- the producing job, decimal
  name           TEXT NOT NULL,             -- the output's name
  program        TEXT NOT NULL,             -- the producing program's name
  field          TEXT NOT NULL,             -- p127 or p255
  type_json      TEXT NOT NULL,             -- SecType: {"kind":"int","k":64} ...
  length         INTEGER NOT NULL CHECK (length >= 0),
  committee      TEXT NOT NULL,             -- JSON array of member names, job order
  t              INTEGER NOT NULL CHECK (t >= 0),
  share_index    INTEGER NOT NULL CHECK (share_index >= 1), -- this member's evaluation point
  shares         BLOB NOT NULL,             -- secret: field.bytes per element, little-endian
  lineage_json   TEXT NOT NULL,             -- {"datasets":[0x…],"owners":[name…]}
  result_digest  TEXT NOT NULL,             -- the producing job's attested digest
  created_at     TEXT NOT NULL
);
`,
  },
]);
