//! The summary's first page: the title block (plan name, period, generated
//! at, revision, audit head, the point of a "changes since" edition) and the four key figures (releases, deployments,
//! conflict errors, releases awaiting approval).

use std::collections::HashSet;

use trainyard_core::*;

use super::SummaryOptions;
use crate::facts::{plural, short_hash, Clock, ReleaseFacts};
use crate::pdf::{colors, styles, Doc, Rgb, Style};
use crate::report_blocks::meta_grid;
use trainyard_core::time::Instant;

/// "RELEASE SUMMARY", the plan's name and the metadata grid.
pub(super) fn title_block(
    doc: &mut Doc,
    plan: &Plan,
    opts: &SummaryOptions,
    period: (Instant, Instant),
    clock: Clock,
    generated: &str,
) {
    doc.text(
        doc.left,
        doc.y + 8.0,
        styles::LABEL.color(colors::ACCENT),
        "RELEASE SUMMARY",
    );
    doc.y += 14.0;
    let title_lines = doc.wrap(styles::TITLE, plan.display_name(), doc.content_width());
    for line in title_lines {
        doc.text(doc.left, doc.y + 18.0, styles::TITLE, &line);
        doc.y += 24.0;
    }
    doc.y += 4.0;
    let period_text = format!(
        "{} ({})",
        clock.date_range(period.0, period.1),
        clock.zone()
    );
    let mut meta_rows: Vec<(&str, String)> =
        vec![("Period", period_text), ("Generated", generated.to_owned())];
    meta_rows.push((
        "Plan revision",
        opts.revision
            .map_or_else(|| "not from a store".to_owned(), |r| r.to_string()),
    ));
    if let Some(h) = &opts.audit_head {
        meta_rows.push(("Audit head", short_hash(h)));
    }
    if let Some(c) = &opts.changes {
        meta_rows.push(("Changes since", super::changes::point_text(c.point, clock)));
    }
    meta_grid(doc, &meta_rows);
    doc.gap(8.0);
}

pub(super) fn key_figures(
    doc: &mut Doc,
    plan: &Plan,
    releases: &[&ReleaseFacts],
    conflicts: &[&Conflict],
    deployments: &HashSet<&DeploymentId>,
) {
    let errors = conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count();
    let warnings = conflicts.len() - errors;
    let awaiting = releases
        .iter()
        .filter(|f| f.approvals.applies() && !f.approvals.satisfied())
        .count();
    let envs: HashSet<&EnvironmentId> = plan
        .deployments
        .iter()
        .filter(|d| deployments.contains(&d.id))
        .map(|d| &d.environment)
        .collect();
    let figures: Vec<(String, String, Rgb)> = vec![
        (
            releases.len().to_string(),
            if releases.len() == 1 {
                "release".into()
            } else {
                "releases".into()
            },
            colors::INK,
        ),
        (
            deployments.len().to_string(),
            format!(
                "deployments in {}",
                plural(envs.len(), "environment", "environments")
            ),
            colors::INK,
        ),
        (
            errors.to_string(),
            format!(
                "conflict errors, {}",
                plural(warnings, "warning", "warnings")
            ),
            if errors > 0 {
                colors::ERROR
            } else {
                colors::OK
            },
        ),
        (
            awaiting.to_string(),
            "releases awaiting approval".to_owned(),
            if awaiting > 0 {
                colors::WARNING
            } else {
                colors::OK
            },
        ),
    ];
    let n = figures.len() as f32;
    let gap = 8.0;
    let w = (doc.content_width() - gap * (n - 1.0)) / n;
    let h = 46.0;
    doc.need(h + 4.0);
    for (i, (big, small, color)) in figures.iter().enumerate() {
        let x = doc.left + i as f32 * (w + gap);
        doc.rect(
            x,
            doc.y,
            w,
            h,
            Some(Rgb(0xf6, 0xf8, 0xfa)),
            Some((colors::HAIRLINE, 0.6)),
        );
        doc.fill(x, doc.y, 3.0, h, *color);
        doc.text(
            x + 10.0,
            doc.y + 20.0,
            Style::new(16.0, crate::font::Weight::Bold, *color),
            big,
        );
        let lines = doc.wrap(styles::SMALL, small, w - 16.0);
        for (k, line) in lines.iter().take(2).enumerate() {
            doc.text(x + 10.0, doc.y + 31.0 + k as f32 * 8.5, styles::SMALL, line);
        }
    }
    doc.y += h + 6.0;
}
