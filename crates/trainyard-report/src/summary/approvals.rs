//! The summary's approvals table: for every release the policy applies to,
//! what is required where, who approved or rejected, and the status.

use trainyard_core::*;

use crate::facts::ReleaseFacts;
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};

pub(super) fn approvals_table(doc: &mut Doc, plan: &Plan, releases: &[&ReleaseFacts]) {
    let with_policy: Vec<&&ReleaseFacts> = releases
        .iter()
        .filter(|f| f.approvals.applies() || !f.release.approvals.is_empty())
        .collect();
    if with_policy.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "No release deploys to an environment that requires approval.",
            doc.left,
            doc.content_width(),
        );
        return;
    }
    let rows: Vec<Vec<Cell>> = with_policy
        .iter()
        .map(|f| {
            let a = &f.approvals;
            let needs: Vec<String> = a
                .needs
                .iter()
                .map(|n| {
                    let env = plan
                        .environment(n.environment.as_str())
                        .map_or(n.environment.as_str(), |e| e.display_name());
                    format!(
                        "{} in {env}{}",
                        n.required,
                        if n.sensitive { " (sensitive)" } else { "" }
                    )
                })
                .collect();
            let status = if !a.applies() || (a.required() == 0 && a.rejected_by.is_empty()) {
                Cell::styled("not required", styles::TABLE.color(colors::MUTED))
            } else if !a.rejected_by.is_empty() {
                Cell::styled("✗ rejected", styles::TABLE.bold().color(colors::ERROR))
            } else if a.satisfied() {
                Cell::styled("✓ approved", styles::TABLE.bold().color(colors::OK))
            } else {
                Cell::styled(
                    format!("{} of {} approved", a.counted(), a.required()),
                    styles::TABLE.bold().color(colors::WARNING),
                )
            };
            vec![
                Cell::styled(f.release.display_name(), styles::TABLE.bold()),
                if needs.is_empty() {
                    "—".into()
                } else {
                    needs.join("\n").into()
                },
                if a.approved_by.is_empty() {
                    "—".into()
                } else {
                    a.approved_by.join(", ").into()
                },
                if a.rejected_by.is_empty() {
                    "—".into()
                } else {
                    Cell::styled(a.rejected_by.join(", "), styles::TABLE.color(colors::ERROR))
                },
                status,
            ]
        })
        .collect();
    Table::new(vec![
        Column::new("Release", 2.1),
        Column::new("Required", 2.4),
        Column::new("Approved by", 2.0),
        Column::new("Rejected by", 1.3),
        Column::new("Status", 1.5),
    ])
    .draw(doc, &rows);
    doc.gap(4.0);
    doc.paragraph(
        styles::SMALL,
        "Policy: distinct approvers count; standard changes need 0, normal and emergency 1, and any change 2 where it deploys a service holding financial or customer data; a rejection blocks the release.",
        doc.left,
        doc.content_width(),
    );
}
