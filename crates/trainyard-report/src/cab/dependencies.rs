//! The CAB sheet's dependencies on other releases: the releases it needs and
//! the releases that need it, with their status and dates per environment.

use trainyard_core::*;

use crate::facts::{self, Clock, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};

pub(super) fn dependencies_section(
    doc: &mut Doc,
    plan: &Plan,
    f: &ReleaseFacts,
    all: &[ReleaseFacts],
    clock: Clock,
) {
    doc.heading(
        styles::H1.size(12.0),
        "Dependencies on other releases",
        30.0,
    );
    let r = f.release;
    let dependents: Vec<&Release> = plan
        .releases
        .iter()
        .filter(|o| o.id != r.id && o.depends_on.contains(&r.id))
        .collect();
    if r.depends_on.is_empty() && dependents.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "None: it depends on no release and no release depends on it.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    let describe = |id: &ReleaseId| -> (String, String, String) {
        match all.iter().find(|o| &o.release.id == id) {
            Some(o) => {
                let mut envs: Vec<String> = Vec::new();
                for e in facts::environments_in_order(plan) {
                    let ds: Vec<&&Deployment> = o
                        .deployments
                        .iter()
                        .filter(|d| d.environment == e.id)
                        .collect();
                    if let (Some(a), Some(b)) = (
                        ds.iter().map(|d| d.start).min(),
                        ds.iter().map(|d| d.end).max(),
                    ) {
                        envs.push(format!("{}: {}", e.display_name(), clock.span(a, b)));
                    }
                }
                (
                    o.release.display_name().to_owned(),
                    facts::status_name(o.release.status()).to_owned(),
                    if envs.is_empty() {
                        "no deployment".into()
                    } else {
                        envs.join("\n")
                    },
                )
            }
            None => (id.to_string(), "unknown".into(), String::new()),
        }
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for id in &r.depends_on {
        let (name, status, when) = describe(id);
        rows.push(vec![
            Cell::styled("needs", styles::TABLE.bold()),
            Cell::styled(name, styles::TABLE.bold()),
            status.into(),
            when.into(),
        ]);
    }
    for o in &dependents {
        let (name, status, when) = describe(&o.id);
        rows.push(vec![
            Cell::styled("needed by", styles::TABLE.color(colors::MUTED)),
            name.into(),
            status.into(),
            when.into(),
        ]);
    }
    Table::new(vec![
        Column::new("Relation", 1.0),
        Column::new("Release", 2.2),
        Column::new("Status", 1.1),
        Column::new("Deployments", 3.6),
    ])
    .draw(doc, &rows);
}
