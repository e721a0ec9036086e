//! Persistence of Trainyard plans: a SQLite file, or a team plan on a
//! PostgreSQL server (`team.rs`), behind one interface (`backend/`).
//!
//! A plan is a document: one SQLite file (`*.trainyard`) holding the plan (one
//! row per entity), its revision, the undo/redo history and a hash-chained audit
//! trail. Every edit is one transaction checked against the revision it was made
//! on (optimistic concurrency), so two windows or programs on the same file never
//! overwrite each other silently, and a crash at any moment leaves either the old
//! or the new revision — never half of one.
//!
//! The store does not decide what a valid plan is: `trainyard-core` does, both
//! when an edit is applied and when a file is loaded.

pub mod address;
mod audit;
mod backend;
mod codec;
mod create;
mod document;
mod edit;
mod error;
mod history;
mod load;
mod plan_state;
mod positions;
mod read_only;
mod schema;
mod store;
mod team;

pub use address::TeamAddress;
pub use audit::{AuditEntry, AuditVerification};
pub use backend::postgres::TeamAccess;
pub use document::Document;
pub use error::StoreError;
pub use schema::SCHEMA_VERSION;
pub use store::{DocumentStore, Store, StoreOptions, StoreSnapshot};
pub use team::{
    copy_file, copy_team_to_file, publish_file, team_access, team_grant, team_init, team_roles,
    team_snapshot, verify_audit_team, PlanLocation, TeamInit, TeamListener, TeamNotice,
};

use std::path::Path;

/// Walks the audit chain of a plan file without writing to it.
pub fn verify_audit_file(path: &Path) -> Result<AuditVerification, StoreError> {
    read_only::read(path, |conn, _| {
        let mut b = backend::sqlite::SqliteBackend::new(conn, path);
        backend::in_transaction(&mut b, backend::TxKind::Read, audit::verify)
    })
}
