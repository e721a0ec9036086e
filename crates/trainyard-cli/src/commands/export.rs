//! `trainyard export STORE --to PLAN.json [--sign KEY]`: a store's plan as
//! canonical JSON. The exported bytes are the plan alone; the revision and
//! audit head it was taken at are printed beside it (on standard error when
//! the JSON goes to standard output), so a head kept elsewhere can later show
//! that the store's trail was cut back. `--sign` writes `PLAN.json.sig`,
//! binding the exact bytes to that revision and head (`signing.rs`).

use crate::args::ExportArgs;
#[cfg(feature = "store")]
use crate::args::Target;
use crate::output::Out;
#[cfg(not(feature = "store"))]
use crate::store::NO_STORE;

use super::{fail, require_store};

#[cfg(feature = "store")]
pub fn run(a: &ExportArgs, out: &mut Out) -> u8 {
    use crate::output::err_line;
    use crate::signing::{self, Provenance};
    use crate::store::plan_with_info;
    use trainyard_core::plan_to_json;

    const CMD: &str = "export";
    if let Err(code) = require_store(CMD, &a.store).and_then(|()| {
        let store = crate::args::Source::File(a.store.clone());
        crate::files::check_output(CMD, "to", &store, &a.to)
    }) {
        return code;
    }
    // `--to FILE.trainyard`: a copy of the store, history and trail included.
    if let Target::File(p) = &a.to {
        if p.extension().is_some_and(|e| e == "trainyard") {
            if a.sign.is_some() {
                return fail(
                    CMD,
                    "'--sign' signs JSON exports; '--to' names a .trainyard copy",
                );
            }
            return match crate::store::copy_to_file(&a.store, p) {
                Ok(revision) => {
                    out.line(format!(
                        "copied the store at revision {revision} to {}",
                        p.display()
                    ));
                    0
                }
                Err(e) => fail(CMD, e),
            };
        }
    }
    // Read the key first: a bad key must not leave an unsigned export behind.
    let key = match &a.sign {
        None => None,
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the secret key '{}': {e}", path.display()))
            .and_then(|t| {
                signing::read_secret(&t).map_err(|e| format!("'{}': {e}", path.display()))
            }) {
            Ok(k) => Some(k),
            Err(e) => return fail(CMD, e),
        },
    };
    let src = match plan_with_info(&a.store) {
        Ok(p) => p,
        Err(e) => return e.report(crate::args::Format::Text, out),
    };
    let text = plan_to_json(&src.plan);
    let provenance = Provenance {
        revision: src.revision,
        audit_head: src.audit_head,
    };
    let what = format!(
        "revision {}, audit head {}",
        provenance
            .revision
            .map_or("unknown".into(), |r| r.to_string()),
        provenance.audit_head.as_deref().unwrap_or("unknown")
    );
    match &a.to {
        Target::Stdout => {
            out.text(text);
            err_line(&format!("exported {what}"));
        }
        Target::File(p) => {
            if let Err(e) = crate::files::write_atomic(p, text.as_bytes()) {
                return fail(CMD, format!("cannot write '{}': {e}", p.display()));
            }
            out.line(format!("exported {what} to {}", p.display()));
            if let Some(key) = key {
                let mut sig_path = p.clone().into_os_string();
                sig_path.push(".sig");
                let sig_path = std::path::PathBuf::from(sig_path);
                let sig = signing::sign(&key, text.as_bytes(), &provenance);
                if let Err(e) = crate::files::write_atomic(&sig_path, sig.as_bytes()) {
                    return fail(CMD, format!("cannot write '{}': {e}", sig_path.display()));
                }
                out.line(format!(
                    "signed it with key {}: {}",
                    signing::fingerprint(&key.verifying_key()),
                    sig_path.display()
                ));
            }
        }
    }
    0
}

#[cfg(not(feature = "store"))]
pub fn run(a: &ExportArgs, _: &mut Out) -> u8 {
    require_store("export", &a.store)
        .err()
        .unwrap_or_else(|| fail("export", NO_STORE))
}
