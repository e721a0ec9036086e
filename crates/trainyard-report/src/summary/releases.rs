//! The summary's release table: one row per release in the period with its
//! version, change type, status, dates per environment and risk.

use trainyard_core::time::Instant;
use trainyard_core::*;

use super::{detail_key, row_key, Detail};
use crate::facts::{self, Clock, ReleaseFacts};
use crate::pdf::table::{Cell, Column, RowNav, Table};
use crate::pdf::{colors, styles, Doc};
use crate::report_blocks::risk_color;

fn env_span(f: &ReleaseFacts, env: &EnvironmentId) -> Option<(Instant, Instant)> {
    let ds = f.deployments.iter().filter(|d| &d.environment == env);
    let start = ds.clone().map(|d| d.start).min()?;
    let end = ds.map(|d| d.end).max()?;
    Some((start, end))
}

fn risk_cell(f: &ReleaseFacts) -> Cell {
    match &f.risk {
        Some(r) => Cell::styled(
            format!("{} {}", r.score, facts::level_name(r.level)),
            styles::TABLE.bold().color(risk_color(r.level)),
        ),
        None => "—".into(),
    }
}

pub(super) fn release_table(
    doc: &mut Doc,
    plan: &Plan,
    releases: &[&ReleaseFacts],
    clock: Clock,
    detail: Detail,
) {
    if releases.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "The plan has no releases in this period.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    let envs: Vec<&Environment> = facts::environments_in_order(plan)
        .into_iter()
        .filter(|e| {
            releases
                .iter()
                .any(|f| f.deployments.iter().any(|d| d.environment == e.id))
        })
        .collect();
    let per_env = envs.len() <= 4;
    let per_env = per_env && envs.len() <= 3;
    let mut cols = vec![
        Column::new("Release", 2.0),
        Column::new("Version", 0.85),
        Column::new("Type", 1.05),
        Column::new("Status", 1.0),
    ];
    if per_env {
        for e in &envs {
            cols.push(Column::new(e.display_name(), 1.75));
        }
    } else {
        cols.push(Column::new("Dates", 4.0));
    }
    cols.push(Column::new("Risk", 1.35).right());
    let rows: Vec<Vec<Cell>> = releases
        .iter()
        .map(|f| {
            let r = f.release;
            let mut row: Vec<Cell> = vec![
                Cell::styled(r.display_name(), styles::TABLE.bold()),
                r.version.clone().unwrap_or_else(|| "—".into()).into(),
                r.change_type.as_str().into(),
                facts::status_name(r.status()).into(),
            ];
            if per_env {
                for e in &envs {
                    row.push(env_span(f, &e.id).map_or_else(
                        || Cell::styled("—", styles::TABLE.color(colors::FAINT)),
                        |(a, b)| clock.span_zoned(a, b).into(),
                    ));
                }
            } else {
                let lines: Vec<String> = envs
                    .iter()
                    .filter_map(|e| {
                        env_span(f, &e.id).map(|(a, b)| {
                            format!("{}: {}", e.display_name(), clock.span_zoned(a, b))
                        })
                    })
                    .collect();
                row.push(if lines.is_empty() {
                    "not scheduled".into()
                } else {
                    lines.join("\n").into()
                });
            }
            row.push(risk_cell(f));
            row
        })
        .collect();
    // Each row is named so the front section can point at it; with the
    // release sections printed, a row jumps to its section.
    let nav: Vec<RowNav> = releases
        .iter()
        .map(|f| RowNav {
            anchor: Some(row_key(&f.release.id)),
            link: (detail == Detail::Full).then(|| detail_key(&f.release.id)),
        })
        .collect();
    Table::new(cols).draw_nav(doc, &rows, &nav);
    doc.gap(4.0);
    doc.paragraph(
        styles::SMALL,
        &format!("Dates are the first start and last end of each release's deployments per environment, in {}. Risk is 0–100 (see each release for its factors).", clock.zone()),
        doc.left,
        doc.content_width(),
    );
}
