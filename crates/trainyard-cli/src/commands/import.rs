//! `trainyard import PLAN.json|FILE.trainyard --to FILE.trainyard|URL`: a
//! new store holding a JSON plan, or a copy of a store with its history and
//! audit trail; a `postgres://` address publishes it as a team plan. Never
//! over an existing file or team plan.

use crate::args::ImportArgs;
#[cfg(feature = "store")]
use crate::args::{Format, Source};
#[cfg(feature = "store")]
use crate::load;
#[cfg(feature = "store")]
use crate::output::count;
use crate::output::Out;
#[cfg(not(feature = "store"))]
use crate::store::NO_STORE;
#[cfg(feature = "store")]
use crate::store::{copy_to_file, create_store, publish};

use super::fail;

#[cfg(feature = "store")]
pub fn run(a: &ImportArgs, out: &mut Out) -> u8 {
    let from_store = match &a.plan {
        Source::File(p) if load::is_store_file(p) => Some(p.as_path()),
        _ => None,
    };
    let plan = match load::load(&a.plan) {
        Ok(p) => p,
        Err(e) => return e.report(Format::Text, out),
    };
    let counts = format!(
        "{}, {}, {}",
        count(plan.services.len(), "service", "services"),
        count(plan.releases.len(), "release", "releases"),
        count(plan.deployments.len(), "deployment", "deployments"),
    );
    if load::is_team_address(&a.to) {
        return match publish(&plan, from_store, &a.to) {
            Ok(revision) => {
                out.line(format!(
                    "published {} to {} at revision {revision} ({counts})",
                    plan.display_name(),
                    trainyard_store::TeamAddress::parse(&a.to.to_string_lossy())
                        .map_or_else(|_| "the server".to_owned(), |t| t.to_string()),
                ));
                0
            }
            Err(e) => fail("import", e),
        };
    }
    if a.to.exists() {
        return fail(
            "import",
            format!(
                "'{}' already exists; import never overwrites a store",
                a.to.display()
            ),
        );
    }
    let made = match from_store {
        Some(p) => copy_to_file(p, &a.to).map(drop),
        None => create_store(&a.to, &plan),
    };
    if let Err(e) = made {
        return fail("import", e);
    }
    out.line(format!(
        "imported {} into {} ({counts})",
        plan.display_name(),
        a.to.display(),
    ));
    0
}

#[cfg(not(feature = "store"))]
pub fn run(_: &ImportArgs, _: &mut Out) -> u8 {
    fail("import", NO_STORE)
}
