//! External tools the output tests read files with (poppler-utils, qpdf), and
//! small helpers shared by the report, calendar, CSV and demo tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use trainyard_tests::{example, trainyard};

/// A fixed "generated at", so outputs are comparable byte for byte.
pub const GENERATED_AT: &str = "2027-01-04T08:30:00Z";

pub fn payments() -> PathBuf {
    example("payments-q1.json")
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// A writable copy of the example plan in `dir` (the example itself may be read-only).
pub fn payments_copy(dir: &Path) -> PathBuf {
    let p = dir.join("plan.json");
    std::fs::write(
        &p,
        std::fs::read(payments()).expect("the example is readable"),
    )
    .expect("the copy is written");
    p
}

/// The example imported into `<dir>/plan.trainyard`.
pub fn payments_store(dir: &Path) -> PathBuf {
    let store = dir.join("plan.trainyard");
    trainyard(&["import", s(&payments()), "--to", s(&store)]).expect_code(0);
    store
}

/// Runs a tool; a missing tool fails the test with how to install it.
pub fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            let package = if program == "qpdf" {
                "qpdf"
            } else {
                "poppler-utils"
            };
            panic!(
                "cannot run {program} ({e}): these tests need it; install it with \
             `apt-get install -y {package}` or scripts/install-deps.sh"
            )
        })
}

/// Runs a tool that must succeed and returns its stdout.
pub fn stdout_of(program: &str, args: &[&str]) -> String {
    let out = run(program, args);
    assert!(
        out.status.success(),
        "{program} {args:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF with runs of whitespace collapsed to one space.
pub fn pdf_text(pdf: &Path) -> String {
    stdout_of("pdftotext", &[s(pdf), "-"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The release names of the example plan.
pub fn release_names() -> Vec<String> {
    trainyard_tests::payments_plan()["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["name"].as_str().expect("a release name").to_owned())
        .collect()
}

/// Asserts a command's help has usage, options and exit codes.
#[track_caller]
pub fn assert_help(command: &str) {
    let mut args: Vec<&str> = command.split(' ').collect();
    args.push("--help");
    let run = trainyard(&args);
    run.expect_code(0);
    for part in [
        &format!("Usage: trainyard {command}") as &str,
        "Options:",
        "Exit codes:",
    ] {
        assert!(
            run.stdout.contains(part),
            "{command}: {part}:\n{}",
            run.stdout
        );
    }
    let overview = trainyard(&["--help"]);
    assert!(
        overview.stdout.contains(command),
        "the overview names {command}"
    );
}

/// Asserts a usage error: exit 2, nothing on stdout, one line on stderr with
/// `needle` and the command's help hint.
#[track_caller]
pub fn assert_usage_error(args: &[&str], needle: &str, help: &str) {
    let run = trainyard(args);
    run.expect_code(2);
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("see 'trainyard {help} --help'")),
        "{args:?}: {}",
        run.stderr
    );
}

/// The files in a directory, sorted (to see that nothing was left behind).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory is readable")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
