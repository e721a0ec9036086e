//! The store's history: the undo and redo stacks, and the audit trail.

use crate::audit::{self, AuditEntry, AuditVerification};
use crate::backend::{in_transaction, Backend, Stack, TxKind};
use crate::document::Document;
use crate::edit::EditKind;
use crate::error::StoreError;
use crate::store::DocumentStore;

impl<D: Document> DocumentStore<D> {
    /// Undoes the newest edit in the store's undo history (itself a new revision).
    pub fn undo(&mut self, base_revision: u64) -> Result<u64, StoreError> {
        self.edit(base_revision, EditKind::Undo)
    }

    /// Redoes the newest undone edit (itself a new revision).
    pub fn redo(&mut self, base_revision: u64) -> Result<u64, StoreError> {
        self.edit(base_revision, EditKind::Redo)
    }

    /// The label of the edit that [`Self::undo`] would undo.
    pub fn can_undo(&self) -> Result<Option<String>, StoreError> {
        self.with_backend(|b| top_label(b, Stack::Undo))
    }

    /// The label of the edit that [`Self::redo`] would redo.
    pub fn can_redo(&self) -> Result<Option<String>, StoreError> {
        self.with_backend(|b| top_label(b, Stack::Redo))
    }

    /// Audit entries, newest first, at most `limit`, with seq < `before_seq`.
    pub fn audit_log(
        &self,
        limit: usize,
        before_seq: Option<u64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        self.with_backend(|b| in_transaction(b, TxKind::Read, |b| audit::log(b, limit, before_seq)))
    }

    /// Walks the whole audit chain.
    pub fn verify_audit(&self) -> Result<AuditVerification, StoreError> {
        self.with_backend(|b| in_transaction(b, TxKind::Read, audit::verify))
    }

    /// The hash of the newest audit entry.
    pub fn audit_head(&self) -> Result<Option<String>, StoreError> {
        self.with_backend(|b| in_transaction(b, TxKind::Read, audit_head))
    }
}

/// The hash of the newest audit entry, inside the caller's transaction.
pub(crate) fn audit_head(b: &mut dyn Backend) -> Result<Option<String>, StoreError> {
    Ok(b.audit_last()?.map(|(_, hash, _)| hash))
}

fn top_label(b: &mut dyn Backend, stack: Stack) -> Result<Option<String>, StoreError> {
    in_transaction(b, TxKind::Read, |b| {
        Ok(b.stack_top(stack)?.map(|(_, label, _)| label))
    })
}
