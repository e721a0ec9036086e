//! A clone of the repository with nothing beside it must build, test and
//! read well: no file points into a folder outside the repository.

use super::{root, tracked_files};

#[test]
fn no_tracked_file_points_outside_the_repository() {
    let root = root();
    let needle = ["..", "/shared"].concat();
    let mut hits = Vec::new();
    for rel in tracked_files() {
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue; // binary files
        };
        for (i, line) in text.lines().enumerate() {
            if line.contains(&needle) {
                hits.push(format!("{}:{}: {}", rel.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "files point to a folder outside the repository:\n{}",
        hits.join("\n")
    );
}

#[test]
fn there_is_one_cargo_lock_and_one_npm_lock() {
    let files = tracked_files();
    let names = |n: &str| {
        files
            .iter()
            .filter(|p| p.file_name().is_some_and(|f| f == n))
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names("Cargo.lock"), ["Cargo.lock"]);
    assert_eq!(names("package-lock.json"), ["ui/package-lock.json"]);
}
