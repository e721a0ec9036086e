//! The summary's conflicts: counts per rule, then every conflict in scope with
//! its severity, rule and message.

use trainyard_core::*;

use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};
use crate::report_blocks::{severity_name, severity_style};

pub(super) fn conflicts_summary(doc: &mut Doc, conflicts: &[&Conflict]) {
    if conflicts.is_empty() {
        doc.need(16.0);
        doc.text(
            doc.left,
            doc.y + 9.0,
            styles::BODY.color(colors::OK),
            "✓ No conflicts: the plan breaks none of the conflict rules.",
        );
        doc.y += 16.0;
        return;
    }
    let mut counts: Vec<(Rule, usize, usize)> = Vec::new();
    for rule in Rule::ALL {
        let e = conflicts
            .iter()
            .filter(|c| c.rule == rule && c.severity == Severity::Error)
            .count();
        let w = conflicts
            .iter()
            .filter(|c| c.rule == rule && c.severity == Severity::Warning)
            .count();
        if e + w > 0 {
            counts.push((rule, e, w));
        }
    }
    let rows: Vec<Vec<Cell>> = counts
        .iter()
        .map(|(rule, e, w)| {
            vec![
                rule.title().into(),
                Cell::styled(rule.as_str(), styles::TABLE.color(colors::MUTED)),
                if *e > 0 {
                    Cell::styled(e.to_string(), severity_style(Severity::Error))
                } else {
                    "0".into()
                },
                if *w > 0 {
                    Cell::styled(w.to_string(), severity_style(Severity::Warning))
                } else {
                    "0".into()
                },
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Rule", 3.0),
        Column::new("Rule id", 2.0),
        Column::new("Errors", 1.0).right(),
        Column::new("Warnings", 1.0).right(),
    ])
    .draw(doc, &rows);
    doc.gap(10.0);
    let rows: Vec<Vec<Cell>> = conflicts
        .iter()
        .map(|c| {
            vec![
                Cell::styled(severity_name(c.severity), severity_style(c.severity)),
                c.rule.title().into(),
                c.message.clone().into(),
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Severity", 0.9),
        Column::new("Rule", 1.6),
        Column::new("What is wrong", 6.0),
    ])
    .draw(doc, &rows);
}
