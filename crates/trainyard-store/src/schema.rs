//! The file format: how a connection is opened and configured, how a file is
//! recognised as ours, and the migrations that build and upgrade the schema.
//!
//! Why `PRIMARY KEY (kind, position)` on `entity` and not `(kind, id)`: loading
//! reads every row in list order, and a `WITHOUT ROWID` table clustered on
//! `(kind, position)` is exactly that order, so the load is one sequential scan
//! with no index lookups and no sort (a covering `(kind, position, body)` index
//! would double the file). Lookups by id go through the small `entity_by_id`
//! index. Positions are sparse (see `positions.rs`), so an insert in the middle of a
//! list rarely renumbers anything.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{SqlResultExt, StoreError};

/// `PRAGMA application_id` of a Trainyard plan file: "TRYD".
pub(crate) const APPLICATION_ID: i32 = 0x5452_5944;

/// How long a connection waits for another writer before giving up.
pub(crate) const BUSY_TIMEOUT_MS: u64 = 5000;

/// Schema steps; step `i` takes the file from `user_version = i` to `i + 1`.
/// Never edit a released step: append a new one.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE plan_meta (
        singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
        name       TEXT,
        timezone   TEXT NOT NULL,
        x          TEXT,
        revision   INTEGER NOT NULL CHECK (revision >= 1),
        audit_head TEXT NOT NULL
    );
    CREATE TABLE entity (
        kind     TEXT NOT NULL,
        position INTEGER NOT NULL,
        id       TEXT NOT NULL,
        body     TEXT NOT NULL,
        PRIMARY KEY (kind, position)
    ) WITHOUT ROWID;
    CREATE UNIQUE INDEX entity_by_id ON entity (kind, id);
    CREATE TABLE undo_stack (
        seq     INTEGER PRIMARY KEY,
        label   TEXT NOT NULL,
        changes TEXT NOT NULL
    );
    CREATE TABLE redo_stack (
        seq     INTEGER PRIMARY KEY,
        label   TEXT NOT NULL,
        changes TEXT NOT NULL
    );
    CREATE TABLE audit (
        seq       INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        user      TEXT NOT NULL,
        action    TEXT NOT NULL,
        changes   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
    );
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    "#,
    // 2: the audit trail binds the plan. Each new entry carries the hash of
    // the plan state after its edit (`plan_state.rs`); `plan_meta` keeps that
    // state so the next edit can update it from the rows it touches. Entries
    // written before this step have no plan hash; binding starts with the
    // first edit after it.
    r#"
    ALTER TABLE audit ADD COLUMN plan_hash TEXT;
    ALTER TABLE plan_meta ADD COLUMN plan_state TEXT;
    "#,
];

/// The schema version this program writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// A new, empty file (the temporary file of an import).
    Create,
    ReadWrite,
    ReadOnly,
}

/// Opens a connection and sets every pragma; the only place that does.
/// For existing files it first checks that the file is a Trainyard plan (before
/// anything could be written to someone else's file) and returns its schema
/// version; migrating is up to the caller.
pub(crate) fn open_connection(
    path: &Path,
    access: Access,
) -> Result<(Connection, i64), StoreError> {
    if access != Access::Create {
        let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
        if !meta.is_file() {
            return Err(StoreError::NotATrainyardFile {
                path: path.to_owned(),
                reason: "not a regular file".into(),
            });
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
        | match access {
            Access::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        };
    let conn = Connection::open_with_flags(path, flags).at(path)?;
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))
        .at(path)?;

    let version = if access == Access::Create {
        0
    } else {
        identify(&conn, path)?
    };
    check_not_newer(path, version)?;

    if access != Access::ReadOnly {
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .at(path)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::corrupt(
                path,
                format!("cannot switch to write-ahead logging (journal mode stays {mode:?})"),
            ));
        }
        conn.pragma_update(None, "synchronous", "FULL").at(path)?;
    } else {
        conn.pragma_update(None, "query_only", true).at(path)?;
    }
    conn.pragma_update(None, "foreign_keys", true).at(path)?;
    Ok((conn, version))
}

/// Checks `application_id` and returns `user_version`.
fn identify(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    let not_ours = |reason: &str| StoreError::NotATrainyardFile {
        path: path.to_owned(),
        reason: reason.into(),
    };
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .at(path)?;
    if app_id != APPLICATION_ID {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .at(path)?;
        return Err(if app_id == 0 && tables == 0 {
            not_ours("an empty file or empty sqlite database")
        } else {
            not_ours("an sqlite database of another program")
        });
    }
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .at(path)
}

/// Brings the schema up to [`SCHEMA_VERSION`] in one transaction (a crash
/// leaves the old schema intact). Refuses a newer schema.
pub(crate) fn migrate(
    conn: &mut Connection,
    path: &Path,
    creating: bool,
) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    // Read again inside the write lock: another process may have migrated.
    let version: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .at(path)?;
    check_not_newer(path, version)?;
    if creating {
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .at(path)?;
    }
    let from = usize::try_from(version).unwrap_or(0);
    for step in &MIGRATIONS[from.min(MIGRATIONS.len())..] {
        tx.execute_batch(step).at(path)?;
    }
    if version != SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .at(path)?;
    }
    tx.commit().at(path)
}

pub(crate) fn check_not_newer(path: &Path, version: i64) -> Result<(), StoreError> {
    if version > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 0 {
        return Err(StoreError::corrupt(
            path,
            format!("schema version {version} is negative"),
        ));
    }
    Ok(())
}
