//! `trainyard metrics PLAN --from --to [--by]`: delivery metrics of the
//! recorded outcomes in a period (`docs/metrics.md`).

use serde::Serialize;
use trainyard_core::metrics::{metrics, Group, GroupBy, Measures};
use trainyard_core::time::{format_instant, human_time};

use crate::args::{Format, MetricsArgs};
use crate::output::{Out, Table};

/// The JSON answer: `{"from", "to", "overall", "groups"}`.
#[derive(Serialize)]
struct Answer<'a> {
    from: String,
    to: String,
    overall: &'a Measures,
    groups: &'a [Group],
}

pub fn run(a: &MetricsArgs, out: &mut Out) -> u8 {
    let plan = match super::plan(&a.plan, a.format, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let m = match metrics(&plan, a.from, a.to, a.by) {
        Ok(m) => m,
        // The arguments were checked; this is the core's word on the same rule.
        Err(e) => return super::usage("metrics", "to", e),
    };
    if a.format == Format::Json {
        out.json(&Answer {
            from: format_instant(m.from),
            to: format_instant(m.to),
            overall: &m.overall,
            groups: &m.groups,
        });
        return 0;
    }
    let style = out.style;
    let tz = plan.timezone;
    out.line(format!(
        "{} from {} to {} {}",
        style.bold("Delivery metrics"),
        human_time(a.from, tz),
        human_time(a.to, tz),
        style.dim(&format!("(times in {})", tz.name()))
    ));
    out.line("");
    let first = match a.by {
        None => "",
        Some(GroupBy::Service) => "SERVICE",
        Some(GroupBy::Team) => "TEAM",
        Some(GroupBy::Environment) => "ENVIRONMENT",
    };
    let mut t = Table::new(&[
        first,
        "DEPLOYMENTS",
        "PER WEEK",
        "LEAD TIME",
        "FAILURE RATE",
        "TIME TO RESTORE",
        "ON TIME",
        "START DELAY",
        "OVERRUNS",
    ]);
    for g in &m.groups {
        let key = match (&g.key, a.by) {
            (Some(k), _) => k.clone(),
            (None, Some(GroupBy::Team)) => "(no team)".to_owned(),
            (None, _) => "(none)".to_owned(),
        };
        t.row(cells(key, &g.measures));
    }
    t.row(cells("all".to_owned(), &m.overall));
    out.human(t.render(&style, ""));
    if m.overall.deployments == 0 {
        out.line("");
        out.line("No deployment with a recorded outcome finished in this period.");
    }
    0
}

fn cells(label: String, m: &Measures) -> Vec<String> {
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_owned());
    let percent = |r: Option<f64>| or_dash(r.map(|r| format!("{:.1} %", r * 100.0)));
    vec![
        label,
        m.deployments.to_string(),
        format!("{:.2}", m.deployment_frequency_per_week),
        or_dash(m.lead_time_hours.map(|h| format!("{h:.2} h"))),
        percent(m.change_failure_rate),
        or_dash(m.time_to_restore_hours.map(|h| format!("{h:.2} h"))),
        percent(m.adherence.on_time_rate),
        or_dash(
            m.adherence
                .median_start_delay_minutes
                .map(|d| format!("{d:+.1} min")),
        ),
        m.adherence.overruns.to_string(),
    ]
}
