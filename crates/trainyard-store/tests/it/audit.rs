use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use sha2::{Digest, Sha256};
use trainyard_store::{verify_audit_file, Store, StoreOptions};

use crate::util::*;

const FIELDS: [&str; 7] = [
    "seq",
    "at",
    "user",
    "action",
    "changes",
    "prev_hash",
    "hash",
];

/// A plan file with an import and four edits (5 audit entries), made once.
pub fn template() -> &'static Path {
    static T: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = T.get_or_init(|| {
        let (t, mut store) = new_store();
        for (i, id) in ["d1", "d2", "d1"].iter().enumerate() {
            let base = store.revision();
            store
                .apply(
                    base,
                    &format!("edit {i}"),
                    &[set_wave(store.plan(), id, &format!("w{i}"))],
                )
                .unwrap();
        }
        store.undo(store.revision()).unwrap();
        drop(store);
        (t.dir, t.path)
    });
    path
}

/// A copy of the template without the append-only triggers.
pub fn tamperable() -> (tempfile::TempDir, PathBuf, rusqlite::Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.trainyard");
    std::fs::copy(template(), &path).unwrap();
    let conn = raw(&path);
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    (dir, path, conn)
}

#[test]
fn a_store_with_edits_verifies_and_reports_its_head() {
    let store = Store::open(template(), opts()).unwrap();
    let v = store.verify_audit().unwrap();
    assert!(v.ok, "{v:?}");
    assert_eq!(v.entries, 5);
    assert_eq!(v.first_bad_seq, None);
    assert_eq!(v.head, store.audit_head().unwrap());
    assert_eq!(v.head.as_ref().map(String::len), Some(64));
}

#[test]
fn the_audit_trail_rejects_updates_and_deletes_through_sqlite() {
    let (t, store) = new_store();
    drop(store);
    let conn = raw(&t.path);
    let err = conn
        .execute("UPDATE audit SET user = 'mallory'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(conn.execute("DELETE FROM audit", []).is_err());
}

#[test]
fn each_entry_records_user_time_and_before_and_after() {
    let (_t, mut store) = new_store();
    store.set_user("alice");
    store
        .apply(1, "set wave", &[set_wave(store.plan(), "d1", "eu-2")])
        .unwrap();
    let e = &store.audit_log(1, None).unwrap()[0];
    assert_eq!(
        (e.seq, e.user.as_str(), e.action.as_str()),
        (2, "alice", "set wave")
    );
    assert!(
        e.at.ends_with('Z') && e.at.len() == 24,
        "utc rfc 3339 with millis: {}",
        e.at
    );
    let change = &e.changes[0];
    assert_eq!(change["kind"], "deployment");
    assert_eq!(change["id"], "d1");
    assert_eq!(
        change["before"]["strategy"], "blue-green",
        "before is the whole entity"
    );
    assert!(change["before"].get("wave").is_none());
    assert_eq!(change["after"]["wave"], "eu-2");
}

#[test]
fn the_user_defaults_to_the_os_user() {
    let t = temp_path();
    let store = Store::create(&t.path, &example(), StoreOptions::default()).unwrap();
    let expected = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".into());
    assert_eq!(store.user(), expected);
    assert_eq!(store.audit_log(1, None).unwrap()[0].user, expected);
}

#[test]
fn the_audit_log_pages_newest_first() {
    let store = Store::open(template(), opts()).unwrap();
    let page1 = store.audit_log(2, None).unwrap();
    assert_eq!(page1.iter().map(|e| e.seq).collect::<Vec<_>>(), [5, 4]);
    let page2 = store.audit_log(2, Some(4)).unwrap();
    assert_eq!(page2.iter().map(|e| e.seq).collect::<Vec<_>>(), [3, 2]);
    assert_eq!(
        page2[0].prev_hash,
        store.audit_log(1, Some(3)).unwrap()[0].hash,
        "chained"
    );
}

pub fn verify(path: &Path) -> trainyard_store::AuditVerification {
    verify_audit_file(path).expect("verification runs")
}

#[test]
fn deleting_a_middle_entry_is_detected() {
    let (_d, path, conn) = tamperable();
    conn.execute("DELETE FROM audit WHERE seq = 3", []).unwrap();
    let v = verify(&path);
    assert!(!v.ok);
    assert_eq!(v.first_bad_seq, Some(3));
    assert_eq!(
        v.problem.as_deref(),
        Some("entry 3 is missing (the next entry is 4)")
    );
}

#[test]
fn swapping_the_contents_of_two_entries_is_detected() {
    let (_d, path, conn) = tamperable();
    conn.execute_batch(
        "UPDATE audit SET seq = -2 WHERE seq = 2;
         UPDATE audit SET seq = 2 WHERE seq = 3;
         UPDATE audit SET seq = 3 WHERE seq = -2;",
    )
    .unwrap();
    let v = verify(&path);
    assert!(!v.ok);
    assert_eq!(v.first_bad_seq, Some(2), "{v:?}");
}

#[test]
fn inserting_a_well_formed_entry_in_the_middle_is_detected() {
    let (_d, path, conn) = tamperable();
    // Make room at seq 3 and forge an entry that chains correctly onto entry 2.
    for seq in (3..=5).rev() {
        conn.execute("UPDATE audit SET seq = seq + 1 WHERE seq = ?1", [seq])
            .unwrap();
    }
    let (prev, plan_hash): (String, String) = conn
        .query_row("SELECT hash, plan_hash FROM audit WHERE seq = 2", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let (at, user, action, changes) = ("2030-01-01T00:00:00.000Z", "mallory", "edit", "[]");
    let canonical = serde_json::json!([3, at, user, action, changes, prev, plan_hash]).to_string();
    let hash: String = Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    conn.execute(
        "INSERT INTO audit (seq, at, user, action, changes, prev_hash, plan_hash, hash)
         VALUES (3, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        rusqlite::params![at, user, action, changes, prev, plan_hash, hash],
    )
    .unwrap();
    let v = verify(&path);
    assert!(!v.ok);
    assert_eq!(
        v.first_bad_seq,
        Some(4),
        "the forged entry chains, the next one does not: {v:?}"
    );
}

#[test]
fn removing_entries_from_the_end_is_detected() {
    let (_d, path, conn) = tamperable();
    conn.execute("DELETE FROM audit WHERE seq >= 4", [])
        .unwrap();
    let v = verify(&path);
    assert!(!v.ok);
    assert_eq!(v.first_bad_seq, Some(4), "{v:?}");
    assert!(v.problem.unwrap().contains("removed from the end"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn flipping_any_byte_of_any_audit_field_is_detected(
        seq in 1i64..=5,
        field in 0usize..FIELDS.len(),
        index in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let (_d, path, conn) = tamperable();
        let name = FIELDS[field];
        if name == "seq" {
            let flipped = seq ^ i64::from(mask);
            let taken: bool = conn
                .query_row("SELECT count(*) FROM audit WHERE seq = ?1", [flipped], |r| r.get::<_, i64>(0))
                .unwrap() > 0;
            prop_assume!(!taken);
            conn.execute("UPDATE audit SET seq = ?1 WHERE seq = ?2", [flipped, seq]).unwrap();
        } else {
            let mut bytes: Vec<u8> = conn
                .query_row(&format!("SELECT CAST({name} AS BLOB) FROM audit WHERE seq = ?1"), [seq], |r| r.get(0))
                .unwrap();
            let i = index.index(bytes.len());
            bytes[i] ^= mask;
            conn.execute(
                &format!("UPDATE audit SET {name} = CAST(?1 AS TEXT) WHERE seq = ?2"),
                rusqlite::params![bytes, seq],
            )
            .unwrap();
        }
        drop(conn);
        let v = verify(&path);
        prop_assert!(!v.ok, "flipping byte of {} in entry {} went unnoticed", name, seq);
        prop_assert!(v.first_bad_seq.is_some_and(|s| s <= seq as u64), "{:?}", v);
        if name != "seq" {
            prop_assert_eq!(v.first_bad_seq, Some(seq as u64), "{:?}", v);
        }
        prop_assert!(v.problem.is_some_and(|p| p == p.to_lowercase()), "problems are lowercase");
    }
}
