//! Shared helpers of the end-to-end tests.
//!
//! # Which `trainyard` binary the CLI tests run
//!
//! Cargo only tells a test where a binary is (`CARGO_BIN_EXE_<name>`) when the
//! binary is in the test's own package, and `trainyard` lives in
//! `crates/trainyard-cli`. So [`trainyard_bin`] finds it itself, once per test
//! process:
//!
//! 1. `TRAINYARD_BIN`, if set, is used as is (to test an installed or release
//!    binary: `TRAINYARD_BIN=/usr/local/bin/trainyard cargo test -p trainyard-tests`).
//! 2. Otherwise the test executable's own path gives the target directory and
//!    profile (it lives in `<target>/<profile>/deps/`), and
//!    `cargo build -p trainyard-cli` is run once for that target directory and
//!    profile, then `<target>/<profile>/trainyard` is used. The build runs even
//!    when the binary exists, because a binary left from an earlier build may be
//!    stale; when it is fresh the build is a no-op that takes a fraction of a
//!    second. (Cargo does not hold the build lock while tests run, so this
//!    does not deadlock.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The directory of the example plans (`docs/examples` in the repository).
pub fn examples_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/examples"))
}

/// An example plan by file name, e.g. `example("payments-q1.json")`.
pub fn example(name: &str) -> PathBuf {
    examples_dir().join(name)
}

/// The path of the `trainyard` binary to test; see the module documentation.
pub fn trainyard_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("TRAINYARD_BIN") {
            return PathBuf::from(p);
        }
        let exe = std::env::current_exe().expect("the test executable has a path");
        // <target>/<profile>/deps/<test-exe>
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("the test executable lives in <target>/<profile>/deps");
        let target_dir = profile_dir
            .parent()
            .expect("the profile directory lives in a target directory");
        let profile = profile_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("debug");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .args(["build", "--quiet", "-p", "trainyard-cli", "--target-dir"])
            .arg(target_dir)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
        match profile {
            "debug" => {}
            "release" => {
                build.arg("--release");
            }
            other => {
                build.args(["--profile", other]);
            }
        }
        let out = build
            .output()
            .expect("cargo can be run to build trainyard-cli");
        assert!(
            out.status.success(),
            "building trainyard-cli failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let bin = profile_dir.join(format!("trainyard{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "cargo built no binary at {}", bin.display());
        bin
    })
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit status; -1 when the process was ended by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output as JSON; fails the test with both streams when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit status, showing both streams when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `trainyard ARGS` with no input, colour off, and waits for it.
pub fn trainyard<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    trainyard_with_stdin(args, "")
}

/// Runs `trainyard ARGS` with `stdin` as its standard input.
pub fn trainyard_with_stdin<S: AsRef<std::ffi::OsStr>>(args: &[S], stdin: &str) -> Run {
    let mut child = Command::new(trainyard_bin())
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the trainyard binary starts");
    if let Some(mut input) = child.stdin.take() {
        // The program may exit without reading; a closed pipe is fine.
        let _ = input.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("trainyard runs to the end");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A plan written to a file in its own temporary directory (removed on drop).
pub struct TempPlan {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl TempPlan {
    /// Writes `text` to `<tempdir>/plan.json`.
    pub fn new(text: &str) -> TempPlan {
        Self::named("plan.json", text.as_bytes())
    }

    /// Writes `bytes` to `<tempdir>/<name>`.
    pub fn named(name: &str, bytes: &[u8]) -> TempPlan {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("the plan is written");
        TempPlan { dir, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary directory, for other files of the same test.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// The example plan `payments-q1.json` as a JSON value, to derive variants from.
pub fn payments_plan() -> serde_json::Value {
    let text = std::fs::read_to_string(example("payments-q1.json"))
        .expect("docs/examples/payments-q1.json is readable");
    serde_json::from_str(&text).expect("the example is JSON")
}
