//! Everything that touches a `.trainyard` store (SQLite, via `trainyard-store`):
//! reading a store wherever a PLAN is accepted, `import`, `export` and
//! `audit verify`. It is the only module that names the store crate, and it
//! builds to stubs without the `store` feature so the rest of the command
//! line never waits on it.

#[cfg(feature = "store")]
pub use with_store::*;
#[cfg(not(feature = "store"))]
pub use without_store::*;

use std::path::Path;

use crate::output::err_line;

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
    use std::fs::{self, OpenOptions};
    use std::io::{self, Write};
    use std::path::Path;

    use serde_json::json;
    use trainyard_core::{plan_to_json, Plan};
    use trainyard_store::{verify_audit_file, Store, StoreOptions};

    use super::{fail, require_store};
    use crate::args::{AuditVerifyArgs, ExportArgs, Format, ImportArgs, Source, Target};
    use crate::load::{self, LoadError};
    use crate::output::{count, Out};

    /// Reads the plan held by a store, without changing the file.
    pub fn open_plan(path: &Path) -> Result<Plan, LoadError> {
        Store::open_read_only(path)
            .map_err(|e| LoadError::Unreadable(format!("cannot open the store: {e}")))
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
        if let Err(e) = Store::create(&a.to, &plan, StoreOptions { user: None }) {
            // The file did not exist before: whatever is there now is a
            // half-made store of ours, and a failed import leaves nothing.
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let mut p = a.to.clone().into_os_string();
                p.push(suffix);
                let _ = fs::remove_file(p);
            }
            return fail("import", format!("cannot create the store: {e}"));
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
                if let Err(e) = write_atomic(p, text.as_bytes()) {
                    return fail("export", format!("cannot write '{}': {e}", p.display()));
                }
            }
        }
        0
    }

    /// Writes `bytes` to a temporary file beside `path`, syncs it and renames
    /// it over `path`: readers see the old file or the new one, never half.
    fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.tmp", std::process::id()));
        let tmp = dir.join(tmp_name);
        let result = (|| {
            let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
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

    use super::{fail, require_store};
    use crate::args::{AuditVerifyArgs, ExportArgs, ImportArgs};
    use crate::load::LoadError;
    use crate::output::Out;

    const NO_STORE: &str = "this trainyard was built without store support (feature 'store')";

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
