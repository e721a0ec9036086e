//! `trainyard team init URL` and `trainyard team grant URL LOGIN --role R`:
//! set up a team database (schema and group roles) and give a database login
//! one of the roles. See docs/team-plans.md.

use crate::args::{TeamGrantArgs, TeamInitArgs};
use crate::output::Out;

use super::fail;

#[cfg(feature = "store")]
fn address(cmd: &str, url: &str) -> Result<trainyard_store::TeamAddress, u8> {
    trainyard_store::TeamAddress::parse(url)
        .map_err(|e| fail(cmd, format!("'{}': {e}", crate::escape::clean(url))))
}

#[cfg(feature = "store")]
pub fn init(a: &TeamInitArgs, out: &mut Out) -> u8 {
    const CMD: &str = "team init";
    let address = match address(CMD, &a.url) {
        Ok(a) => a,
        Err(code) => return code,
    };
    match trainyard_store::team_init(&address.with_plan(None)) {
        Ok(done) if done.from == done.to => {
            out.line(format!(
                "{} already has the team schema (version {}); roles trainyard_coordinator, trainyard_cab, trainyard_pipeline, trainyard_viewer are in place",
                address.with_plan(None),
                done.to
            ));
            0
        }
        Ok(done) => {
            let what = if done.from == 0 {
                format!("created the team schema (version {})", done.to)
            } else {
                format!(
                    "upgraded the team schema from version {} to {}",
                    done.from, done.to
                )
            };
            out.line(format!(
                "{what} and the roles trainyard_coordinator, trainyard_cab, trainyard_pipeline, trainyard_viewer in {}",
                address.with_plan(None)
            ));
            out.line("give logins a role with: trainyard team grant URL LOGIN --role coordinator|cab|pipeline|viewer");
            0
        }
        Err(e) => fail(CMD, e.to_string()),
    }
}

#[cfg(feature = "store")]
pub fn grant(a: &TeamGrantArgs, out: &mut Out) -> u8 {
    const CMD: &str = "team grant";
    let address = match address(CMD, &a.url) {
        Ok(a) => a,
        Err(code) => return code,
    };
    match trainyard_store::team_grant(&address.with_plan(None), &a.login, &a.role) {
        Ok(()) => {
            out.line(format!(
                "granted trainyard_{} to {} in {}",
                a.role,
                crate::escape::clean(&a.login),
                address.with_plan(None)
            ));
            0
        }
        Err(e) => fail(CMD, e.to_string()),
    }
}

#[cfg(not(feature = "store"))]
pub fn init(_: &TeamInitArgs, _: &mut Out) -> u8 {
    fail("team init", crate::store::NO_STORE)
}

#[cfg(not(feature = "store"))]
pub fn grant(_: &TeamGrantArgs, _: &mut Out) -> u8 {
    fail("team grant", crate::store::NO_STORE)
}
