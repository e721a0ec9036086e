//! The command line as a whole: typed commands from good lines, and one
//! error naming the argument from bad ones.

use std::ffi::OsString;
use std::path::PathBuf;

use chrono::Duration;
use trainyard_core::{ServiceId, WindowId, WindowKind};
use trainyard_report::{Detail, LaneMode, Paper};

use super::*;

fn p(args: &[&str]) -> Result<Command, UsageError> {
    parse(args.iter().map(OsString::from))
}

fn err(args: &[&str]) -> String {
    match p(args) {
        Err(e) => e.to_string(),
        Ok(c) => panic!("expected an error for {args:?}, got {c:?}"),
    }
}

#[test]
fn check_takes_a_plan_and_a_format() {
    assert_eq!(
        p(&["check", "a.json", "--format=json"]).unwrap(),
        Command::Check(CheckArgs {
            plan: Source::File("a.json".into()),
            format: Format::Json,
            as_of: None
        })
    );
    assert_eq!(
        p(&["check", "-", "--format", "text"]).unwrap(),
        Command::Check(CheckArgs {
            plan: Source::Stdin,
            format: Format::Text,
            as_of: None
        })
    );
}

#[test]
fn check_takes_a_reference_time_for_reviews() {
    let Command::Check(a) = p(&["check", "a.json", "--as-of", "2027-03-25T00:00:00Z"]).unwrap()
    else {
        panic!("a check command");
    };
    assert_eq!(
        a.as_of,
        Some(trainyard_core::time::parse_instant("2027-03-25T00:00:00Z").unwrap())
    );
    assert!(p(&["check", "a.json", "--as-of", "soon"]).is_err());
}

#[test]
fn help_wins_over_other_mistakes() {
    assert_eq!(
        p(&["gate", "--bogus", "-h"]).unwrap(),
        Command::Help(Some(Cmd::Gate))
    );
    assert_eq!(p(&["--help"]).unwrap(), Command::Help(None));
    assert_eq!(p(&["help"]).unwrap(), Command::Help(None));
    assert_eq!(
        p(&["help", "expand"]).unwrap(),
        Command::Help(Some(Cmd::Expand))
    );
    assert_eq!(
        p(&["audit", "verify", "--help"]).unwrap(),
        Command::Help(Some(Cmd::AuditVerify))
    );
}

#[test]
fn errors_name_the_argument_and_point_at_help() {
    let e = err(&["check", "a.json", "--formt", "json"]);
    assert!(e.contains("'--formt'"), "{e}");
    assert!(e.ends_with("see 'trainyard check --help'"), "{e}");
    assert!(err(&["expand", "a.json", "--to", "2027-01-01T00:00:00Z"]).contains("--from INSTANT"));
    assert!(err(&["expand", "a.json", "--from", "yesterday", "--to", "x"]).contains("'--from'"));
    assert!(err(&["frobnicate"]).contains("unknown command 'frobnicate'"));
    assert!(err(&["check"]).contains("missing argument PLAN"));
    assert!(err(&["check", "a", "b"]).contains("unexpected argument 'b'"));
    assert!(err(&["check", "a", "--window", "w"]).contains("does not apply"));
    assert!(err(&["check", "a", "--format"]).contains("needs a value"));
    assert!(err(&["check", "a", "--format", "xml"]).contains("'xml'"));
    assert!(err(&["check", "a", "--format", "json", "--format", "text"]).contains("more than once"));
    assert!(err(&[]).contains("no command"));
    assert!(err(&["audit"]).contains("verify"));
    assert!(err(&[
        "gate",
        "p",
        "--service",
        "s",
        "--environment",
        "e",
        "--duration",
        "PT0S"
    ])
    .contains("longer than zero"));
    assert!(err(&[
        "gate",
        "p",
        "--service",
        "s",
        "--environment",
        "e",
        "--duration",
        "1h"
    ])
    .contains("'--duration'"));
    assert!(err(&["check", "a", "--version=1"]).contains("takes no value"));
}

#[test]
fn gate_has_defaults() {
    let Command::Gate(g) = p(&["gate", "p", "--service", "s", "--environment", "e"]).unwrap()
    else {
        panic!()
    };
    assert_eq!(g.duration, Duration::hours(1));
    assert_eq!(g.id.as_str(), "gate");
    assert_eq!(g.at, None);
    assert_eq!(g.release, None);
}

#[test]
fn window_may_repeat_and_export_may_write_stdout() {
    let Command::Expand(e) = p(&[
        "expand",
        "p",
        "--from",
        "2027-01-01T00:00:00Z",
        "--to",
        "2027-02-01T00:00:00+01:00",
        "--window",
        "a",
        "--window=b",
    ])
    .unwrap() else {
        panic!()
    };
    assert_eq!(e.windows, vec![WindowId::from("a"), WindowId::from("b")]);
    assert_eq!(
        p(&["export", "s.trainyard", "--to", "-"]).unwrap(),
        Command::Export(ExportArgs {
            store: "s.trainyard".into(),
            to: Target::Stdout,
            sign: None,
        })
    );
    assert_eq!(
        p(&["export", "s.trainyard", "--to", "p.json", "--sign", "k"]).unwrap(),
        Command::Export(ExportArgs {
            store: "s.trainyard".into(),
            to: Target::File("p.json".into()),
            sign: Some("k".into()),
        })
    );
    assert_eq!(
        p(&["keygen", "--to", "k"]).unwrap(),
        Command::Keygen(KeygenArgs { to: "k".into() })
    );
    assert_eq!(
        p(&["verify", "p.json", "--key", "k.pub"]).unwrap(),
        Command::Verify(VerifyArgs {
            file: "p.json".into(),
            key: "k.pub".into(),
        })
    );
    assert!(p(&["verify", "p.json"]).is_err(), "--key is required");
}

#[test]
fn reports_take_a_subcommand_an_output_and_options() {
    let Command::ReportSummary(r) = p(&[
        "report",
        "summary",
        "p.json",
        "-o",
        "out.pdf",
        "--paper",
        "Letter",
        "--lanes=environment",
        "--detail",
        "conflicts",
        "--from",
        "2027-01-01T00:00:00Z",
        "--to",
        "2027-02-01T00:00:00Z",
    ])
    .unwrap() else {
        panic!()
    };
    assert_eq!(r.output, Target::File("out.pdf".into()));
    assert_eq!(r.paper, Paper::Letter);
    assert_eq!(r.lanes, LaneMode::Environment);
    assert_eq!(r.detail, Detail::Conflicts);
    assert!(r.period.is_some());
    assert_eq!(r.generated_at, None);
    let Command::ReportCab(c) =
        p(&["report", "cab", "p.json", "--release", "r1", "--output=-"]).unwrap()
    else {
        panic!()
    };
    assert_eq!(c.output, Target::Stdout);
    assert_eq!(c.paper, Paper::A4);
    assert_eq!(
        p(&["report", "cab", "--help"]).unwrap(),
        Command::Help(Some(Cmd::ReportCab))
    );
    assert!(err(&["report"]).contains("expected 'summary' or 'cab'"));
    assert!(err(&["report", "summary", "p"]).contains("'-o/--output OUT.pdf'"));
    assert!(err(&["report", "summary", "p", "-o"]).contains("'-o' needs a value"));
    assert!(err(&[
        "report",
        "summary",
        "p",
        "-o",
        "x",
        "--to",
        "2027-01-01T00:00:00Z"
    ])
    .contains("needs '--from'"));
    assert!(err(&["check", "p", "-o", "x"]).contains("does not apply"));
}

#[test]
fn import_ics_takes_two_files_a_kind_and_a_scope() {
    let Command::ImportIcs(i) = p(&[
        "import-ics",
        "p.json",
        "h.ics",
        "--kind",
        "blackout",
        "--environments",
        "prod, staging",
        "--environments=prod,qa",
        "--services",
        "api",
        "--dry-run",
    ])
    .unwrap() else {
        panic!()
    };
    assert_eq!(i.plan, PathBuf::from("p.json"));
    assert_eq!(i.ics, Source::File("h.ics".into()));
    assert_eq!(i.kind, WindowKind::Blackout);
    let envs: Vec<&str> = i.environments.iter().map(|e| e.as_str()).collect();
    assert_eq!(envs, ["prod", "staging", "qa"]);
    assert_eq!(i.services, vec![ServiceId::from("api")]);
    assert_eq!(i.prefix, DEFAULT_ICS_PREFIX);
    assert!(i.dry_run);
    let Command::ImportIcs(i) = p(&[
        "import-ics",
        "p.json",
        "-",
        "--kind",
        "maintenance",
        "--prefix",
        "",
    ])
    .unwrap() else {
        panic!()
    };
    assert_eq!(i.ics, Source::Stdin);
    assert_eq!(i.prefix, "");
    assert!(!i.dry_run);
    assert!(err(&["import-ics", "p.json", "h.ics"]).contains("--kind blackout|maintenance"));
    assert!(err(&["import-ics", "p.json", "p.json", "--kind", "blackout"]).contains("same file"));
    assert!(err(&["import-ics", "p", "h", "x", "--kind", "blackout"]).contains("'x'"));
    assert!(err(&[
        "import-ics",
        "p",
        "h",
        "--kind",
        "blackout",
        "--dry-run",
        "--dry-run"
    ])
    .contains("more than once"));
}

#[test]
fn export_csv_and_demo() {
    let Command::ExportCsv(c) = p(&[
        "export-csv",
        "p.json",
        "-o",
        "x.csv",
        "--excel",
        "--conflicts",
    ])
    .unwrap() else {
        panic!()
    };
    assert!(c.excel && c.conflicts);
    assert_eq!(
        p(&["demo"]).unwrap(),
        Command::Demo(DemoArgs {
            target: DemoTarget::Stdout
        })
    );
    assert_eq!(
        p(&["demo", "--store", "d.trainyard"]).unwrap(),
        Command::Demo(DemoArgs {
            target: DemoTarget::Store("d.trainyard".into())
        })
    );
    assert_eq!(
        p(&["demo", "--to", "d.json"]).unwrap(),
        Command::Demo(DemoArgs {
            target: DemoTarget::Json("d.json".into())
        })
    );
    assert!(err(&["demo", "--to", "a", "--store", "b"]).contains("not both"));
}
