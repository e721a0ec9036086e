//! `trainyard import PLAN.json --to STORE`: a new store holding a JSON plan
//! (never over an existing file).

use crate::args::ImportArgs;
#[cfg(feature = "store")]
use crate::args::{Format, Source};
#[cfg(feature = "store")]
use crate::load;
#[cfg(feature = "store")]
use crate::output::count;
use crate::output::Out;
#[cfg(feature = "store")]
use crate::store::create_store;
#[cfg(not(feature = "store"))]
use crate::store::NO_STORE;

use super::fail;

#[cfg(feature = "store")]
pub fn run(a: &ImportArgs, out: &mut Out) -> u8 {
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

#[cfg(not(feature = "store"))]
pub fn run(_: &ImportArgs, _: &mut Out) -> u8 {
    fail("import", NO_STORE)
}
