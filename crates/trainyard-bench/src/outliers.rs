//! Plans shaped to make work grow faster than the plan: one deployment in
//! the year 9999, one lasting until then, and a release dependency chain of
//! 80,000. Each row is measured beside the full check of the 100k plan in the
//! same run, so a superlinear regression shows as a ratio, not a guess.

use std::time::Duration as StdDuration;

use chrono::{Duration, TimeZone, Utc};
use trainyard_core::risk::risk_scores;
use trainyard_core::*;

use crate::{median, ms};

/// The 100k plan with one more deployment of the first one's lane: in the
/// last days of 9999 when `lasting` is false, from its start until then when
/// it is true.
pub fn with_far_deployment(plan: &Plan, lasting: bool) -> Plan {
    let mut plan = plan.clone();
    let mut d = plan.deployments[0].clone();
    d.id = DeploymentId("far-away".into());
    let end = Utc.with_ymd_and_hms(9999, 12, 31, 0, 0, 0).unwrap();
    if !lasting {
        d.start = end - Duration::hours(2);
    }
    d.end = end;
    plan.deployments.push(d);
    plan
}

/// The 100k plan with its deployments spread over `n` releases, each
/// depending on the next.
pub fn release_chain(plan: &Plan, n: usize) -> Plan {
    let mut plan = plan.clone();
    plan.releases = (0..n)
        .map(|i| {
            let mut r = plan.releases[i % plan.releases.len()].clone();
            r.id = ReleaseId(format!("chain-{i}"));
            r.depends_on = if i + 1 < n {
                vec![ReleaseId(format!("chain-{}", i + 1))]
            } else {
                vec![]
            };
            r
        })
        .collect();
    for (i, d) in plan.deployments.iter_mut().enumerate() {
        d.release = ReleaseId(format!("chain-{}", i % n));
    }
    plan
}

/// Writes the three plans into `dir`, for timing the command line on them.
pub fn write_plans(plan: &Plan, dir: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let write = |name: &str, p: &Plan| std::fs::write(format!("{dir}/{name}"), plan_to_json(p));
    write("far-9999.json", &with_far_deployment(plan, false))?;
    write("until-9999.json", &with_far_deployment(plan, true))?;
    write("release-chain-80k.json", &release_chain(plan, 80_000))
}

/// A row whose value is expected near its baseline: the ratio is how many
/// times the baseline it took.
pub(crate) fn row(what: &str, value: StdDuration, target: &str, baseline: &str, base: StdDuration) {
    let times = value.as_secs_f64() / base.as_secs_f64().max(1e-12);
    println!(
        "| {what} | {} | {target} | {baseline}: {} | {times:.1}× the baseline |",
        ms(value),
        ms(base),
    );
}

/// The rows, given the full check of the 100k plan measured in this run.
pub fn rows(plan: &Plan, full: StdDuration) {
    let baseline = "full check of the 100k plan";
    let far = with_far_deployment(plan, false);
    let (t, report) = median(3, || check(&far));
    assert!(!report.conflicts.is_empty());
    row(
        "full check, 100k plan + one deployment in 9999",
        t,
        "≈ baseline",
        baseline,
        full,
    );
    let lasting = with_far_deployment(plan, true);
    let (t, report) = median(3, || check(&lasting));
    assert!(!report.conflicts.is_empty());
    row(
        "full check, 100k plan + one deployment lasting until 9999",
        t,
        "≈ baseline",
        baseline,
        full,
    );
    let chain = release_chain(plan, 80_000);
    let (t, scores) = median(3, || risk_scores(&chain));
    assert_eq!(scores.len(), 80_000);
    row(
        "risk of every release (`risk_scores`), 80k-long release chain",
        t,
        "≈ baseline",
        baseline,
        full,
    );
}
