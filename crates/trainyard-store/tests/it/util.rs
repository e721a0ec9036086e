//! Shared fixtures: the example plan, temporary files, small edits.

use std::path::{Path, PathBuf};

use trainyard_core::edit::{Change, Entity};
use trainyard_core::{parse_plan, Deployment, Plan};
use trainyard_store::{Store, StoreOptions};

pub fn example_text() -> String {
    let path = format!(
        "{}/../../docs/examples/payments-q1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

pub fn example() -> Plan {
    parse_plan(&example_text()).expect("the example plan is valid")
}

pub fn opts() -> StoreOptions {
    StoreOptions {
        user: Some("tester".into()),
    }
}

/// A temporary directory and a plan file path inside it (not yet created).
pub struct TempPlan {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn temp_path() -> TempPlan {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.trainyard");
    TempPlan { dir, path }
}

/// A new store holding the example plan.
pub fn new_store() -> (TempPlan, Store) {
    let t = temp_path();
    let store = Store::create(&t.path, &example(), opts()).expect("import the example");
    (t, store)
}

/// A copy of deployment `d1` with another id and wave.
pub fn deployment(plan: &Plan, id: &str, wave: &str) -> Deployment {
    let mut d = plan.deployments[0].clone();
    d.id = id.into();
    d.wave = Some(wave.into());
    d
}

pub fn put(d: Deployment) -> Change {
    Change::put(Entity::Deployment(d))
}

/// Sets the wave of an existing deployment.
pub fn set_wave(plan: &Plan, id: &str, wave: &str) -> Change {
    let mut d = plan.deployment(id).expect("deployment exists").clone();
    d.wave = Some(wave.into());
    put(d)
}

pub fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("raw connection")
}

pub fn deployment_ids(plan: &Plan) -> Vec<&str> {
    plan.deployments.iter().map(|d| d.id.as_str()).collect()
}
