//! Hostile inputs to the binary: endless sources, huge values, names that try
//! to drive the terminal. Each gets a bounded, clear answer.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use trainyard_tests::{trainyard, trainyard_bin, TempPlan};

use crate::small_plan;

/// Runs the binary and kills it if it has not finished within `limit`: a
/// read that never ends fails the test instead of hanging it.
fn run_with_deadline(
    args: &[&str],
    env: &[(&str, &str)],
    endless_stdin: bool,
    limit: Duration,
) -> (i32, String, String) {
    let mut child = Command::new(trainyard_bin())
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the trainyard binary starts");
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        if endless_stdin {
            let chunk = [b' '; 64 * 1024];
            // Ends when the program stops reading (a broken pipe).
            while stdin.write_all(&chunk).is_ok() {}
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("trainyard {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = feeder.join();
    (
        status.code().unwrap_or(-1),
        out.join().unwrap(),
        err.join().unwrap(),
    )
}

#[test]
fn an_endless_plan_file_is_refused_at_the_size_limit() {
    // It used to be read until memory ran out. The default limit (256 MiB) is
    // reached in seconds.
    let (code, _, stderr) = run_with_deadline(
        &["check", "/dev/urandom"],
        &[],
        false,
        Duration::from_secs(240),
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "error: cannot read '/dev/urandom': larger than the input limit of 256 MiB \
         (set TRAINYARD_MAX_INPUT_BYTES to a number of bytes to raise it)"
    );
}

#[test]
fn an_endless_standard_input_is_refused_at_the_size_limit() {
    let (code, _, stderr) = run_with_deadline(
        &["check", "-"],
        &[("TRAINYARD_MAX_INPUT_BYTES", "1048576")],
        true,
        Duration::from_secs(60),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot read standard input: larger than the input limit of 1 MiB"),
        "{stderr}"
    );
}

#[test]
fn a_calendar_beyond_the_size_limit_is_refused() {
    let plan = TempPlan::new(&small_plan().to_string());
    let (code, _, stderr) = run_with_deadline(
        &[
            "import-ics",
            plan.path().to_str().unwrap(),
            "/dev/zero",
            "--kind",
            "blackout",
        ],
        &[("TRAINYARD_MAX_INPUT_BYTES", "4096")],
        false,
        Duration::from_secs(60),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("'/dev/zero': larger than the input limit of 4096 bytes"),
        "{stderr}"
    );
}

#[test]
fn a_plan_within_a_raised_limit_is_read() {
    let plan = TempPlan::new(&small_plan().to_string());
    let (code, _, stderr) = run_with_deadline(
        &["check", plan.path().to_str().unwrap()],
        &[("TRAINYARD_MAX_INPUT_BYTES", "100000")],
        false,
        Duration::from_secs(60),
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_50_mb_bad_value_is_not_echoed_whole() {
    let mut v = small_plan();
    v["deployments"][0]["start"] = Value::String("x".repeat(50_000_000));
    let plan = TempPlan::new(&v.to_string());
    let path = plan.path().to_str().unwrap();
    let text = trainyard(&["check", path]);
    text.expect_code(2);
    assert!(text.stderr.len() < 1000, "{} bytes", text.stderr.len());
    assert!(
        text.stderr
            .contains(&format!("got \"{}…\" (50000000 bytes)", "x".repeat(80))),
        "{}",
        text.stderr
    );
    let json = trainyard(&["check", path, "--format", "json"]);
    json.expect_code(2);
    assert!(json.stdout.len() < 1000, "{} bytes", json.stdout.len());
    assert_eq!(json.json()["errors"][0]["path"], "$.deployments[0].start");
}

/// A plan whose names try to recolour the terminal, set its title, forge a
/// log line and reverse the text.
fn hostile_plan() -> Value {
    let mut v = small_plan();
    v["name"] = Value::String("Q1\u{1b}]0;owned\u{7}\u{1b}[2J".into());
    v["environments"][0]["name"] = Value::String("prod\r\nerror: forged line".into());
    v["releases"][0]["name"] = Value::String("safe \u{202e}dorp".into());
    v["deployments"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "d2", "release": "r1", "service": "api", "environment": "prod",
            "start": "2027-01-05T10:30:00Z", "end": "2027-01-05T11:30:00Z"
        }));
    v
}

#[test]
fn control_and_bidi_characters_in_names_are_escaped_in_text_output() {
    let plan = TempPlan::new(&hostile_plan().to_string());
    let path = plan.path().to_str().unwrap();
    for args in [
        vec!["check", path],
        vec!["risk", path],
        vec![
            "expand",
            path,
            "--from",
            "2027-01-01T00:00:00Z",
            "--to",
            "2027-02-01T00:00:00Z",
        ],
    ] {
        let run = trainyard(&args);
        for stream in [&run.stdout, &run.stderr] {
            assert!(!stream.contains('\u{1b}'), "{args:?}: {stream:?}");
            assert!(!stream.contains('\r'), "{args:?}: {stream:?}");
            assert!(!stream.contains('\u{7}'), "{args:?}: {stream:?}");
            assert!(!stream.contains('\u{202e}'), "{args:?}: {stream:?}");
            assert!(
                !stream.lines().any(|l| l.starts_with("error: forged")),
                "{args:?}: {stream:?}"
            );
        }
    }
    let run = trainyard(&["check", path]);
    assert!(
        run.stdout.contains("Q1\\u{1b}]0;owned\\u{7}\\u{1b}[2J"),
        "{}",
        run.stdout
    );
}

#[test]
fn json_output_keeps_plan_text_exact() {
    let text = small_plan()
        .to_string()
        .replacen('{', "{\"bad\\u001b[2J\\r\\n\u{202e}\":1,", 1);
    let plan = TempPlan::new(&text);
    let run = trainyard(&["check", plan.path().to_str().unwrap(), "--format", "json"]);
    run.expect_code(2);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "JSON escapes control characters"
    );
    assert_eq!(
        run.json()["errors"][0]["path"],
        "$.bad\u{1b}[2J\r\n\u{202e}"
    );
}

#[test]
fn problem_paths_with_line_breaks_stay_on_one_line() {
    let text = small_plan()
        .to_string()
        .replacen('{', "{\"bad\\r\\nerror: forged\":1,", 1);
    let plan = TempPlan::new(&text);
    let run = trainyard(&["check", plan.path().to_str().unwrap()]);
    run.expect_code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
}

#[test]
fn look_alike_ids_are_named_on_stderr_without_changing_the_result() {
    let mut v = small_plan();
    v["environments"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "pr\u{043e}d", "order": 2}));
    let plan = TempPlan::new(&v.to_string());
    let path = plan.path().to_str().unwrap();
    let text = trainyard(&["check", path]);
    text.expect_code(0);
    assert_eq!(
        text.stderr.trim_end(),
        "warning: environment ids look alike: \"prod\", \"pr\u{043e}d\" (U+043E at 3)"
    );
    // JSON mode: the same report, and nothing on stderr.
    let json = trainyard(&["check", path, "--format", "json"]);
    json.expect_code(0);
    assert_eq!(json.stderr, "");
    let plain = TempPlan::new(&small_plan().to_string());
    assert_eq!(
        trainyard(&["check", plain.path().to_str().unwrap()]).stderr,
        ""
    );
}
