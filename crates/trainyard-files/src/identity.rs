//! What a path already holds, told without writing to it: whether two paths
//! name one file, and whether a file is a Trainyard plan store.
//!
//! Outputs must never replace the plan being read nor any store (a store
//! holds the audit trail and undo history that no export carries), and a
//! store must be recognised before SQLite opens it, because SQLite may write
//! to any database it opens (replaying or checkpointing its write-ahead log,
//! deleting its `-wal` and `-shm`). So a store is recognised from its first
//! 100 bytes read with plain file IO: SQLite's magic string and, at offset 68
//! (big-endian), the `application_id` Trainyard sets when it creates a store.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// The first 16 bytes of every SQLite database file.
pub const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The `application_id` of a Trainyard plan store: "TRYD".
pub const STORE_APPLICATION_ID: u32 = 0x5452_5944;

/// The length of an SQLite database header.
const HEADER_LEN: usize = 100;
/// Where the header keeps the `application_id`.
const APPLICATION_ID_AT: usize = 68;

/// What a file is, judged from its first bytes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An SQLite database whose header carries Trainyard's application id.
    TrainyardStore,
    /// An SQLite database of another program (or an empty one).
    OtherSqlite,
    /// Anything else, including an empty or short file.
    NotSqlite,
}

/// Reads the first 100 bytes of `path` (read-only, plain file IO) and tells
/// what the file is.
pub fn sniff(path: &Path) -> io::Result<FileKind> {
    let mut head = Vec::with_capacity(HEADER_LEN);
    File::open(path)?
        .take(HEADER_LEN as u64)
        .read_to_end(&mut head)?;
    Ok(kind_of(&head))
}

fn kind_of(head: &[u8]) -> FileKind {
    if head.len() < HEADER_LEN || !head.starts_with(SQLITE_MAGIC) {
        return FileKind::NotSqlite;
    }
    let mut id = [0u8; 4];
    id.copy_from_slice(&head[APPLICATION_ID_AT..APPLICATION_ID_AT + 4]);
    if u32::from_be_bytes(id) == STORE_APPLICATION_ID {
        FileKind::TrainyardStore
    } else {
        FileKind::OtherSqlite
    }
}

/// Whether `path` is a regular file that is a Trainyard store (false when it
/// cannot be read).
pub fn is_trainyard_store(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file())
        && matches!(sniff(path), Ok(FileKind::TrainyardStore))
}

/// Whether two paths name one file: the same path once links are resolved,
/// or (on Unix) the same device and inode, which also catches hard links.
/// False when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(ca), Ok(cb)) = (fs::canonicalize(a), fs::canonicalize(b)) {
        if ca == cb {
            return true;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    false
}

/// Refuses an output path that is one of `inputs` (the plan being read,
/// through any link) or an existing Trainyard store: an export, a report or a
/// calendar never replaces either. The one check every output goes through
/// before anything is made; [`crate::write_atomic`] refuses stores again.
pub fn check_output(output: &Path, inputs: &[&Path]) -> io::Result<()> {
    if inputs.iter().any(|input| same_file(output, input)) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is the plan being read; choose another file",
        ));
    }
    refuse_store(output)
}

/// Refuses `path` when it is a Trainyard store.
pub(crate) fn refuse_store(path: &Path) -> io::Result<()> {
    if is_trainyard_store(path) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a Trainyard plan store, which an output never replaces; choose another file",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(app_id: u32) -> Vec<u8> {
        let mut h = vec![0u8; 100];
        h[..16].copy_from_slice(SQLITE_MAGIC);
        h[68..72].copy_from_slice(&app_id.to_be_bytes());
        h
    }

    #[test]
    fn a_store_is_told_by_its_application_id() {
        assert_eq!(
            kind_of(&header(STORE_APPLICATION_ID)),
            FileKind::TrainyardStore
        );
        assert_eq!(kind_of(&header(0)), FileKind::OtherSqlite);
        assert_eq!(
            kind_of(&header(STORE_APPLICATION_ID)[..99]),
            FileKind::NotSqlite
        );
        assert_eq!(
            kind_of(b"{\"format\":\"trainyard-plan\"}"),
            FileKind::NotSqlite
        );
        assert_eq!(kind_of(b""), FileKind::NotSqlite);
    }

    #[test]
    fn hard_links_and_symbolic_links_are_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        fs::write(&a, "x").unwrap();
        let hard = dir.path().join("hard");
        fs::hard_link(&a, &hard).unwrap();
        assert!(same_file(&a, &hard));
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft");
            std::os::unix::fs::symlink(&a, &soft).unwrap();
            assert!(same_file(&soft, &a));
        }
        let other = dir.path().join("other");
        fs::write(&other, "x").unwrap();
        assert!(!same_file(&a, &other));
        assert!(!same_file(&a, &dir.path().join("missing")));
    }

    #[test]
    fn outputs_onto_an_input_or_a_store_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.json");
        fs::write(&plan, "{}").unwrap();
        let store = dir.path().join("plan.trainyard");
        fs::write(&store, header(STORE_APPLICATION_ID)).unwrap();
        let foreign = dir.path().join("other.db");
        fs::write(&foreign, header(7)).unwrap();
        assert!(check_output(&plan, &[&plan]).is_err());
        assert!(check_output(&store, &[&plan]).is_err());
        assert!(check_output(&foreign, &[&plan]).is_ok());
        assert!(check_output(&dir.path().join("new.csv"), &[&plan]).is_ok());
    }
}
