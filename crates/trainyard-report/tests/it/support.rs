//! Plans, tools and temp files shared by the tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{TimeZone, Utc};
use trainyard_core::time::Instant;
use trainyard_core::{parse_plan, Plan};

/// A fixed "generated at" for every report.
pub fn generated_at() -> Instant {
    Utc.with_ymd_and_hms(2027, 1, 4, 8, 30, 0)
        .single()
        .expect("a valid instant")
}

pub fn example_text(name: &str) -> String {
    let path = format!("{}/../../docs/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// `docs/examples/payments-q1.json`.
pub fn example() -> Plan {
    parse_plan(&example_text("payments-q1.json")).expect("the example plan is valid")
}

/// The generated plan of the benchmark.
pub fn generated(releases: usize) -> Plan {
    trainyard_report::sample::generated_plan(releases)
}

/// The example with names a builtin PDF font cannot print, and text that needs
/// escaping in CSV and ICS.
pub fn unicode() -> Plan {
    let text = example_text("payments-q1.json")
        .replace("\"Payments platform, Q1 2027\"", "\"Zürich payments – Q1 ✓\"")
        .replace("\"name\": \"Payments\"", "\"name\": \"Team Ødegaard\"")
        .replace("\"name\": \"Ledger DB\"", "\"name\": \"Ledger DB Zürich\"")
        .replace("\"name\": \"Ledger 4.2\"", "\"name\": \"Ledger 4.2 – Zürich ✓\"")
        .replace("\"name\": \"Payments API 7.0\"", "\"name\": \"Payments API 7.0, \\\"Ødegaard\\\" edition\"")
        .replace("\"name\": \"Prod weekly window\"", "\"name\": \"Prod window; Zürich, Oslo\"")
        .replace(
            "\"Ledger partitioning and index rebuild.\"",
            "\"Ledger partitioning and index rebuild for Zürich and Ødegaard’s team ✓.\\nSecond paragraph: a line long enough to be wrapped by the report, and then some more words so that it certainly needs more than one line on an A4 page, with commas, \\\"quotes\\\" and a backslash \\\\ too.\"",
        );
    assert!(
        text.contains("Ødegaard"),
        "the example changed; update unicode()"
    );
    parse_plan(&text).expect("the unicode plan is valid")
}

/// A directory for the files of one test (kept when REPORT_KEEP is set).
pub struct TempDir(tempfile::TempDir);

impl TempDir {
    pub fn new() -> TempDir {
        TempDir(
            tempfile::Builder::new()
                .prefix("trainyard-report-")
                .tempdir()
                .expect("a temp dir"),
        )
    }
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, bytes).expect("write a temp file");
        if let Some(dir) = std::env::var_os("REPORT_KEEP") {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::copy(&p, Path::new(&dir).join(name));
        }
        p
    }
}

/// Runs a tool; a missing tool fails the test with how to install it.
pub fn run(program: &str, args: &[&str]) -> Output {
    match Command::new(program).args(args).output() {
        Ok(o) => o,
        Err(e) => {
            let package = match program {
                "qpdf" => "qpdf",
                "python3" => "python3",
                _ => "poppler-utils",
            };
            panic!("cannot run {program} ({e}): these tests need it; install it with `apt-get install -y {package}`")
        }
    }
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
