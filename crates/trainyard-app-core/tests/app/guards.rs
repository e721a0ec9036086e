//! What the window may not do to files: open a plan the user never chose,
//! write an export over the open plan or any plan store, replace a file the
//! save dialog never asked about, or edit a plan that cannot be written.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use trainyard_app_core::{save_target, AppService, ErrorCode, SaveTarget};

use crate::util::{service, small, SMALL};

#[test]
fn open_plan_opens_only_recent_plans_and_plans_chosen_in_a_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let (app, open) = small(&dir);
    let plan = trainyard_core::parse_plan(SMALL).unwrap();
    // A plan file this app never opened (made by another run, say).
    let stranger = dir.path().join("stranger.trainyard");
    drop(trainyard_store::Store::create(&stranger, &plan, Default::default()).unwrap());
    let e = app.open_plan(&stranger).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed, "{e:?}");
    assert_eq!(app.current_path().as_deref(), Some(open.as_path()));
    let e = app.open_plan(Path::new("/etc/passwd")).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed, "{e:?}");

    app.open_chosen(&stranger).unwrap();
    app.open_plan(&open).unwrap(); // a recent plan
    app.open_plan(&stranger).unwrap(); // chosen in this run, and now recent
                                       // A new run knows the recent plans only.
    let again = service(&dir);
    again.open_plan(&stranger).unwrap();
}

#[test]
fn exports_never_replace_the_open_plan_or_another_store() {
    let dir = tempfile::tempdir().unwrap();
    let (app, open) = small(&dir);
    let hard = dir.path().join("hard.json");
    std::fs::hard_link(&open, &hard).unwrap();
    let other = dir.path().join("other.trainyard");
    let plan = trainyard_core::parse_plan(SMALL).unwrap();
    drop(trainyard_store::Store::create(&other, &plan, Default::default()).unwrap());
    for target in [&open, &hard, &other] {
        let before = std::fs::read(target).unwrap();
        let e = app.export_json(target).unwrap_err();
        assert_eq!(e.code, ErrorCode::Exists, "{e:?}");
        let e = app.export_csv(target, "deployments").unwrap_err();
        assert_eq!(e.code, ErrorCode::Exists, "{e:?}");
        assert_eq!(std::fs::read(target).unwrap(), before);
    }
    app.export_json(&dir.path().join("plan.json")).unwrap();
}

#[test]
fn a_save_dialog_answer_without_extension_that_names_an_existing_file_must_be_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let typed = dir.path().join("q1");
    let full = dir.path().join("q1.trainyard");
    assert_eq!(
        save_target(&typed, "trainyard"),
        SaveTarget {
            path: full.clone(),
            replaces_unasked: false
        }
    );
    std::fs::write(&full, "old").unwrap();
    assert_eq!(
        save_target(&typed, "trainyard"),
        SaveTarget {
            path: full.clone(),
            replaces_unasked: true
        }
    );
    // The dialog itself asked about a name typed with its extension.
    assert!(!save_target(&full, "trainyard").replaces_unasked);
}

/// Runs the test named `test` again as `nobody` when this is root (root may
/// write anything); true when the caller should run the body itself.
fn unprivileged(test: &str) -> bool {
    const CHILD: &str = "TRAINYARD_TEST_UNPRIVILEGED";
    let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if !root || std::env::var_os(CHILD).is_some() {
        return true;
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(std::env::current_exe().unwrap())
        .args([test, "--exact", "--test-threads=1"])
        .env(CHILD, "1")
        .env("TMPDIR", "/tmp")
        .output()
        .expect("setpriv runs the test as nobody");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{test}:\n{text}"
    );
    false
}

#[test]
fn a_plan_that_cannot_be_written_opens_for_reading_and_refuses_edits() {
    if !unprivileged("guards::a_plan_that_cannot_be_written_opens_for_reading_and_refuses_edits") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plans = tempfile::tempdir().unwrap();
    let path = plans.path().join("small.trainyard");
    let plan = trainyard_core::parse_plan(SMALL).unwrap();
    drop(trainyard_store::Store::create(&path, &plan, Default::default()).unwrap());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();

    let app = AppService::new(dir.path()).with_user("tester");
    let summary = app.open_chosen(&path).unwrap();
    assert_eq!(summary.name, "Small");
    let e = app.set_plan_settings("Renamed", "UTC").unwrap_err();
    assert_eq!(e.code, ErrorCode::ReadOnly, "{e:?}");
    assert!(e.message.contains("cannot be written"), "{}", e.message);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let mut names: Vec<_> = std::fs::read_dir(plans.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["small.trainyard"]);
}
