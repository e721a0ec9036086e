//! Reading a store without writing a byte to it or beside it, so that
//! read-only commands work on read-only files and in read-only folders, and
//! leave no `-wal` or `-shm` behind.
//!
//! A store uses write-ahead logging, and SQLite reads such a file through its
//! `-shm` index, which it creates when missing (and cannot create in a
//! read-only folder). So a read opens the file `immutable=1` (no locks, no
//! log, no sidecars) when that is safe, and otherwise as an ordinary
//! read-only connection:
//!
//! - When the `-wal` has content, a writer is at work or one stopped before
//!   checkpointing: the newest edits are only in the log, which an immutable
//!   read would miss. The ordinary read-only connection reads them (its
//!   `-shm` already exists beside a live writer's log).
//! - Otherwise the main file holds every committed edit. An immutable read
//!   takes no lock, so a writer could start meanwhile; the file and its log
//!   are looked at before and after the read, and if anything changed (size,
//!   time of modification, the log appearing or growing) the read is done
//!   again with the ordinary connection.

use std::path::Path;
use std::time::SystemTime;

use rusqlite::Connection;
use trainyard_files::sidecar;

use crate::error::StoreError;
use crate::schema::{self, Access};

/// What a reader can see of a store without opening it.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    wal: Option<(u64, Option<SystemTime>)>,
}

fn seen(path: &Path) -> Result<Seen, StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
    let wal = std::fs::metadata(sidecar(path, "-wal"))
        .ok()
        .map(|m| (m.len(), m.modified().ok()));
    Ok(Seen {
        len: meta.len(),
        modified: meta.modified().ok(),
        wal,
    })
}

/// Opens `path` for reading as the module says and runs `read` on the
/// connection (with the file's schema version); `read` may keep the
/// connection in what it returns. Never writes to the file.
pub(crate) fn read<T>(
    path: &Path,
    mut read: impl FnMut(Connection, i64) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let before = seen(path)?;
    if before.wal.is_none_or(|(len, _)| len == 0) {
        let (conn, version) = schema::open_connection(path, Access::Immutable)?;
        let result = read(conn, version);
        if seen(path)? == before {
            return result;
        }
    }
    let (conn, version) = schema::open_connection(path, Access::ReadOnly)?;
    read(conn, version)
}
