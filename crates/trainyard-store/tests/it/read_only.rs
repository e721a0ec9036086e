//! Stores read without writing: read-only files and folders, no sidecar
//! files left by a read, a writer's newest edits seen, and other programs'
//! SQLite files left byte for byte as they were.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use trainyard_store::{verify_audit_file, Store, StoreError};

use crate::util::*;

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn reading_a_store_leaves_no_wal_or_shm_beside_it() {
    let (t, store) = new_store();
    drop(store);
    assert_eq!(names_in(t.dir.path()), ["plan.trainyard"]);
    assert_eq!(Store::open_read_only(&t.path).unwrap(), example());
    let snap = Store::snapshot(&t.path).unwrap();
    assert_eq!(snap.revision, 1);
    assert!(snap.audit_head.is_some());
    assert!(verify_audit_file(&t.path).unwrap().ok);
    assert_eq!(names_in(t.dir.path()), ["plan.trainyard"]);
}

#[test]
fn a_read_only_store_in_a_read_only_folder_can_be_read() {
    if !unprivileged("read_only::a_read_only_store_in_a_read_only_folder_can_be_read") {
        return;
    }
    let (t, store) = new_store();
    let head = store.audit_head().unwrap();
    drop(store);
    let bytes = std::fs::read(&t.path).unwrap();
    chmod(&t.path, 0o444);
    chmod(t.dir.path(), 0o555);

    let read = (|| {
        assert_eq!(Store::open_read_only(&t.path)?, example());
        let snap = Store::snapshot(&t.path)?;
        assert_eq!((snap.revision, snap.audit_head), (1, head.clone()));
        assert!(verify_audit_file(&t.path)?.ok);
        // Opening for editing says why not, and the app's way in opens it
        // for reading, refusing edits with the same clear error.
        let e = Store::open(&t.path, opts()).unwrap_err();
        assert_eq!(e.code(), "read_only", "{e}");
        let mut s = Store::open_or_read_only(&t.path, opts())?;
        assert!(s.is_read_only());
        assert_eq!(s.plan(), &example());
        let change = set_wave(s.plan(), "d1", "w9");
        let e = s.apply(1, "wave", &[change]).unwrap_err();
        assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
        assert!(e.to_string().contains("cannot be written"), "{e}");
        Ok::<_, StoreError>(())
    })();
    chmod(t.dir.path(), 0o755);
    read.unwrap();
    assert_eq!(names_in(t.dir.path()), ["plan.trainyard"]);
    assert_eq!(std::fs::read(&t.path).unwrap(), bytes);
}

#[test]
fn a_read_only_store_in_a_writable_folder_is_read_without_sidecars() {
    if !unprivileged("read_only::a_read_only_store_in_a_writable_folder_is_read_without_sidecars") {
        return;
    }
    let (t, store) = new_store();
    drop(store);
    chmod(&t.path, 0o444);
    assert_eq!(Store::open_read_only(&t.path).unwrap(), example());
    assert_eq!(
        Store::open(&t.path, opts()).unwrap_err().code(),
        "read_only"
    );
    let s = Store::open_or_read_only(&t.path, opts()).unwrap();
    assert!(s.is_read_only());
    drop(s);
    assert_eq!(names_in(t.dir.path()), ["plan.trainyard"]);
}

#[test]
fn a_reader_sees_the_edits_a_running_writer_has_not_checkpointed() {
    let (t, mut writer) = new_store();
    let change = set_wave(writer.plan(), "d1", "w-live");
    writer.apply(1, "wave", &[change]).unwrap();
    let wal = std::fs::metadata(format!("{}-wal", t.path.display())).unwrap();
    assert!(wal.len() > 0, "the edit is still in the log");
    let plan = Store::open_read_only(&t.path).unwrap();
    assert_eq!(
        plan.deployment("d1").unwrap().wave.as_deref(),
        Some("w-live")
    );
    assert_eq!(Store::snapshot(&t.path).unwrap().revision, 2);
}

#[test]
fn another_programs_database_with_an_unmerged_log_is_refused_untouched() {
    let t = temp_path();
    let foreign = rusqlite::Connection::open(&t.path).unwrap();
    foreign
        .execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
             CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hi');",
        )
        .unwrap();
    let files =
        |p: &Path| ["", "-wal", "-shm"].map(|s| std::fs::read(format!("{}{s}", p.display())).ok());
    let before = files(&t.path);
    assert!(
        before[1].as_ref().is_some_and(|w| !w.is_empty()),
        "the log holds the other program's rows"
    );
    // Copies without the other program's connection: SQLite would replay
    // and delete such a log when it opens the file.
    let copy = t.dir.path().join("copy.db");
    for (s, bytes) in ["", "-wal"].iter().zip(&before) {
        std::fs::write(format!("{}{s}", copy.display()), bytes.as_ref().unwrap()).unwrap();
    }
    let copied = files(&copy);

    for path in [&t.path, &copy] {
        let e = Store::open(path, opts()).unwrap_err();
        assert_eq!(e.code(), "not_a_trainyard_file", "{e}");
        assert_eq!(
            Store::open_read_only(path).unwrap_err().code(),
            "not_a_trainyard_file"
        );
        assert!(verify_audit_file(path).is_err());
    }
    assert_eq!(files(&t.path), before, "the open database is untouched");
    assert_eq!(files(&copy), copied, "the copy and its log are untouched");
    drop(foreign);
}
