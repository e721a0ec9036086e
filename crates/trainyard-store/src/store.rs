//! The store: one plan file, its in-memory document (a [`Plan`], or what the
//! caller keeps it in, see `document.rs`) and revision.
//!
//! Invariants:
//! - Between calls, the document's plan equals the plan stored in the file at
//!   `revision`,
//!   and `positions[k]` holds the stored `position` of each entity of kind `k`,
//!   in the plan's list order (strictly increasing).
//! - Every edit is one `BEGIN IMMEDIATE` transaction that first re-reads the
//!   file's revision; if the edit fails anywhere, the transaction rolls back and
//!   the in-memory document is restored by applying the inverse changes
//!   (`edit.rs`).
//! - Positions are sparse (`positions.rs`).
//!
//! The other halves of the store's methods: `create.rs` (new files and
//! copies), `edit.rs` (the edit path), `history.rs` (undo/redo and the audit
//! trail), `load.rs` (reading a file into a plan).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use trainyard_core::{plan_to_json, Plan};

use crate::backend::sqlite::SqliteBackend;
use crate::backend::{in_transaction, Backend, TxKind};
use crate::document::Document;
use crate::error::StoreError;
use crate::history::audit_head;
use crate::load::{load, read_revision};
use crate::positions::Positions;
use crate::read_only;
use crate::schema::{self, Access, SCHEMA_VERSION};

/// How a store is opened.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// The name recorded in the audit trail; by default the OS user
    /// (`$USER`, `$LOGNAME`, `%USERNAME%`), or `"unknown"`.
    pub user: Option<String>,
}

/// An open plan file whose plan is kept in memory as a `D`.
pub struct DocumentStore<D = Plan> {
    /// Behind a mutex so that reading methods can take `&self` (a server
    /// connection needs `&mut` to run a query) while the store stays `Sync`.
    pub(crate) backend: Mutex<Box<dyn Backend>>,
    /// Where the plan is: its file, or its server URL without a password.
    pub(crate) path: PathBuf,
    pub(crate) doc: D,
    pub(crate) revision: u64,
    pub(crate) positions: Positions,
    pub(crate) user: String,
    /// Opened for reading only ([`DocumentStore::open_read_only_document`]):
    /// every edit is refused with [`StoreError::ReadOnly`].
    pub(crate) read_only: bool,
}

/// A store's plan with what reports print about the store, read without
/// writing to the file ([`DocumentStore::snapshot`]).
#[derive(Debug, Clone)]
pub struct StoreSnapshot {
    pub plan: Plan,
    pub revision: u64,
    pub audit_head: Option<String>,
}

/// An open plan file with its plan in memory.
pub type Store = DocumentStore<Plan>;

impl<D> std::fmt::Debug for DocumentStore<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("revision", &self.revision)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// The oldest schema whose plan can be read as it is: every schema since the
/// first keeps the plan in the same tables and columns, and later steps only
/// add to the audit trail. A read never upgrades a file (that would write),
/// so reads accept every schema from this one on.
const OLDEST_READABLE_SCHEMA: i64 = 1;

fn refuse_unreadable(path: &Path, version: i64) -> Result<(), StoreError> {
    if version < OLDEST_READABLE_SCHEMA {
        return Err(StoreError::OlderSchema {
            path: path.to_owned(),
            found: version,
            current: SCHEMA_VERSION,
        });
    }
    Ok(())
}

pub(crate) fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

impl<D: Document> DocumentStore<D> {
    /// Opens a plan file for editing, upgrading an older schema first.
    pub fn open(path: &Path, opts: StoreOptions) -> Result<Self, StoreError> {
        let (mut conn, version) = schema::open_connection(path, Access::ReadWrite)?;
        if version < SCHEMA_VERSION {
            schema::migrate(&mut conn, path, false)?;
        }
        let backend = Box::new(SqliteBackend::new(conn, path));
        Self::from_backend(backend, opts.user.unwrap_or_else(os_user), false)
    }

    /// Opens a plan file for editing, or, when the file or its folder cannot
    /// be written ([`StoreError::ReadOnly`]), for reading only.
    pub fn open_or_read_only(path: &Path, opts: StoreOptions) -> Result<Self, StoreError> {
        match Self::open(path, opts.clone()) {
            Err(StoreError::ReadOnly { .. }) => Self::open_read_only_document(path, opts),
            other => other,
        }
    }

    /// Opens a plan file for reading only, never writing to it or beside it
    /// (`read_only.rs`); edits are refused with [`StoreError::ReadOnly`]. A
    /// file with an older schema is read as it is, not upgraded.
    pub fn open_read_only_document(path: &Path, opts: StoreOptions) -> Result<Self, StoreError> {
        read_only::read(path, |conn, version| {
            refuse_unreadable(path, version)?;
            let backend = Box::new(SqliteBackend::new(conn, path));
            Self::from_backend(backend, opts.user.clone().unwrap_or_else(os_user), true)
        })
    }

    /// Whether this store was opened for reading only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Loads the plan without ever writing to the file or beside it (no
    /// migration: a file with an older schema is read as it is). Works on
    /// read-only files and in read-only folders.
    pub fn open_read_only(path: &Path) -> Result<Plan, StoreError> {
        read_only::read(path, |conn, version| {
            refuse_unreadable(path, version)?;
            let mut b = SqliteBackend::new(conn, path);
            in_transaction(&mut b, TxKind::Read, load).map(|(plan, _, _)| plan)
        })
    }

    /// The plan with its revision and audit head, read like
    /// [`Self::open_read_only`] (all three from one read).
    pub fn snapshot(path: &Path) -> Result<StoreSnapshot, StoreError> {
        read_only::read(path, |conn, version| {
            refuse_unreadable(path, version)?;
            let mut b = SqliteBackend::new(conn, path);
            snapshot_of(&mut b)
        })
    }

    pub fn plan(&self) -> &Plan {
        self.doc.plan()
    }

    /// The in-memory document, in step with the file at [`Self::revision`].
    pub fn document(&self) -> &D {
        &self.doc
    }

    /// The in-memory document, for a change the caller takes back before its
    /// next call to the store (a drag preview tries a move and undoes it).
    /// A change that lasts goes through [`Self::apply`], or the document and
    /// the file disagree.
    pub fn document_mut(&mut self) -> &mut D {
        &mut self.doc
    }

    /// The revision the in-memory plan is at.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The name recorded in the audit trail for this store's edits.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Sets the name recorded for this store's edits. A team plan's edits
    /// are always recorded under the database login, so there it does
    /// nothing.
    pub fn set_user(&mut self, user: impl Into<String>) {
        if self.lock_backend().team_access().is_none() {
            self.user = user.into();
        }
    }

    /// The file's current revision (another program may have moved it past
    /// [`Self::revision`]; then [`Self::reload`]).
    pub fn file_revision(&self) -> Result<u64, StoreError> {
        self.with_backend(|b| in_transaction(b, TxKind::Read, read_revision))
    }

    /// Reads the plan again from the file (after another program changed it).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let (plan, revision, positions) =
            self.with_backend(|b| in_transaction(b, TxKind::Read, load))?;
        self.doc = D::from_plan(plan);
        self.revision = revision;
        self.positions = positions;
        Ok(())
    }

    /// Runs `f` on this store's backend.
    pub(crate) fn with_backend<T>(
        &self,
        f: impl FnOnce(&mut dyn Backend) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        f(&mut **self.lock_backend())
    }

    pub(crate) fn lock_backend(&self) -> MutexGuard<'_, Box<dyn Backend>> {
        self.backend.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A store on `backend`, its plan read in one transaction.
    pub(crate) fn from_backend(
        mut backend: Box<dyn Backend>,
        user: String,
        read_only: bool,
    ) -> Result<Self, StoreError> {
        let (plan, revision, positions) = in_transaction(&mut *backend, TxKind::Read, load)?;
        Ok(DocumentStore {
            path: backend.location().to_owned(),
            backend: Mutex::new(backend),
            doc: D::from_plan(plan),
            revision,
            positions,
            user,
            read_only,
        })
    }

    /// The plan in the JSON interchange format (identical to
    /// `trainyard_core::plan_to_json` of the plan).
    pub fn export_json(&self) -> String {
        plan_to_json(self.doc.plan())
    }
}

/// The plan with its revision and audit head, from one read transaction.
pub(crate) fn snapshot_of(b: &mut dyn Backend) -> Result<StoreSnapshot, StoreError> {
    in_transaction(b, TxKind::Read, |b| {
        let (plan, revision, _) = load(b)?;
        let audit_head = audit_head(b)?;
        Ok(StoreSnapshot {
            plan,
            revision,
            audit_head,
        })
    })
}
