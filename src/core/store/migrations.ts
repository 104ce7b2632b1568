// Schema history of .mlops/store.db. PRAGMA user_version holds the number of the last migration
// applied; each migration runs in its own transaction. Append new migrations; never edit old ones.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, metrics, datasets, models',
    sql: `
      CREATE TABLE runs (
        id           TEXT PRIMARY KEY,         -- time-sortable, see tracking/runId
        name         TEXT NOT NULL,
        experiment   TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('queued','running','finished','failed','killed','lost')),
        command      TEXT NOT NULL,
        cwd          TEXT NOT NULL,
        env_json     TEXT NOT NULL DEFAULT '{}', -- python, os, node versions
        created_at   INTEGER NOT NULL,          -- ms since epoch
        started_at   INTEGER,
        ended_at     INTEGER,
        exit_code    INTEGER,
        pid          INTEGER,                   -- the run's process (group leader)
        launcher_pid INTEGER,                   -- the process ingesting it; gone + still running = lost
        git_commit   TEXT,
        git_branch   TEXT,
        git_dirty    INTEGER,
        git_diff     TEXT,                      -- object hash of the uncommitted diff
        note         TEXT NOT NULL DEFAULT '',
        sweep_id     TEXT
      );
      CREATE INDEX runs_by_experiment ON runs (experiment, created_at);
      CREATE INDEX runs_by_created ON runs (created_at);

      CREATE TABLE metrics (
        run_id    TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key       TEXT NOT NULL,
        step      INTEGER NOT NULL,
        value     REAL,                         -- NULL encodes NaN (SQLite stores no NaN)
        timestamp INTEGER NOT NULL
      );
      CREATE INDEX metrics_by_run_key_step ON metrics (run_id, key, step);

      -- Objects in .mlops/objects and what refers to them, so deletion can remove unreferenced ones.
      CREATE TABLE objects (
        hash       TEXT PRIMARY KEY,
        size       INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );

      -- Config params (after overrides) and params the run logged itself; value is JSON.
      CREATE TABLE run_params (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      );

      CREATE TABLE run_tags (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
      );

      CREATE TABLE run_inputs (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        path   TEXT NOT NULL,
        hash   TEXT NOT NULL,
        PRIMARY KEY (run_id, path)
      );

      CREATE TABLE artifacts (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        path   TEXT NOT NULL,                   -- relative to the workspace when inside it
        hash   TEXT NOT NULL,                   -- '' while logged but not stored yet
        size   INTEGER NOT NULL,
        PRIMARY KEY (run_id, path)
      );

      -- Where ingestion of a run's events.jsonl stopped, so a restart resumes without loss or doubling.
      CREATE TABLE ingest_offsets (
        run_id      TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        byte_offset INTEGER NOT NULL,
        line_no     INTEGER NOT NULL,
        malformed   INTEGER NOT NULL DEFAULT 0
      );

      -- Malformed event lines, by line number, for run details (the first 1000 of each run).
      CREATE TABLE ingest_problems (
        run_id  TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        line_no INTEGER NOT NULL,
        message TEXT NOT NULL,
        PRIMARY KEY (run_id, line_no)
      );

      CREATE TABLE datasets (
        name       TEXT PRIMARY KEY,
        path       TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE dataset_versions (
        id         INTEGER PRIMARY KEY,
        dataset    TEXT NOT NULL REFERENCES datasets (name) ON DELETE CASCADE,
        version    INTEGER NOT NULL,
        hash       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        message    TEXT NOT NULL DEFAULT '',
        UNIQUE (dataset, version)
      );

      CREATE TABLE models (
        name        TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        created_at  INTEGER NOT NULL
      );

      CREATE TABLE model_versions (
        id            INTEGER PRIMARY KEY,
        model         TEXT NOT NULL REFERENCES models (name) ON DELETE CASCADE,
        version       INTEGER NOT NULL,
        run_id        TEXT REFERENCES runs (id) ON DELETE SET NULL,
        artifact_hash TEXT,
        created_at    INTEGER NOT NULL,
        UNIQUE (model, version)
      );
    `,
  },
  {
    version: 2,
    name: 'data versioning: items, per-item numbers, stat cache, run input links',
    // dataset_versions is rebuilt: migration 1 numbered versions per dataset (UNIQUE (dataset,
    // version)); a glob or a folder dataset has several items, each numbered 1, 2, ... on its own.
    sql: `
      CREATE TABLE dataset_versions_v2 (
        id         INTEGER PRIMARY KEY,
        dataset    TEXT NOT NULL REFERENCES datasets (name) ON DELETE CASCADE,
        item       TEXT NOT NULL,              -- workspace-relative, '/'-separated: a file or a folder
        kind       TEXT NOT NULL DEFAULT 'file' CHECK (kind IN ('file','directory')),
        version    INTEGER NOT NULL,           -- 1, 2, ... per item
        hash       TEXT NOT NULL,              -- the file's object, or the folder's manifest object
        size       INTEGER NOT NULL,           -- bytes (a folder: the sum of its files)
        mtime      INTEGER,                    -- ms since epoch of the file when versioned
        created_at INTEGER NOT NULL,
        source     TEXT NOT NULL DEFAULT 'cli' CHECK (source IN ('watch','cli','run-input','restore')),
        note       TEXT NOT NULL DEFAULT '',
        UNIQUE (dataset, item, version)
      );
      INSERT INTO dataset_versions_v2 (id, dataset, item, version, hash, size, created_at, note)
        SELECT v.id, v.dataset, d.path, v.version, v.hash, v.size, v.created_at, v.message
        FROM dataset_versions v JOIN datasets d ON d.name = v.dataset;
      DROP TABLE dataset_versions;
      ALTER TABLE dataset_versions_v2 RENAME TO dataset_versions;
      CREATE INDEX dataset_versions_by_hash ON dataset_versions (hash);

      -- What a file looked like when it was last hashed: an identical stat means identical content,
      -- so unchanged files are never read again. Integers are bound as bigints (ns, inodes).
      CREATE TABLE stat_cache (
        path       TEXT PRIMARY KEY,            -- workspace-relative, '/'-separated
        device     INTEGER NOT NULL,
        inode      INTEGER NOT NULL,
        size       INTEGER NOT NULL,
        mtime_ns   INTEGER NOT NULL,
        ctime_ns   INTEGER NOT NULL,
        hash       TEXT NOT NULL,
        checked_ns INTEGER NOT NULL             -- when hashed: entries modified just before are not trusted
      );

      -- Objects that other objects refer to (a folder manifest -> its files), for gc and deletion.
      CREATE TABLE object_refs (
        parent TEXT NOT NULL,
        child  TEXT NOT NULL,
        PRIMARY KEY (parent, child)
      );
      CREATE INDEX object_refs_by_child ON object_refs (child);

      -- The dataset version a run read (NULL for plain files and runs from before versioning).
      ALTER TABLE run_inputs ADD COLUMN dataset_version_id INTEGER REFERENCES dataset_versions (id) ON DELETE SET NULL;
    `,
  },
  {
    version: 3,
    name: 'data quality: profiles per object, validation results per dataset version',
    sql: `
      -- A profile depends only on the bytes, so it is keyed by the object hash: the same content
      -- versioned twice (or in two datasets) is profiled once.
      CREATE TABLE profiles (
        hash         TEXT NOT NULL,
        options      TEXT NOT NULL DEFAULT '',  -- bounds that change the figures (format, limits)
        profile_json TEXT NOT NULL,
        computed_at  INTEGER NOT NULL,
        PRIMARY KEY (hash, options)
      );

      -- The outcome of a dataset's expectations on one version; the newest row per version is current.
      CREATE TABLE validations (
        id                 INTEGER PRIMARY KEY,
        dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
        expectations_json  TEXT NOT NULL,        -- the expectations checked, as they were
        success            INTEGER NOT NULL,
        result_json        TEXT NOT NULL,
        validated_at       INTEGER NOT NULL
      );
      CREATE INDEX validations_by_version ON validations (dataset_version_id, validated_at);
    `,
  },
  {
    version: 4,
    name: 'drift: reference summaries, monitor checks with per-column results, alerts',
    sql: `
      -- What a drift check needs from a reference, computed once per content and options: per column
      -- the sorted finite values or the category counts, bins and chunk scores (encoding in
      -- core/drift), so a batch is compared without rereading the reference file.
      CREATE TABLE drift_references (
        hash        TEXT NOT NULL,               -- object hash of the reference data
        options     TEXT NOT NULL DEFAULT '',    -- what shapes the summary (format, chunking, version)
        row_count   INTEGER NOT NULL,
        meta_json   TEXT NOT NULL,               -- columns, types, counts, PCA basis and chunk scores
        computed_at INTEGER NOT NULL,
        PRIMARY KEY (hash, options)
      );
      CREATE TABLE drift_reference_columns (
        hash    TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '',
        name    TEXT NOT NULL,                   -- the column
        data    BLOB NOT NULL,                   -- sorted Float64 values, or JSON category counts
        PRIMARY KEY (hash, options, name),
        FOREIGN KEY (hash, options) REFERENCES drift_references (hash, options) ON DELETE CASCADE
      );

      -- A monitor's reference once pinned (a bare dataset name is pinned to its latest version at the
      -- first check), and the alert policy's running count.
      CREATE TABLE monitor_state (
        monitor              TEXT PRIMARY KEY,
        reference_version_id INTEGER REFERENCES dataset_versions (id) ON DELETE SET NULL,
        pinned_at            INTEGER,
        drifted_in_a_row     INTEGER NOT NULL DEFAULT 0,
        last_alert_at        INTEGER
      );

      -- One check of one batch (a monitor's, or an ad-hoc comparison when monitor is NULL).
      CREATE TABLE drift_checks (
        id                   INTEGER PRIMARY KEY,
        monitor              TEXT,
        batch_version_id     INTEGER REFERENCES dataset_versions (id) ON DELETE CASCADE,
        reference_version_id INTEGER REFERENCES dataset_versions (id) ON DELETE SET NULL,
        batch_label          TEXT NOT NULL,      -- e.g. incoming:batch-07.csv@1, or a path
        reference_label      TEXT NOT NULL,
        checked_at           INTEGER NOT NULL,
        outcome              TEXT NOT NULL CHECK (outcome IN ('ok','warning','drift','failed')),
        drift_share          REAL,               -- share of drifted columns
        drifted_columns      INTEGER NOT NULL DEFAULT 0,
        total_columns        INTEGER NOT NULL DEFAULT 0,
        error                TEXT,               -- why a failed check failed (file:line, column)
        report_json          TEXT NOT NULL       -- the whole result: chunks, multivariate, performance, expectations
      );
      CREATE INDEX drift_checks_by_monitor ON drift_checks (monitor, checked_at);
      CREATE UNIQUE INDEX drift_checks_once ON drift_checks (monitor, batch_version_id, reference_version_id) WHERE monitor IS NOT NULL;

      CREATE TABLE drift_check_columns (
        check_id  INTEGER NOT NULL REFERENCES drift_checks (id) ON DELETE CASCADE,
        name      TEXT NOT NULL,
        type      TEXT NOT NULL,                 -- numeric | categorical
        method    TEXT NOT NULL,                 -- a test name (ks, psi, ...)
        statistic REAL,
        p_value   REAL,
        threshold REAL NOT NULL,
        drift     INTEGER NOT NULL,
        PRIMARY KEY (check_id, name)
      );

      -- Alerts raised by a monitor's policy, with their lifecycle; every change is kept in alert_events.
      CREATE TABLE alerts (
        id            INTEGER PRIMARY KEY,
        monitor       TEXT NOT NULL,
        check_id      INTEGER REFERENCES drift_checks (id) ON DELETE SET NULL,
        state         TEXT NOT NULL CHECK (state IN ('open','acknowledged','snoozed','resolved')),
        snoozed_until INTEGER,
        summary       TEXT NOT NULL,
        opened_at     INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        updated_by    TEXT NOT NULL
      );
      CREATE INDEX alerts_by_monitor ON alerts (monitor, state);
      CREATE TABLE alert_events (
        alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        at       INTEGER NOT NULL,
        state    TEXT NOT NULL,
        actor    TEXT NOT NULL,               -- who: the OS user, or "mlops" for the policy
        note     TEXT NOT NULL DEFAULT ''
      );
    `,
  },
  {
    version: 5,
    name: 'model registry, aliases with history, gate results, hash-chained audit log',
    sql: `
      -- Version numbers are never reused, even after a delete: the next one is last_version + 1.
      ALTER TABLE models ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;
      -- A version is immutable once registered (tags excepted): what it is, where it came from.
      ALTER TABLE model_versions ADD COLUMN artifact_path TEXT NOT NULL DEFAULT '';  -- the file or folder's name as registered
      ALTER TABLE model_versions ADD COLUMN artifact_kind TEXT NOT NULL DEFAULT 'file' CHECK (artifact_kind IN ('file','directory'));
      ALTER TABLE model_versions ADD COLUMN artifact_size INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE model_versions ADD COLUMN description TEXT NOT NULL DEFAULT '';
      ALTER TABLE model_versions ADD COLUMN metrics_json TEXT NOT NULL DEFAULT '{}';   -- the run's last value of each metric
      ALTER TABLE model_versions ADD COLUMN signature_json TEXT;                        -- ModelSignature, NULL when unknown
      ALTER TABLE model_versions ADD COLUMN registered_by TEXT NOT NULL DEFAULT '';
      CREATE INDEX model_versions_by_run ON model_versions (run_id);
      CREATE TABLE model_version_tags (
        version_id INTEGER NOT NULL REFERENCES model_versions (id) ON DELETE CASCADE,
        key        TEXT NOT NULL,
        value      TEXT NOT NULL,
        PRIMARY KEY (version_id, key)
      );
      -- Where each alias points now; "latest" is never stored (it is the highest version).
      CREATE TABLE model_aliases (
        model      TEXT NOT NULL REFERENCES models (name) ON DELETE CASCADE,
        alias      TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES model_versions (id),  -- no cascade: a version an alias holds cannot be deleted
        moved_at   INTEGER NOT NULL,
        PRIMARY KEY (model, alias)
      );
      -- Every alias move, kept for good: versions are numbers, not ids, so history outlives a deleted version.
      CREATE TABLE alias_events (
        id          INTEGER PRIMARY KEY,
        model       TEXT NOT NULL,
        alias       TEXT NOT NULL,
        old_version INTEGER,                  -- NULL: the alias was new
        new_version INTEGER,                  -- NULL: the alias was removed
        actor       TEXT NOT NULL,
        at          INTEGER NOT NULL,
        reason      TEXT NOT NULL,
        forced      INTEGER NOT NULL DEFAULT 0,
        gate_id     INTEGER REFERENCES gate_results (id)
      );
      CREATE INDEX alias_events_by_model ON alias_events (model, alias, at);
      -- Each gate evaluation (from mlops gate or before an alias move): the GateResult as JSON.
      CREATE TABLE gate_results (
        id          INTEGER PRIMARY KEY,
        model       TEXT NOT NULL,
        candidate   TEXT NOT NULL,           -- the reference evaluated: churn@4 or a run id
        against     TEXT,                    -- churn@3 (what the alias held), NULL when nothing to compare
        passed      INTEGER NOT NULL,
        result_json TEXT NOT NULL,
        actor       TEXT NOT NULL,
        at          INTEGER NOT NULL
      );
      CREATE INDEX gate_results_by_model ON gate_results (model, at);
      -- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical JSON of the entry), see
      -- core/audit. The triggers refuse changes; verify recomputes the chain to catch edits made
      -- around them.
      CREATE TABLE audit_log (
        seq          INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL,
        object       TEXT NOT NULL,            -- a reference: run id, train@3, churn@2, monitor name
        reason       TEXT NOT NULL DEFAULT '',
        details_json TEXT NOT NULL DEFAULT '{}',
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL UNIQUE
      );
      CREATE INDEX audit_log_by_object ON audit_log (object, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;
    `,
  },
  {
    version: 6,
    name: 'teams: global ids, authors, provisional version numbers, what reached the team store',
    // See core/team and docs/teams.md. Runs are already globally identified (tracking/runId); dataset
    // versions, model versions and drift checks gain a uid, set by a trigger so every existing INSERT
    // keeps working. A version's number is provisional ("local") until the team store assigns one.
    sql: `
      -- One row per workspace: workspace_id, a random id that names this workspace's audit chain on the team store.
      CREATE TABLE workspace_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO workspace_meta (key, value) VALUES ('workspace_id', lower(hex(randomblob(16))));

      ALTER TABLE runs ADD COLUMN author TEXT NOT NULL DEFAULT '';                -- "Name <email>" (audit/actor); '' before teams
      ALTER TABLE runs ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','team'));  -- team: pulled from a teammate

      ALTER TABLE dataset_versions ADD COLUMN uid TEXT;
      ALTER TABLE dataset_versions ADD COLUMN author TEXT NOT NULL DEFAULT '';
      ALTER TABLE dataset_versions ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','team'));
      ALTER TABLE dataset_versions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;   -- 1: version is the team store's number
      UPDATE dataset_versions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
      CREATE UNIQUE INDEX dataset_versions_by_uid ON dataset_versions (uid);
      CREATE TRIGGER dataset_versions_uid AFTER INSERT ON dataset_versions WHEN NEW.uid IS NULL
        BEGIN UPDATE dataset_versions SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

      ALTER TABLE model_versions ADD COLUMN uid TEXT;
      ALTER TABLE model_versions ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','team'));
      ALTER TABLE model_versions ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
      UPDATE model_versions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
      CREATE UNIQUE INDEX model_versions_by_uid ON model_versions (uid);
      CREATE TRIGGER model_versions_uid AFTER INSERT ON model_versions WHEN NEW.uid IS NULL
        BEGIN UPDATE model_versions SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

      ALTER TABLE drift_checks ADD COLUMN uid TEXT;
      ALTER TABLE drift_checks ADD COLUMN author TEXT NOT NULL DEFAULT '';
      ALTER TABLE drift_checks ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','team'));
      UPDATE drift_checks SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
      CREATE UNIQUE INDEX drift_checks_by_uid ON drift_checks (uid);
      CREATE TRIGGER drift_checks_uid AFTER INSERT ON drift_checks WHEN NEW.uid IS NULL
        BEGIN UPDATE drift_checks SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END;

      ALTER TABLE alias_events ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local','team'));

      -- Where this workspace stands with its team store (one team per workspace): the server's change
      -- sequence the last pull reached, so the next pull asks only for what came after.
      CREATE TABLE team_sync (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        team       TEXT NOT NULL,              -- the database URL without credentials, as shown to users
        pulled_seq INTEGER NOT NULL DEFAULT 0,
        pulled_at  INTEGER,
        pushed_at  INTEGER
      );

      -- Every record that is on the team store (pushed from here, or pulled): push sends what is
      -- missing here or whose digest changed (a run's tags, a model version's tags).
      --   kind: run | dataset_version | model_version | alias_event | audit | drift_check
      --   key:  run id | uid | local alias_events.id | local audit seq | uid
      CREATE TABLE team_records (
        kind       TEXT NOT NULL,
        key        TEXT NOT NULL,
        digest     TEXT NOT NULL,              -- SHA-256 of what was pushed or pulled (core/team/recordDigest)
        server_seq INTEGER,                    -- the team store's change sequence for it
        synced_at  INTEGER NOT NULL,
        PRIMARY KEY (kind, key)
      );

      -- Teammates' audit entries, pulled: each workspace's chain as it was written, plus the server's
      -- sequence. This workspace's own chain stays in audit_log.
      CREATE TABLE team_audit (
        workspace_id TEXT NOT NULL,
        seq          INTEGER NOT NULL,         -- the entry's seq in its own workspace's chain
        server_seq   INTEGER NOT NULL,
        at           INTEGER NOT NULL,
        actor        TEXT NOT NULL,
        action       TEXT NOT NULL,
        object       TEXT NOT NULL,
        reason       TEXT NOT NULL DEFAULT '',
        details_json TEXT NOT NULL DEFAULT '{}',
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL,
        PRIMARY KEY (workspace_id, seq)
      );
      CREATE INDEX team_audit_by_server_seq ON team_audit (server_seq);
    `,
  },
  {
    version: 7,
    name: 'pipelines, the run cache, cost',
    // See core/pipelines and core/cost. Each executed stage is an ordinary run (runs.stage and
    // runs.pipeline_run_id say where it belongs); a pipeline run groups what one `mlops repro` did.
    sql: `
      -- One \`mlops repro\` (or Run Pipeline): what it was asked for and how it ended.
      CREATE TABLE pipeline_runs (
        id           TEXT PRIMARY KEY,         -- same form as a run id (tracking/runId)
        pipeline     TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('running','finished','failed','killed','lost')),
        target_stage TEXT,                     -- --stage S: S and what it depends on; NULL for the whole pipeline
        forced       INTEGER NOT NULL DEFAULT 0,
        dry_run      INTEGER NOT NULL DEFAULT 0,
        started_at   INTEGER NOT NULL,
        ended_at     INTEGER,
        launcher_pid INTEGER,                  -- the repro process, so a killed one is found and marked lost
        author       TEXT NOT NULL DEFAULT '',
        cost         REAL,                     -- sum of the executed stages' cost (prices known)
        saved_cost   REAL                      -- sum of the last cost of each stage skipped or restored
      );
      CREATE INDEX pipeline_runs_by_pipeline ON pipeline_runs (pipeline, started_at);

      -- What a pipeline run did with each stage it reached.
      CREATE TABLE pipeline_stage_runs (
        pipeline_run_id TEXT NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
        stage      TEXT NOT NULL,
        outcome    TEXT NOT NULL CHECK (outcome IN ('running','ran','restored','up-to-date','failed','killed','not-run')),
        run_id     TEXT REFERENCES runs (id) ON DELETE SET NULL,  -- ran: the stage's run; restored/up-to-date: the run that made the outs
        key        TEXT,                       -- the stage key it ran or restored under (core/pipelines/stageKey)
        reason     TEXT NOT NULL DEFAULT '',   -- why it ran, or why it did not (a failed upstream stage)
        started_at INTEGER,
        ended_at   INTEGER,
        saved_cost REAL,                       -- restored/up-to-date: the cost the run cache saved
        PRIMARY KEY (pipeline_run_id, stage)
      );

      -- The run cache: one successful execution of a stage per key (SHA-256 over its command, cwd,
      -- params and dependency hashes). The same key again restores outs_json's objects instead of
      -- running; they stay referenced here, so gc keeps them.
      CREATE TABLE stage_cache (
        key          TEXT PRIMARY KEY,
        pipeline     TEXT NOT NULL,
        stage        TEXT NOT NULL,
        run_id       TEXT REFERENCES runs (id) ON DELETE SET NULL,
        outs_json    TEXT NOT NULL,            -- [{"path","kind":"file"|"dir","hash","size"}]; a dir's hash is its manifest's
        metrics_json TEXT NOT NULL DEFAULT '{}',
        cpu_seconds  REAL,
        cost         REAL,
        duration_ms  INTEGER,
        created_at   INTEGER NOT NULL
      );
      CREATE INDEX stage_cache_by_stage ON stage_cache (pipeline, stage, created_at);

      -- What each stage's outs were last made from in this workspace (DVC's lock file, kept in the
      -- store): status compares the stage's current command, params and dependencies against it.
      CREATE TABLE stage_state (
        pipeline    TEXT NOT NULL,
        stage       TEXT NOT NULL,
        key         TEXT NOT NULL,
        command     TEXT NOT NULL,             -- after \${params.*} substitution
        params_json TEXT NOT NULL,
        deps_json   TEXT NOT NULL,             -- [{"path","kind","hash","size"}], workspace-relative
        outs_json   TEXT NOT NULL,             -- as in stage_cache
        run_id      TEXT REFERENCES runs (id) ON DELETE SET NULL,
        updated_at  INTEGER NOT NULL,
        PRIMARY KEY (pipeline, stage)
      );

      ALTER TABLE runs ADD COLUMN pipeline_run_id TEXT REFERENCES pipeline_runs (id) ON DELETE SET NULL;
      ALTER TABLE runs ADD COLUMN stage TEXT;            -- the stage this run executed
      CREATE INDEX runs_by_pipeline_run ON runs (pipeline_run_id);
      -- Measured over the run's whole process tree while it ran (core/cost/usage).
      ALTER TABLE runs ADD COLUMN cpu_seconds REAL;
      ALTER TABLE runs ADD COLUMN gpu_seconds REAL;      -- NULL where nvidia-smi is absent
      ALTER TABLE runs ADD COLUMN gpu_util REAL;         -- mean utilisation (percent) of the GPUs it used
      ALTER TABLE runs ADD COLUMN cost REAL;             -- NULL when no price applies
      ALTER TABLE runs ADD COLUMN currency TEXT;
    `,
  },
  {
    version: 8,
    name: 'folder stamps',
    sql: `
      -- A folder's hash answered from the stats of its files (core/data/folderStamps): when every
      -- file has the stat it had when the folder was last hashed (one digest over the paths and
      -- stats), the folder's manifest hash stands without a per-file lookup. Rows are written only
      -- when every file was older than the racy window, as stat_cache's trusted entries.
      CREATE TABLE folder_stamps (
        path   TEXT PRIMARY KEY,                -- workspace-relative folder, '/'-separated
        stamps TEXT NOT NULL,                   -- SHA-256 over each file's relative path and stat
        hash   TEXT NOT NULL,                   -- the manifest's SHA-256 (the folder's content hash)
        size   INTEGER NOT NULL,                -- sum of the files' sizes
        files  INTEGER NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'rollback copies held from gc, the stage process of a pipeline stage run',
    sql: `
      -- The outs a running stage saved for its rollback (core/pipelines/rollbackRecords): gc keeps
      -- these objects while the row lives, so a copy of an out edited by hand survives a stage longer
      -- than gc's grace. The row goes when the stage ends (its outs committed or put back), or when
      -- the pipeline run is found lost.
      CREATE TABLE stage_rollbacks (
        pipeline_run_id TEXT NOT NULL REFERENCES pipeline_runs (id) ON DELETE CASCADE,
        stage       TEXT NOT NULL,
        saved_json  TEXT NOT NULL,             -- the outs that existed, as stage_cache's outs_json
        absent_json TEXT NOT NULL,             -- ["path"]: outs that did not exist (a rollback removes them)
        created_at  INTEGER NOT NULL,
        PRIMARY KEY (pipeline_run_id, stage)
      );

      -- The stage's process, the leader of its own process group, so the next repro knows whether a
      -- stage a killed repro started still runs (and says \`kill -- -PID\`).
      ALTER TABLE pipeline_stage_runs ADD COLUMN pid INTEGER;
      ALTER TABLE pipeline_stage_runs ADD COLUMN pid_start TEXT;   -- its start time (/proc/PID/stat field 22): a reused pid is not it
    `,
  },
];

export const latestSchemaVersion = migrations[migrations.length - 1].version;
