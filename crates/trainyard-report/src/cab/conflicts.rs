//! The CAB sheet's conflicts: the release's conflicts as a list, then their
//! evidence (window occurrences, uncovered spans, other deployments, paths,
//! peaks, unavailability, approvals) in words and local times.

use trainyard_core::time::parse_instant;
use trainyard_core::*;

use crate::facts::{Clock, ReleaseFacts};
use crate::pdf::{colors, styles, Doc};
use crate::report_blocks::conflict_list;

pub(super) fn conflicts_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
    doc.heading(styles::H1.size(12.0), "Conflicts", 30.0);
    if f.conflicts.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::OK),
            "✓ None: the release breaks no conflict rule.",
            doc.left,
            doc.content_width(),
        );
    } else {
        conflict_list(doc, &f.conflicts);
        evidence_notes(doc, plan, f, clock);
    }
}

fn evidence_notes(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
    let t = |s: &str| parse_instant(s).ok();
    let span = |a: &str, b: &str| match (t(a), t(b)) {
        (Some(a), Some(b)) => clock.span(a, b),
        _ => format!("{a} – {b}"),
    };
    let mut notes = Vec::new();
    for c in &f.conflicts {
        for e in &c.evidence {
            let note = match e {
                Evidence::WindowOccurrence { window, start, end } => {
                    format!(
                        "{}: occurrence {}",
                        plan.window(window.as_str())
                            .map_or(window.as_str(), |w| w.display_name()),
                        span(start, end)
                    )
                }
                Evidence::Uncovered { start, end } => {
                    format!("not covered by a maintenance window: {}", span(start, end))
                }
                Evidence::OtherDeployment {
                    deployment,
                    start,
                    end,
                } => format!("other deployment {deployment}: {}", span(start, end)),
                Evidence::DependencyPath { path } => {
                    let name = |id: &String| {
                        plan.release(id)
                            .map(|r| r.display_name())
                            .or_else(|| plan.service(id).map(|s| s.display_name()))
                            .unwrap_or(id)
                            .to_owned()
                    };
                    format!(
                        "dependency path: {}",
                        path.iter().map(name).collect::<Vec<_>>().join(" → ")
                    )
                }
                Evidence::ConcurrencyPeak {
                    start,
                    end,
                    peak,
                    limit,
                } => format!("{peak} at once (limit {limit}) during {}", span(start, end)),
                Evidence::Unavailable { start, end, reason } => {
                    format!(
                        "team unavailable {}{}",
                        span(start, end),
                        reason.as_ref().map_or(String::new(), |r| format!(" ({r})"))
                    )
                }
                Evidence::Approvals {
                    required,
                    counted,
                    rejected_by,
                } => {
                    let mut s = format!("{counted} of {required} approvals counted");
                    if !rejected_by.is_empty() {
                        s.push_str(&format!(", rejected by {}", rejected_by.join(", ")));
                    }
                    s
                }
                Evidence::Hold {
                    hold, from, until, ..
                } => match until {
                    Some(until) => format!("hold {hold}: {}", span(from, until)),
                    None => format!(
                        "hold {hold}: from {}, until lifted",
                        t(from).map_or(from.clone(), |f| clock.short(f))
                    ),
                },
                Evidence::Booking {
                    booking,
                    holder_kind,
                    holder,
                    from,
                    until,
                    ..
                } => format!(
                    "booking {booking} of {holder_kind} {holder}: {}",
                    span(from, until)
                ),
                Evidence::Readiness {
                    item, title, due, ..
                } => {
                    let due = t(due).map_or(due.clone(), |d| clock.short(d));
                    format!("{title} ({item}) not done by {due}")
                }
                Evidence::Review { due, .. } => {
                    let due = t(due).map_or(due.clone(), |d| clock.short(d));
                    format!("review due {due}, not recorded")
                }
                Evidence::Waiver {
                    waiver,
                    granted_by,
                    granted_at,
                    expires,
                } => format!(
                    "waived by {waiver} (granted by {granted_by}, {})",
                    span(granted_at, expires)
                ),
            };
            let line = format!("{}: {note}", c.rule.as_str());
            if !notes.contains(&line) {
                notes.push(line);
            }
        }
    }
    if notes.is_empty() {
        return;
    }
    doc.gap(2.0);
    doc.need(styles::LABEL.leading() + styles::SMALL.leading());
    doc.text(
        doc.left,
        doc.y + styles::LABEL.size,
        styles::LABEL,
        "EVIDENCE",
    );
    doc.y += styles::LABEL.leading();
    for n in notes {
        doc.paragraph(
            styles::SMALL.color(colors::INK),
            &format!("• {n}"),
            doc.left + 4.0,
            doc.content_width() - 4.0,
        );
    }
}
