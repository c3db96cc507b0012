/**
 * Schema history. Each entry moves the database one `user_version` forward; all pending ones run
 * in a single transaction, and a database from a newer Shopfloor is refused rather than damaged.
 */
export const migrations: readonly string[] = [
  /* 1: import foundation */ `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('pos', 'members', 'online')),
    file TEXT NOT NULL,
    path TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    format TEXT NOT NULL,
    encoding TEXT NOT NULL,
    delimiter TEXT,
    sheet TEXT,
    tz TEXT,
    headers TEXT NOT NULL,
    mapping TEXT NOT NULL,
    ignored_columns TEXT NOT NULL DEFAULT '[]',
    layout_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('importing', 'staged', 'committed', 'rolled_back')),
    rows INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    issues TEXT NOT NULL DEFAULT '{}',
    stores TEXT NOT NULL DEFAULT '{}',
    owner_pid INTEGER,
    heartbeat_at INTEGER,
    created_at INTEGER NOT NULL,
    committed_at INTEGER,
    rolled_back_at INTEGER
  ) STRICT;
  CREATE INDEX batches_status ON batches(status, committed_at);

  -- Every row that is not simply an accepted event: rejected and duplicate rows with their original
  -- values, and members rows with the profile update they carry until commit.
  CREATE TABLE batch_rows (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id) ON DELETE CASCADE,
    row_no INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'duplicate')),
    issues TEXT NOT NULL,
    raw TEXT NOT NULL,
    user_id TEXT,
    data TEXT
  ) STRICT;
  CREATE UNIQUE INDEX batch_rows_row ON batch_rows(batch_id, row_no);
  CREATE INDEX batch_rows_user ON batch_rows(user_id) WHERE data IS NOT NULL;

  -- ingested_at is the batch's committed_at: an event enters the store when its upload is committed.
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    row_no INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    utc_offset INTEGER NOT NULL,
    is_offline INTEGER NOT NULL,
    params TEXT NOT NULL,
    dedup_key TEXT NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX events_dedup ON events(dedup_key);
  CREATE INDEX events_user_time ON events(user_id, occurred_at);
  CREATE INDEX events_batch ON events(batch_id);

  CREATE TABLE users (
    user_id TEXT PRIMARY KEY,
    attrs TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX users_email ON users(json_extract(attrs, '$.email'));
  CREATE INDEX users_phone ON users(json_extract(attrs, '$.phone'));

  -- Pre-image and post-image of each profile a members batch changed, so rollback can restore it.
  CREATE TABLE profile_changes (
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    user_id TEXT NOT NULL,
    before TEXT,
    after TEXT NOT NULL,
    PRIMARY KEY (batch_id, user_id)
  ) STRICT;

  CREATE TABLE attribute_types (
    scope TEXT NOT NULL CHECK (scope IN ('user', 'event')),
    name TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('string', 'number', 'boolean', 'date')),
    PRIMARY KEY (scope, name)
  ) STRICT;

  -- Mappings confirmed by a commit, per header set.
  CREATE TABLE layouts (
    layout_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    headers TEXT NOT NULL,
    mapping TEXT NOT NULL,
    tz TEXT,
    confirmed_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE stores (
    store_id TEXT PRIMARY KEY,
    name TEXT,
    tz TEXT,
    country TEXT
  ) STRICT;
  `,
  /* 2: journey engine */ `
  -- Commit order, so the engine processes each committed batch exactly once, in the order it arrived.
  ALTER TABLE batches ADD COLUMN commit_seq INTEGER;
  CREATE UNIQUE INDEX batches_commit_seq ON batches(commit_seq);

  CREATE TABLE journeys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'active', 'paused', 'stopped')),
    activated_at INTEGER,
    paused_at INTEGER,
    stopped_at INTEGER,
    -- the last batch commit_seq this journey has processed
    ingest_seq INTEGER NOT NULL DEFAULT 0,
    next_eval_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE journey_runs (
    id INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys(id),
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'completed', 'exited', 'stopped')),
    node_id TEXT,
    entered_at INTEGER NOT NULL,
    node_at INTEGER NOT NULL,
    steps INTEGER NOT NULL,
    wake_at INTEGER,
    wait_until INTEGER,
    watch_message INTEGER,
    goal_at INTEGER,
    ended_at INTEGER,
    UNIQUE (journey_id, user_id, seq)
  ) STRICT;
  CREATE INDEX journey_runs_due ON journey_runs(journey_id, wake_at) WHERE status = 'active' AND wake_at IS NOT NULL;
  -- A user is in a journey at most once at a time: a second entry cannot start a second run.
  CREATE UNIQUE INDEX journey_runs_active ON journey_runs(journey_id, user_id) WHERE status = 'active';

  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys(id),
    run_id INTEGER NOT NULL REFERENCES journey_runs(id),
    user_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    step INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'in_app', 'in_web')),
    due_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'sent', 'skipped', 'cancelled')),
    reason TEXT,
    dry_run INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    -- one message per node visit of a run: a step redone after a crash cannot queue it twice
    UNIQUE (run_id, step)
  ) STRICT;
  CREATE INDEX messages_due ON messages(due_at) WHERE status = 'scheduled';
  CREATE INDEX messages_user ON messages(user_id, channel, due_at);

  CREATE TABLE journey_traces (
    id INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys(id),
    run_id INTEGER,
    user_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    what TEXT NOT NULL
  ) STRICT;
  CREATE INDEX journey_traces_user ON journey_traces(journey_id, user_id, at);
  `,
  /* 3: the import review grid pages a batch's rows in file order */ `
  DROP INDEX events_batch;
  CREATE INDEX events_batch_row ON events(batch_id, row_no);
  `,
  /* 4: outbound channels: real sends, attempts, exactly once */ `
  CREATE TABLE messages_next (
    id INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys(id),
    run_id INTEGER NOT NULL REFERENCES journey_runs(id),
    user_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    step INTEGER NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'in_app', 'in_web')),
    due_at INTEGER NOT NULL,
    -- sending: an attempt is under way (recorded before the provider is called); unknown: the app stopped
    -- during that attempt, so nobody knows whether the provider accepted it: a person decides.
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'sending', 'sent', 'skipped', 'cancelled', 'failed', 'unknown')),
    reason TEXT,
    dry_run INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error TEXT,
    provider_id TEXT,
    -- what the provider sees (Message-ID, gateway request id): the same for every attempt of this message
    idempotency_key TEXT,
    -- the event that moved the run here, for {{event.…}} placeholders
    context TEXT,
    claimed_by TEXT,
    UNIQUE (run_id, step)
  ) STRICT;
  INSERT INTO messages_next (id, journey_id, run_id, user_id, node_id, step, channel, due_at, status, reason, dry_run, created_at, sent_at)
    SELECT id, journey_id, run_id, user_id, node_id, step, channel, due_at, status, reason, dry_run, created_at, sent_at FROM messages;
  DROP TABLE messages;
  ALTER TABLE messages_next RENAME TO messages;
  CREATE INDEX messages_due ON messages(due_at) WHERE status = 'scheduled';
  CREATE INDEX messages_user ON messages(user_id, channel, due_at);
  CREATE INDEX messages_run ON messages(run_id);
  CREATE INDEX messages_sending ON messages(status) WHERE status IN ('sending', 'unknown', 'failed');
  CREATE UNIQUE INDEX messages_key ON messages(idempotency_key) WHERE idempotency_key IS NOT NULL;

  CREATE TABLE message_attempts (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT CHECK (outcome IN ('accepted', 'transient', 'permanent', 'in_doubt')),
    error TEXT,
    provider_id TEXT
  ) STRICT;
  CREATE INDEX message_attempts_message ON message_attempts(message_id);

  -- Channel settings; the secret (SMTP password, gateway auth) is sealed, never stored in clear.
  CREATE TABLE channels (
    channel TEXT PRIMARY KEY CHECK (channel IN ('email', 'sms')),
    config TEXT NOT NULL,
    secret TEXT,
    tested_at INTEGER,
    updated_at INTEGER NOT NULL
  ) STRICT;

  ALTER TABLE journey_runs ADD COLUMN context TEXT;
  `,
  /* 5: watched folders and upstream sync */ `
  ALTER TABLE batches ADD COLUMN file_hash TEXT;
  CREATE INDEX batches_file_hash ON batches(file_hash) WHERE file_hash IS NOT NULL;

  CREATE TABLE watch_folders (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('pos', 'members', 'online')),
    pattern TEXT NOT NULL DEFAULT '*',
    tz TEXT,
    -- a file is read once its size and mtime have not changed for this long
    settle_ms INTEGER NOT NULL DEFAULT 10000,
    -- commit automatically when rejected rows / rows is at most this; otherwise leave staged for review
    max_rejected_rate REAL NOT NULL DEFAULT 0.02,
    -- 'arrival': as soon as a file is complete; 'daily': at daily_at (HH:MM, store zone)
    mode TEXT NOT NULL DEFAULT 'arrival' CHECK (mode IN ('arrival', 'daily')),
    daily_at TEXT,
    last_daily_run TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE watched_files (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES watch_folders(id),
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'imported', 'duplicate', 'failed')),
    content_hash TEXT,
    batch_id INTEGER,
    outcome TEXT,
    error TEXT,
    UNIQUE (folder_id, name)
  ) STRICT;

  CREATE TABLE upstream_jobs (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES batches(id),
    kind TEXT NOT NULL CHECK (kind IN ('users', 'events', 'delete_users', 'delete_events')),
    part INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    spool TEXT NOT NULL,
    -- derived from the content: a retry after a crash or a timeout is the same request upstream
    idempotency_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'remote', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    remote_job_id TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    done_at INTEGER,
    UNIQUE (batch_id, kind, part)
  ) STRICT;
  CREATE INDEX upstream_jobs_due ON upstream_jobs(status, next_attempt_at);
  `,
  /* 6: the engine under real time: one ticker at a time, per-user entry state, pauses, run errors */ `
  -- A run stopped by the engine (e.g. a loop that never waits) says why.
  ALTER TABLE journey_runs ADD COLUMN error TEXT;
  -- Goal attribution reads a user's runs by entry time, not all of them.
  CREATE INDEX journey_runs_user_entered ON journey_runs(journey_id, user_id, entered_at);
  -- A catch-up reads each profile as it was at a past instant, from the changes committed after it.
  CREATE INDEX profile_changes_user ON profile_changes(user_id);

  -- What re-entry rules need per user, so an entry check never loads the user's whole run history.
  CREATE TABLE journey_entries (
    journey_id INTEGER NOT NULL REFERENCES journeys(id),
    user_id TEXT NOT NULL,
    entries INTEGER NOT NULL,
    last_entered_at INTEGER NOT NULL,
    -- occurred_at of the event that last made the user enter (one receipt is one entry)
    last_trigger_at INTEGER,
    PRIMARY KEY (journey_id, user_id)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO journey_entries (journey_id, user_id, entries, last_entered_at)
    SELECT journey_id, user_id, count(*), max(entered_at) FROM journey_runs GROUP BY journey_id, user_id;

  -- [{ "from": ms, "to": ms | null }]: nobody enters while a journey is paused.
  ALTER TABLE journeys ADD COLUMN pauses TEXT NOT NULL DEFAULT '[]';

  -- Only one process advances journeys and sends at a time; a holder that died loses the lease.
  CREATE TABLE engine_lease (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  `,
  /* 7: watched folders are read only once chosen in a folder dialog (or on the command line); earlier ones wait to be confirmed */ `
  ALTER TABLE watch_folders ADD COLUMN confirmed_at INTEGER;
  `,
  /* 8: data safety (issue 12): erasures, retention, upstream deletion of erased customers */ `
  -- One entry per erasure, without personal data: a salted hash of the user_id (the salt lives in
  -- settings 'privacy.salt'), when, by whom, why and what was removed. Entries not lifted suppress the id.
  CREATE TABLE erasures (
    id INTEGER PRIMARY KEY,
    user_hash TEXT NOT NULL,
    at INTEGER NOT NULL,
    by TEXT,
    reason TEXT,
    counts TEXT NOT NULL,
    lifted_at INTEGER
  ) STRICT;
  CREATE INDEX erasures_active ON erasures(user_hash) WHERE lifted_at IS NULL;

  -- Messages already sent to customers who were erased: kept as counts only.
  CREATE TABLE erased_sends (
    journey_id INTEGER NOT NULL,
    node_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    sent INTEGER NOT NULL,
    PRIMARY KEY (journey_id, node_id, channel)
  ) STRICT;

  -- Deletion requests for the upstream platform; the id to delete is in the spool file, never here.
  CREATE TABLE upstream_erasures (
    id INTEGER PRIMARY KEY,
    erasure_id INTEGER NOT NULL REFERENCES erasures(id),
    spool TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('queued', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    done_at INTEGER
  ) STRICT;

  -- When retention removed the batch's raw rows and profile pre-images.
  ALTER TABLE batches ADD COLUMN raw_purged_at INTEGER;

  -- Sends the store had made before it was replaced by an older backup (hashed message keys): a run
  -- replayed from the backup that reaches one of them again marks it unknown instead of sending twice.
  CREATE TABLE restored_sent (
    key_hash TEXT PRIMARY KEY,
    at INTEGER NOT NULL
  ) STRICT;
  `,
  /* 9: results of a journey (issue 13): control group, the report's change marks */ `
  -- 1: the run is in the journey's control group (held back: its messages are recorded as would-have-sent).
  ALTER TABLE journey_runs ADD COLUMN control_group INTEGER NOT NULL DEFAULT 0;
  -- The report reads a journey's sent and would-have-sent messages, and counts them to notice a change.
  CREATE INDEX messages_journey_status ON messages(journey_id, status);
  -- What the last computed report looked like (a fingerprint of its results) and when its results last
  -- changed: a rollback or an erasure removes data, so the moment of that change cannot be read back from it.
  CREATE TABLE journey_report_marks (
    journey_id INTEGER PRIMARY KEY REFERENCES journeys(id),
    fingerprint TEXT NOT NULL,
    changed_at INTEGER NOT NULL
  ) STRICT;
  `,
  /* 10: the report keeps each run's outcome and brings it up to date from what changed since (issue 13) */ `
  -- What each run brought (PRODUCT.md §8) as of the data in journey_outcome_marks: derived data, kept so a
  -- report after a daily upload recomputes only the runs of the customers in it. Deleting a run (an
  -- erasure) deletes its outcome with it.
  -- Ordered as the report adds them up (by entry quarter hour, group and store), so it reads them in one pass.
  CREATE TABLE journey_run_outcomes (
    journey_id INTEGER NOT NULL,
    -- entered_at in quarter hours
    bucket INTEGER NOT NULL,
    control_group INTEGER NOT NULL,
    store TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES journey_runs(id) ON DELETE CASCADE,
    entered_at INTEGER NOT NULL,
    goal_at INTEGER,
    goal_value REAL,
    -- when the latest goal event counted for the run was committed
    goal_arrived INTEGER,
    PRIMARY KEY (journey_id, bucket, control_group, store, run_id)
  ) STRICT, WITHOUT ROWID;
  CREATE UNIQUE INDEX journey_run_outcomes_run ON journey_run_outcomes(run_id);
  -- The data the kept outcomes were computed from: anything other than new batches and new runs since
  -- (an edit of the journey's goal, a rollback) recomputes them all. The sums over the runs' messages are kept
  -- beside them (JSON), valid while the journey's sent and would-have-sent messages are the same.
  CREATE TABLE journey_outcome_marks (
    journey_id INTEGER PRIMARY KEY REFERENCES journeys(id),
    basis TEXT NOT NULL,
    commit_seq INTEGER NOT NULL,
    max_run_id INTEGER NOT NULL,
    messages_token TEXT,
    message_sums TEXT
  ) STRICT;
  -- The newest committed offline events' upload lags (journey/lag-sample.ts) as of a commit, as binary
  -- columns (event id, lag, store): a new process brings them up to date instead of reading 100,000 events.
  CREATE TABLE upload_lag_sample (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- a random mark of this sample: a restore (on the live connection) brings another one
    taken TEXT NOT NULL,
    size INTEGER NOT NULL,
    commit_seq INTEGER NOT NULL,
    removals TEXT NOT NULL,
    ids BLOB NOT NULL,
    lags BLOB NOT NULL,
    store BLOB NOT NULL,
    stores TEXT NOT NULL
  ) STRICT;
  `,
];
