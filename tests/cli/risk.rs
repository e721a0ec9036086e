//! `trainyard risk`: a release's score and its factors.

use trainyard_tests::{example, trainyard};

fn payments() -> String {
    example("payments-q1.json").display().to_string()
}

#[test]
fn the_json_score_is_the_sum_of_its_factors() {
    let run = trainyard(&["risk", &payments(), "--release", "r1", "--format", "json"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["release"], "r1");
    let score = v["score"].as_u64().expect("a score");
    assert!(score <= 100);
    assert!(["low", "medium", "high", "critical"].contains(&v["level"].as_str().unwrap()));
    let factors = v["factors"].as_array().expect("factors");
    assert!(!factors.is_empty());
    let sum: u64 = factors.iter().map(|f| f["points"].as_u64().unwrap()).sum();
    assert_eq!(sum, score);
    for f in factors {
        for key in ["key", "label", "points", "max", "detail"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(f["points"].as_u64() <= f["max"].as_u64());
    }
}

#[test]
fn the_text_shows_score_level_and_a_factor_table() {
    let run = trainyard(&["risk", &payments(), "--release", "r1"]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("Risk of Ledger 4.2 (r1): "),
        "{}",
        run.stdout
    );
    assert!(lines[0].contains("/100, "), "{}", run.stdout);
    assert!(lines[2].starts_with("FACTOR"), "{}", run.stdout);
    assert!(lines[2].contains("POINTS") && lines[2].contains("DETAIL"));
}

#[test]
fn an_unknown_release_is_a_usage_error() {
    let run = trainyard(&["risk", &payments(), "--release", "r9"]);
    run.expect_code(2);
    assert!(run.stderr.contains("'--release'"), "{}", run.stderr);
}
