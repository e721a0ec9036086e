//! ARCHITECTURE.md names files and folders in backticks; each must exist, so
//! the map cannot silently go stale when code moves.

use std::path::Path;

use super::root;

/// File extensions (and a trailing `/`) that make a backticked word a path.
const PATH_ENDINGS: &[&str] = &[
    ".rs", ".ts", ".svelte", ".md", ".sh", ".json", ".toml", ".mjs", ".py", "/",
];

/// The backticked words of `text` that look like paths, with the line they
/// are on and the base folder of the section they appear in (a section
/// heading such as "### `crates/trainyard-core` — …" sets it).
fn named_paths(text: &str) -> Vec<(usize, String, String)> {
    let mut base = String::new();
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let ticks: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        if line.starts_with('#') {
            base = ticks
                .first()
                .map(|t| t.trim_end_matches('/').to_owned())
                .unwrap_or_default();
            continue;
        }
        for word in ticks {
            let is_path = !word.contains(char::is_whitespace)
                && !word.contains('*')
                && !word.contains("::")
                && !word.starts_with('-')
                && !word.starts_with('.')
                && PATH_ENDINGS.iter().any(|e| word.ends_with(e));
            if is_path {
                found.push((i + 1, word.to_owned(), base.clone()));
            }
        }
    }
    found
}

/// A path exists at the repository root, or somewhere inside its section's
/// folder: the map abbreviates paths inside a crate (`engine/mod.rs`,
/// `timing.rs`), so a word matches any file or folder under the section whose
/// path ends with it. A file that was removed or renamed matches nothing.
fn exists(root: &Path, base: &str, word: &str) -> bool {
    let word = word.trim_end_matches('/');
    if root.join(word).exists() {
        return true;
    }
    if base.is_empty() {
        return false;
    }
    let suffix = format!("/{word}");
    let mut found = false;
    visit(&root.join(base), &mut |p| {
        found = found || p.to_string_lossy().ends_with(&suffix);
    });
    found
}

/// Calls `f` with every file and folder under `dir`, skipping build output.
fn visit(dir: &Path, f: &mut dyn FnMut(&Path)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if ["target", "node_modules", "dist", ".git"].contains(&name.to_string_lossy().as_ref()) {
            continue;
        }
        let p = e.path();
        f(&p);
        if p.is_dir() {
            visit(&p, f);
        }
    }
}

#[test]
fn every_path_the_architecture_map_names_exists() {
    let root = root();
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let paths = named_paths(&text);
    assert!(
        paths.len() > 40,
        "the map names few paths ({}); is the pattern still right?",
        paths.len()
    );
    let missing: Vec<String> = paths
        .iter()
        .filter(|(_, word, base)| !exists(&root, base, word))
        .map(|(line, word, base)| format!("line {line}: `{word}` (section `{base}`)"))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_map_covers_every_crate_and_the_ui() {
    let root = root();
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut members: Vec<String> = std::fs::read_dir(root.join("crates"))
        .expect("crates/")
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| format!("crates/{}", e.file_name().to_string_lossy()))
        .collect();
    members.extend(["src-tauri".to_owned(), "ui".to_owned(), "tests".to_owned()]);
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("### ")).collect();
    let uncovered: Vec<&String> = members
        .iter()
        .filter(|m| {
            !headings
                .iter()
                .any(|h| h.contains(&format!("`{m}`")) || h.contains(&format!("`{m}/`")))
        })
        .collect();
    assert!(
        uncovered.is_empty(),
        "ARCHITECTURE.md has no section for {uncovered:?}"
    );
}

#[test]
fn a_missing_path_is_noticed() {
    let text = "### `crates/trainyard-core` — x\n\n- `nothing-here.rs`, `plan.rs`, `rules/timing.rs`, `rules/plan.rs`\n";
    let root = root();
    let paths = named_paths(text);
    assert_eq!(paths.len(), 4);
    let found: Vec<bool> = paths
        .iter()
        .map(|(_, word, base)| exists(&root, base, word))
        .collect();
    assert_eq!(found, [false, true, true, false]);
}
