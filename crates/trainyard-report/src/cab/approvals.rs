//! The CAB sheet's approvals: the policy that applies, the decisions so far,
//! the verdict, and a signature line for every approval still needed.

use trainyard_core::*;

use crate::facts::{self, Clock, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};

pub(super) fn approvals_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
    let r = f.release;
    let st = &f.approvals;
    let remaining = st.required().saturating_sub(st.counted()) as usize;
    // Keep the heading, the table and the signature lines together when they fit.
    let estimate = 40.0 + 16.0 * (r.approvals.len() + 1) as f32 + 34.0 * remaining.max(1) as f32;
    doc.heading(
        styles::H1.size(12.0),
        "Approvals",
        estimate.min(doc.bottom - doc.top - 40.0),
    );
    let policy = if st.applies() {
        let parts: Vec<String> = st
            .needs
            .iter()
            .map(|n| {
                let env = plan
                    .environment(n.environment.as_str())
                    .map_or(n.environment.as_str(), |e| e.display_name());
                format!(
                    "{} for {env}{}",
                    facts::plural(n.required as usize, "approval", "approvals"),
                    if n.sensitive {
                        " (financial or customer data: two approvers)"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        format!("Required by the approval policy: {}. Distinct approvers count; any rejection blocks the release.", parts.join("; "))
    } else {
        "No environment this release deploys to requires approval.".to_owned()
    };
    doc.paragraph(styles::SMALL, &policy, doc.left, doc.content_width());
    doc.gap(3.0);
    if r.approvals.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "No decision recorded yet.",
            doc.left,
            doc.content_width(),
        );
    } else {
        let rows: Vec<Vec<Cell>> = r
            .approvals
            .iter()
            .map(|a| {
                let decision = match a.decision {
                    Decision::Approved => {
                        Cell::styled("✓ approved", styles::TABLE.bold().color(colors::OK))
                    }
                    Decision::Rejected => {
                        Cell::styled("✗ rejected", styles::TABLE.bold().color(colors::ERROR))
                    }
                };
                vec![
                    Cell::styled(a.by.clone(), styles::TABLE.bold()),
                    a.role.clone().unwrap_or_else(|| "—".into()).into(),
                    decision,
                    a.at.map_or("—".to_owned(), |t| clock.short(t)).into(),
                    a.comment.clone().unwrap_or_default().into(),
                ]
            })
            .collect();
        Table::new(vec![
            Column::new("By", 1.4),
            Column::new("Role", 1.2),
            Column::new("Decision", 1.2),
            Column::new("When", 1.3),
            Column::new("Comment", 3.0),
        ])
        .draw(doc, &rows);
    }
    doc.gap(6.0);
    if !st.rejected_by.is_empty() {
        doc.paragraph(
            styles::BODY.bold().color(colors::ERROR),
            "Rejected: the release may not deploy until the rejection is withdrawn.",
            doc.left,
            doc.content_width(),
        );
    } else if st.applies() && st.required() == 0 {
        doc.paragraph(
            styles::BODY.color(colors::MUTED),
            "No approval is required for a standard change without sensitive data.",
            doc.left,
            doc.content_width(),
        );
    } else if st.applies() && remaining == 0 {
        let text = if st.required() == 1 {
            "✓ The required approval is recorded.".to_owned()
        } else {
            format!("✓ All {} required approvals are recorded.", st.required())
        };
        doc.paragraph(
            styles::BODY.bold().color(colors::OK),
            &text,
            doc.left,
            doc.content_width(),
        );
    } else if remaining > 0 {
        doc.paragraph(
            styles::BODY.bold().color(colors::WARNING),
            &format!(
                "{} of {} required approvals recorded; {} still needed:",
                st.counted(),
                st.required(),
                remaining
            ),
            doc.left,
            doc.content_width(),
        );
        doc.gap(4.0);
        for _ in 0..remaining {
            signature_line(doc);
        }
    }
}

fn signature_line(doc: &mut Doc) {
    let h = 34.0;
    doc.need(h);
    let y = doc.y + 20.0;
    let w = doc.content_width();
    let fields = [
        ("Name", 0.26),
        ("Role", 0.16),
        ("Decision", 0.22),
        ("Signature", 0.22),
        ("Date", 0.14),
    ];
    let mut x = doc.left;
    for (label, share) in fields {
        let fw = w * share - 8.0;
        if label == "Decision" {
            doc.text(x, y - 2.0, styles::BODY, "☐ approve   ☐ reject");
        } else {
            doc.line(x, y, x + fw, y, colors::MUTED, 0.6);
        }
        doc.text(x, y + 9.0, styles::SMALL, label);
        x += fw + 8.0;
    }
    doc.y += h;
}
