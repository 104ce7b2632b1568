// Schema history of the team store: the PostgreSQL schema "mlops" that `mlops team init` creates and
// upgrades (mlops.schema_migrations holds what was applied; each migration runs in its own
// transaction). Append new migrations; never edit old ones. The rules the database itself enforces
// (docs/teams.md): who may read, write and move a protected alias (roles and grants, not our code);
// version numbers assigned here on first push; alias moves by compare-and-swap; a change sequence in
// commit order, so a pull asks only for what came after the last one.

export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

/** Serialises writers (pg_advisory_xact_lock): any key works as long as every writer uses this one. */
export const TEAM_WRITE_LOCK = 7262531;

/** The group roles team init creates (NOLOGIN; users are granted one with `mlops team grant`). */
export const teamRoles = { reader: 'mlops_reader', writer: 'mlops_writer', release: 'mlops_release' } as const;

export const serverMigrations: readonly ServerMigration[] = [
  {
    version: 1,
    name: 'runs, metrics, datasets, models, aliases, audit entries, drift checks; roles',
    sql: `
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mlops_reader') THEN CREATE ROLE mlops_reader NOLOGIN; END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mlops_writer') THEN CREATE ROLE mlops_writer NOLOGIN; END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mlops_release') THEN CREATE ROLE mlops_release NOLOGIN; END IF;
      END $$;
      GRANT mlops_reader TO mlops_writer;
      GRANT mlops_writer TO mlops_release;

      CREATE SEQUENCE mlops.change_seq;

      -- Every write takes the team write lock until its transaction ends, then draws the next change
      -- sequence: sequence order is commit order, so a pull that has read up to N never misses a row
      -- committed later with a smaller number.
      CREATE FUNCTION mlops.stamp_change() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        PERFORM pg_advisory_xact_lock(${TEAM_WRITE_LOCK});
        NEW.seq := nextval('mlops.change_seq');
        NEW.pushed_by := current_user;
        RETURN NEW;
      END $f$;

      CREATE TABLE mlops.workspaces (
        id         text PRIMARY KEY,             -- workspace_meta.workspace_id
        author     text NOT NULL,                -- who pushed from it first ("Name <email>")
        first_seen timestamptz NOT NULL DEFAULT now(),
        seq        bigint NOT NULL,
        pushed_by  name NOT NULL DEFAULT current_user
      );

      -- Runs are immutable once ended and globally identified: the first push inserts, a second push
      -- with the same digest changes nothing, another digest is refused by the client. Tags and the
      -- note stay editable: the last push wins.
      CREATE TABLE mlops.runs (
        id           text PRIMARY KEY,
        seq          bigint NOT NULL,
        digest       text NOT NULL,              -- SHA-256 of record (core/team/recordDigest)
        author       text NOT NULL,
        workspace_id text NOT NULL,
        record       jsonb NOT NULL,             -- the run's row, params, inputs, artifacts (core/team/runRecord)
        tags         jsonb NOT NULL DEFAULT '{}',
        note         text NOT NULL DEFAULT '',
        pushed_by    name NOT NULL DEFAULT current_user,
        pushed_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX runs_by_seq ON mlops.runs (seq);
      -- Sent with their run (COPY), read with it on pull: no sequence of their own.
      CREATE TABLE mlops.run_metrics (
        run_id    text NOT NULL REFERENCES mlops.runs (id),
        key       text NOT NULL,
        step      bigint NOT NULL,
        value     double precision,              -- NULL is NaN, as in the local store
        timestamp bigint NOT NULL
      );
      CREATE INDEX run_metrics_by_run ON mlops.run_metrics (run_id);

      CREATE TABLE mlops.datasets (
        name      text PRIMARY KEY,
        path      text NOT NULL,
        seq       bigint NOT NULL,
        pushed_by name NOT NULL DEFAULT current_user
      );
      -- A version's number is assigned here when it is first pushed (number_version), so train@3 means
      -- the same bytes for every teammate; until then a workspace shows its own number as local.
      CREATE TABLE mlops.dataset_versions (
        uid          text PRIMARY KEY,
        seq          bigint NOT NULL,
        dataset      text NOT NULL REFERENCES mlops.datasets (name),
        item         text NOT NULL,
        number       integer NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('file','directory')),
        hash         text NOT NULL,
        size         bigint NOT NULL,
        created_at   bigint NOT NULL,
        digest       text NOT NULL,
        author       text NOT NULL,
        workspace_id text NOT NULL,
        record       jsonb NOT NULL,             -- mtime, source, note, latest validation, children (a folder's objects)
        pushed_by    name NOT NULL DEFAULT current_user,
        pushed_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dataset, item, number)
      );
      CREATE INDEX dataset_versions_by_seq ON mlops.dataset_versions (seq);

      CREATE TABLE mlops.models (
        name        text PRIMARY KEY,
        description text NOT NULL DEFAULT '',
        seq         bigint NOT NULL,
        pushed_by   name NOT NULL DEFAULT current_user
      );
      CREATE TABLE mlops.model_versions (
        uid           text PRIMARY KEY,
        seq           bigint NOT NULL,
        model         text NOT NULL REFERENCES mlops.models (name),
        number        integer NOT NULL,
        run_id        text,                      -- the source run (pushed before it when it still exists)
        artifact_hash text,
        created_at    bigint NOT NULL,
        digest        text NOT NULL,
        author        text NOT NULL,
        workspace_id  text NOT NULL,
        record        jsonb NOT NULL,            -- artifact path, kind, size, description, metrics, signature, registered_by, children
        tags          jsonb NOT NULL DEFAULT '{}',
        pushed_by     name NOT NULL DEFAULT current_user,
        pushed_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (model, number)
      );
      CREATE INDEX model_versions_by_seq ON mlops.model_versions (seq);

      -- Numbers per dataset item and per model, drawn under the team write lock (taken by stamp_change,
      -- which fires first: triggers fire in name order).
      CREATE FUNCTION mlops.number_version() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        PERFORM pg_advisory_xact_lock(${TEAM_WRITE_LOCK});
        IF TG_TABLE_NAME = 'dataset_versions' THEN
          SELECT coalesce(max(number), 0) + 1 INTO NEW.number FROM mlops.dataset_versions WHERE dataset = NEW.dataset AND item = NEW.item;
        ELSE
          SELECT coalesce(max(number), 0) + 1 INTO NEW.number FROM mlops.model_versions WHERE model = NEW.model;
        END IF;
        RETURN NEW;
      END $f$;

      -- Where each alias points; a removed alias keeps its row with version_uid NULL, so the removal
      -- reaches every pull (rows are never deleted here).
      CREATE TABLE mlops.model_aliases (
        model       text NOT NULL REFERENCES mlops.models (name),
        alias       text NOT NULL,
        version_uid text REFERENCES mlops.model_versions (uid),
        moved_by    text NOT NULL,               -- the actor ("Name <email>")
        moved_at    bigint NOT NULL,             -- ms since epoch
        seq         bigint NOT NULL,
        pushed_by   name NOT NULL DEFAULT current_user,
        PRIMARY KEY (model, alias)
      );
      CREATE TABLE mlops.alias_events (
        id           bigserial PRIMARY KEY,
        seq          bigint NOT NULL,
        model        text NOT NULL,
        alias        text NOT NULL,
        old_uid      text,
        new_uid      text,
        old_number   integer,
        new_number   integer,
        actor        text NOT NULL,
        at           bigint NOT NULL,
        reason       text NOT NULL,
        forced       boolean NOT NULL DEFAULT false,
        gate         jsonb,                      -- the GateResult the move went through, when it did
        workspace_id text NOT NULL,
        local_id     bigint NOT NULL,            -- alias_events.id in that workspace: a second push of it changes nothing
        pushed_by    name NOT NULL DEFAULT current_user,
        UNIQUE (workspace_id, local_id)
      );
      CREATE INDEX alias_events_by_seq ON mlops.alias_events (seq);
      -- Aliases that only mlops_release may move; managed by team init (from mlops.json's "protect") and team protect.
      CREATE TABLE mlops.protected_aliases (
        model     text NOT NULL,
        alias     text NOT NULL,
        seq       bigint NOT NULL,
        pushed_by name NOT NULL DEFAULT current_user,
        PRIMARY KEY (model, alias)
      );

      -- Enforced in the database, so no client can skip it: a protected alias moves only for a member
      -- of mlops_release (superusers are members of every role).
      CREATE FUNCTION mlops.guard_protected_alias() RETURNS trigger LANGUAGE plpgsql AS $f$
      BEGIN
        IF EXISTS (SELECT 1 FROM mlops.protected_aliases p WHERE p.model = NEW.model AND p.alias = NEW.alias)
           AND NOT pg_has_role(current_user, 'mlops_release', 'MEMBER') THEN
          RAISE EXCEPTION 'alias %@% is protected: moving it needs the mlops_release role, which % does not have', NEW.model, NEW.alias, current_user
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $f$;

      -- Compare-and-swap: moves model@alias from p_expected (NULL: the alias is new or removed) to
      -- p_new (NULL: remove it). When the alias holds something else, nothing changes and the row says
      -- what it holds, who moved it and when. p_event: actor, at, reason, forced, gate, workspace_id,
      -- local_id, old_number, new_number.
      CREATE FUNCTION mlops.move_alias(p_model text, p_alias text, p_expected text, p_new text, p_event jsonb)
      RETURNS TABLE (moved boolean, held_uid text, held_number integer, moved_by text, moved_at bigint)
      LANGUAGE plpgsql AS $f$
      DECLARE
        cur mlops.model_aliases%ROWTYPE;
      BEGIN
        PERFORM pg_advisory_xact_lock(${TEAM_WRITE_LOCK});
        SELECT * INTO cur FROM mlops.model_aliases a WHERE a.model = p_model AND a.alias = p_alias FOR UPDATE;
        IF cur.version_uid IS DISTINCT FROM p_expected THEN
          RETURN QUERY SELECT false, cur.version_uid, (SELECT v.number FROM mlops.model_versions v WHERE v.uid = cur.version_uid), cur.moved_by, cur.moved_at;
          RETURN;
        END IF;
        INSERT INTO mlops.model_aliases (model, alias, version_uid, moved_by, moved_at, seq)
          VALUES (p_model, p_alias, p_new, p_event->>'actor', (p_event->>'at')::bigint, 0)
          ON CONFLICT (model, alias) DO UPDATE SET version_uid = EXCLUDED.version_uid, moved_by = EXCLUDED.moved_by, moved_at = EXCLUDED.moved_at;
        INSERT INTO mlops.alias_events (seq, model, alias, old_uid, new_uid, old_number, new_number, actor, at, reason, forced, gate, workspace_id, local_id)
          VALUES (0, p_model, p_alias, p_expected, p_new, (p_event->>'old_number')::integer, (p_event->>'new_number')::integer,
                  p_event->>'actor', (p_event->>'at')::bigint, coalesce(p_event->>'reason', ''), coalesce((p_event->>'forced')::boolean, false),
                  p_event->'gate', p_event->>'workspace_id', (p_event->>'local_id')::bigint);
        RETURN QUERY SELECT true, p_new, (SELECT v.number FROM mlops.model_versions v WHERE v.uid = p_new), p_event->>'actor', (p_event->>'at')::bigint;
      END $f$;

      -- Each workspace's audit chain, whole and in order: an entry's prev_hash must be the hash of the
      -- entry before it in the same workspace (checked here), and entries are never changed.
      CREATE TABLE mlops.audit_entries (
        workspace_id text NOT NULL,
        local_seq    bigint NOT NULL,
        seq          bigint NOT NULL,            -- the server's sequence
        at           bigint NOT NULL,
        actor        text NOT NULL,
        action       text NOT NULL,
        object       text NOT NULL,
        reason       text NOT NULL DEFAULT '',
        details_json text NOT NULL DEFAULT '{}', -- as hashed (text, not jsonb, which would reorder it)
        prev_hash    text NOT NULL,
        hash         text NOT NULL,
        pushed_by    name NOT NULL DEFAULT current_user,
        PRIMARY KEY (workspace_id, local_seq)
      );
      CREATE INDEX audit_entries_by_seq ON mlops.audit_entries (seq);
      CREATE FUNCTION mlops.check_audit_chain() RETURNS trigger LANGUAGE plpgsql AS $f$
      DECLARE
        prev text;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          RAISE EXCEPTION 'the team audit log is append-only: entries cannot be changed or deleted';
        END IF;
        SELECT e.hash INTO prev FROM mlops.audit_entries e WHERE e.workspace_id = NEW.workspace_id AND e.local_seq = NEW.local_seq - 1;
        IF (NEW.local_seq = 1 AND NEW.prev_hash <> repeat('0', 64)) OR (NEW.local_seq > 1 AND prev IS DISTINCT FROM NEW.prev_hash) THEN
          RAISE EXCEPTION 'audit entry % of workspace % does not follow its chain (prev_hash %)', NEW.local_seq, NEW.workspace_id, NEW.prev_hash
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $f$;

      CREATE TABLE mlops.drift_checks (
        uid           text PRIMARY KEY,
        seq           bigint NOT NULL,
        monitor       text,
        batch_uid     text,                      -- dataset_versions.uid of the batch and the reference
        reference_uid text,
        checked_at    bigint NOT NULL,
        outcome       text NOT NULL,
        digest        text NOT NULL,
        author        text NOT NULL,
        workspace_id  text NOT NULL,
        record        jsonb NOT NULL,            -- labels, drift share, column rows, report
        pushed_by     name NOT NULL DEFAULT current_user,
        pushed_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX drift_checks_by_seq ON mlops.drift_checks (seq);

      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.workspaces FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.runs FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.datasets FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.dataset_versions FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER b_number BEFORE INSERT ON mlops.dataset_versions FOR EACH ROW EXECUTE FUNCTION mlops.number_version();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.models FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.model_versions FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER b_number BEFORE INSERT ON mlops.model_versions FOR EACH ROW EXECUTE FUNCTION mlops.number_version();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.model_aliases FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER b_guard BEFORE INSERT OR UPDATE ON mlops.model_aliases FOR EACH ROW EXECUTE FUNCTION mlops.guard_protected_alias();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.alias_events FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.protected_aliases FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER a_chain BEFORE INSERT OR UPDATE OR DELETE ON mlops.audit_entries FOR EACH ROW EXECUTE FUNCTION mlops.check_audit_chain();
      CREATE TRIGGER b_stamp BEFORE INSERT ON mlops.audit_entries FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.drift_checks FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();

      -- What a pull reads: every row stamped after p_seq, oldest first, as (seq, kind, row as JSON).
      -- Metrics are not in it: a pull reads them for the runs it receives.
      CREATE FUNCTION mlops.changes_since(p_seq bigint, p_limit integer DEFAULT 5000)
      RETURNS TABLE (seq bigint, kind text, payload jsonb) LANGUAGE sql STABLE AS $f$
        SELECT c.seq, c.kind, c.payload FROM (
                    SELECT w.seq, 'workspace' AS kind, to_jsonb(w) AS payload FROM mlops.workspaces w WHERE w.seq > p_seq
          UNION ALL SELECT d.seq, 'dataset', to_jsonb(d) FROM mlops.datasets d WHERE d.seq > p_seq
          UNION ALL SELECT r.seq, 'run', to_jsonb(r) FROM mlops.runs r WHERE r.seq > p_seq
          UNION ALL SELECT v.seq, 'dataset_version', to_jsonb(v) FROM mlops.dataset_versions v WHERE v.seq > p_seq
          UNION ALL SELECT m.seq, 'model', to_jsonb(m) FROM mlops.models m WHERE m.seq > p_seq
          UNION ALL SELECT v.seq, 'model_version', to_jsonb(v) FROM mlops.model_versions v WHERE v.seq > p_seq
          UNION ALL SELECT a.seq, 'alias', to_jsonb(a) FROM mlops.model_aliases a WHERE a.seq > p_seq
          UNION ALL SELECT e.seq, 'alias_event', to_jsonb(e) FROM mlops.alias_events e WHERE e.seq > p_seq
          UNION ALL SELECT p.seq, 'protected_alias', to_jsonb(p) FROM mlops.protected_aliases p WHERE p.seq > p_seq
          UNION ALL SELECT e.seq, 'audit', to_jsonb(e) FROM mlops.audit_entries e WHERE e.seq > p_seq
          UNION ALL SELECT k.seq, 'drift_check', to_jsonb(k) FROM mlops.drift_checks k WHERE k.seq > p_seq
        ) c ORDER BY c.seq LIMIT p_limit
      $f$;

      REVOKE ALL ON ALL TABLES IN SCHEMA mlops FROM PUBLIC;
      REVOKE EXECUTE ON FUNCTION mlops.move_alias(text, text, text, text, jsonb) FROM PUBLIC;
      GRANT USAGE ON SCHEMA mlops TO mlops_reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA mlops TO mlops_reader;
      GRANT SELECT ON SEQUENCE mlops.change_seq TO mlops_reader;
      GRANT INSERT, UPDATE ON mlops.workspaces, mlops.runs, mlops.datasets, mlops.dataset_versions, mlops.models,
        mlops.model_versions, mlops.model_aliases, mlops.drift_checks TO mlops_writer;
      GRANT INSERT ON mlops.run_metrics, mlops.alias_events, mlops.audit_entries TO mlops_writer;
      GRANT USAGE ON SEQUENCE mlops.change_seq, mlops.alias_events_id_seq TO mlops_writer;
      GRANT EXECUTE ON FUNCTION mlops.move_alias(text, text, text, text, jsonb) TO mlops_writer;
      GRANT INSERT, UPDATE, DELETE ON mlops.protected_aliases TO mlops_release;
    `,
  },
  {
    version: 2,
    name: 'pipeline runs',
    // A run's usage, cost, pipeline run and stage travel inside runs.record (core/team/runRecordFields):
    // no column for them. A pipeline run is a record of its own, immutable once ended like a run.
    sql: `
      CREATE TABLE mlops.pipeline_runs (
        id           text PRIMARY KEY,           -- pipeline_runs.id, the same form as a run id
        seq          bigint NOT NULL,
        pipeline     text NOT NULL,
        status       text NOT NULL,
        started_at   bigint NOT NULL,
        ended_at     bigint,
        digest       text NOT NULL,              -- SHA-256 of record (core/team/pipelineRunRecord)
        author       text NOT NULL,
        workspace_id text NOT NULL,
        record       jsonb NOT NULL,             -- target stage, forced, cost, what the run cache saved, each stage's outcome and run
        pushed_by    name NOT NULL DEFAULT current_user,
        pushed_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX pipeline_runs_by_seq ON mlops.pipeline_runs (seq);
      CREATE TRIGGER a_stamp BEFORE INSERT OR UPDATE ON mlops.pipeline_runs FOR EACH ROW EXECUTE FUNCTION mlops.stamp_change();

      CREATE OR REPLACE FUNCTION mlops.changes_since(p_seq bigint, p_limit integer DEFAULT 5000)
      RETURNS TABLE (seq bigint, kind text, payload jsonb) LANGUAGE sql STABLE AS $f$
        SELECT c.seq, c.kind, c.payload FROM (
                    SELECT w.seq, 'workspace' AS kind, to_jsonb(w) AS payload FROM mlops.workspaces w WHERE w.seq > p_seq
          UNION ALL SELECT d.seq, 'dataset', to_jsonb(d) FROM mlops.datasets d WHERE d.seq > p_seq
          UNION ALL SELECT r.seq, 'run', to_jsonb(r) FROM mlops.runs r WHERE r.seq > p_seq
          UNION ALL SELECT p.seq, 'pipeline_run', to_jsonb(p) FROM mlops.pipeline_runs p WHERE p.seq > p_seq
          UNION ALL SELECT v.seq, 'dataset_version', to_jsonb(v) FROM mlops.dataset_versions v WHERE v.seq > p_seq
          UNION ALL SELECT m.seq, 'model', to_jsonb(m) FROM mlops.models m WHERE m.seq > p_seq
          UNION ALL SELECT v.seq, 'model_version', to_jsonb(v) FROM mlops.model_versions v WHERE v.seq > p_seq
          UNION ALL SELECT a.seq, 'alias', to_jsonb(a) FROM mlops.model_aliases a WHERE a.seq > p_seq
          UNION ALL SELECT e.seq, 'alias_event', to_jsonb(e) FROM mlops.alias_events e WHERE e.seq > p_seq
          UNION ALL SELECT p.seq, 'protected_alias', to_jsonb(p) FROM mlops.protected_aliases p WHERE p.seq > p_seq
          UNION ALL SELECT e.seq, 'audit', to_jsonb(e) FROM mlops.audit_entries e WHERE e.seq > p_seq
          UNION ALL SELECT k.seq, 'drift_check', to_jsonb(k) FROM mlops.drift_checks k WHERE k.seq > p_seq
        ) c ORDER BY c.seq LIMIT p_limit
      $f$;

      REVOKE ALL ON mlops.pipeline_runs FROM PUBLIC;
      GRANT SELECT ON mlops.pipeline_runs TO mlops_reader;
      GRANT INSERT, UPDATE ON mlops.pipeline_runs TO mlops_writer;
    `,
  },
];

export const latestServerVersion = serverMigrations[serverMigrations.length - 1].version;
