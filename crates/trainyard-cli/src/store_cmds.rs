//! Everything that touches a `.trainyard` store (SQLite, via `trainyard-store`):
//! reading a store wherever a PLAN is accepted (with its revision and audit
//! head for the reports), `import`, `export`, `audit verify`, edits made by
//! `import-ics`, and the store `demo --store` creates. It is the only module that names the store crate, and it
//! builds to stubs without the `store` feature so the rest of the command
//! line never waits on it.

#[cfg(feature = "store")]
pub use with_store::*;
#[cfg(not(feature = "store"))]
pub use without_store::*;

use std::path::Path;

use trainyard_core::edit::Change;
use trainyard_core::Plan;

use crate::output::err_line;

/// A plan read from a store, with what the reports print about the store.
pub struct StorePlan {
    pub plan: Plan,
    pub revision: Option<u64>,
    pub audit_head: Option<String>,
}

/// What an edit of a store should do, decided from the store's current plan.
#[cfg_attr(not(feature = "store"), allow(dead_code))]
pub enum EditPlan {
    /// Write nothing (a dry run, or nothing to change).
    Nothing,
    /// Apply these changes as one edit with this label.
    Apply { label: String, changes: Vec<Change> },
}

/// One line on stderr, exit 2.
fn fail(cmd: &str, message: impl std::fmt::Display) -> u8 {
    err_line(&format!("error: {message}; see 'trainyard {cmd} --help'"));
    2
}

/// Exit 2 unless `path` is a readable store file.
fn require_store(cmd: &str, path: &Path) -> Result<(), u8> {
    if let Err(e) = std::fs::File::open(path) {
        return Err(fail(cmd, format!("cannot read '{}': {e}", path.display())));
    }
    if !crate::load::is_store_file(path) {
        return Err(fail(
            cmd,
            format!(
                "'{}' is not a Trainyard store (it has no SQLite header)",
                path.display()
            ),
        ));
    }
    Ok(())
}

#[cfg(feature = "store")]
mod with_store {
    use std::fs;
    use std::path::Path;

    use serde_json::json;
    use trainyard_core::{plan_to_json, Plan};
    use trainyard_store::{verify_audit_file, Store, StoreOptions};

    use super::{fail, require_store, EditPlan, StorePlan};
    use crate::args::{AuditVerifyArgs, ExportArgs, Format, ImportArgs, Source, Target};
    use crate::load::{self, LoadError};
    use crate::output::err_line;
    use crate::output::{count, Out};

    /// Reads the plan held by a store, without changing the file.
    pub fn open_plan(path: &Path) -> Result<Plan, LoadError> {
        Store::open_read_only(path)
            .map_err(|e| LoadError::Unreadable(format!("cannot open the store: {e}")))
    }

    /// Reads a store's plan with its revision and audit head. The plan is
    /// first read without write access (so a file with an older schema is
    /// refused exactly as `check` refuses it); revision, head and plan then
    /// come from one opened store. When the store cannot be opened for that
    /// (a read-only file or directory), the plan read first is used with the
    /// audit head from a read-only walk of the trail and no revision.
    pub fn plan_with_info(path: &Path) -> Result<StorePlan, LoadError> {
        let plan = open_plan(path)?;
        match Store::open(path, StoreOptions::default()) {
            Ok(store) => {
                let audit_head = store.audit_head().ok().flatten();
                Ok(StorePlan {
                    revision: Some(store.revision()),
                    audit_head,
                    plan: store.plan().clone(),
                })
            }
            Err(e) => {
                err_line(&format!(
                    "note: the plan revision is left out: cannot open '{}' to read it: {e}",
                    path.display()
                ));
                Ok(StorePlan {
                    plan,
                    revision: None,
                    audit_head: verify_audit_file(path).ok().and_then(|v| v.head),
                })
            }
        }
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
        let mut store = match Store::open(path, StoreOptions::default()) {
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

    pub fn import(a: &ImportArgs, out: &mut Out) -> u8 {
        if let Source::File(p) = &a.plan {
            if load::is_store_file(p) {
                return fail(
                    "import",
                    format!(
                        "'{}' is already a Trainyard store; import reads JSON plans",
                        p.display()
                    ),
                );
            }
        }
        let plan = match load::load(&a.plan) {
            Ok(p) => p,
            Err(e) => return e.report(Format::Text, out),
        };
        if a.to.exists() {
            return fail(
                "import",
                format!(
                    "'{}' already exists; import never overwrites a store",
                    a.to.display()
                ),
            );
        }
        if let Err(e) = create_store(&a.to, &plan) {
            return fail("import", e);
        }
        out.line(format!(
            "imported {} into {} ({}, {}, {})",
            plan.display_name(),
            a.to.display(),
            count(plan.services.len(), "service", "services"),
            count(plan.releases.len(), "release", "releases"),
            count(plan.deployments.len(), "deployment", "deployments"),
        ));
        0
    }

    pub fn export(a: &ExportArgs, out: &mut Out) -> u8 {
        if let Err(code) = require_store("export", &a.store) {
            return code;
        }
        let plan = match open_plan(&a.store) {
            Ok(p) => p,
            Err(e) => return e.report(Format::Text, out),
        };
        let text = plan_to_json(&plan);
        match &a.to {
            Target::Stdout => out.text(text),
            Target::File(p) => {
                if let Err(e) = crate::files::write_atomic(p, text.as_bytes()) {
                    return fail("export", format!("cannot write '{}': {e}", p.display()));
                }
            }
        }
        0
    }

    pub fn audit_verify(a: &AuditVerifyArgs, out: &mut Out) -> u8 {
        if let Err(code) = require_store("audit verify", &a.store) {
            return code;
        }
        let v = match verify_audit_file(&a.store) {
            Ok(v) => v,
            Err(e) => {
                return fail(
                    "audit verify",
                    format!("cannot verify the audit trail: {e}"),
                )
            }
        };
        let code = u8::from(!v.ok);
        if a.format == Format::Json {
            out.json(&json!({
                "ok": v.ok,
                "entries": v.entries,
                "first_bad_seq": v.first_bad_seq,
                "problem": v.problem,
                "head": v.head,
            }));
            return code;
        }
        let style = out.style;
        let entries = count(v.entries as usize, "entry", "entries");
        if v.ok {
            out.line(format!(
                "{} {entries}, the hash chain is intact",
                style.green("ok:")
            ));
            if let Some(h) = &v.head {
                out.line(format!("  {} {h}", style.dim("head:")));
            }
        } else {
            out.line(format!("{} {entries}", style.red("tampered:")));
            if let Some(seq) = v.first_bad_seq {
                out.line(format!("  {} {seq}", style.dim("first bad entry:")));
            }
            if let Some(p) = &v.problem {
                out.line(format!("  {} {p}", style.dim("why:")));
            }
        }
        code
    }
}

#[cfg(not(feature = "store"))]
mod without_store {
    use std::path::Path;

    use trainyard_core::Plan;

    use super::{fail, require_store, EditPlan, StorePlan};
    use crate::args::{AuditVerifyArgs, ExportArgs, ImportArgs};
    use crate::load::LoadError;
    use crate::output::Out;

    const NO_STORE: &str = "this trainyard was built without store support (feature 'store')";

    pub fn plan_with_info(path: &Path) -> Result<StorePlan, LoadError> {
        open_plan(path).map(|plan| StorePlan {
            plan,
            revision: None,
            audit_head: None,
        })
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

    pub fn open_plan(path: &Path) -> Result<Plan, LoadError> {
        Err(LoadError::Unreadable(format!(
            "'{}' is a Trainyard store, and {NO_STORE}",
            path.display()
        )))
    }

    pub fn import(_: &ImportArgs, _: &mut Out) -> u8 {
        fail("import", NO_STORE)
    }

    pub fn export(a: &ExportArgs, _: &mut Out) -> u8 {
        require_store("export", &a.store)
            .err()
            .unwrap_or_else(|| fail("export", NO_STORE))
    }

    pub fn audit_verify(a: &AuditVerifyArgs, _: &mut Out) -> u8 {
        require_store("audit verify", &a.store)
            .err()
            .unwrap_or_else(|| fail("audit verify", NO_STORE))
    }
}
