//! The team schema on a PostgreSQL server: the same logical schema as a
//! plan file (`schema.rs`), one set of tables for every plan of a database
//! (each row carries its plan's name), with the same numbered steps, and the
//! rules the server enforces whoever connects (`docs/team-plans.md`):
//!
//! - four group roles: `trainyard_coordinator` edits plans,
//!   `trainyard_cab` records decisions on releases and nothing else,
//!   `trainyard_pipeline` records deployments' outcomes and gate decisions
//!   and nothing else, `trainyard_viewer` reads. Privileges are GRANTs on
//!   tables and columns; a viewer holds none but SELECT.
//! - an audit entry is written under the database login (`session_user`),
//!   follows the previous entry of its plan (seq and prev_hash), and is never
//!   updated, deleted or truncated. The one exception: the transaction that
//!   creates a plan may copy a plan file's existing trail, authors and all
//!   (`plan_created`, writable only by the trigger that records a creation).
//! - a decision added to a release is by the login making the change, who is
//!   a CAB member; a CAB member's change to an entity may only add decisions,
//!   and a pipeline's may only set a deployment's `outcome` and `status`.
//! - every new revision is announced on the `trainyard` channel (LISTEN),
//!   so open apps see another user's edit at once.

/// The roles, in the order `team grant` names them.
pub(crate) const ROLES: [(&str, &str); 4] = [
    ("coordinator", "trainyard_coordinator"),
    ("cab", "trainyard_cab"),
    ("pipeline", "trainyard_pipeline"),
    ("viewer", "trainyard_viewer"),
];

/// The channel a new revision is announced on.
pub(crate) const CHANNEL: &str = "trainyard";

/// Run before the steps, every time `team init` runs: the group roles
/// (cluster-wide, so possibly already made for another database) and the
/// schema with the version table.
pub(crate) const PRELUDE: &str = r#"
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['trainyard_coordinator', 'trainyard_cab', 'trainyard_pipeline', 'trainyard_viewer'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- made meanwhile by an init of another database
            END;
        END IF;
    END LOOP;
END
$$;
CREATE SCHEMA IF NOT EXISTS trainyard;
REVOKE ALL ON SCHEMA trainyard FROM PUBLIC;
GRANT USAGE ON SCHEMA trainyard TO trainyard_coordinator, trainyard_cab, trainyard_pipeline, trainyard_viewer;
CREATE TABLE IF NOT EXISTS trainyard.schema_version (
    singleton integer PRIMARY KEY CHECK (singleton = 1),
    version   integer NOT NULL
);
GRANT SELECT ON trainyard.schema_version TO trainyard_coordinator, trainyard_cab, trainyard_pipeline, trainyard_viewer;
"#;

/// Schema steps; step `i` takes the database from version `i` to `i + 1`.
/// Never edit a released step: append one. The numbering is the team
/// schema's own: steps 1 and 2 match a plan file's, the later ones are about
/// the server alone (roles), which a plan file has no use for.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE trainyard.plan_meta (
        plan       text PRIMARY KEY CHECK (plan ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'),
        name       text,
        timezone   text NOT NULL,
        x          text,
        revision   bigint NOT NULL CHECK (revision >= 1),
        audit_head text NOT NULL
    );
    CREATE TABLE trainyard.entity (
        plan     text NOT NULL REFERENCES trainyard.plan_meta (plan),
        kind     text NOT NULL,
        position bigint NOT NULL,
        id       text NOT NULL,
        body     text NOT NULL,
        PRIMARY KEY (plan, kind, position),
        UNIQUE (plan, kind, id)
    );
    CREATE TABLE trainyard.undo_stack (
        plan    text NOT NULL REFERENCES trainyard.plan_meta (plan),
        seq     bigserial PRIMARY KEY,
        label   text NOT NULL,
        changes text NOT NULL
    );
    CREATE INDEX undo_stack_by_plan ON trainyard.undo_stack (plan, seq);
    CREATE TABLE trainyard.redo_stack (
        plan    text NOT NULL REFERENCES trainyard.plan_meta (plan),
        seq     bigserial PRIMARY KEY,
        label   text NOT NULL,
        changes text NOT NULL
    );
    CREATE INDEX redo_stack_by_plan ON trainyard.redo_stack (plan, seq);
    CREATE TABLE trainyard.audit (
        plan      text NOT NULL REFERENCES trainyard.plan_meta (plan),
        seq       bigint NOT NULL,
        at        text NOT NULL,
        "user"    text NOT NULL,
        action    text NOT NULL,
        changes   text NOT NULL,
        prev_hash text NOT NULL,
        hash      text NOT NULL,
        PRIMARY KEY (plan, seq)
    );
    -- Which transaction created which plan: written by a trigger only.
    CREATE TABLE trainyard.plan_created (
        plan text PRIMARY KEY,
        xid  xid8 NOT NULL
    );

    CREATE FUNCTION trainyard.record_creation() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
    BEGIN
        INSERT INTO trainyard.plan_created (plan, xid) VALUES (NEW.plan, pg_current_xact_id())
        ON CONFLICT (plan) DO UPDATE SET xid = EXCLUDED.xid;
        RETURN NULL;
    END
    $f$;
    CREATE TRIGGER plan_meta_created AFTER INSERT ON trainyard.plan_meta
    FOR EACH ROW EXECUTE FUNCTION trainyard.record_creation();

    CREATE FUNCTION trainyard.creating(p text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $f$
        SELECT EXISTS (SELECT 1 FROM trainyard.plan_created
                       WHERE plan = p AND xid = pg_current_xact_id())
    $f$;

    CREATE FUNCTION trainyard.check_audit_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
    DECLARE
        last_seq  bigint;
        last_hash text;
    BEGIN
        SELECT seq, hash INTO last_seq, last_hash FROM trainyard.audit
        WHERE plan = NEW.plan ORDER BY seq DESC LIMIT 1;
        IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
           OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, repeat('0', 64)) THEN
            RAISE EXCEPTION 'audit entry % of plan % does not follow the last entry (%)',
                NEW.seq, NEW.plan, coalesce(last_seq, 0)
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF NEW."user" IS DISTINCT FROM session_user::text
           AND NOT trainyard.creating(NEW.plan) THEN
            RAISE EXCEPTION 'an audit entry is recorded under the database login %, not as %',
                session_user, NEW."user"
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END
    $f$;
    CREATE TRIGGER audit_insert BEFORE INSERT ON trainyard.audit
    FOR EACH ROW EXECUTE FUNCTION trainyard.check_audit_insert();

    CREATE FUNCTION trainyard.refuse_audit_change() RETURNS trigger
    LANGUAGE plpgsql AS $f$
    BEGIN
        RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'insufficient_privilege';
    END
    $f$;
    CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON trainyard.audit
    FOR EACH ROW EXECUTE FUNCTION trainyard.refuse_audit_change();
    CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON trainyard.audit
    FOR EACH STATEMENT EXECUTE FUNCTION trainyard.refuse_audit_change();

    CREATE FUNCTION trainyard.check_entity_change() RETURNS trigger
    LANGUAGE plpgsql AS $f$
    DECLARE
        coordinator boolean := pg_has_role(session_user, 'trainyard_coordinator', 'MEMBER');
        cab boolean := pg_has_role(session_user, 'trainyard_cab', 'MEMBER');
        old_a jsonb := '[]';
        new_a jsonb := '[]';
        a jsonb;
    BEGIN
        IF TG_OP = 'INSERT' AND trainyard.creating(NEW.plan) THEN
            RETURN NEW;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'release' THEN
            IF TG_OP = 'UPDATE' THEN
                old_a := coalesce(OLD.body::jsonb -> 'approvals', '[]');
            END IF;
            new_a := coalesce(NEW.body::jsonb -> 'approvals', '[]');
            FOR a IN SELECT value FROM jsonb_array_elements(new_a) LOOP
                IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(old_a) o WHERE o.value = a)
                   AND (NOT cab OR a ->> 'by' IS DISTINCT FROM session_user::text) THEN
                    RAISE EXCEPTION 'a decision on release % is recorded by a CAB member under their own database login (%), not as %',
                        NEW.id, session_user, coalesce(a ->> 'by', 'nobody')
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END LOOP;
        END IF;
        IF coordinator THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        -- Not a coordinator: only a CAB member adding decisions to a release.
        IF TG_OP <> 'UPDATE' OR NOT cab OR OLD.kind <> 'release'
           OR (NEW.plan, NEW.kind, NEW.id, NEW.position) IS DISTINCT FROM (OLD.plan, OLD.kind, OLD.id, OLD.position)
           OR (NEW.body::jsonb - 'approvals') IS DISTINCT FROM (OLD.body::jsonb - 'approvals')
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(old_a) o
                      WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(new_a) n WHERE n.value = o.value)) THEN
            RAISE EXCEPTION 'the database login % may only record decisions on releases', session_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END
    $f$;
    CREATE TRIGGER entity_change BEFORE INSERT OR UPDATE OR DELETE ON trainyard.entity
    FOR EACH ROW EXECUTE FUNCTION trainyard.check_entity_change();

    CREATE FUNCTION trainyard.check_meta_change() RETURNS trigger
    LANGUAGE plpgsql AS $f$
    BEGIN
        IF NEW.plan IS DISTINCT FROM OLD.plan
           OR NEW.revision NOT IN (OLD.revision, OLD.revision + 1) THEN
            RAISE EXCEPTION 'a plan''s revision moves forward one edit at a time'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END
    $f$;
    CREATE TRIGGER plan_meta_change BEFORE UPDATE ON trainyard.plan_meta
    FOR EACH ROW EXECUTE FUNCTION trainyard.check_meta_change();

    CREATE FUNCTION trainyard.announce() RETURNS trigger
    LANGUAGE plpgsql AS $f$
    BEGIN
        PERFORM pg_notify('trainyard', json_build_object(
            'plan', NEW.plan, 'revision', NEW.revision, 'user', session_user::text)::text);
        RETURN NULL;
    END
    $f$;
    CREATE TRIGGER plan_meta_announce AFTER INSERT OR UPDATE OF revision ON trainyard.plan_meta
    FOR EACH ROW EXECUTE FUNCTION trainyard.announce();

    GRANT SELECT ON trainyard.plan_meta, trainyard.entity, trainyard.undo_stack,
        trainyard.redo_stack, trainyard.audit
        TO trainyard_coordinator, trainyard_cab, trainyard_viewer;
    GRANT INSERT, UPDATE, DELETE ON trainyard.plan_meta, trainyard.entity,
        trainyard.undo_stack, trainyard.redo_stack TO trainyard_coordinator;
    GRANT USAGE ON SEQUENCE trainyard.undo_stack_seq_seq, trainyard.redo_stack_seq_seq
        TO trainyard_coordinator;
    GRANT INSERT ON trainyard.audit TO trainyard_coordinator, trainyard_cab;
    GRANT UPDATE (revision, audit_head) ON trainyard.plan_meta TO trainyard_cab;
    GRANT UPDATE (body) ON trainyard.entity TO trainyard_cab;
    "#,
    // 2: the audit trail binds the plan (as in a plan file).
    r#"
    ALTER TABLE trainyard.audit ADD COLUMN plan_hash text;
    ALTER TABLE trainyard.plan_meta ADD COLUMN plan_state text;
    GRANT UPDATE (plan_state) ON trainyard.plan_meta TO trainyard_cab;
    "#,
    // 3: pipelines record outcomes and gate decisions under their own
    // logins, without the right to change anything else.
    r#"
    GRANT SELECT ON trainyard.plan_meta, trainyard.entity, trainyard.undo_stack,
        trainyard.redo_stack, trainyard.audit TO trainyard_pipeline;
    GRANT INSERT ON trainyard.audit TO trainyard_pipeline;
    GRANT UPDATE (revision, audit_head, plan_state) ON trainyard.plan_meta TO trainyard_pipeline;
    GRANT UPDATE (body) ON trainyard.entity TO trainyard_pipeline;

    CREATE OR REPLACE FUNCTION trainyard.check_entity_change() RETURNS trigger
    LANGUAGE plpgsql AS $f$
    DECLARE
        coordinator boolean := pg_has_role(session_user, 'trainyard_coordinator', 'MEMBER');
        cab boolean := pg_has_role(session_user, 'trainyard_cab', 'MEMBER');
        pipeline boolean := pg_has_role(session_user, 'trainyard_pipeline', 'MEMBER');
        old_a jsonb := '[]';
        new_a jsonb := '[]';
        a jsonb;
    BEGIN
        IF TG_OP = 'INSERT' AND trainyard.creating(NEW.plan) THEN
            RETURN NEW;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'release' THEN
            IF TG_OP = 'UPDATE' THEN
                old_a := coalesce(OLD.body::jsonb -> 'approvals', '[]');
            END IF;
            new_a := coalesce(NEW.body::jsonb -> 'approvals', '[]');
            FOR a IN SELECT value FROM jsonb_array_elements(new_a) LOOP
                IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(old_a) o WHERE o.value = a)
                   AND (NOT cab OR a ->> 'by' IS DISTINCT FROM session_user::text) THEN
                    RAISE EXCEPTION 'a decision on release % is recorded by a CAB member under their own database login (%), not as %',
                        NEW.id, session_user, coalesce(a ->> 'by', 'nobody')
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
            END LOOP;
        END IF;
        IF coordinator THEN
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'UPDATE'
           AND (NEW.plan, NEW.kind, NEW.id, NEW.position) IS NOT DISTINCT FROM (OLD.plan, OLD.kind, OLD.id, OLD.position) THEN
            -- A CAB member adding decisions to a release.
            IF cab AND OLD.kind = 'release'
               AND (NEW.body::jsonb - 'approvals') IS NOT DISTINCT FROM (OLD.body::jsonb - 'approvals')
               AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(old_a) o
                               WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(new_a) n WHERE n.value = o.value)) THEN
                RETURN NEW;
            END IF;
            -- A pipeline recording what happened to a deployment: its
            -- outcome, and the status that follows from it.
            IF pipeline AND OLD.kind = 'deployment'
               AND (NEW.body::jsonb - 'outcome' - 'status') IS NOT DISTINCT FROM (OLD.body::jsonb - 'outcome' - 'status') THEN
                RETURN NEW;
            END IF;
        END IF;
        IF pipeline AND NOT cab THEN
            RAISE EXCEPTION 'the database login % may only record the outcomes (and statuses) of deployments', session_user
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RAISE EXCEPTION 'the database login % may only record decisions on releases', session_user
            USING ERRCODE = 'insufficient_privilege';
    END
    $f$;
    "#,
];

/// The version of a team database this program reads and writes.
pub(crate) const TEAM_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;
