//! Temporaries a killed writer left behind.
//!
//! A writer killed between creating `.NAME.PID-N.tmp` and publishing it (a
//! power cut, `kill -9`) leaves the temporary, and for a store its `-wal`,
//! `-shm` or `-journal`, beside the target. Before a target is written again
//! its stale temporaries are removed. A temporary is stale only when both:
//!
//! - the process named by its PID is not running (on Linux: `/proc/PID` is
//!   absent; where that cannot be told, this rule is not met unless the file
//!   is a day old), and
//! - it has not been modified for [`STALE_AFTER`].
//!
//! The age keeps a live writer's file safe when its PID is not visible here
//! (another PID namespace, another machine on a shared directory). A PID
//! reused by an unrelated process only keeps a leftover longer, never removes
//! a live file. Files of this process are never touched.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::TEMP_SUFFIX;

/// How long a temporary must have been left untouched to count as stale.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Where it cannot be told whether a process runs, the age that counts instead.
const STALE_AFTER_UNKNOWN_PID: Duration = Duration::from_secs(24 * 60 * 60);

/// The endings a temporary and its SQLite sidecars have.
const SIDECARS: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// Removes the stale temporaries of `target` (see the module's rule) and
/// returns how many files went. Errors are ignored: cleaning up is best effort
/// and never stops a write.
pub fn remove_stale_temporaries(target: &Path) -> usize {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return 0;
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let prefix = format!(".{name}.");
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(temporary_pid)
        else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() || pid == std::process::id() {
            continue;
        }
        let age = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        let old_enough = match process_running(pid) {
            Some(true) => false,
            Some(false) => age >= STALE_AFTER,
            None => age >= STALE_AFTER_UNKNOWN_PID,
        };
        if old_enough && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The PID in what follows `.NAME.` of a temporary's name (`PID-N.tmp`,
/// maybe with a sidecar ending), or `None` for any other name.
fn temporary_pid(rest: &str) -> Option<u32> {
    let stem = SIDECARS
        .iter()
        .find_map(|s| rest.strip_suffix(&format!("{TEMP_SUFFIX}{s}")))?;
    let (pid, n) = stem.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` runs, where the system lets that be told cheaply.
fn process_running(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if cfg!(target_os = "linux") && proc.join("self").exists() {
        Some(proc.join(pid.to_string()).exists())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_temporary_names_carry_a_pid() {
        assert_eq!(temporary_pid("123-4.tmp"), Some(123));
        assert_eq!(temporary_pid("123-4.tmp-wal"), Some(123));
        assert_eq!(temporary_pid("123-4.tmp-journal"), Some(123));
        assert_eq!(temporary_pid("123-4.tmp.bak"), None);
        assert_eq!(temporary_pid("123.tmp"), None);
        assert_eq!(temporary_pid("x-4.tmp"), None);
        assert_eq!(temporary_pid("-4.tmp"), None);
    }
}
