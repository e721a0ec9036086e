//! Tests of the repository itself: the map newcomers read first names only
//! paths that exist, and nothing in the repository depends on a folder
//! outside it.

mod architecture;
mod standalone;

use std::path::{Path, PathBuf};

/// The repository's top directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the repository")
        .to_owned()
}

/// Every file tracked by git (falls back to walking the tree, minus build
/// output, when git is not available).
fn tracked_files() -> Vec<PathBuf> {
    let root = root();
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["ls-files", "-z"])
        .output();
    match out {
        Ok(o) if o.status.success() => o
            .stdout
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| PathBuf::from(String::from_utf8_lossy(s).into_owned()))
            .collect(),
        _ => {
            let mut files = Vec::new();
            walk(&root, &root, &mut files);
            files
        }
    }
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || ["target", "node_modules", "dist"].contains(&name.as_ref()) {
            continue;
        }
        if p.is_dir() {
            walk(root, &p, files);
        } else if let Ok(rel) = p.strip_prefix(root) {
            files.push(rel.to_owned());
        }
    }
}
