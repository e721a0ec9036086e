//! Opening `.trainyard` store files (SQLite, via `trainyard-store`): reading a
//! store wherever a PLAN is accepted (with its revision and audit head for the
//! reports), edits made by `import-ics`, and the store `demo --store` creates.
//! It is the only module that names the store crate, and it builds to stubs
//! without the `store` feature (which then say that this build cannot read
//! store files), so the rest of the command line never waits on it.

#[cfg(feature = "store")]
pub use with_store::*;
#[cfg(not(feature = "store"))]
pub use without_store::*;

use trainyard_core::edit::Change;
use trainyard_core::Plan;

/// A plan read from a store, with what the reports print about the store.
pub struct StorePlan {
    pub plan: Plan,
    pub revision: Option<u64>,
    pub audit_head: Option<String>,
}

/// One audit entry, as the "changes since" edition reads it.
#[cfg_attr(not(feature = "store"), allow(dead_code))]
pub struct AuditRecord {
    pub seq: u64,
    /// UTC, RFC 3339.
    pub at: String,
    pub user: String,
    pub action: String,
    /// A list of `{kind, id, before, after}` (see `trainyard_store::AuditEntry`).
    pub changes: serde_json::Value,
}

/// A store's plan with the audit entries made after a point, newest first.
pub struct PlanHistory {
    pub current: StorePlan,
    pub entries: Vec<AuditRecord>,
}

/// What an edit of a store should do, decided from the store's current plan.
#[cfg_attr(not(feature = "store"), allow(dead_code))]
pub enum EditPlan {
    /// Write nothing (a dry run, or nothing to change).
    Nothing,
    /// Apply these changes as one edit with this label.
    Apply { label: String, changes: Vec<Change> },
}

#[cfg(feature = "store")]
mod with_store {
    use std::fs;
    use std::path::Path;

    use trainyard_core::Plan;
    use trainyard_store::{
        AuditVerification, PlanLocation, Store, StoreError, StoreOptions, TeamAddress,
    };

    use super::{AuditRecord, EditPlan, PlanHistory, StorePlan};
    use crate::load::LoadError;

    /// Audit entries are read this many at a time, newest first.
    const PAGE: usize = 500;

    /// The team plan a PLAN argument names, if it is a `postgres://`
    /// address (`crate::load::is_team_address`).
    fn team(path: &Path) -> Result<Option<TeamAddress>, StoreError> {
        match path.to_str() {
            Some(s) if crate::load::is_team_address(path) => match PlanLocation::parse(s)? {
                PlanLocation::Team(a) => Ok(Some(a)),
                PlanLocation::File(_) => Ok(None),
            },
            _ => Ok(None),
        }
    }

    /// Opens a store for editing, file or team plan.
    fn open_store(path: &Path) -> Result<Store, StoreError> {
        match team(path)? {
            Some(a) => Store::open_team(&a),
            None => Store::open(path, StoreOptions::default()),
        }
    }

    /// Appends an audit entry with no change to the plan (a gate decision),
    /// under the store's user (a team plan's login); the new revision.
    pub fn record_note(path: &Path, action: &str) -> Result<u64, String> {
        open_store(path)
            .and_then(|mut s| s.record_note(action))
            .map_err(|e| format!("cannot record the decision: {e}"))
    }

    /// Walks the audit chain of a store file or team plan, without writing.
    pub fn verify_audit_file(path: &Path) -> Result<AuditVerification, StoreError> {
        match team(path)? {
            Some(a) => trainyard_store::verify_audit_team(&a),
            None => trainyard_store::verify_audit_file(path),
        }
    }

    /// Publishes a plan (a JSON plan, or a store file with its history and
    /// audit trail) as a new team plan; returns the revision it is at.
    pub fn publish(plan: &Plan, from_store: Option<&Path>, url: &Path) -> Result<u64, String> {
        let address = match team(url) {
            Ok(Some(a)) => a,
            Ok(None) => return Err(format!("'{}' is not a team plan address", url.display())),
            Err(e) => return Err(e.to_string()),
        };
        match from_store {
            Some(p) => trainyard_store::publish_file(p, &address),
            None => Store::create_team(&address, plan).map(|s| s.revision()),
        }
        .map_err(|e| format!("cannot publish the plan: {e}"))
    }

    /// Copies a store (file or team plan) to a new plan file with its
    /// history and audit trail, never over an existing file.
    pub fn copy_to_file(from: &Path, to: &Path) -> Result<u64, String> {
        let copied = match team(from).map_err(|e| e.to_string())? {
            Some(a) => trainyard_store::copy_team_to_file(&a, to, false),
            None => trainyard_store::copy_file(from, to),
        };
        copied.map_err(|e| format!("cannot copy the store: {e}"))?;
        Store::snapshot(to)
            .map(|s| s.revision)
            .map_err(|e| format!("cannot read the copy: {e}"))
    }

    /// The store's plan, revision and audit head, with the audit entries
    /// newest first down to the first one `is_after` refuses (the trail is
    /// in time order, so the walk stops there). All come from one opened
    /// store, so the entries lead exactly to the plan.
    pub fn plan_with_history(
        path: &Path,
        is_after: impl Fn(u64, &str) -> bool,
    ) -> Result<PlanHistory, LoadError> {
        if team(path).ok().flatten().is_none() {
            open_plan(path)?;
        }
        let store = open_store(path).map_err(|e| {
            LoadError::Unreadable(format!(
                "cannot open '{}' to read its audit trail: {e}",
                path.display()
            ))
        })?;
        let unreadable = |e: trainyard_store::StoreError| {
            LoadError::Unreadable(format!("cannot read the audit trail: {e}"))
        };
        let mut entries = Vec::new();
        let mut before_seq = None;
        'pages: loop {
            let page = store.audit_log(PAGE, before_seq).map_err(unreadable)?;
            let Some(last) = page.last() else { break };
            before_seq = Some(last.seq);
            let full = page.len() == PAGE;
            for e in page {
                if !is_after(e.seq, &e.at) {
                    break 'pages;
                }
                entries.push(AuditRecord {
                    seq: e.seq,
                    at: e.at,
                    user: e.user,
                    action: e.action,
                    changes: e.changes,
                });
            }
            if !full {
                break;
            }
        }
        Ok(PlanHistory {
            current: StorePlan {
                revision: Some(store.revision()),
                audit_head: store.audit_head().map_err(unreadable)?,
                plan: store.plan().clone(),
            },
            entries,
        })
    }

    /// Reads the plan held by a store, without changing the file.
    pub fn open_plan(path: &Path) -> Result<Plan, LoadError> {
        plan_with_info(path).map(|p| p.plan)
    }

    /// Reads a store's plan with its revision and audit head, without
    /// writing to the file (read-only files and folders work).
    pub fn plan_with_info(path: &Path) -> Result<StorePlan, LoadError> {
        let unreadable =
            |e: StoreError| LoadError::Unreadable(format!("cannot open the store: {e}"));
        let snap = match team(path).map_err(unreadable)? {
            Some(a) => trainyard_store::team_snapshot(&a),
            None => Store::snapshot(path),
        }
        .map_err(unreadable)?;
        Ok(StorePlan {
            plan: snap.plan,
            revision: Some(snap.revision),
            audit_head: snap.audit_head,
        })
    }

    /// Opens a store, lets `decide` look at its plan, and applies what it
    /// returns as one edit against the revision it looked at. `decide`
    /// reports its own failures (the `Err` is the exit status). Returns the
    /// new revision, or `None` when nothing was written. Errors of the store
    /// are messages for the caller to print.
    pub fn edit(
        path: &Path,
        decide: impl FnOnce(&Plan) -> Result<EditPlan, u8>,
    ) -> Result<Result<Option<u64>, String>, u8> {
        let mut store = match open_store(path) {
            Ok(s) => s,
            Err(e) => return Ok(Err(format!("cannot open the store: {e}"))),
        };
        let base = store.revision();
        match decide(store.plan())? {
            EditPlan::Nothing => Ok(Ok(None)),
            EditPlan::Apply { label, changes } => Ok(store
                .apply(base, &label, &changes)
                .map(Some)
                .map_err(|e| format!("cannot change the store: {e}"))),
        }
    }

    /// Creates a new store holding `plan`; never overwrites, and a failed
    /// creation leaves no file behind.
    pub fn create_store(path: &Path, plan: &Plan) -> Result<(), String> {
        if path.exists() {
            return Err(format!(
                "'{}' already exists; a store is never overwritten",
                path.display()
            ));
        }
        if let Err(e) = Store::create(path, plan, StoreOptions { user: None }) {
            // The file did not exist before: whatever is there now is a
            // half-made store of ours.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = path.to_owned().into_os_string();
                p.push(suffix);
                let _ = fs::remove_file(p);
            }
            return Err(format!("cannot create the store: {e}"));
        }
        Ok(())
    }
}

#[cfg(not(feature = "store"))]
mod without_store {
    use std::path::Path;

    use trainyard_core::Plan;

    use super::{EditPlan, PlanHistory, StorePlan};
    use crate::load::LoadError;

    /// Why a store command or a store file is refused by this build.
    pub const NO_STORE: &str = "this trainyard was built without store support (feature 'store')";

    pub fn plan_with_info(path: &Path) -> Result<StorePlan, LoadError> {
        open_plan(path).map(|plan| StorePlan {
            plan,
            revision: None,
            audit_head: None,
        })
    }

    pub fn plan_with_history(
        path: &Path,
        _: impl Fn(u64, &str) -> bool,
    ) -> Result<PlanHistory, LoadError> {
        Err(LoadError::Unreadable(format!(
            "'{}' is a Trainyard store, and {NO_STORE}",
            path.display()
        )))
    }

    pub fn edit(
        _: &Path,
        _: impl FnOnce(&Plan) -> Result<EditPlan, u8>,
    ) -> Result<Result<Option<u64>, String>, u8> {
        Ok(Err(NO_STORE.into()))
    }

    pub fn create_store(_: &Path, _: &Plan) -> Result<(), String> {
        Err(NO_STORE.into())
    }

    pub fn record_note(_: &Path, _: &str) -> Result<u64, String> {
        Err(NO_STORE.into())
    }

    pub fn open_plan(path: &Path) -> Result<Plan, LoadError> {
        Err(LoadError::Unreadable(format!(
            "'{}' is a Trainyard store, and {NO_STORE}",
            path.display()
        )))
    }
}
