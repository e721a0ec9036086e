//! Tampering seen from outside the store: the plan rows changed in the raw
//! file, the audit head printed by every export, and signed exports.

use std::path::{Path, PathBuf};

use trainyard_tests::{example, trainyard};

fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

fn imported(dir: &Path) -> PathBuf {
    let store = dir.join("plan.trainyard");
    trainyard(&["import", s(&example("payments-q1.json")), "--to", s(&store)]).expect_code(0);
    store
}

#[test]
fn audit_verify_fails_when_a_deployment_row_was_moved_to_staging() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let conn = rusqlite::Connection::open(&store).unwrap();
    let n = conn
        .execute(
            r#"UPDATE entity SET body = replace(body, '"environment":"prod"', '"environment":"staging"')
               WHERE kind = 'deployment' AND id = 'd2'"#,
            [],
        )
        .unwrap();
    assert_eq!(n, 1);
    drop(conn);
    let run = trainyard(&["audit", "verify", s(&store)]);
    run.expect_code(1);
    assert!(run.stdout.starts_with("tampered: "), "{}", run.stdout);
    assert!(run.stdout.contains("the deployments"), "{}", run.stdout);
    let run = trainyard(&["audit", "verify", s(&store), "--format", "json"]);
    run.expect_code(1);
    assert_eq!(run.json()["plan_bound"], true);
}

#[test]
fn export_names_the_revision_and_audit_head_it_was_taken_at() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let head = trainyard(&["audit", "verify", s(&store), "--format", "json"]).json()["head"]
        .as_str()
        .unwrap()
        .to_owned();
    let out = dir.path().join("plan.json");
    let run = trainyard(&["export", s(&store), "--to", s(&out)]);
    run.expect_code(0);
    assert!(
        run.stdout
            .starts_with(&format!("exported revision 1, audit head {head} to ")),
        "{}",
        run.stdout
    );
    let run = trainyard(&["export", s(&store), "--to", "-"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with('{'), "stdout holds the plan alone");
    assert_eq!(
        run.stderr.trim_end(),
        format!("exported revision 1, audit head {head}")
    );
}

#[test]
fn a_signed_export_verifies_and_a_flipped_byte_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let key = dir.path().join("key");
    trainyard(&["keygen", "--to", s(&key)]).expect_code(0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the secret key is owner-only");
    }
    let secret = std::fs::read(&key).unwrap();
    let run = trainyard(&["keygen", "--to", s(&key)]);
    run.expect_code(2);
    assert!(run.stderr.contains("never overwritten"), "{}", run.stderr);
    assert_eq!(std::fs::read(&key).unwrap(), secret);

    let out = dir.path().join("plan.json");
    trainyard(&["export", s(&store), "--to", s(&out), "--sign", s(&key)]).expect_code(0);
    let public = dir.path().join("key.pub");
    let run = trainyard(&["verify", s(&out), "--key", s(&public)]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("valid: "), "{}", run.stdout);
    assert!(run.stdout.contains("revision: 1"), "{}", run.stdout);

    let mut bytes = std::fs::read(&out).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 0x01;
    std::fs::write(&out, &bytes).unwrap();
    let run = trainyard(&["verify", s(&out), "--key", s(&public)]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("changed after signing"),
        "{}",
        run.stdout
    );

    // Another key's public half does not vouch for it; a missing key is unreadable.
    let other = dir.path().join("other");
    trainyard(&["keygen", "--to", s(&other)]).expect_code(0);
    bytes[i] ^= 0x01;
    std::fs::write(&out, &bytes).unwrap();
    let run = trainyard(&["verify", s(&out), "--key", s(&dir.path().join("other.pub"))]);
    run.expect_code(1);
    assert!(run.stdout.contains("another key"), "{}", run.stdout);
    let run = trainyard(&[
        "verify",
        s(&out),
        "--key",
        s(&dir.path().join("missing.pub")),
    ]);
    run.expect_code(2);
}

#[test]
fn signing_needs_a_file_target_and_a_readable_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let key = dir.path().join("key");
    let run = trainyard(&["export", s(&store), "--to", "-", "--sign", s(&key)]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("'--sign' needs '--to PLAN.json'"),
        "{}",
        run.stderr
    );
    let out = dir.path().join("plan.json");
    let run = trainyard(&["export", s(&store), "--to", s(&out), "--sign", s(&key)]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("cannot read the secret key"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no unsigned export is left behind");
}
