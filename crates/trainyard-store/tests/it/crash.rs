//! Kill a writer with SIGKILL at random moments and check that the file is
//! intact and holds every edit whose commit was acknowledged.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;
use trainyard_core::format::deployment_to_value;
use trainyard_store::{verify_audit_file, Store};

use crate::util::*;

const BIN: &str = env!("CARGO_BIN_EXE_trainyard-store-crashloop");

/// xorshift64*: enough randomness for kill delays without a dependency.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

fn seed() -> u64 {
    let s = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    eprintln!("crash test seed: {s} (rerun with CRASH_SEED={s})");
    s | 1
}

/// Runs the helper until `delay` after it is ready, kills it with SIGKILL and
/// returns the acknowledged `(revision, action)` lines (complete lines only).
fn run_and_kill(args: &[&std::ffi::OsStr], delay: Duration) -> Vec<(u64, String)> {
    let mut child: Child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the crash loop helper");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut line = String::new();
        while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
            if line.ends_with('\n') {
                let _ = tx.send(line.trim_end().to_owned());
            }
            line.clear();
        }
    });
    let ready = rx.recv_timeout(Duration::from_secs(20));
    if !matches!(&ready, Ok(l) if l.starts_with("ready")) {
        let _ = child.kill();
        let mut err = String::new();
        let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
        panic!("the helper did not start: {ready:?}; stderr: {err}");
    }
    std::thread::sleep(delay);
    child.kill().expect("SIGKILL the helper");
    let status = child.wait().expect("reap the helper");
    assert!(
        !status.success(),
        "the helper was killed, it did not exit: {status:?}"
    );
    reader.join().expect("reader thread");
    rx.try_iter()
        .filter_map(|l| {
            let mut parts = l.splitn(3, ' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("ack"), Some(rev), Some(action)) => {
                    Some((rev.parse().ok()?, action.to_owned()))
                }
                _ => None,
            }
        })
        .collect()
}

/// Rounds of the edit loop: `CRASH_ROUNDS`, or 30 (about 10 s). The import
/// loop runs a quarter as many (at least 8). `scripts/crashloop.sh ROUNDS`
/// runs the long version.
fn rounds() -> u64 {
    std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
}

fn integrity_check(path: &Path) {
    let result: String = raw(path)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check runs");
    assert_eq!(result, "ok", "{}", path.display());
}

#[test]
fn killing_the_writer_at_random_moments_never_loses_an_acknowledged_edit() {
    let t = temp_path();
    drop(Store::create(&t.path, &example(), opts()).unwrap());
    let mut rng = Rng(seed());
    let started = Instant::now();
    let mut total_acks = 0;
    let mut last_acked = 1;

    let export = t.dir.path().join("plan.trainyard.export.json");
    let mut exports = 0;
    let rounds = rounds();
    for round in 0..rounds {
        let delay = Duration::from_millis(5 + rng.below(150));
        let all = run_and_kill(&[t.path.as_os_str()], delay);
        let (exported, acks): (Vec<_>, Vec<_>) = all.into_iter().partition(|(_, a)| a == "export");
        total_acks += acks.len();
        exports += exported.len();
        // An export is the whole plan of some revision or not there at all.
        if let Ok(text) = std::fs::read_to_string(&export) {
            trainyard_core::parse_plan(&text)
                .unwrap_or_else(|e| panic!("round {round}: a half-written export: {e}"));
        }

        integrity_check(&t.path);
        let v = verify_audit_file(&t.path).unwrap();
        assert!(
            v.ok,
            "round {round}: the audit chain verifies after a kill: {v:?}"
        );

        let store = Store::open(&t.path, opts()).unwrap();
        if let Some((rev, _)) = acks.last() {
            last_acked = *rev;
        }
        assert!(
            store.revision() >= last_acked,
            "round {round}: revision {} but {last_acked} was acknowledged",
            store.revision()
        );

        // Every acknowledged edit is in the history with its label...
        let log = store.audit_log(usize::MAX, None).unwrap();
        let by_seq: HashMap<u64, &str> = log.iter().map(|e| (e.seq, e.action.as_str())).collect();
        for (rev, action) in &acks {
            assert_eq!(
                by_seq.get(rev).copied(),
                Some(action.as_str()),
                "round {round}: revision {rev}"
            );
        }
        // ...and the plan is exactly what the history says it last became.
        let mut last: HashMap<String, Value> = HashMap::new();
        for entry in log.iter().rev() {
            for c in entry.changes.as_array().into_iter().flatten() {
                if c["kind"] == "deployment" {
                    last.insert(
                        c["id"].as_str().unwrap_or_default().to_owned(),
                        c["after"].clone(),
                    );
                }
            }
        }
        for (id, after) in &last {
            let actual = store
                .plan()
                .deployment(id)
                .map(deployment_to_value)
                .unwrap_or(Value::Null);
            assert_eq!(&actual, after, "round {round}: deployment {id}");
        }
    }
    assert!(
        total_acks as u64 >= rounds,
        "the helper got to edit between kills ({total_acks} edits)"
    );
    assert!(exports > 0, "the helper got to export between kills");
    eprintln!(
        "crash test: {rounds} kills, {total_acks} acknowledged edits, {exports} exports in {:?}",
        started.elapsed()
    );
}

#[test]
fn killing_an_import_never_leaves_a_half_written_plan() {
    let t = temp_path();
    let json = t.dir.path().join("plan.json");
    std::fs::write(&json, example_text()).unwrap();
    let out = t.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut rng = Rng(seed());
    let mut acked = 0;
    let started = Instant::now();
    let rounds = (rounds() / 4).max(8);

    for _ in 0..rounds {
        let delay = Duration::from_millis(rng.below(80));
        let acks = run_and_kill(
            &[
                std::ffi::OsStr::new("--import"),
                json.as_os_str(),
                out.as_os_str(),
            ],
            delay,
        );
        acked += acks.len();
        for entry in std::fs::read_dir(&out).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue; // the temporary file of an interrupted import
            }
            if !name.ends_with(".trainyard") {
                continue; // -wal / -shm of a file being opened when killed
            }
            integrity_check(&path);
            let plan = Store::open_read_only(&path)
                .unwrap_or_else(|e| panic!("a published plan file is complete: {e}"));
            assert_eq!(plan, example());
            std::fs::remove_file(&path).unwrap();
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
    assert!(acked > 0, "some imports completed");
    eprintln!(
        "crash test: {rounds} kills during imports, {acked} imports completed in {:?}",
        started.elapsed()
    );
}
