//! The summary's governance tables, after the approvals: holds in the
//! period, the readiness of each release a template applies to, emergency
//! waivers, and the post-implementation reviews of emergency releases
//! (overdue as of the document's date). Printed only when the plan records
//! governance, so other plans' summaries are as they were.

use trainyard_core::time::Instant;
use trainyard_core::*;

use crate::facts::{Clock, ReleaseFacts};
use crate::governance;
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};

pub(super) fn governance_tables(
    doc: &mut Doc,
    plan: &Plan,
    releases: &[&ReleaseFacts],
    period: (Instant, Instant),
    clock: Clock,
    generated_at: Instant,
) {
    if !governance::plan_has_governance(plan) {
        return;
    }
    holds(doc, plan, period, clock);
    readiness(doc, plan, releases, clock);
    waivers(doc, plan, releases, clock);
    reviews(doc, plan, releases, clock, generated_at);
}

fn subheading(doc: &mut Doc, text: &str) {
    doc.gap(8.0);
    doc.heading(styles::H2, text, 50.0);
}

fn muted(doc: &mut Doc, text: &str) {
    doc.paragraph(
        styles::BODY.color(colors::MUTED),
        text,
        doc.left,
        doc.content_width(),
    );
}

fn holds(doc: &mut Doc, plan: &Plan, period: (Instant, Instant), clock: Clock) {
    subheading(doc, "Holds");
    let shown: Vec<&Hold> = plan
        .holds
        .iter()
        .filter(|h| h.overlaps(period.0, period.1))
        .collect();
    if shown.is_empty() {
        muted(doc, "No hold stops deployments in this period.");
        return;
    }
    let rows: Vec<Vec<Cell>> = shown
        .iter()
        .map(|h| {
            let stopped = plan
                .deployments
                .iter()
                .filter(|d| {
                    h.scope.covers(&d.release, &d.service, &d.environment)
                        && h.overlaps(d.start, d.end)
                })
                .count();
            vec![
                Cell::styled(h.id.as_str(), styles::TABLE.bold()),
                governance::scope_words(plan, &h.scope).into(),
                match h.until {
                    Some(until) => clock.span(h.from, until),
                    None => format!("from {}, until lifted", clock.short(h.from)),
                }
                .into(),
                h.by.clone().unwrap_or_else(|| "—".into()).into(),
                h.reason.clone().unwrap_or_default().into(),
                Cell::styled(
                    stopped.to_string(),
                    if stopped > 0 {
                        styles::TABLE.bold().color(colors::ERROR)
                    } else {
                        styles::TABLE
                    },
                ),
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Hold", 1.1),
        Column::new("On", 1.6),
        Column::new("When", 2.1),
        Column::new("By", 1.0),
        Column::new("Why", 2.2),
        Column::new("Stops", 0.7).right(),
    ])
    .draw(doc, &rows);
}

fn readiness(doc: &mut Doc, plan: &Plan, releases: &[&ReleaseFacts], clock: Clock) {
    subheading(doc, "Readiness");
    let rows: Vec<Vec<Cell>> = releases
        .iter()
        .filter_map(|f| {
            let lines = governance::readiness(plan, f.release);
            let required: Vec<_> = lines.iter().filter(|l| l.due.is_some()).collect();
            if required.is_empty() && f.release.governance.decision.is_none() {
                return None;
            }
            let missing: Vec<&str> = required
                .iter()
                .filter(|l| l.is_missing())
                .map(|l| l.title)
                .collect();
            let state = if missing.is_empty() {
                Cell::styled(
                    format!("✓ {} of {} ready", required.len(), required.len()),
                    styles::TABLE.bold().color(colors::OK),
                )
            } else {
                Cell::styled(
                    format!("{} of {} missing", missing.len(), required.len()),
                    styles::TABLE.bold().color(colors::ERROR),
                )
            };
            let decision = match &f.release.governance.decision {
                Some(d) => format!(
                    "{} ({}, {})",
                    match d.outcome {
                        GoNoGoOutcome::Go => "go",
                        GoNoGoOutcome::NoGo => "no go",
                    },
                    d.by,
                    clock.short(d.at)
                ),
                None => "—".into(),
            };
            Some(vec![
                Cell::styled(f.release.display_name(), styles::TABLE.bold()),
                state,
                missing.join(", ").into(),
                decision.into(),
            ])
        })
        .collect();
    if rows.is_empty() {
        muted(
            doc,
            "No readiness template applies to a release in this period.",
        );
        return;
    }
    Table::new(vec![
        Column::new("Release", 1.8),
        Column::new("Checklist", 1.2),
        Column::new("Missing", 3.0),
        Column::new("Go/no-go", 2.0),
    ])
    .draw(doc, &rows);
}

fn waivers(doc: &mut Doc, plan: &Plan, releases: &[&ReleaseFacts], clock: Clock) {
    subheading(doc, "Emergency waivers");
    let rows: Vec<Vec<Cell>> = releases
        .iter()
        .flat_map(|f| {
            governance::waivers_of(plan, f.release)
                .into_iter()
                .map(move |w| (f, w))
        })
        .map(|(f, w)| {
            let rules: Vec<&str> = w.rules.iter().map(|r| r.as_str()).collect();
            vec![
                Cell::styled(w.id.as_str(), styles::TABLE.bold()),
                f.release.display_name().into(),
                rules.join(", ").into(),
                w.granted_by.clone().into(),
                clock.span(w.granted_at, w.expires).into(),
                w.reason.clone().unwrap_or_default().into(),
            ]
        })
        .collect();
    if rows.is_empty() {
        muted(doc, "No waiver is granted to a release in this period.");
        return;
    }
    Table::new(vec![
        Column::new("Waiver", 1.0),
        Column::new("Release", 1.5),
        Column::new("Waives", 1.4),
        Column::new("Granted by", 1.0),
        Column::new("Valid", 2.0),
        Column::new("Why", 2.0),
    ])
    .draw(doc, &rows);
}

fn reviews(doc: &mut Doc, plan: &Plan, releases: &[&ReleaseFacts], clock: Clock, as_of: Instant) {
    subheading(doc, "Post-implementation reviews");
    let rows: Vec<Vec<Cell>> = releases
        .iter()
        .filter(|f| f.release.change_type == ChangeType::Emergency)
        .map(|f| {
            let r = f.release;
            let due = review_due(plan, r);
            let state = match (&r.governance.review, due) {
                (Some(rv), _) => Cell::styled(
                    format!("✓ recorded {} by {}", clock.short(rv.recorded_at), rv.by),
                    styles::TABLE.color(colors::OK),
                ),
                (None, Some(due)) if due < as_of => {
                    Cell::styled("overdue", styles::TABLE.bold().color(colors::ERROR))
                }
                (None, _) => Cell::styled("not yet recorded", styles::TABLE.color(colors::WARNING)),
            };
            vec![
                Cell::styled(r.display_name(), styles::TABLE.bold()),
                due.map_or("—".to_owned(), |t| clock.short(t)).into(),
                state,
                r.governance
                    .review
                    .as_ref()
                    .map(|rv| rv.follow_ups.len().to_string())
                    .unwrap_or_else(|| "—".into())
                    .into(),
            ]
        })
        .collect();
    if rows.is_empty() {
        muted(doc, "No emergency release in this period.");
        return;
    }
    Table::new(vec![
        Column::new("Emergency release", 2.0),
        Column::new("Due", 1.4),
        Column::new("Review", 2.4),
        Column::new("Follow-ups", 0.9).right(),
    ])
    .draw(doc, &rows);
    muted(
        doc,
        &format!(
            "Overdue as of this document's date, {}.",
            clock.short(as_of)
        ),
    );
}
