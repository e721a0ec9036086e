//! End-to-end tests of the `trainyard` binary: exit codes, JSON shapes and the
//! stable parts of the human text, as `docs/plan-format.md` and
//! `docs/conflict-rules.md` fix them. The binary is found (and built) by
//! `trainyard_tests::trainyard_bin`.

mod args;
mod changes_since;
mod check;
mod csv;
mod demo;
mod expand;
mod gate;
mod governance;
mod ics;
mod invalid;
mod limits;
mod metrics;
mod outputs;
mod read_only;
mod record;
mod report;
mod risk;
mod signing;
mod store;
mod suggest;
mod team;
mod tools;

use serde_json::{json, Value};

/// A small valid plan: one environment, one service, one release, one deployment.
pub fn small_plan() -> Value {
    json!({
        "environments": [{"id": "prod", "order": 1}],
        "services": [{"id": "api"}],
        "releases": [{"id": "r1", "change_type": "normal"}],
        "deployments": [{
            "id": "d1", "release": "r1", "service": "api", "environment": "prod",
            "start": "2027-01-05T10:00:00Z", "end": "2027-01-05T11:00:00Z"
        }]
    })
}

/// The `rule` of every conflict in a report, in report order.
pub fn rules(v: &Value) -> Vec<String> {
    v["conflicts"]
        .as_array()
        .expect("a conflicts array")
        .iter()
        .map(|c| c["rule"].as_str().expect("a rule string").to_owned())
        .collect()
}
