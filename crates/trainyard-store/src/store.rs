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

use rusqlite::Connection;
use trainyard_core::{plan_to_json, Plan};

use crate::document::Document;
use crate::error::StoreError;
use crate::load::{load, read_revision};
use crate::positions::Positions;
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
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) doc: D,
    pub(crate) revision: u64,
    pub(crate) positions: Positions,
    pub(crate) user: String,
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
        let (plan, revision, positions) = load(&conn, path)?;
        Ok(DocumentStore {
            conn,
            path: path.to_owned(),
            doc: D::from_plan(plan),
            revision,
            positions,
            user: opts.user.unwrap_or_else(os_user),
        })
    }

    /// Loads the plan without ever writing to the file (no migration: a file
    /// with an older schema is refused with a clear message).
    pub fn open_read_only(path: &Path) -> Result<Plan, StoreError> {
        let (conn, version) = schema::open_connection(path, Access::ReadOnly)?;
        if version < SCHEMA_VERSION {
            return Err(StoreError::OlderSchema {
                path: path.to_owned(),
                found: version,
                current: SCHEMA_VERSION,
            });
        }
        load(&conn, path).map(|(plan, _, _)| plan)
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

    pub fn set_user(&mut self, user: impl Into<String>) {
        self.user = user.into();
    }

    /// The file's current revision (another program may have moved it past
    /// [`Self::revision`]; then [`Self::reload`]).
    pub fn file_revision(&self) -> Result<u64, StoreError> {
        read_revision(&self.conn, &self.path)
    }

    /// Reads the plan again from the file (after another program changed it).
    pub fn reload(&mut self) -> Result<(), StoreError> {
        let (plan, revision, positions) = load(&self.conn, &self.path)?;
        self.doc = D::from_plan(plan);
        self.revision = revision;
        self.positions = positions;
        Ok(())
    }

    /// The plan in the JSON interchange format (identical to
    /// `trainyard_core::plan_to_json` of the plan).
    pub fn export_json(&self) -> String {
        plan_to_json(self.doc.plan())
    }
}
