//! "What changed since …": the section a delay notice opens with, drawn from
//! a [`ChangeSummary`]. The front version is one table capped at
//! [`CHANGE_ROWS`] one-line rows (so it stays on one page), with "and N more"
//! pointing at the appendix that lists every change with wrapped text.

use super::contents::{CHANGES, CHANGE_LIST};
use super::{Detail, Scope};
use crate::changes::{Change, ChangeKind, ChangePoint, ChangeSummary, Slot};
use crate::facts::{plural, Clock};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};
use trainyard_core::{Decision, Severity};

/// Rows of the front table: with the heading and the counts it fills less
/// than one page of either paper size.
const CHANGE_ROWS: usize = 30;

/// `revision 42` or `Sun 10 Jan 2027 00:00 CET`.
pub(super) fn point_text(point: ChangePoint, clock: Clock) -> String {
    match point {
        ChangePoint::Revision(r) => format!("revision {r}"),
        ChangePoint::Instant(t) => clock.full(t),
    }
}

pub(super) fn front_section(doc: &mut Doc, s: &Scope, changes: &ChangeSummary) {
    let point = point_text(changes.point, s.clock);
    doc.bookmark(0, CHANGES.title, CHANGES.key);
    doc.heading(styles::H1, &format!("What changed since {point}"), 60.0);
    if changes.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::OK),
            &format!(
                "No changes since {point}: {}.",
                if changes.entries == 0 {
                    "nothing was edited after it".to_owned()
                } else {
                    format!(
                        "the {} made after it cancel out",
                        plural(changes.entries, "edit", "edits")
                    )
                }
            ),
            doc.left,
            doc.content_width(),
        );
        return;
    }
    doc.paragraph(
        styles::BODY,
        &counts(changes, s.clock),
        doc.left,
        doc.content_width(),
    );
    doc.gap(4.0);
    let shown = &changes.changes[..changes.changes.len().min(CHANGE_ROWS)];
    table().one_line().draw(doc, &rows(shown, s.clock));
    let left_out = changes.changes.len() - shown.len();
    if left_out > 0 {
        more(doc, s, left_out);
    }
}

/// The appendix: every change, wrapped, with a bookmark per release.
pub(super) fn appendix(doc: &mut Doc, clock: Clock, changes: &ChangeSummary) {
    doc.paragraph(
        styles::SMALL,
        &format!(
            "Every change since {}, grouped by release; times in {}.",
            point_text(changes.point, clock),
            clock.zone()
        ),
        doc.left,
        doc.content_width(),
    );
    let mut start = 0;
    while start < changes.changes.len() {
        let release = &changes.changes[start].release;
        let len = changes.changes[start..]
            .iter()
            .take_while(|c| &c.release == release)
            .count();
        let group = &changes.changes[start..start + len];
        let key = format!("changes:{}", release.as_ref().map_or("", |r| r.as_str()));
        doc.heading(styles::H2, &group[0].release_name, 40.0);
        doc.bookmark(1, &group[0].release_name, &key);
        table().draw(doc, &rows(group, clock));
        start += len;
        if !super::within_budget(doc) {
            return;
        }
    }
}

fn more(doc: &mut Doc, s: &Scope, left_out: usize) {
    let linked = s.detail != Detail::Summary;
    let text = if linked {
        format!(
            "… and {left_out} more changes: see {}, page ",
            CHANGE_LIST.title
        )
    } else {
        format!(
            "… and {left_out} more changes; print the summary with more detail to see them all."
        )
    };
    let style = styles::SMALL.color(colors::ACCENT);
    doc.need(style.leading());
    let baseline = doc.y + style.size;
    doc.text(doc.left, baseline, style, &text);
    if linked {
        let w = doc.width_of(style, &text);
        doc.page_ref(doc.left + w + 12.0, baseline, style.bold(), CHANGE_LIST.key);
        doc.link(doc.left, doc.y, w + 14.0, style.leading(), CHANGE_LIST.key);
    }
    doc.y += style.leading() + 2.0;
}

/// One sentence with the count of each kind of change.
fn counts(changes: &ChangeSummary, clock: Clock) -> String {
    let count = |f: fn(&ChangeKind) -> bool| changes.changes.iter().filter(|c| f(&c.kind)).count();
    let parts = [
        (
            count(|k| matches!(k, ChangeKind::Moved { .. })),
            "deployment moved",
            "deployments moved",
        ),
        (
            count(|k| matches!(k, ChangeKind::DeploymentAdded(_))),
            "deployment added",
            "deployments added",
        ),
        (
            count(|k| matches!(k, ChangeKind::DeploymentRemoved(_))),
            "deployment removed",
            "deployments removed",
        ),
        (
            count(|k| matches!(k, ChangeKind::ReleaseCancelled | ChangeKind::ReleaseRemoved)),
            "release cancelled or removed",
            "releases cancelled or removed",
        ),
        (
            count(|k| matches!(k, ChangeKind::NewConflict(_))),
            "new conflict",
            "new conflicts",
        ),
        (
            count(|k| matches!(k, ChangeKind::ResolvedConflict(_))),
            "conflict resolved",
            "conflicts resolved",
        ),
    ];
    let listed: Vec<String> = parts
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| plural(*n, one, many))
        .collect();
    let what = if listed.is_empty() {
        "releases changed".to_owned()
    } else {
        listed.join(", ")
    };
    format!(
        "{} since then: {what}, in {}. Times are in {}; \"by\" names who made the last edit and when.",
        plural(changes.entries, "edit", "edits"),
        plural(changes.releases(), "release", "releases"),
        clock.zone()
    )
}

fn table() -> Table {
    Table::new(vec![
        Column::new("Release", 2.0),
        Column::new("Change", 1.3),
        Column::new("What", 6.0),
        Column::new("By", 1.9),
    ])
}

fn rows(changes: &[Change], clock: Clock) -> Vec<Vec<Cell>> {
    let mut previous: Option<&Option<trainyard_core::ReleaseId>> = None;
    changes
        .iter()
        .map(|c| {
            // The release's name once per group: the table reads as sections.
            let name = if previous == Some(&c.release) {
                Cell::from("")
            } else {
                Cell::styled(c.release_name.clone(), styles::TABLE.bold())
            };
            previous = Some(&c.release);
            let (label, color, what) = describe(c, clock);
            let by = c.by.as_ref().map_or_else(
                || "—".to_owned(),
                |a| {
                    let more = if a.edits > 1 {
                        format!(" ({} edits)", a.edits)
                    } else {
                        String::new()
                    };
                    format!("{}, {}{more}", a.user, clock.short(a.at))
                },
            );
            vec![
                name,
                Cell::styled(label, styles::TABLE.bold().color(color)),
                what.into(),
                by.into(),
            ]
        })
        .collect()
}

fn slot(s: &Slot, clock: Clock) -> String {
    format!("{}, {}", s.environment, clock.span(s.start, s.end))
}

/// The change's label, its colour and what it says.
fn describe(c: &Change, clock: Clock) -> (String, crate::pdf::Rgb, String) {
    let subject = &c.subject;
    match &c.kind {
        ChangeKind::Moved { before, after } => {
            let what = if before.environment == after.environment {
                format!(
                    "{subject} in {}: {} → {}",
                    after.environment,
                    clock.span(before.start, before.end),
                    clock.span(after.start, after.end)
                )
            } else {
                format!(
                    "{subject}: {} → {}",
                    slot(before, clock),
                    slot(after, clock)
                )
            };
            ("moved".into(), colors::WARNING, what)
        }
        ChangeKind::DeploymentAdded(s) => (
            "added".into(),
            colors::OK,
            format!("{subject} in {}", slot(s, clock)),
        ),
        ChangeKind::DeploymentRemoved(s) => (
            "removed".into(),
            colors::ERROR,
            format!("{subject} was in {}", slot(s, clock)),
        ),
        ChangeKind::ReleaseAdded => ("release added".into(), colors::OK, String::new()),
        ChangeKind::ReleaseRemoved => (
            "release removed".into(),
            colors::ERROR,
            "deleted from the plan".into(),
        ),
        ChangeKind::ReleaseCancelled => (
            "cancelled".into(),
            colors::ERROR,
            "release cancelled: its deployments take part in no rule".into(),
        ),
        ChangeKind::StatusChanged { before, after } => (
            "status".into(),
            colors::INK,
            format!(
                "{} → {}",
                crate::facts::status_name(*before),
                crate::facts::status_name(*after)
            ),
        ),
        ChangeKind::Decided { decision, by } => match decision {
            Decision::Approved => (
                "approved".into(),
                colors::OK,
                format!("approved by {}", by.join(", ")),
            ),
            Decision::Rejected => (
                "rejected".into(),
                colors::ERROR,
                format!("rejected by {}", by.join(", ")),
            ),
        },
        ChangeKind::NewConflict(k) => (
            "new conflict".into(),
            match k.severity {
                Severity::Error => colors::ERROR,
                Severity::Warning => colors::WARNING,
            },
            format!("{}: {}", k.rule.title(), k.message),
        ),
        ChangeKind::ResolvedConflict(k) => (
            "resolved".into(),
            colors::OK,
            format!("{}: {}", k.rule.title(), k.message),
        ),
    }
}
