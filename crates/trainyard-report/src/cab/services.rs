//! The CAB sheet's services and blast radius: the services the release
//! deploys, then every service downstream of them with the dependency path
//! that explains why it is affected.

use trainyard_core::graph::{blast_radius, DependencyGraph};
use trainyard_core::*;

use crate::facts::{self, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};

pub(super) fn services_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts) {
    doc.heading(
        styles::H1.size(12.0),
        "Services touched and blast radius",
        40.0,
    );
    let mut touched: Vec<ServiceId> = f
        .deployments
        .iter()
        .filter(|d| d.status() != DeploymentStatus::RolledBack)
        .map(|d| d.service.clone())
        .collect();
    touched.sort();
    touched.dedup();
    if touched.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "The release has no deployment yet.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    let team_name = |s: &Service| {
        s.team.as_ref().map_or("no team".to_owned(), |t| {
            plan.team(t.as_str())
                .map_or(t.to_string(), |t| t.display_name().to_owned())
        })
    };
    let radius = blast_radius(plan, &touched);
    let graph = DependencyGraph::services(plan);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for id in &touched {
        let Some(s) = plan.service(id.as_str()) else {
            continue;
        };
        rows.push(vec![
            Cell::styled(s.display_name(), styles::TABLE.bold()),
            "touched".into(),
            format!("tier {}", s.tier()).into(),
            team_name(s).into(),
            if s.data_classes.is_empty() {
                "—".into()
            } else {
                s.data_classes.join(", ").into()
            },
            "deployed by this release".into(),
        ]);
    }
    for id in &radius {
        let Some(s) = plan.service(id.as_str()) else {
            continue;
        };
        // The shortest path to a touched service explains why it is affected.
        let via = touched
            .iter()
            .filter_map(|t| graph.path(id.as_str(), t.as_str()))
            .min_by_key(Vec::len)
            .map(|p| {
                p.iter()
                    .map(|x| plan.service(x).map_or(x.as_str(), |s| s.display_name()))
                    .collect::<Vec<_>>()
                    .join(" → ")
            })
            .unwrap_or_default();
        rows.push(vec![
            s.display_name().into(),
            Cell::styled("downstream", styles::TABLE.color(colors::WARNING)),
            format!("tier {}", s.tier()).into(),
            team_name(s).into(),
            if s.data_classes.is_empty() {
                "—".into()
            } else {
                s.data_classes.join(", ").into()
            },
            format!("depends on it: {via}").into(),
        ]);
    }
    Table::new(vec![
        Column::new("Service", 1.8),
        Column::new("Impact", 1.1),
        Column::new("Tier", 0.6),
        Column::new("Team", 1.2),
        Column::new("Data", 1.1),
        Column::new("Why", 3.0),
    ])
    .draw(doc, &rows);
    doc.gap(3.0);
    let text = if radius.is_empty() {
        "Blast radius: no other service depends on the touched services.".to_owned()
    } else {
        format!("Blast radius: {} downstream of the touched services (they call them, directly or through others).", facts::plural(radius.len(), "service is", "services are"))
    };
    doc.paragraph(styles::SMALL, &text, doc.left, doc.content_width());
}
