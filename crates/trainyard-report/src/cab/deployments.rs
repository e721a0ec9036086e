//! The CAB sheet's planned deployments, by environment order: when, how, and
//! the maintenance windows and blackouts each one falls in (red when it is
//! outside the required windows or in a blackout).

use trainyard_core::windows::occurrences;
use trainyard_core::*;

use crate::facts::{Clock, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};

/// The windows a deployment falls in, as text lines (and whether it is covered).
fn window_lines(plan: &Plan, d: &Deployment, clock: Clock) -> (Vec<String>, bool) {
    let mut lines = Vec::new();
    let mut covered = false;
    for w in plan
        .windows
        .iter()
        .filter(|w| w.scope.matches(&d.service, &d.environment))
    {
        for o in occurrences(w, d.start, d.end) {
            match w.kind {
                WindowKind::Maintenance => {
                    covered |= o.start <= d.start && o.end >= d.end;
                    lines.push(format!(
                        "in {} ({})",
                        w.display_name(),
                        clock.span(o.start, o.end)
                    ));
                }
                WindowKind::Blackout => lines.push(format!(
                    "⚠ blackout {} ({})",
                    w.display_name(),
                    clock.span(o.start, o.end)
                )),
            }
        }
    }
    (lines, covered)
}

pub(super) fn deployments_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
    doc.heading(styles::H1.size(12.0), "Planned deployments", 40.0);
    if f.deployments.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "None planned yet.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    let mut ds = f.deployments.clone();
    let env_rank = |id: &EnvironmentId| plan.environment(id.as_str()).map_or(i64::MAX, |e| e.order);
    ds.sort_by(|a, b| {
        (env_rank(&a.environment), a.start, &a.id).cmp(&(env_rank(&b.environment), b.start, &b.id))
    });
    let rows: Vec<Vec<Cell>> = ds
        .iter()
        .map(|d| {
            let env = plan.environment(d.environment.as_str());
            let (mut lines, covered) = window_lines(plan, d, clock);
            let window_cell = if env.is_some_and(|e| e.requires_window) && !covered {
                lines.insert(0, "outside the maintenance windows".into());
                Cell::styled(lines.join("\n"), styles::TABLE.color(colors::ERROR))
            } else if lines.iter().any(|l| l.starts_with('⚠')) {
                Cell::styled(lines.join("\n"), styles::TABLE.color(colors::ERROR))
            } else if lines.is_empty() {
                Cell::styled("no window required", styles::TABLE.color(colors::MUTED))
            } else {
                lines.join("\n").into()
            };
            let mut how = d.strategy().as_str().to_owned();
            if let Some(w) = &d.wave {
                how.push_str(&format!(", wave {w}"));
            }
            vec![
                Cell::styled(
                    env.map_or(d.environment.as_str(), |e| e.display_name()),
                    styles::TABLE.bold(),
                ),
                plan.service(d.service.as_str())
                    .map_or(d.service.to_string(), |s| s.display_name().to_owned())
                    .into(),
                clock.span(d.start, d.end).into(),
                how.into(),
                window_cell,
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Environment", 1.2),
        Column::new("Service", 1.4),
        Column::new(format!("When ({})", clock.zone()), 2.2),
        Column::new("Strategy", 1.2),
        Column::new("Windows", 3.0),
    ])
    .draw(doc, &rows);
}
