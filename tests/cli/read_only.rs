//! Read-only commands on stores: they leave no `-wal` or `-shm` beside a
//! store, and they work on a read-only store in a read-only folder (run as
//! an unprivileged user, since root may write anything).

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use trainyard_tests::{example, trainyard, trainyard_bin};

fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every read-only command on `store`, with outputs in `out`.
fn read_only_commands(store: &str, out: &str) -> Vec<Vec<String>> {
    let o = |name: &str| format!("{out}/{name}");
    [
        vec!["check", store],
        vec![
            "expand",
            store,
            "--from",
            "2027-01-01T00:00:00Z",
            "--to",
            "2027-02-01T00:00:00Z",
        ],
        vec!["suggest", store, "--deployment", "d1"],
        vec![
            "gate",
            store,
            "--release",
            "r1",
            "--service",
            "ledger",
            "--environment",
            "prod",
        ],
        vec!["risk", store, "--release", "r1"],
        vec!["report", "summary", store, "-o", &o("s.pdf")],
        vec!["report", "cab", store, "--release", "r1", "-o", &o("c.pdf")],
        vec!["export-ics", store, "-o", &o("c.ics")],
        vec!["export-csv", store, "-o", &o("d.csv")],
        vec!["export", store, "--to", &o("p.json")],
        vec!["audit", "verify", store],
    ]
    .into_iter()
    .map(|a| a.into_iter().map(String::from).collect())
    .collect()
}

fn import(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("plan.trainyard");
    trainyard(&["import", s(&example("payments-q1.json")), "--to", s(&store)]).expect_code(0);
    store
}

#[test]
fn read_only_commands_leave_no_sidecar_files_beside_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let store = import(dir.path());
    let bytes = std::fs::read(&store).unwrap();
    for args in read_only_commands(s(&store), s(out.path())) {
        let run = trainyard(&args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
        assert_eq!(names(dir.path()), ["plan.trainyard"], "{args:?}");
    }
    assert_eq!(std::fs::read(&store).unwrap(), bytes);
}

#[test]
fn read_only_commands_work_on_a_read_only_store_in_a_read_only_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let store = import(dir.path());
    let bytes = std::fs::read(&store).unwrap();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(&store, 0o444);
    mode(dir.path(), 0o555);
    mode(out.path(), 0o777);
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    let mut failures = vec![];
    for args in read_only_commands(s(&store), s(out.path())) {
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(trainyard_bin());
            c
        } else {
            Command::new(trainyard_bin())
        };
        let run = cmd.args(&args).output().expect("trainyard runs");
        let code = run.status.code().unwrap_or(-1);
        if code != 0 && code != 1 {
            failures.push(format!(
                "{args:?}: exit {code}: {}",
                String::from_utf8_lossy(&run.stderr)
            ));
        }
    }
    mode(dir.path(), 0o755);
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(names(dir.path()), ["plan.trainyard"]);
    assert_eq!(std::fs::read(&store).unwrap(), bytes);
    let written = names(out.path());
    assert_eq!(written.len(), 5, "{written:?}");
}
