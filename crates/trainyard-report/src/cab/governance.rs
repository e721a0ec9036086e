//! The CAB sheet's readiness and governance: the go/no-go checklist against
//! the templates that apply, the go/no-go decision, the waivers granted to
//! the release, the holds on its deployments and, for an emergency, its
//! post-implementation review. Printed only when there is any of it.

use trainyard_core::*;

use crate::facts::{Clock, ReleaseFacts};
use crate::governance::{self, ReadinessLine};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};

pub(super) fn governance_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
    let r = f.release;
    if !governance::release_has_governance(plan, r) {
        return;
    }
    doc.heading(styles::H1.size(12.0), "Readiness and governance", 80.0);
    readiness(doc, &governance::readiness(plan, r), clock);
    decision(doc, r, clock);
    waivers(doc, &governance::waivers_of(plan, r), clock);
    holds(doc, plan, &governance::holds_on(plan, r), clock);
    if r.change_type == ChangeType::Emergency {
        review(doc, plan, r, clock);
    }
}

fn subheading(doc: &mut Doc, text: &str) {
    doc.gap(4.0);
    doc.heading(styles::H2.size(10.0), text, 40.0);
}

fn muted(doc: &mut Doc, text: &str) {
    doc.paragraph(
        styles::BODY.color(colors::MUTED),
        text,
        doc.left,
        doc.content_width(),
    );
}

fn readiness(doc: &mut Doc, lines: &[ReadinessLine], clock: Clock) {
    subheading(doc, "Go/no-go checklist");
    if lines.is_empty() {
        muted(
            doc,
            "No checklist is kept for this release, and no template requires one.",
        );
        return;
    }
    let rows: Vec<Vec<Cell>> = lines
        .iter()
        .map(|l| {
            let state = match l.item.map(|i| i.state) {
                None => Cell::styled("missing", styles::TABLE.bold().color(colors::ERROR)),
                Some(ItemState::Done) => Cell::styled("✓ done", styles::TABLE.color(colors::OK)),
                Some(ItemState::Waived) => {
                    Cell::styled("waived", styles::TABLE.color(colors::WARNING))
                }
                Some(ItemState::Open) => {
                    Cell::styled("open", styles::TABLE.bold().color(colors::WARNING))
                }
            };
            let due = match l.due {
                None => Cell::styled("not required", styles::TABLE.color(colors::MUTED)),
                Some(t) if l.is_missing() => Cell::styled(
                    format!("by {} ✗", clock.short(t)),
                    styles::TABLE.bold().color(colors::ERROR),
                ),
                Some(t) => format!("by {}", clock.short(t)).into(),
            };
            vec![
                Cell::styled(l.title, styles::TABLE.bold()),
                l.item
                    .and_then(|i| i.owner.clone())
                    .unwrap_or_else(|| "—".into())
                    .into(),
                state,
                l.item
                    .and_then(|i| i.done_at)
                    .map_or("—".to_owned(), |t| clock.short(t))
                    .into(),
                due,
                l.item
                    .and_then(|i| i.note.clone())
                    .unwrap_or_default()
                    .into(),
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Item", 2.2),
        Column::new("Owner", 1.2),
        Column::new("State", 0.9),
        Column::new("Done", 1.2),
        Column::new("Required", 1.4),
        Column::new("Note", 2.2),
    ])
    .draw(doc, &rows);
    let missing = lines.iter().filter(|l| l.is_missing()).count();
    doc.gap(3.0);
    if missing > 0 {
        doc.paragraph(
            styles::BODY.bold().color(colors::ERROR),
            &format!(
                "{missing} required {} not done in time: the deployments that need {} are not ready.",
                if missing == 1 { "item is" } else { "items are" },
                if missing == 1 { "it" } else { "them" },
            ),
            doc.left,
            doc.content_width(),
        );
    } else if lines.iter().any(|l| l.due.is_some()) {
        doc.paragraph(
            styles::BODY.bold().color(colors::OK),
            "✓ Every required item is done or waived in time.",
            doc.left,
            doc.content_width(),
        );
    }
}

fn decision(doc: &mut Doc, r: &Release, clock: Clock) {
    subheading(doc, "Go/no-go decision");
    let Some(d) = &r.governance.decision else {
        muted(doc, "No go/no-go decision is recorded.");
        return;
    };
    let (word, color) = match d.outcome {
        GoNoGoOutcome::Go => ("Go", colors::OK),
        GoNoGoOutcome::NoGo => ("No go", colors::ERROR),
    };
    doc.paragraph(
        styles::BODY.bold().color(color),
        &format!("{word}: decided by {} on {}.", d.by, clock.short(d.at)),
        doc.left,
        doc.content_width(),
    );
    for c in &d.conditions {
        doc.paragraph(
            styles::BODY,
            &format!("• {c}"),
            doc.left + 8.0,
            doc.content_width() - 8.0,
        );
    }
}

fn waivers(doc: &mut Doc, waivers: &[&Waiver], clock: Clock) {
    if waivers.is_empty() {
        return;
    }
    subheading(doc, "Emergency waivers");
    let rows: Vec<Vec<Cell>> = waivers
        .iter()
        .map(|w| {
            let rules: Vec<&str> = w.rules.iter().map(|r| r.as_str()).collect();
            vec![
                Cell::styled(w.id.as_str(), styles::TABLE.bold()),
                rules.join(", ").into(),
                w.granted_by.clone().into(),
                clock.span(w.granted_at, w.expires).into(),
                w.reason.clone().unwrap_or_default().into(),
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Waiver", 1.2),
        Column::new("Waives", 1.6),
        Column::new("Granted by", 1.2),
        Column::new("Valid", 2.2),
        Column::new("Why", 2.6),
    ])
    .draw(doc, &rows);
    muted(
        doc,
        "A waiver turns the conflicts it names into warnings for deployments that start while it is valid; each such warning names its waiver.",
    );
}

fn holds(doc: &mut Doc, plan: &Plan, holds: &[&Hold], clock: Clock) {
    if holds.is_empty() {
        return;
    }
    subheading(doc, "Holds on its deployments");
    let rows: Vec<Vec<Cell>> = holds
        .iter()
        .map(|h| {
            let when = match h.until {
                Some(until) => clock.span(h.from, until),
                None => format!("from {}, until lifted", clock.short(h.from)),
            };
            vec![
                Cell::styled(h.id.as_str(), styles::TABLE.bold()),
                governance::scope_words(plan, &h.scope).into(),
                when.into(),
                h.by.clone().unwrap_or_else(|| "—".into()).into(),
                h.reason.clone().unwrap_or_default().into(),
                if h.allow_waiver { "yes" } else { "no" }.into(),
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Hold", 1.1),
        Column::new("On", 1.6),
        Column::new("When", 2.0),
        Column::new("By", 1.0),
        Column::new("Why", 2.2),
        Column::new("Waivable", 0.9),
    ])
    .draw(doc, &rows);
}

fn review(doc: &mut Doc, plan: &Plan, r: &Release, clock: Clock) {
    subheading(doc, "Post-implementation review");
    let due = review_due(plan, r);
    match (&r.governance.review, due) {
        (Some(rv), _) => {
            doc.paragraph(
                styles::BODY.bold().color(colors::OK),
                &format!("Recorded by {} on {}.", rv.by, clock.short(rv.recorded_at)),
                doc.left,
                doc.content_width(),
            );
            doc.paragraph(styles::BODY, &rv.summary, doc.left, doc.content_width());
            if let Some(cause) = &rv.root_cause {
                doc.paragraph(
                    styles::BODY,
                    &format!("Root cause: {cause}"),
                    doc.left,
                    doc.content_width(),
                );
            }
            for f in &rv.follow_ups {
                doc.paragraph(
                    styles::BODY,
                    &format!("• {f}"),
                    doc.left + 8.0,
                    doc.content_width() - 8.0,
                );
            }
        }
        (None, Some(due)) => doc.paragraph(
            styles::BODY.bold().color(colors::WARNING),
            &format!("Not recorded yet; due by {}.", clock.short(due)),
            doc.left,
            doc.content_width(),
        ),
        (None, None) => muted(
            doc,
            "Not recorded yet; it is due five days after the release's last deployment.",
        ),
    }
}
