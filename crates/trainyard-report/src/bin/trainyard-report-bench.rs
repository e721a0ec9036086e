//! Times the PDF release summary of a generated 200-release plan against the
//! conflict check of the same plan (a same-run baseline, so the figure is a
//! ratio that survives a slower machine).
//!
//! Run: `cargo run --release -p trainyard-report --bin trainyard-report-bench [RELEASES]`

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use trainyard_report::sample::generated_plan;
use trainyard_report::{summary_pdf, SummaryOptions};

fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let out = f();
        times.push(t.elapsed());
        last = Some(out);
    }
    times.sort();
    (times[runs / 2], last.expect("runs > 0"))
}

fn main() {
    let releases: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let plan = generated_plan(releases);
    let generated_at = Utc
        .with_ymd_and_hms(2027, 1, 4, 9, 0, 0)
        .single()
        .expect("a valid instant");
    let mut opts = SummaryOptions::new(generated_at);
    opts.revision = Some(42);
    opts.audit_head = Some("3f2a9c1d5e7b8a90c1d2e3f4a5b6c7d8e9f00112".into());
    // The first render parses the embedded fonts once per process.
    let t = Instant::now();
    let first = summary_pdf(&plan, &opts).expect("the summary renders");
    let cold = t.elapsed();
    let (pdf_time, pdf) = median(5, || {
        summary_pdf(&plan, &opts).expect("the summary renders")
    });
    assert_eq!(first, pdf, "the summary must be deterministic");
    let (check_time, report) = median(5, || trainyard_core::check(&plan));
    // Page objects: `/Type/Page` not followed by `s` (that is `/Pages`).
    let pages = pdf
        .windows(11)
        .filter(|w| w.starts_with(b"/Type/Page") && w[10] != b's')
        .count();
    println!(
        "plan: {releases} releases, {} deployments, {} conflicts",
        plan.deployments.len(),
        report.conflicts.len()
    );
    let mut by_rule: Vec<(&str, usize)> = trainyard_core::Rule::ALL
        .iter()
        .map(|r| {
            (
                r.as_str(),
                report.conflicts.iter().filter(|c| c.rule == *r).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    by_rule.sort();
    println!(
        "conflicts by rule: {}",
        by_rule
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "summary_pdf: median of 5 {:.1} ms (first, with font parsing, {:.1} ms)",
        pdf_time.as_secs_f64() * 1e3,
        cold.as_secs_f64() * 1e3
    );
    println!(
        "summary size: {} bytes ({:.1} KB){}",
        pdf.len(),
        pdf.len() as f64 / 1024.0,
        if pages > 0 {
            format!(", {pages} pages")
        } else {
            String::new()
        }
    );
    println!(
        "baseline trainyard_core::check: median of 5 {:.1} ms",
        check_time.as_secs_f64() * 1e3
    );
    println!(
        "ratio summary_pdf / check: {:.1}",
        pdf_time.as_secs_f64() / check_time.as_secs_f64().max(1e-9)
    );
}
