//! `trainyard demo [--to FILE.json | --store FILE.trainyard]`: the built-in
//! demo plan, to try the other commands (and the app) on.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use trainyard_core::demo::{demo_plan, DEMO_PLAN_JSON};

use crate::args::{DemoArgs, DemoTarget};
use crate::files::human_size;
use crate::output::Out;
use crate::store_cmds;

const CMD: &str = "demo";

pub fn run(a: &DemoArgs, out: &mut Out) -> u8 {
    match &a.target {
        DemoTarget::Stdout => {
            out.text(DEMO_PLAN_JSON);
            if !DEMO_PLAN_JSON.ends_with('\n') {
                out.line("");
            }
            0
        }
        DemoTarget::Json(path) => match write_new(path, DEMO_PLAN_JSON.as_bytes()) {
            Ok(()) => {
                out.line(format!(
                    "wrote the demo plan to {} ({})",
                    path.display(),
                    human_size(DEMO_PLAN_JSON.len())
                ));
                0
            }
            Err(m) => super::fail(CMD, m),
        },
        DemoTarget::Store(path) => {
            let plan = demo_plan();
            match store_cmds::create_store(path, &plan) {
                Ok(()) => {
                    out.line(format!(
                        "created {} with the demo plan {}",
                        path.display(),
                        plan.display_name()
                    ));
                    0
                }
                Err(m) => super::fail(CMD, m),
            }
        }
    }
}

/// Writes a file that must not exist yet: written under a temporary name and
/// then linked into place, so the name never shows half a file and an
/// existing file (even one created meanwhile) is never replaced.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let exists = || {
        format!(
            "'{}' already exists; the demo never overwrites a file",
            path.display()
        )
    };
    if path.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| format!("'{}' is not a file name", path.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let cannot = |e: std::io::Error| format!("cannot write '{}': {e}", path.display());
    let result = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(cannot)?;
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .map_err(cannot)?;
        // A hard link fails if the name exists: no race with another writer.
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
            // A file system without hard links: rename, after one more look.
            Err(_) if path.symlink_metadata().is_err() => {
                std::fs::rename(&tmp, path).map_err(cannot)
            }
            Err(_) => Err(exists()),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}
