//! The file's history: the undo and redo stacks, and the audit trail.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::audit::{self, AuditEntry, AuditVerification};
use crate::document::Document;
use crate::edit::EditKind;
use crate::error::{SqlResultExt, StoreError};
use crate::store::DocumentStore;

impl<D: Document> DocumentStore<D> {
    /// Undoes the newest edit in the file's undo history (itself a new revision).
    pub fn undo(&mut self, base_revision: u64) -> Result<u64, StoreError> {
        self.edit(base_revision, EditKind::Undo)
    }

    /// Redoes the newest undone edit (itself a new revision).
    pub fn redo(&mut self, base_revision: u64) -> Result<u64, StoreError> {
        self.edit(base_revision, EditKind::Redo)
    }

    /// The label of the edit that [`Self::undo`] would undo.
    pub fn can_undo(&self) -> Result<Option<String>, StoreError> {
        top_label(&self.conn, &self.path, "undo_stack")
    }

    /// The label of the edit that [`Self::redo`] would redo.
    pub fn can_redo(&self) -> Result<Option<String>, StoreError> {
        top_label(&self.conn, &self.path, "redo_stack")
    }

    /// Audit entries, newest first, at most `limit`, with seq < `before_seq`.
    pub fn audit_log(
        &self,
        limit: usize,
        before_seq: Option<u64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        audit::log(&self.conn, &self.path, limit, before_seq)
    }

    /// Walks the whole audit chain.
    pub fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        let tx = self.conn.unchecked_transaction().at(&self.path)?;
        audit::verify(&tx, &self.path)
    }

    /// The hash of the newest audit entry.
    pub fn audit_head(&self) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .at(&self.path)
    }
}

fn top_label(conn: &Connection, path: &Path, table: &str) -> Result<Option<String>, StoreError> {
    conn.prepare_cached(&format!(
        "SELECT label FROM {table} ORDER BY seq DESC LIMIT 1"
    ))
    .at(path)?
    .query_row([], |r| r.get(0))
    .optional()
    .at(path)
}
