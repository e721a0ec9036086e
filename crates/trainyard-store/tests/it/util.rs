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

/// Runs a test body as an unprivileged user, so that file permissions hold
/// (root may write anything). As root, re-runs this one test in a child
/// process as `nobody` (through `setpriv`) and returns false: the caller then
/// returns. Otherwise returns true and the caller runs the body.
pub fn unprivileged(test: &str) -> bool {
    use std::os::unix::fs::MetadataExt;
    const CHILD: &str = "TRAINYARD_TEST_UNPRIVILEGED";
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if !root || std::env::var_os(CHILD).is_some() {
        return true;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("TMPDIR", "/tmp")
        .output()
        .expect("setpriv runs the test as nobody");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{test} as nobody:\n{text}"
    );
    false
}

/// The names in a directory, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Where a test's plan is kept: a file, or a team plan on the test server.
pub enum Home {
    File(TempPlan),
    /// The team database (kept for the test's length) and the plan's address.
    Team(
        #[allow(dead_code)] crate::team::Team,
        trainyard_store::TeamAddress,
    ),
}

impl Home {
    /// Opens the plan again, as another program or a later session would.
    pub fn reopen(&self) -> Store {
        match self {
            Home::File(t) => Store::open(&t.path, opts()).expect("reopen the file"),
            Home::Team(_, a) => Store::open_team(a).expect("reopen the team plan"),
        }
    }

    /// The stored plan, read afresh.
    pub fn stored_plan(&self) -> Plan {
        match self {
            Home::File(t) => Store::open_read_only(&t.path).expect("read the file"),
            Home::Team(_, a) => {
                trainyard_store::team_snapshot(a)
                    .expect("read the team plan")
                    .plan
            }
        }
    }
}

/// Runs `test` on a new store holding the example plan, once in a file and
/// once as a team plan: the store's contract is the same on both.
pub fn on_both(name: &str, test: impl Fn(&Home, Store)) {
    let (t, store) = new_store();
    let home = Home::File(t);
    test(&home, store);
    let team = crate::team::Team::new(name);
    let store = team.with_example("plan");
    let address = team.address("alice", "plan");
    let home = Home::Team(team, address);
    test(&home, store);
}
