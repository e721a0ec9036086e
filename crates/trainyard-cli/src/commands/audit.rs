//! `trainyard audit verify STORE`: walks a store's audit trail and checks its
//! hash chain (exit 1 when it was tampered with).

use crate::args::AuditVerifyArgs;
#[cfg(feature = "store")]
use crate::args::Format;
#[cfg(feature = "store")]
use crate::output::count;
use crate::output::Out;
#[cfg(feature = "store")]
use crate::store::verify_audit_file;
#[cfg(not(feature = "store"))]
use crate::store::NO_STORE;
#[cfg(feature = "store")]
use serde_json::json;

use super::{fail, require_store};

#[cfg(feature = "store")]
pub fn verify(a: &AuditVerifyArgs, out: &mut Out) -> u8 {
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
            "plan_bound": v.plan_bound,
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
        out.line(format!(
            "  {} {}",
            style.dim("plan:"),
            if v.plan_bound {
                "matches the newest entry"
            } else {
                "not covered: the newest entry predates plan hashes (schema 1); the next edit starts them"
            }
        ));
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

#[cfg(not(feature = "store"))]
pub fn verify(a: &AuditVerifyArgs, _: &mut Out) -> u8 {
    require_store("audit verify", &a.store)
        .err()
        .unwrap_or_else(|| fail("audit verify", NO_STORE))
}
