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

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use trainyard_files::{sniff, FileKind, STORE_APPLICATION_ID};

use crate::error::{SqlResultExt, StoreError};

/// `PRAGMA application_id` of a Trainyard plan file: "TRYD".
pub(crate) const APPLICATION_ID: i32 = STORE_APPLICATION_ID as i32;

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
    /// Reading with SQLite's locks and write-ahead log (needs `-shm`, which
    /// SQLite creates when missing): only while a log has content to read.
    ReadOnly,
    /// Reading a file no one writes (`immutable=1`): no locks, no log, no
    /// sidecar files. See `read_only.rs` for when it is used.
    Immutable,
}

/// Opens a connection and sets every pragma; the only place that does.
/// For existing files it first checks from the header bytes (plain file IO,
/// before SQLite could write anything: replaying or checkpointing another
/// program's log) that the file is a Trainyard plan, then again through
/// SQLite, and returns its schema version; migrating is up to the caller.
/// A store that cannot be written is refused for [`Access::ReadWrite`] with
/// [`StoreError::ReadOnly`] before anything is read.
pub(crate) fn open_connection(
    path: &Path,
    access: Access,
) -> Result<(Connection, i64), StoreError> {
    if access != Access::Create {
        identify_header(path)?;
    }
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
        | match access {
            Access::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
            Access::Immutable => OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        };
    let conn = match access {
        Access::Immutable => Connection::open_with_flags(immutable_uri(path), flags),
        _ => Connection::open_with_flags(path, flags),
    }
    .at(path)?;
    if access == Access::ReadWrite && conn.is_readonly(rusqlite::MAIN_DB).at(path)? {
        // SQLite fell back to reading a write-protected file; reading it in
        // WAL mode now would leave -wal and -shm beside it.
        return Err(StoreError::ReadOnly {
            path: path.to_owned(),
        });
    }
    conn.busy_timeout(std::time::Duration::from_millis(BUSY_TIMEOUT_MS))
        .at(path)?;

    let version = if access == Access::Create {
        0
    } else {
        identify(&conn, path)?
    };
    check_not_newer(path, version)?;

    if matches!(access, Access::Create | Access::ReadWrite) {
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                // The folder does not let the log be created.
                Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => StoreError::ReadOnly {
                    path: path.to_owned(),
                },
                _ => StoreError::sqlite(path, e),
            })?;
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

/// Refuses anything but a regular file whose header says it is a Trainyard
/// store, reading the header with plain file IO.
fn identify_header(path: &Path) -> Result<(), StoreError> {
    let not_ours = |reason: &str| StoreError::NotATrainyardFile {
        path: path.to_owned(),
        reason: reason.into(),
    };
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    if !meta.is_file() {
        return Err(not_ours("not a regular file"));
    }
    match sniff(path).map_err(|e| StoreError::io(path, e))? {
        FileKind::TrainyardStore => Ok(()),
        FileKind::OtherSqlite => Err(not_ours("an sqlite database of another program")),
        FileKind::NotSqlite if meta.len() == 0 => Err(not_ours("an empty file")),
        FileKind::NotSqlite => Err(not_ours("not an sqlite database")),
    }
}

/// `file:PATH?immutable=1`, the path percent-encoded as SQLite's URIs want.
fn immutable_uri(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut uri = String::from("file:");
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
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
