//! Files that are never half-written.
//!
//! Every file Trainyard writes (exports, reports, calendars, settings, new and
//! copied plan stores) is first built under a temporary name beside its
//! target, synced, and then published by a rename (replace) or a hard link
//! (create-new). Readers, and a crash, see the old file or the new one, never
//! part of either. This crate is the one place that names temporary files and
//! publishes them, so there is one naming scheme to recognise leftovers by.
//!
//! It depends on `std` alone, so every crate that writes files can use it.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The suffix of every temporary file: `.NAME.PID-N.tmp` beside `NAME`.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically, replacing a file there. An existing
/// file keeps its permissions, and a read-only one is refused (as a shell's
/// `>` would); a symbolic link is followed (its target is replaced, the link
/// stays); anything that is not a regular file (a directory, a FIFO, a device)
/// is refused rather than renamed over.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let path = resolve_link(path)?;
    let existing = match fs::metadata(&path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(meta) = &existing {
        if meta.is_dir() {
            return Err(invalid("it is a directory"));
        }
        if !meta.is_file() {
            return Err(invalid("it is not a regular file"));
        }
        if meta.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only",
            ));
        }
    }
    let staged = Staged::beside(&path)?;
    {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(staged.path())?;
        if let Some(meta) = &existing {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    staged.publish_replacing()
}

/// Writes `bytes` to `path` only if nothing is there: an existing file (even
/// one created meanwhile by another program) is never replaced, and the error
/// is [`io::ErrorKind::AlreadyExists`].
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_new_with(path, bytes, OpenOptions::new())
}

/// Like [`write_new`], for secrets: on Unix the file is readable and
/// writable by its owner alone (mode 0600) from the moment it is created.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    write_new_with(path, bytes, options)
}

fn write_new_with(path: &Path, bytes: &[u8], mut options: OpenOptions) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(already_exists());
    }
    let staged = Staged::beside(path)?;
    {
        let mut f = options.write(true).create_new(true).open(staged.path())?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    staged.publish_new()
}

/// A temporary path beside a target, for files that another library builds
/// (SQLite's `VACUUM INTO`, a fresh database). Dropping it unpublished
/// removes the temporary file and any SQLite sidecars (`-wal`, `-shm`,
/// `-journal`) left next to it.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    dir: PathBuf,
    done: bool,
}

impl Staged {
    /// A fresh temporary name in `target`'s directory: `.NAME.PID-N.tmp`, where
    /// `N` counts within this process, so two writers never share a name.
    pub fn beside(target: &Path) -> io::Result<Staged> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .ok_or_else(|| invalid("not a file name"))?;
        let mut tmp_name = OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(
            ".{}-{}{TEMP_SUFFIX}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let tmp = dir.join(tmp_name);
        remove_with_sidecars(&tmp);
        Ok(Staged {
            tmp,
            target: target.to_owned(),
            dir,
            done: false,
        })
    }

    /// Where to build the file.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The directory the file is published in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Syncs the built file, renames it over the target and syncs the
    /// directory, so the rename itself survives a crash.
    pub fn publish_replacing(mut self) -> io::Result<()> {
        sync_file(&self.tmp)?;
        fs::rename(&self.tmp, &self.target)?;
        self.done = true;
        sync_dir(&self.dir);
        Ok(())
    }

    /// Syncs the built file and links it at the target only if the name is
    /// free ([`io::ErrorKind::AlreadyExists`] otherwise): a hard link
    /// publishes atomically and fails when the name is taken. On a file system
    /// without hard links it renames after one more look.
    pub fn publish_new(mut self) -> io::Result<()> {
        sync_file(&self.tmp)?;
        match fs::hard_link(&self.tmp, &self.target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(already_exists()),
            Err(_) if fs::symlink_metadata(&self.target).is_ok() => return Err(already_exists()),
            Err(_) => {
                fs::rename(&self.tmp, &self.target)?;
                self.done = true;
            }
        }
        sync_dir(&self.dir);
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            remove_with_sidecars(&self.tmp);
        } else {
            // After a hard link the temporary name is still there.
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Removes `path` and the SQLite sidecars a database there may have left.
pub fn remove_with_sidecars(path: &Path) {
    let _ = fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(sidecar(path, suffix));
    }
}

/// `path` with `suffix` appended to its file name (`plan.trainyard-wal`).
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Flushes a file's contents to disk.
pub fn sync_file(path: &Path) -> io::Result<()> {
    fs::File::open(path)?.sync_all()
}

/// Makes a rename in `dir` durable (best effort: not every system can open a
/// directory).
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The file a path names, following symbolic links (the path itself when it
/// is not a link or does not exist).
fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(p) => Ok(p),
            // A dangling link: write where it points.
            Err(_) => {
                let target = fs::read_link(path)?;
                Ok(match path.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                })
            }
        },
        _ => Ok(path.to_owned()),
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, what.to_owned())
}

fn already_exists() -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, "the file already exists")
}

#[cfg(test)]
mod tests;
