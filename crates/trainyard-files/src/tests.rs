use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out.txt");
    write_atomic(&p, b"one").unwrap();
    write_atomic(&p, b"two").unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"two");
    assert_eq!(names(dir.path()), ["out.txt"]);
    assert!(
        write_atomic(dir.path(), b"x").is_err(),
        "a directory is not replaced"
    );
    assert!(write_atomic(&dir.path().join("missing/out.txt"), b"x").is_err());
    assert_eq!(names(dir.path()), ["out.txt"]);
}

#[cfg(unix)]
#[test]
fn an_atomic_write_keeps_permissions_and_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out.txt");
    fs::write(&p, b"old").unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&p, b"new").unwrap();
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o640
    );
    fs::set_permissions(&p, fs::Permissions::from_mode(0o440)).unwrap();
    let e = write_atomic(&p, b"newer").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::PermissionDenied);
    assert_eq!(fs::read(&p).unwrap(), b"new");
}

#[cfg(unix)]
#[test]
fn an_atomic_write_through_a_link_replaces_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    fs::write(&target, b"old").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink("real.txt", &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read(&target).unwrap(), b"new");
}

#[cfg(unix)]
#[test]
fn an_atomic_write_never_renames_over_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.map(|s| s.success()).unwrap_or(false) {
        panic!("mkfifo is needed for this test");
    }
    let e = write_atomic(&fifo, b"x").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("not a regular file"), "{e}");
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names(dir.path()), ["pipe"]);
}

#[test]
fn a_new_file_is_never_written_over_an_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("plan.json");
    write_new(&p, b"first").unwrap();
    let e = write_new(&p, b"second").unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(&p).unwrap(), b"first");
    assert_eq!(names(dir.path()), ["plan.json"]);
}

#[test]
fn a_staged_file_dropped_unpublished_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("copy.trainyard");
    let staged = Staged::beside(&target).unwrap();
    let tmp = staged.path().to_owned();
    fs::write(&tmp, b"half").unwrap();
    fs::write(sidecar(&tmp, "-wal"), b"wal").unwrap();
    let name = tmp.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with(".copy.trainyard.") && name.ends_with(TEMP_SUFFIX),
        "{name}"
    );
    drop(staged);
    assert!(names(dir.path()).is_empty());
}

#[test]
fn two_staged_files_for_one_target_get_different_names() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.pdf");
    let a = Staged::beside(&target).unwrap();
    let b = Staged::beside(&target).unwrap();
    assert_ne!(a.path(), b.path());
}

#[test]
fn publishing_new_refuses_a_name_taken_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new.trainyard");
    let staged = Staged::beside(&target).unwrap();
    fs::write(staged.path(), b"mine").unwrap();
    fs::write(&target, b"theirs").unwrap();
    let e = staged.publish_new().unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(&target).unwrap(), b"theirs");
    assert_eq!(names(dir.path()), ["new.trainyard"]);
}

#[cfg(unix)]
#[test]
fn a_private_file_is_owner_only_and_never_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key");
    write_new_private(&path, b"secret").unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let err = write_new_private(&path, b"other").unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(&path).unwrap(), b"secret");
}
