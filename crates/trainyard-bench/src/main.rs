//! Speed of the core against baselines measured in the same run. Release build:
//!
//!   cargo run --release -p trainyard-bench [-- --cli target/release/trainyard]
//!
//! `--quick` leaves out the slow baselines (naive all-pairs, SQLite, the
//! reference check); `--repeat-check N` and `--repeat-parse N` run only the full
//! check or only parse + validate of the 100k plan, N times, for profilers;
//! `--write-plan PATH` writes the 100k plan's JSON. `--outliers` runs only
//! the rows of plans shaped to make work grow faster than the plan (beside
//! the full check they are measured against); `--write-outliers DIR` writes
//! those plans' JSON. `--governance` runs only the full check of the 100k
//! plan with release governance (1k bookings, 100 holds, 1k waivers, spread
//! as in use and densely) beside the same plan without it;
//! `--repeat-governance N` runs only the dense one, for profilers.
//!
//! Prints a Markdown table for docs/benchmarks.md. Timings are medians; each
//! line also gives the ratio to its baseline, which is what to compare across
//! machines (absolute numbers move with load).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration as StdDuration, Instant as StdInstant};

use chrono::{Duration, TimeZone, Utc};
use trainyard_bench::{add_governance, generate, record_outcomes, GovernanceSize, Rng, Size};
use trainyard_core::reference::{identities, naive_check};
use trainyard_core::*;

mod outliers;

fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (StdDuration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = StdInstant::now();
        let out = f();
        times.push(t.elapsed());
        last = Some(out);
    }
    times.sort();
    (times[runs / 2], last.expect("at least one run"))
}

fn ms(d: StdDuration) -> String {
    let v = d.as_secs_f64() * 1000.0;
    if v < 1.0 {
        format!("{:.3} ms", v)
    } else {
        format!("{:.1} ms", v)
    }
}

fn row(what: &str, value: StdDuration, target: &str, baseline: &str, base: StdDuration) {
    let ratio = base.as_secs_f64() / value.as_secs_f64().max(1e-12);
    println!(
        "| {what} | {} | {target} | {baseline}: {} | {:.1}× faster |",
        ms(value),
        ms(base),
        ratio
    );
}

fn main() {
    let mut cli: Option<PathBuf> = None;
    let mut quick = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--cli" => cli = args.next().map(PathBuf::from),
            // Skip the slow baselines (naive all-pairs, SQLite, reference check).
            "--quick" => quick = true,
            "--repeat-check" => {
                // For profilers: run only the full check, many times.
                let plan = generate(Size::LARGE, 7);
                let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
                for _ in 0..n {
                    std::hint::black_box(check(&plan));
                }
                return;
            }
            "--repeat-parse" => {
                // For profilers: run only parse + validate of the plan's JSON.
                let json = plan_to_json(&generate(Size::LARGE, 7));
                let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
                for _ in 0..n {
                    std::hint::black_box(parse_plan(&json).map(|p| p.deployments.len()).ok());
                }
                return;
            }
            "--repeat-governance" => {
                // For profilers: only the full check of the governed plan.
                let mut plan = generate(Size::LARGE, 7);
                add_governance(&mut plan, GovernanceSize::LARGE_DENSE, 11);
                let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
                for _ in 0..n {
                    std::hint::black_box(check(&plan));
                }
                return;
            }
            "--governance" => {
                let plan = generate(Size::LARGE, 7);
                println!("| measurement | median | target | baseline (same run) | ratio |");
                println!("|---|---|---|---|---|");
                governance_row(&plan, GovernanceSize::LARGE);
                governance_row(&plan, GovernanceSize::LARGE_DENSE);
                return;
            }
            "--outliers" => {
                let plan = generate(Size::LARGE, 7);
                println!("| measurement | median | target | baseline (same run) | ratio |");
                println!("|---|---|---|---|---|");
                let (full, _) = median(7, || check(&plan));
                outliers::rows(&plan, full);
                return;
            }
            "--write-outliers" => {
                let dir = args.next().unwrap_or_else(|| "outliers".into());
                if let Err(e) = outliers::write_plans(&generate(Size::LARGE, 7), &dir) {
                    eprintln!("cannot write the plans into {dir}: {e}");
                    std::process::exit(2);
                }
                return;
            }
            "--write-plan" => {
                let path = args.next().unwrap_or_else(|| "plan.json".into());
                let plan = generate(Size::LARGE, 7);
                if let Err(e) = std::fs::write(&path, plan_to_json(&plan)) {
                    eprintln!("cannot write {path}: {e}");
                    std::process::exit(2);
                }
                return;
            }
            other => {
                eprintln!("unknown argument {other:?}; usage: trainyard-bench [--cli PATH] [--quick] [--repeat-check N] [--repeat-parse N] [--write-plan PATH] [--outliers] [--write-outliers DIR] [--governance]");
                std::process::exit(2);
            }
        }
    }
    let plan = generate(Size::LARGE, 7);
    let json = plan_to_json(&plan);
    println!("Plan: {} deployments, {} releases, {} services, {} environments, {} windows; JSON {:.1} MB.\n", plan.deployments.len(), plan.releases.len(), plan.services.len(), plan.environments.len(), plan.windows.len(), json.len() as f64 / 1e6);
    println!("| measurement | median | target | baseline (same run) | ratio |");
    println!("|---|---|---|---|---|");

    // Parse and validate vs a bare serde_json parse.
    let (bare, _) = median(5, || {
        serde_json::from_str::<serde_json::Value>(&json).map(|v| v.is_object())
    });
    let (parsed, p) = median(5, || parse_plan(&json).map(|p| p.deployments.len()));
    assert_eq!(p.ok(), Some(plan.deployments.len()));
    row(
        "parse + validate 100k-deployment JSON",
        parsed,
        "≤ 1.3× baseline",
        "serde_json::Value parse",
        bare,
    );

    // Full check vs naive all-pairs overlap and the SQLite self-join.
    let (full, report) = median(7, || check(&plan));
    let overlaps = report
        .conflicts
        .iter()
        .filter(|c| c.rule == Rule::Overlap)
        .count();
    if !quick {
        let (naive, naive_pairs) = median(1, || naive_overlaps(&plan));
        assert_eq!(
            naive_pairs, overlaps,
            "the naive overlap count must agree with the engine"
        );
        row(
            &format!("full check, all {} rules", Rule::ALL.len()),
            full,
            "< 20 ms",
            "naive all-pairs `overlap` only",
            naive,
        );
        let (sql, sql_pairs) = sqlite_overlaps(&plan);
        assert_eq!(
            sql_pairs, overlaps,
            "the SQL overlap count must agree with the engine"
        );
        row(
            &format!("full check, all {} rules", Rule::ALL.len()),
            full,
            "< 20 ms",
            "SQLite self-join for `overlap` only (indexed)",
            sql,
        );
    } else {
        println!(
            "| full check, all {} rules | {} | < 20 ms | (baselines skipped) |  |",
            Rule::ALL.len(),
            ms(full)
        );
    }
    println!(
        "|  | {} conflicts ({} errors, {} warnings) |  |  |  |",
        report.conflicts.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning)
    );

    // All rules, engine vs reference, on a slice small enough for the reference.
    let small = generate(
        Size {
            services: 60,
            releases: 100,
            deployments: 5_000,
            windows: 20,
        },
        11,
    );
    if !quick {
        let (engine_small, r) = median(7, || check(&small));
        let (reference_small, n) = median(1, || naive_check(&small));
        assert_eq!(identities(&r.conflicts), n, "engine and reference disagree");
        row(
            "full check, 5k-deployment plan",
            engine_small,
            "—",
            "reference all-pairs check, all rules",
            reference_small,
        );
    }

    // Incremental re-check of one moved deployment vs a full re-check.
    let mut checker = Checker::owned(plan.clone());
    let mut rng = Rng::new(3);
    let mut times = Vec::with_capacity(1000);
    for _ in 0..1000 {
        let d = &plan.deployments[rng.below(plan.deployments.len() as u64) as usize];
        let shift = Duration::minutes(rng.below(96 * 60) as i64 - 48 * 60);
        let env = &plan.environments[rng.below(4) as usize].id;
        let t = StdInstant::now();
        checker
            .move_deployment(&d.id, d.start + shift, d.end + shift, env)
            .expect("known ids");
        let mine = checker.conflicts_of(&d.id);
        times.push(t.elapsed());
        std::hint::black_box(mine);
    }
    times.sort();
    row(
        "incremental re-check of one moved deployment (median of 1000)",
        times[500],
        "< 1 ms",
        "full check",
        full,
    );
    row(
        "incremental re-check, 99th percentile",
        times[990],
        "< 1 ms",
        "full check",
        full,
    );

    // Window expansion: re-anchored vs iterating from DTSTART.
    let rules = expansion_rules(1000);
    let from = Utc
        .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
        .single()
        .expect("valid");
    let to = Utc
        .with_ymd_and_hms(2028, 1, 1, 0, 0, 0)
        .single()
        .expect("valid");
    let (anchored, count) = median(5, || {
        rules
            .iter()
            .map(|w| windows::occurrences(w, from, to).len())
            .sum::<usize>()
    });
    let (from_start, count2) = median(5, || {
        rules
            .iter()
            .map(|w| {
                let rule = w.rrule.as_ref().expect("generated with a rule");
                let local_to = to.with_timezone(&w.timezone).naive_local();
                rule.expand(w.start, w.timezone, w.start, local_to)
                    .into_iter()
                    .filter(|l| time::resolve_local(*l, w.timezone) >= from)
                    .count()
            })
            .sum::<usize>()
    });
    assert!(count > 0 && count2 >= count.saturating_sub(1000));
    row(
        "expand 1,000 recurring windows over one year",
        anchored,
        "< 50 ms",
        "expanding each from its DTSTART (2023)",
        from_start,
    );

    // Suggest on the large plan.
    let target = report
        .conflicts
        .iter()
        .find(|c| c.severity == Severity::Error && !c.deployments.is_empty())
        .map(|c| c.deployments[0].clone());
    if let Some(id) = target {
        let checker = Checker::new(&plan);
        let (suggest, s) = median(5, || checker.suggest(&id));
        let found = s.map(|s| s.start.is_some()).unwrap_or(false);
        row(
            &format!(
                "suggest for a conflicting deployment ({})",
                if found { "found" } else { "none" }
            ),
            suggest,
            "—",
            "full check",
            full,
        );
    }

    // Delivery metrics over the year, with an outcome on every deployment.
    let mut recorded = plan.clone();
    record_outcomes(&mut recorded, 5);
    for (by, label) in [
        (None, "overall"),
        (Some(metrics::GroupBy::Service), "and per service"),
    ] {
        let (took, m) = median(7, || metrics::metrics(&recorded, from, to, by));
        let m = m.expect("a non-empty period");
        let in_period = recorded
            .deployments
            .iter()
            .filter_map(|d| d.outcome.as_ref()?.finished)
            .filter(|f| (from..to).contains(f))
            .count();
        assert_eq!(m.overall.deployments as usize, in_period);
        row(
            &format!("delivery metrics of 100k recorded outcomes over 2027, {label}"),
            took,
            "< 50 ms",
            "full check",
            full,
        );
    }
    // The rules that read outcomes (promotion and dependency order, overrun,
    // ran-outside-window) on the same plan with every outcome recorded.
    let (with_outcomes, r) = median(5, || check(&recorded));
    let count = |rule: Rule| r.conflicts.iter().filter(|c| c.rule == rule).count();
    outliers::row(
        &format!(
            "full check, 100k plan with an outcome on every deployment ({} conflicts: {} overrun, {} ran-outside-window, {} promotion-order)",
            r.conflicts.len(),
            count(Rule::Overrun),
            count(Rule::RanOutsideWindow),
            count(Rule::PromotionOrder),
        ),
        with_outcomes,
        "linear in the conflicts",
        "full check of the same plan without outcomes",
        full,
    );
    drop(recorded);

    // A million-long dependency chain.
    let chain = chain_plan(1_000_000);
    let (deep, r) = median(1, || check(&chain));
    assert!(r.conflicts.is_empty());
    row(
        "check of a 1,000,000-long service dependency chain",
        deep,
        "no stack overflow",
        "full check of the 100k plan",
        full,
    );

    // Far-away deployments and a long release chain.
    outliers::rows(&plan, full);

    // Release governance beside the same plan without it.
    governance_row(&plan, GovernanceSize::LARGE);
    governance_row(&plan, GovernanceSize::LARGE_DENSE);

    // The command line as a whole process.
    if let Some(cli) = cli {
        let dir = std::env::temp_dir().join(format!("trainyard-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("plan.json");
        std::fs::write(&path, &json).expect("write plan");
        let (process, status) = median(3, || {
            std::process::Command::new(&cli)
                .args(["check"])
                .arg(&path)
                .args(["--format", "json"])
                .stdout(std::process::Stdio::null())
                .status()
        });
        let ok = status
            .map(|s| s.code() == Some(1) || s.code() == Some(0))
            .unwrap_or(false);
        assert!(ok, "trainyard check failed to run");
        let (cat, _) = median(3, || std::fs::read_to_string(&path).map(|s| s.len()));
        row(
            "`trainyard check` process on the 100k plan (JSON)",
            process,
            "< 1 s",
            "reading the file",
            cat,
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The full check of `plan` with 1k bookings, 100 holds and 1k waivers,
/// against the full check of `plan` itself, measured alternately in the same
/// run so that load affects both alike.
fn governance_row(plan: &Plan, size: GovernanceSize) {
    let mut governed = plan.clone();
    add_governance(&mut governed, size, 11);
    let (mut plain_times, mut governed_times) = (vec![], vec![]);
    let (mut plain_report, mut governed_report) = (Report::default(), Report::default());
    // As in `median`, a report is dropped outside the timed part.
    for _ in 0..7 {
        let t = StdInstant::now();
        let report = check(plan);
        plain_times.push(t.elapsed());
        plain_report = report;
        let t = StdInstant::now();
        let report = check(&governed);
        governed_times.push(t.elapsed());
        governed_report = report;
    }
    plain_times.sort();
    governed_times.sort();
    let (base, value) = (plain_times[3], governed_times[3]);
    let count = |r: &Report, rule: Rule| r.conflicts.iter().filter(|c| c.rule == rule).count();
    let waived = governed_report
        .conflicts
        .iter()
        .filter(|c| {
            c.evidence
                .iter()
                .any(|e| matches!(e, Evidence::Waiver { .. }))
        })
        .count();
    println!(
        "| full check, 100k plan + 1k bookings, 100 holds, 1k waivers{} ({} on-hold, {} booking-conflict, {waived} waived; {} conflicts without) | {} | ≤ 1.5× baseline | full check of the same plan without them: {} | {:.2}× the baseline |",
        if size.dense { ", dense" } else { "" },
        count(&governed_report, Rule::OnHold),
        count(&governed_report, Rule::BookingConflict),
        plain_report.conflicts.len(),
        ms(value),
        ms(base),
        value.as_secs_f64() / base.as_secs_f64().max(1e-12)
    );
}

fn naive_overlaps(plan: &Plan) -> usize {
    let d = &plan.deployments;
    let mut n = 0;
    for i in 0..d.len() {
        for j in i + 1..d.len() {
            if d[i].service == d[j].service
                && d[i].environment == d[j].environment
                && d[i].start < d[j].end
                && d[j].start < d[i].end
            {
                n += 1;
            }
        }
    }
    n
}

/// The query a user would write against a table of deployments, with the
/// index they would add, in an in-memory database.
fn sqlite_overlaps(plan: &Plan) -> (StdDuration, usize) {
    let db = rusqlite::Connection::open_in_memory().expect("in-memory database");
    db.execute_batch("CREATE TABLE deployment (id TEXT PRIMARY KEY, service TEXT, environment TEXT, start INTEGER, end INTEGER); CREATE INDEX lane ON deployment(service, environment, start);").expect("schema");
    {
        let tx = db.unchecked_transaction().expect("transaction");
        {
            let mut ins = tx
                .prepare("INSERT INTO deployment VALUES (?1, ?2, ?3, ?4, ?5)")
                .expect("insert");
            for d in &plan.deployments {
                ins.execute(rusqlite::params![
                    d.id.as_str(),
                    d.service.as_str(),
                    d.environment.as_str(),
                    d.start.timestamp(),
                    d.end.timestamp()
                ])
                .expect("row");
            }
        }
        tx.commit().expect("commit");
    }
    db.execute_batch("ANALYZE").expect("analyze");
    let sql = "SELECT count(*) FROM deployment a JOIN deployment b ON a.service = b.service AND a.environment = b.environment AND a.id < b.id AND a.start < b.end AND b.start < a.end";
    median(3, || {
        db.query_row(sql, [], |r| r.get::<_, i64>(0))
            .expect("query") as usize
    })
}

fn expansion_rules(n: usize) -> Vec<Window> {
    let tz: chrono_tz::Tz = "America/New_York".parse().expect("zone");
    let rules = [
        "FREQ=WEEKLY;BYDAY=TU,TH",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=-3",
        "FREQ=DAILY;INTERVAL=2",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYMONTH=3,11;BYDAY=2SU",
    ];
    (0..n)
        .map(|i| Window {
            id: WindowId(format!("w{i}")),
            kind: WindowKind::Maintenance,
            name: None,
            scope: Scope::default(),
            start: chrono::NaiveDate::from_ymd_opt(2023, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
                .and_then(|d| d.and_hms_opt((i % 24) as u32, 30, 0))
                .expect("valid"),
            duration: time::NominalDuration {
                days: 0,
                seconds: 4 * 3600,
            },
            timezone: tz,
            rrule: Some(rules[i % rules.len()].parse().expect("valid rule")),
            exdates: vec![],
            allow_emergency: false,
            x: None,
        })
        .collect()
}

fn chain_plan(n: usize) -> Plan {
    let mut plan = Plan::default();
    let ids: BTreeSet<usize> = (0..n).collect();
    for i in ids {
        plan.services.push(Service {
            id: ServiceId(format!("s{i}")),
            name: None,
            team: None,
            tier: None,
            data_classes: vec![],
            depends_on: if i + 1 < n {
                vec![ServiceId(format!("s{}", i + 1))]
            } else {
                vec![]
            },
            x: None,
        });
    }
    plan
}
