//! `trainyard export STORE --to PLAN.json`: a store's plan as canonical JSON.

use crate::args::ExportArgs;
#[cfg(feature = "store")]
use crate::args::{Format, Source, Target};
use crate::output::Out;
#[cfg(feature = "store")]
use crate::store::open_plan;
#[cfg(not(feature = "store"))]
use crate::store::NO_STORE;
#[cfg(feature = "store")]
use trainyard_core::plan_to_json;

use super::{fail, require_store};

#[cfg(feature = "store")]
pub fn run(a: &ExportArgs, out: &mut Out) -> u8 {
    if let Err(code) = require_store("export", &a.store).and_then(|()| {
        crate::files::check_output("export", "to", &Source::File(a.store.clone()), &a.to)
    }) {
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

#[cfg(not(feature = "store"))]
pub fn run(a: &ExportArgs, _: &mut Out) -> u8 {
    require_store("export", &a.store)
        .err()
        .unwrap_or_else(|| fail("export", NO_STORE))
}
