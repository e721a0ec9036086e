//! The summary's "Delivery metrics" section, printed only when deployments
//! with a recorded outcome finished in its period: the four DORA measures
//! and adherence to the plan as headline figures, the same measures per
//! environment (per service when the period has one environment), then the
//! charts of `metrics_charts.rs`.
//!
//! Every number comes from `trainyard_core::metrics` (`docs/metrics.md`);
//! this module only chooses the period, formats and lays out, so the page
//! and `trainyard metrics` can never disagree.

use chrono::{Datelike, Duration};
use trainyard_core::metrics::{metrics, Group, GroupBy, Measures, Metrics};
use trainyard_core::time::Instant;
use trainyard_core::*;

use super::contents::METRICS;
use super::metrics_charts;
use crate::facts::{environments_in_order, Clock};
use crate::font::Weight;
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc, Rgb, Style};

/// The most group rows the table prints, so the section stays about a page
/// whatever the number of services; `trainyard metrics --by` lists them all.
const TABLE_ROWS: usize = 16;

/// Where the section's period comes from (the page says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodSource {
    /// `--from`/`--to`: the summary's own period.
    Chosen,
    /// No period was chosen: the whole weeks around the recorded outcomes.
    Outcomes,
}

/// What the section shows, worked out before anything is drawn (the
/// contents list it only when it exists).
pub(super) struct MetricsPage {
    period: (Instant, Instant),
    source: PeriodSource,
    metrics: Metrics,
    by: GroupBy,
}

/// The section's data, or `None` when no deployment with a recorded outcome
/// finished in the period (then the summary is exactly as without outcomes).
///
/// The period is the summary's when one was chosen. Otherwise the summary's
/// period is the span of the *planned* deployments, which runs into the
/// future of any plan still being carried out: weeks without outcomes yet
/// would dilute the weekly frequency. So the section then measures the
/// whole weeks (Monday 00:00 in the plan's zone, as the core's weekly
/// series) from the first recorded finish to the last.
pub(super) fn gather(plan: &Plan, chosen: Option<(Instant, Instant)>) -> Option<MetricsPage> {
    let (period, source) = match chosen {
        Some(p) => (p, PeriodSource::Chosen),
        None => (outcome_weeks(plan)?, PeriodSource::Outcomes),
    };
    let overall = metrics(plan, period.0, period.1, Some(GroupBy::Environment)).ok()?;
    if overall.overall.deployments == 0 {
        return None;
    }
    // With one environment a per-environment table repeats the headline:
    // split by service instead.
    let (metrics, by) = if overall.groups.len() > 1 {
        (overall, GroupBy::Environment)
    } else {
        (
            metrics(plan, period.0, period.1, Some(GroupBy::Service)).ok()?,
            GroupBy::Service,
        )
    };
    Some(MetricsPage {
        period,
        source,
        metrics,
        by,
    })
}

/// From the Monday of the first recorded finish to the Monday after the
/// last, in the plan's zone; `None` without a finished outcome.
fn outcome_weeks(plan: &Plan) -> Option<(Instant, Instant)> {
    let finished = || {
        plan.deployments
            .iter()
            .filter_map(|d| d.outcome.as_ref()?.finished)
    };
    let (first, last) = (finished().min()?, finished().max()?);
    let clock = Clock {
        tz: plan.timezone,
        with_year: false,
    };
    let monday = |t: Instant| {
        let day = clock.floor_day(t);
        let back = clock.local(day).weekday().num_days_from_monday();
        clock.floor_day(day - Duration::days(i64::from(back)) + Duration::hours(12))
    };
    let start = monday(first);
    // The Monday strictly after the last finish: the period's end is excluded.
    let end = monday(monday(last) + Duration::days(7) + Duration::hours(12));
    Some((start, end))
}

pub(super) fn section(doc: &mut Doc, plan: &Plan, page: &MetricsPage, clock: Clock) {
    doc.page_break();
    doc.bookmark(0, METRICS.title, METRICS.key);
    doc.heading(styles::H1, METRICS.title, 60.0);
    let m = &page.metrics;
    let whence = match page.source {
        PeriodSource::Chosen => "the summary's period",
        PeriodSource::Outcomes => "whole weeks around the recorded outcomes",
    };
    doc.paragraph(
        styles::SMALL,
        &format!(
            "Deployments with a recorded outcome that finished from {} to {} ({whence}; times in {}). Definitions: docs/metrics.md; 'trainyard metrics' gives the same numbers.",
            clock.full(page.period.0),
            clock.full(page.period.1),
            clock.zone()
        ),
        doc.left,
        doc.content_width(),
    );
    doc.gap(4.0);

    let o = &m.overall;
    doc.heading(styles::H2, "Delivery", 56.0);
    tiles(
        doc,
        &[
            (
                format!("{:.2}", o.deployment_frequency_per_week),
                "succeeded deployments per week",
            ),
            (or_dash(o.lead_time_hours.map(hours)), "median lead time"),
            (
                or_dash(o.change_failure_rate.map(percent)),
                "change failure rate (failed or rolled back)",
            ),
            (
                or_dash(o.time_to_restore_hours.map(hours)),
                "median time to restore (resolved incidents)",
            ),
        ],
    );
    doc.heading(styles::H2, "Adherence to the plan", 56.0);
    let a = &o.adherence;
    tiles(
        doc,
        &[
            (
                or_dash(a.on_time_rate.map(percent)),
                "on time (started ≤ 15 min late, no overrun)",
            ),
            (
                or_dash(a.median_start_delay_minutes.map(minutes)),
                "median start delay",
            ),
            (
                a.overruns.to_string(),
                "overruns (finished after the planned end)",
            ),
            (o.deployments.to_string(), "deployments measured"),
        ],
    );

    let (title, first) = match page.by {
        GroupBy::Service => ("By service", "Service"),
        _ => ("By environment", "Environment"),
    };
    doc.heading(styles::H2, title, 50.0);
    group_table(doc, plan, page, first);
    metrics_charts::trend(doc, plan, page.period, clock);
    metrics_charts::by_weekday(doc, plan, page.period);
}

fn group_table(doc: &mut Doc, plan: &Plan, page: &MetricsPage, first: &str) {
    let groups = ordered(plan, page);
    let shown = groups.len().min(TABLE_ROWS);
    let mut rows: Vec<Vec<Cell>> = groups
        .iter()
        .take(shown)
        .map(|g| {
            let key = g.key.as_deref().unwrap_or("");
            let name = match page.by {
                GroupBy::Service => plan.service(key).map(|s| s.display_name()),
                _ => plan.environment(key).map(|e| e.display_name()),
            };
            cells(name.unwrap_or(key).into(), &g.measures, styles::TABLE)
        })
        .collect();
    rows.push(cells(
        Cell::styled("All", styles::TABLE.bold()),
        &page.metrics.overall,
        styles::TABLE.bold(),
    ));
    Table::new(vec![
        Column::new(first, 2.0),
        Column::new("Deployments", 1.0).right(),
        Column::new("Per week", 1.0).right(),
        Column::new("Lead time", 1.1).right(),
        Column::new("Failure rate", 1.1).right(),
        Column::new("Time to restore", 1.2).right(),
        Column::new("On time", 1.0).right(),
        Column::new("Start delay", 1.3).right(),
        Column::new("Overruns", 1.0).right(),
    ])
    .one_line()
    .draw(doc, &rows);
    if groups.len() > shown {
        doc.paragraph(
            styles::SMALL,
            &format!(
                "… and {} more; 'trainyard metrics --by service' lists them all.",
                groups.len() - shown
            ),
            doc.left,
            doc.content_width(),
        );
    }
}

/// Environments in promotion order (as every table of the summary), services
/// in the core's order (by id).
fn ordered<'m>(plan: &Plan, page: &'m MetricsPage) -> Vec<&'m Group> {
    let groups = &page.metrics.groups;
    if page.by != GroupBy::Environment {
        return groups.iter().collect();
    }
    let mut out: Vec<&Group> = environments_in_order(plan)
        .iter()
        .filter_map(|e| {
            groups
                .iter()
                .find(|g| g.key.as_deref() == Some(e.id.as_str()))
        })
        .collect();
    // A key the plan does not name cannot happen; keep it rather than drop numbers.
    out.extend(groups.iter().filter(|g| {
        g.key
            .as_deref()
            .is_none_or(|k| plan.environment(k).is_none())
    }));
    out
}

fn cells(first: Cell, m: &Measures, style: Style) -> Vec<Cell> {
    let a = &m.adherence;
    let c = |s: String| Cell::styled(s, style);
    vec![
        first,
        c(m.deployments.to_string()),
        c(format!("{:.2}", m.deployment_frequency_per_week)),
        c(or_dash(m.lead_time_hours.map(hours))),
        c(or_dash(m.change_failure_rate.map(percent))),
        c(or_dash(m.time_to_restore_hours.map(hours))),
        c(or_dash(a.on_time_rate.map(percent))),
        c(or_dash(a.median_start_delay_minutes.map(minutes))),
        c(a.overruns.to_string()),
    ]
}

/// The formats of `trainyard metrics`' text output, so the page and the
/// command line print the same figures.
pub(super) fn percent(rate: f64) -> String {
    format!("{:.1} %", rate * 100.0)
}

fn hours(h: f64) -> String {
    format!("{h:.2} h")
}

fn minutes(m: f64) -> String {
    format!("{m:+.1} min")
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "–".to_owned())
}

/// A row of headline figures: a big value over a short caption.
fn tiles(doc: &mut Doc, figures: &[(String, &str)]) {
    let n = figures.len() as f32;
    let gap = 8.0;
    let w = (doc.content_width() - gap * (n - 1.0)) / n;
    let h = 46.0;
    doc.need(h + 4.0);
    for (i, (big, small)) in figures.iter().enumerate() {
        let x = doc.left + i as f32 * (w + gap);
        doc.rect(
            x,
            doc.y,
            w,
            h,
            Some(Rgb(0xf6, 0xf8, 0xfa)),
            Some((colors::HAIRLINE, 0.6)),
        );
        doc.fill(x, doc.y, 3.0, h, colors::ACCENT);
        doc.text(
            x + 10.0,
            doc.y + 20.0,
            Style::new(16.0, Weight::Bold, colors::INK),
            big,
        );
        let lines = doc.wrap(styles::SMALL, small, w - 16.0);
        for (k, line) in lines.iter().take(2).enumerate() {
            doc.text(x + 10.0, doc.y + 31.0 + k as f32 * 8.5, styles::SMALL, line);
        }
    }
    doc.y += h + 6.0;
}
