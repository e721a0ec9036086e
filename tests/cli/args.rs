//! The command line itself: help, version, and bad arguments (exit 2, one line
//! naming the argument and pointing at the command's help).

use trainyard_tests::{example, trainyard};

fn payments() -> String {
    example("payments-q1.json").display().to_string()
}

const COMMANDS: [&str; 9] = [
    "check",
    "expand",
    "suggest",
    "gate",
    "risk",
    "metrics",
    "import",
    "export",
    "audit verify",
];

#[test]
fn help_exits_0_everywhere_with_usage_options_and_exit_codes() {
    for flag in ["--help", "-h"] {
        let run = trainyard(&[flag]);
        run.expect_code(0);
        assert!(
            run.stdout.contains("Usage: trainyard <COMMAND>"),
            "{}",
            run.stdout
        );
        for c in COMMANDS {
            assert!(run.stdout.contains(c), "the overview names {c}");
        }
        for c in COMMANDS {
            let mut args: Vec<&str> = c.split(' ').collect();
            args.push(flag);
            let run = trainyard(&args);
            run.expect_code(0);
            assert!(
                run.stdout.contains(&format!("Usage: trainyard {c}")),
                "{c}: {}",
                run.stdout
            );
            assert!(run.stdout.contains("Options:"), "{c}");
            assert!(run.stdout.contains("Exit codes:"), "{c}");
            assert!(run.stderr.is_empty());
        }
    }
}

#[test]
fn help_wins_over_other_arguments_and_has_a_help_command() {
    trainyard(&["gate", "--nonsense", "--help"]).expect_code(0);
    let run = trainyard(&["help", "expand"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Usage: trainyard expand"));
}

#[test]
fn version_prints_the_version() {
    let run = trainyard(&["--version"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("trainyard "), "{}", run.stdout);
    assert_eq!(run.stdout.lines().count(), 1);
}

/// Runs args, expects exit 2, one line on stderr containing `needle` and the help hint.
fn bad(args: &[&str], needle: &str, help: &str) {
    let run = trainyard(args);
    run.expect_code(2);
    assert_eq!(run.stdout, "", "{args:?}");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!("see '{help}'")),
        "{args:?}: {}",
        run.stderr
    );
}

#[test]
fn bad_arguments_exit_2_with_one_line_naming_the_argument() {
    let p = payments();
    bad(&[], "no command", "trainyard --help");
    bad(&["frobnicate"], "'frobnicate'", "trainyard --help");
    bad(&["check"], "PLAN", "trainyard check --help");
    bad(
        &["check", &p, "--formt", "json"],
        "'--formt'",
        "trainyard check --help",
    );
    bad(&["check", &p, "-x"], "'-x'", "trainyard check --help");
    bad(
        &["check", &p, "--format"],
        "'--format'",
        "trainyard check --help",
    );
    bad(
        &["check", &p, "--format", "yaml"],
        "'yaml'",
        "trainyard check --help",
    );
    bad(
        &["check", &p, "extra.json"],
        "'extra.json'",
        "trainyard check --help",
    );
    bad(
        &["check", &p, "--window", "w"],
        "'--window'",
        "trainyard check --help",
    );
    bad(
        &["expand", &p, "--to", "2027-01-01T00:00:00Z"],
        "'--from INSTANT'",
        "trainyard expand --help",
    );
    bad(
        &["suggest", &p],
        "'--deployment ID'",
        "trainyard suggest --help",
    );
    bad(
        &["risk", &p],
        "'--release RELEASE'",
        "trainyard risk --help",
    );
    bad(&["audit"], "verify", "trainyard audit --help");
    bad(&["audit", "check"], "'check'", "trainyard audit --help");
    bad(
        &["export", "x.trainyard"],
        "'--to PLAN.json'",
        "trainyard export --help",
    );
    bad(
        &["import", &p, "--to", "-"],
        "'--to'",
        "trainyard import --help",
    );
    bad(
        &["--format", "json", "check", &p],
        "'--format'",
        "trainyard --help",
    );
}
