//! Copies between a plan file and a team plan: the history and the audit
//! trail come along, and the JSON is byte-identical.

use trainyard_store::{copy_team_to_file, publish_file, Store, StoreError, StoreOptions};

use super::Team;
use crate::util::{new_store, set_wave, temp_path};

#[test]
fn a_file_published_to_a_team_plan_and_copied_back_keeps_history_and_trail() {
    let (t, mut file) = new_store();
    file.apply(1, "move d1", &[set_wave(file.plan(), "d1", "w2")])
        .unwrap();
    file.apply(2, "move d2", &[set_wave(file.plan(), "d2", "w3")])
        .unwrap();
    file.undo(3).unwrap();
    drop(file);

    let team = Team::new("publish");
    let alice = team.member("alice", "coordinator");
    let address = team.address(alice, "q1");
    let revision = publish_file(&t.path, &address).unwrap();
    assert_eq!(revision, 5, "four entries from the file and one 'publish'");

    let mut on_server = Store::open_team(&address).unwrap();
    let file = Store::open(&t.path, StoreOptions::default()).unwrap();
    assert_eq!(on_server.export_json(), file.export_json());
    let log = on_server.audit_log(10, None).unwrap();
    assert_eq!(log[0].action, "publish");
    assert_eq!(log[0].user, "alice");
    assert_eq!(log[1].action, "undo: move d2");
    assert_eq!(log[4].user, "tester", "the file's authors are kept");
    assert!(on_server.verify_audit().unwrap().ok);
    // The history came along: the undone edit can be redone on the server.
    assert_eq!(on_server.can_redo().unwrap().as_deref(), Some("move d2"));
    on_server.redo(5).unwrap();
    assert_eq!(
        on_server.plan().deployment("d2").unwrap().wave.as_deref(),
        Some("w3")
    );

    // And back to a file.
    let back = temp_path();
    copy_team_to_file(&address, &back.path, false).unwrap();
    let copy = Store::open(&back.path, StoreOptions::default()).unwrap();
    assert_eq!(copy.export_json(), on_server.export_json());
    assert_eq!(copy.revision(), 6);
    assert!(copy.verify_audit().unwrap().ok);
    // Never over an existing file unless asked.
    let e = copy_team_to_file(&address, &back.path, false).unwrap_err();
    assert!(matches!(e, StoreError::Exists { .. }), "{e}");
    // Never over an existing team plan.
    let e = publish_file(&t.path, &address).unwrap_err();
    assert!(matches!(e, StoreError::Exists { .. }), "{e}");
}

#[test]
fn a_tampered_file_is_not_published() {
    let (t, file) = new_store();
    drop(file);
    let raw = crate::util::raw(&t.path);
    raw.execute_batch(
        "UPDATE entity SET body = replace(body, 'blue-green', 'canary') WHERE id = 'd1'",
    )
    .unwrap();
    drop(raw);
    let team = Team::new("tampered");
    let alice = team.member("alice", "coordinator");
    let e = publish_file(&t.path, &team.address(alice, "q1")).unwrap_err();
    assert!(e.to_string().contains("does not verify"), "{e}");
    let e = Store::open_team(&team.address(alice, "q1")).unwrap_err();
    assert!(
        matches!(e, StoreError::NotFound { .. }),
        "nothing half-published: {e}"
    );
}

#[test]
fn an_unknown_plan_or_a_database_without_the_schema_says_so() {
    let team = Team::new("unknown");
    let alice = team.member("alice", "coordinator");
    let e = Store::open_team(&team.address(alice, "nope")).unwrap_err();
    assert_eq!(e.code(), "not_found", "{e}");
    assert!(e.to_string().contains("plan=nope"), "{e}");
    let bare = team.server.database("bare");
    let address =
        trainyard_store::TeamAddress::parse(&team.server.url("postgres", &bare, Some("p")))
            .unwrap();
    let e = Store::open_team(&address).unwrap_err();
    assert_eq!(e.code(), "not_initialised", "{e}");
    assert!(e.to_string().contains("trainyard team init"), "{e}");
}

#[test]
fn a_database_an_older_version_made_is_refused_until_team_init_upgrades_it() {
    let team = Team::new("upgrade");
    let _ = team.with_example("p");
    let alice = team.member("alice", "coordinator");
    // As a database made before pipelines had a role (schema 2).
    let mut admin = team.raw("postgres");
    admin
        .batch_execute("UPDATE trainyard.schema_version SET version = 2")
        .unwrap();
    let e = Store::open_team(&team.address(alice, "p")).unwrap_err();
    assert_eq!(e.code(), "older_schema", "{e}");
    assert!(e.to_string().contains("version 2"), "{e}");
    assert!(e.to_string().contains("trainyard team init"), "{e}");
    // `team init` runs the missing steps once more; the plan is untouched.
    let admin_address =
        trainyard_store::TeamAddress::parse(&team.server.url("postgres", &team.db, None)).unwrap();
    let done = trainyard_store::team_init(&admin_address).unwrap();
    assert_eq!((done.from, done.to), (2, 3));
    let store = Store::open_team(&team.address(alice, "p")).unwrap();
    assert_eq!(store.plan(), &crate::util::example());
    assert!(store.verify_audit().unwrap().ok);
    // Running it again finds nothing to do.
    let again = trainyard_store::team_init(&admin_address).unwrap();
    assert_eq!((again.from, again.to), (3, 3));
}

#[test]
fn a_password_comes_from_pgpassword_over_tcp_and_a_wrong_one_is_refused() {
    let team = Team::new("password");
    let _ = team.with_example("p");
    let url = team.server.tcp_url("alice", &team.db, Some("p"));
    let env = |pw: &str| trainyard_store::address::Environment {
        vars: vec![("PGPASSWORD".into(), pw.into())],
        home: None,
        pgpass: None,
    };
    let good = trainyard_store::TeamAddress::parse_with(&url, &env("alice")).unwrap();
    assert!(Store::open_team(&good).is_ok());
    let bad = trainyard_store::TeamAddress::parse_with(&url, &env("wrong")).unwrap();
    let e = Store::open_team(&bad).unwrap_err();
    assert_eq!(e.code(), "login_refused", "{e}");
    assert!(
        !e.to_string().contains("wrong"),
        "the password is never shown: {e}"
    );
}

#[test]
fn sslmode_require_and_verify_full_encrypt_and_check_the_server() {
    let team = Team::new("tls");
    let _ = team.with_example("p");
    let env = trainyard_store::address::Environment {
        vars: vec![("PGPASSWORD".into(), "alice".into())],
        home: None,
        pgpass: None,
    };
    let base = team.server.tcp_url("alice", &team.db, Some("p"));
    let root = team.server.root_cert.display().to_string();
    let mut admin = team.raw("postgres");
    // Opens the plan with `params` and asks the server whether that
    // connection is encrypted.
    let mut encrypted = |params: &str| -> Result<bool, StoreError> {
        let app = format!("tls-{}", params.len());
        let url = format!("{base}&application_name={app}&{params}");
        let a = trainyard_store::TeamAddress::parse_with(&url, &env).unwrap();
        let store = Store::open_team(&a)?;
        let ssl: bool = admin
            .query_one(
                "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                 WHERE a.application_name = $1",
                &[&app],
            )
            .unwrap()
            .get(0);
        drop(store);
        Ok(ssl)
    };
    assert!(encrypted("sslmode=require").unwrap());
    assert!(encrypted(&format!("sslmode=verify-full&sslrootcert={root}")).unwrap());
    assert!(encrypted(&format!("sslmode=verify-ca&sslrootcert={root}")).unwrap());
    assert!(!encrypted("sslmode=disable").unwrap());
    // Without the root, the server's self-signed certificate is not trusted.
    let e = encrypted("sslmode=verify-full&connect_timeout=5").unwrap_err();
    assert_eq!(e.code(), "unreachable", "{e}");
    // A root that is not a certificate is named.
    let e = encrypted("sslmode=verify-full&sslrootcert=/etc/hostname").unwrap_err();
    assert!(e.to_string().contains("sslrootcert"), "{e}");
}
