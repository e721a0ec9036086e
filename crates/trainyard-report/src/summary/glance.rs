//! The front section, "At a glance": what a manager reads first. Five short
//! blocks, each a one-line-per-row table capped at a fixed number of rows with
//! "and N more" pointing at the appendix, so the section fits on two pages
//! whatever the size of the plan (the caps add up to about 1,100 points of
//! the 1,340 two Letter pages hold).

use trainyard_core::time::Instant;
use trainyard_core::*;

use super::contents::{self, GLANCE};
use super::{Detail, Scope};
use crate::facts::{self, plural, ReleaseFacts};
use crate::pdf::table::{Cell, Column, RowNav, Table};
use crate::pdf::{colors, styles, Doc};
use crate::report_blocks::{risk_color, severity_name};

const PRODUCTION_ROWS: usize = 16;
const RISK_ROWS: usize = 5;
const ERROR_ROWS: usize = 10;
const APPROVAL_ROWS: usize = 8;
const HOLD_ROWS: usize = 8;

pub(super) fn front_section(doc: &mut Doc, s: &Scope) {
    doc.bookmark(0, GLANCE.title, GLANCE.key);
    doc.heading(styles::H1, GLANCE.title, 60.0);
    production(doc, s);
    risk(doc, s);
    errors(doc, s);
    approvals(doc, s);
    on_hold(doc, s);
}

fn block_heading(doc: &mut Doc, title: &str) {
    doc.heading(styles::H2, title, 40.0);
}

fn note(doc: &mut Doc, text: &str) {
    doc.paragraph(styles::SMALL, text, doc.left, doc.content_width());
}

/// "and 12 more (see Appendix A, page 7)" under a capped list, linked.
fn more(doc: &mut Doc, s: &Scope, left_out: usize, what: &str, part: contents::Part) {
    if left_out == 0 {
        return;
    }
    let text = if s.detail == Detail::Summary {
        format!("… and {left_out} more {what}; print the summary with more detail to see them all.")
    } else {
        format!("… and {left_out} more {what}: see {}, page ", part.title)
    };
    let style = styles::SMALL.color(colors::ACCENT);
    doc.need(style.leading());
    let baseline = doc.y + style.size;
    let text = doc.fit(style, &text, doc.content_width() - 30.0);
    doc.text(doc.left, baseline, style, &text);
    if s.detail != Detail::Summary {
        let w = doc.width_of(style, &text);
        doc.page_ref(doc.left + w + 12.0, baseline, style.bold(), part.key);
        doc.link(doc.left, doc.y, w + 14.0, style.leading(), part.key);
    }
    doc.y += style.leading() + 2.0;
}

fn row_nav(s: &Scope, rows: &[&ReleaseFacts]) -> Vec<RowNav> {
    rows.iter()
        .map(|f| RowNav {
            anchor: None,
            link: s.release_link(&f.release.id),
        })
        .collect()
}

fn name_cell(f: &ReleaseFacts, linked: bool) -> Cell {
    let style = if linked {
        styles::TABLE.bold().color(colors::ACCENT)
    } else {
        styles::TABLE.bold()
    };
    Cell::styled(f.release.display_name(), style)
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

/// The environment last in promotion order that a release in scope deploys to.
fn production_env<'p>(s: &Scope<'_, 'p>) -> Option<&'p Environment> {
    facts::environments_in_order(s.plan)
        .into_iter()
        .rev()
        .find(|e| {
            s.releases
                .iter()
                .any(|f| f.deployments.iter().any(|d| d.environment == e.id))
        })
}

fn production_span(f: &ReleaseFacts, env: &EnvironmentId) -> Option<(Instant, Instant)> {
    let ds = f.deployments.iter().filter(|d| &d.environment == env);
    Some((ds.clone().map(|d| d.start).min()?, ds.map(|d| d.end).max()?))
}

fn production(doc: &mut Doc, s: &Scope) {
    let Some(env) = production_env(s) else {
        block_heading(doc, "What reaches production when");
        note(doc, "No release in this period has a deployment yet.");
        return;
    };
    block_heading(doc, &format!("What reaches {} when", env.display_name()));
    let mut dated: Vec<(&ReleaseFacts, (Instant, Instant))> = s
        .releases
        .iter()
        .filter_map(|f| production_span(f, &env.id).map(|span| (*f, span)))
        .collect();
    dated.sort_by_key(|(f, span)| (*span, f.release.id.clone()));
    if dated.is_empty() {
        note(
            doc,
            &format!(
                "No release in this period deploys to {}.",
                env.display_name()
            ),
        );
        return;
    }
    // Per train: how many releases leave with it and when.
    let mut trains: Vec<String> = Vec::new();
    for t in &s.plan.trains {
        let of_train: Vec<&(&ReleaseFacts, (Instant, Instant))> = dated
            .iter()
            .filter(|(f, _)| f.release.train.as_ref() == Some(&t.id))
            .collect();
        if let (Some(first), Some(last)) = (of_train.first(), of_train.last()) {
            trains.push(format!(
                "{}: {} from {} to {}",
                t.display_name(),
                plural(of_train.len(), "release", "releases"),
                s.clock.short(first.1 .0),
                s.clock.short(last.1 .1)
            ));
        }
    }
    let (first, last) = (
        dated[0].1 .0,
        dated.iter().map(|d| d.1 .1).max().unwrap_or(dated[0].1 .1),
    );
    let mut summary = format!(
        "{} reach {} between {} and {}.",
        plural(dated.len(), "release", "releases"),
        env.display_name(),
        s.clock.short(first),
        s.clock.full(last)
    );
    if !trains.is_empty() {
        summary.push_str(&format!(
            " By train: {}.",
            trains
                .iter()
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ));
        if trains.len() > 4 {
            summary.push_str(&format!(" And {} more trains.", trains.len() - 4));
        }
    }
    // At most three lines, so the block's height stays bounded.
    let lines = doc.wrap(styles::BODY, &summary, doc.content_width());
    for (i, line) in lines.iter().take(3).enumerate() {
        doc.need(styles::BODY.leading());
        let line = if i == 2 && lines.len() > 3 {
            doc.fit(styles::BODY, &format!("{line} …"), doc.content_width())
        } else {
            line.clone()
        };
        doc.text(doc.left, doc.y + styles::BODY.size, styles::BODY, &line);
        doc.y += styles::BODY.leading();
    }
    doc.gap(4.0);
    let shown: Vec<&(&ReleaseFacts, (Instant, Instant))> =
        dated.iter().take(PRODUCTION_ROWS).collect();
    let linked = s.detail != Detail::Summary;
    let rows: Vec<Vec<Cell>> = shown
        .iter()
        .map(|(f, (a, b))| {
            let train = f
                .release
                .train
                .as_ref()
                .map(|t| {
                    s.plan
                        .train(t.as_str())
                        .map_or(t.to_string(), |t| t.display_name().to_owned())
                })
                .unwrap_or_else(|| "—".into());
            vec![
                name_cell(f, linked),
                train.into(),
                s.clock.span_zoned(*a, *b).into(),
                facts::status_name(f.release.status()).into(),
                risk_cell(f),
            ]
        })
        .collect();
    let facts_of: Vec<&ReleaseFacts> = shown.iter().map(|(f, _)| *f).collect();
    Table::new(vec![
        Column::new("Release", 2.4),
        Column::new("Train", 1.3),
        Column::new(env.display_name(), 4.0),
        Column::new("Status", 1.0),
        Column::new("Risk", 1.1).right(),
    ])
    .one_line()
    .draw_nav(doc, &rows, &row_nav(s, &facts_of));
    more(
        doc,
        s,
        dated.len() - shown.len(),
        "releases",
        contents::RELEASES,
    );
}

fn risk(doc: &mut Doc, s: &Scope) {
    block_heading(doc, "Headline risk");
    let mut scored: Vec<&ReleaseFacts> = s
        .releases
        .iter()
        .copied()
        .filter(|f| f.risk.is_some())
        .collect();
    scored.sort_by_key(|f| {
        (
            std::cmp::Reverse(f.risk.as_ref().map_or(0, |r| r.score)),
            f.release.id.clone(),
        )
    });
    if scored.is_empty() {
        note(doc, "No release in this period has a risk score.");
        return;
    }
    let count = |level| {
        scored
            .iter()
            .filter(|f| f.risk.as_ref().is_some_and(|r| r.level == level))
            .count()
    };
    use trainyard_core::risk::RiskLevel::*;
    note(
        doc,
        &format!(
            "{} critical, {} high, {} medium and {} low (risk is 0–100; docs/risk.md gives the formula).",
            count(Critical),
            count(High),
            count(Medium),
            count(Low)
        ),
    );
    let shown: Vec<&ReleaseFacts> = scored.iter().copied().take(RISK_ROWS).collect();
    let linked = s.detail != Detail::Summary;
    let rows: Vec<Vec<Cell>> = shown
        .iter()
        .map(|f| {
            let why = f
                .risk
                .as_ref()
                .and_then(|r| r.factors.iter().max_by_key(|x| x.points))
                .map_or(String::new(), |x| format!("{}: {}", x.label, x.detail));
            vec![name_cell(f, linked), risk_cell(f), why.into()]
        })
        .collect();
    Table::new(vec![
        Column::new("Release", 3.0),
        Column::new("Risk", 1.2),
        Column::new("Biggest factor", 5.7),
    ])
    .one_line()
    .draw_nav(doc, &rows, &row_nav(s, &shown));
}

fn errors(doc: &mut Doc, s: &Scope) {
    block_heading(doc, "Open errors by release");
    let with_errors: Vec<(&ReleaseFacts, Vec<&Conflict>)> = {
        let mut v: Vec<(&ReleaseFacts, Vec<&Conflict>)> = s
            .releases
            .iter()
            .map(|f| {
                let errs: Vec<&Conflict> = f
                    .conflicts
                    .iter()
                    .copied()
                    .filter(|c| c.severity == Severity::Error)
                    .collect();
                (*f, errs)
            })
            .filter(|(_, e)| !e.is_empty())
            .collect();
        v.sort_by_key(|(f, e)| {
            (
                std::cmp::Reverse(e.len()),
                f.first_start,
                f.release.id.clone(),
            )
        });
        v
    };
    let total = s
        .conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count();
    if total == 0 {
        doc.paragraph(
            styles::BODY.color(colors::OK),
            "✓ No conflict errors in this period.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    note(
        doc,
        &format!(
            "{} in {}; a conflict that involves two releases counts for both.",
            plural(total, "error", "errors"),
            plural(with_errors.len(), "release", "releases")
        ),
    );
    let shown: Vec<&(&ReleaseFacts, Vec<&Conflict>)> =
        with_errors.iter().take(ERROR_ROWS).collect();
    let linked = s.detail != Detail::Summary;
    let rows: Vec<Vec<Cell>> = shown
        .iter()
        .map(|(f, errs)| {
            vec![
                name_cell(f, linked),
                Cell::styled(
                    errs.len().to_string(),
                    styles::TABLE.bold().color(colors::ERROR),
                ),
                format!("{}: {}", errs[0].rule.title(), errs[0].message).into(),
            ]
        })
        .collect();
    let facts_of: Vec<&ReleaseFacts> = shown.iter().map(|(f, _)| *f).collect();
    Table::new(vec![
        Column::new("Release", 2.6),
        Column::new(severity_name(Severity::Error).to_owned() + "s", 0.8).right(),
        Column::new("First error", 6.5),
    ])
    .one_line()
    .draw_nav(doc, &rows, &row_nav(s, &facts_of));
    more(
        doc,
        s,
        with_errors.len() - shown.len(),
        "releases with errors",
        contents::CONFLICTS,
    );
}

fn approvals(doc: &mut Doc, s: &Scope) {
    block_heading(doc, "Approvals still needed");
    let waiting: Vec<&ReleaseFacts> = s
        .releases
        .iter()
        .copied()
        .filter(|f| {
            f.approvals.applies()
                && !f.approvals.satisfied()
                && f.release.status() != ReleaseStatus::Cancelled
        })
        .collect();
    if waiting.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::OK),
            "✓ Every release that needs approval has it.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    let shown: Vec<&ReleaseFacts> = waiting.iter().copied().take(APPROVAL_ROWS).collect();
    let linked = s.detail != Detail::Summary;
    let rows: Vec<Vec<Cell>> = shown
        .iter()
        .map(|f| {
            let a = &f.approvals;
            let status = if a.rejected_by.is_empty() {
                Cell::styled(
                    format!("{} of {} approved", a.counted(), a.required()),
                    styles::TABLE.bold().color(colors::WARNING),
                )
            } else {
                Cell::styled(
                    format!("rejected by {}", a.rejected_by.join(", ")),
                    styles::TABLE.bold().color(colors::ERROR),
                )
            };
            let first = f
                .first_start
                .map_or("not scheduled".to_owned(), |t| s.clock.short_zoned(t));
            vec![name_cell(f, linked), status, first.into()]
        })
        .collect();
    Table::new(vec![
        Column::new("Release", 3.2),
        Column::new("Approvals", 3.0),
        Column::new("First deployment", 2.6),
    ])
    .one_line()
    .draw_nav(doc, &rows, &row_nav(s, &shown));
    more(
        doc,
        s,
        waiting.len() - shown.len(),
        "releases awaiting approval",
        contents::APPROVALS,
    );
}

/// Why a release is held back, if it is.
fn hold_reason(f: &ReleaseFacts) -> Option<String> {
    if !f.approvals.rejected_by.is_empty() {
        return Some(format!(
            "rejected by {}",
            f.approvals.rejected_by.join(", ")
        ));
    }
    match f.release.status() {
        ReleaseStatus::Draft if !f.deployments.is_empty() => {
            Some("still a draft, with deployments planned".into())
        }
        ReleaseStatus::Cancelled => Some("cancelled: its deployments take part in no rule".into()),
        ReleaseStatus::RolledBack => Some("rolled back".into()),
        _ => None,
    }
}

fn on_hold(doc: &mut Doc, s: &Scope) {
    block_heading(doc, "Changes on hold");
    let held: Vec<(&ReleaseFacts, String)> = s
        .releases
        .iter()
        .filter_map(|f| hold_reason(f).map(|r| (*f, r)))
        .collect();
    if held.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::OK),
            "✓ No release is rejected, cancelled, rolled back or still a draft.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    let shown: Vec<&(&ReleaseFacts, String)> = held.iter().take(HOLD_ROWS).collect();
    let linked = s.detail != Detail::Summary;
    let rows: Vec<Vec<Cell>> = shown
        .iter()
        .map(|(f, why)| {
            vec![
                name_cell(f, linked),
                why.clone().into(),
                plural(f.deployments.len(), "deployment", "deployments").into(),
            ]
        })
        .collect();
    let facts_of: Vec<&ReleaseFacts> = shown.iter().map(|(f, _)| *f).collect();
    Table::new(vec![
        Column::new("Release", 3.2),
        Column::new("Why", 4.0),
        Column::new("Deployments", 1.6),
    ])
    .one_line()
    .draw_nav(doc, &rows, &row_nav(s, &facts_of));
    more(
        doc,
        s,
        held.len() - shown.len(),
        "releases on hold",
        contents::RELEASES,
    );
}
