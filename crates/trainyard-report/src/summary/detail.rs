//! The per-release detail at the end of the summary: heading with chips, ids,
//! services and dependencies, the release's texts, its deployments, open
//! conflicts and the approvals so far.

use trainyard_core::*;

use crate::facts::{self, Clock, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{chip, colors, styles, Doc, Rgb, Style};
use crate::report_blocks::{conflict_list, risk_color, text_block};

fn service_line(plan: &Plan, id: &ServiceId) -> String {
    match plan.service(id.as_str()) {
        Some(s) => {
            let mut parts = vec![format!("tier {}", s.tier())];
            parts.extend(s.data_classes.iter().cloned());
            format!("{} ({})", s.display_name(), parts.join(", "))
        }
        None => id.to_string(),
    }
}

pub(super) fn release_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
    let r = f.release;
    // Heading with chips on the right.
    if !doc.at_top() {
        doc.gap(10.0);
    }
    doc.need(90.0);
    doc.line(doc.left, doc.y, doc.right, doc.y, colors::RULE, 0.6);
    doc.y += 6.0;
    let mut chips: Vec<(String, Rgb, Rgb)> = r
        .version
        .iter()
        .map(|v| (v.clone(), colors::INK, colors::HEADER_FILL))
        .collect();
    chips.extend([
        (
            r.change_type.as_str().to_owned(),
            colors::INK,
            colors::HEADER_FILL,
        ),
        (
            facts::status_name(r.status()).to_owned(),
            colors::INK,
            colors::HEADER_FILL,
        ),
    ]);
    if let Some(risk) = &f.risk {
        let c = risk_color(risk.level);
        chips.push((
            format!("risk {} {}", risk.score, facts::level_name(risk.level)),
            Rgb(0xff, 0xff, 0xff),
            c,
        ));
    }
    let chips_w: f32 = chips
        .iter()
        .map(|(t, _, _)| doc.width_of(styles::SMALL.bold(), t) + 8.0 + 4.0)
        .sum();
    let title = doc.fit(
        styles::H2,
        r.display_name(),
        doc.content_width() - chips_w - 8.0,
    );
    doc.text(doc.left, doc.y + 11.0, styles::H2, &title);
    let mut x = doc.right - chips_w + 4.0;
    for (t, fg, bg) in &chips {
        x += chip(doc, x, doc.y + 1.5, t, *fg, *bg) + 4.0;
    }
    doc.y += 18.0;

    let mut services: Vec<&ServiceId> = f.deployments.iter().map(|d| &d.service).collect();
    services.sort();
    services.dedup();
    let mut short: Vec<(&str, String)> = vec![("Release id", r.id.to_string())];
    if let Some(o) = &r.owner {
        short.push(("Owner", o.clone()));
    }
    if let Some(t) = &r.train {
        short.push((
            "Train",
            plan.train(t.as_str())
                .map_or(t.to_string(), |t| t.display_name().to_owned()),
        ));
    }
    inline_fields(doc, &short);
    let mut rows: Vec<(&str, String)> = Vec::new();
    rows.push((
        "Services",
        if services.is_empty() {
            "none yet".to_owned()
        } else {
            services
                .iter()
                .map(|s| service_line(plan, s))
                .collect::<Vec<_>>()
                .join("; ")
        },
    ));
    let deps: Vec<String> = r
        .depends_on
        .iter()
        .map(|d| match plan.release(d.as_str()) {
            Some(dr) => format!(
                "{} ({})",
                dr.display_name(),
                facts::status_name(dr.status())
            ),
            None => d.to_string(),
        })
        .collect();
    rows.push((
        "Depends on",
        if deps.is_empty() {
            "no other release".to_owned()
        } else {
            deps.join("; ")
        },
    ));
    doc.fields(&rows, 78.0);

    text_block(doc, "Description", r.description.as_deref(), None);
    text_block(
        doc,
        "Rollback plan",
        r.rollback_plan.as_deref(),
        Some("Not documented."),
    );
    text_block(
        doc,
        "Success criteria",
        r.success_criteria.as_deref(),
        Some("Not documented."),
    );
    text_block(doc, "Known issues", r.known_issues.as_deref(), None);

    if !f.deployments.is_empty() {
        doc.gap(4.0);
        let rows: Vec<Vec<Cell>> = f
            .deployments
            .iter()
            .map(|d| {
                vec![
                    plan.service(d.service.as_str())
                        .map_or(d.service.to_string(), |s| s.display_name().to_owned())
                        .into(),
                    plan.environment(d.environment.as_str())
                        .map_or(d.environment.to_string(), |e| e.display_name().to_owned())
                        .into(),
                    clock.span_zoned(d.start, d.end).into(),
                    d.strategy().as_str().into(),
                    d.wave.clone().unwrap_or_else(|| "—".into()).into(),
                    facts::deployment_status_name(d.status()).into(),
                ]
            })
            .collect();
        Table::new(vec![
            Column::new("Service", 1.6),
            Column::new("Environment", 1.3),
            Column::new("When", 2.4),
            Column::new("Strategy", 1.0),
            Column::new("Wave", 0.8),
            Column::new("Status", 0.9),
        ])
        .draw(doc, &rows);
    }

    // Open conflicts.
    doc.gap(3.0);
    doc.need(styles::LABEL.leading() + styles::BODY.leading());
    doc.text(
        doc.left,
        doc.y + styles::LABEL.size,
        styles::LABEL,
        "OPEN CONFLICTS",
    );
    doc.y += styles::LABEL.leading() + 1.0;
    if f.conflicts.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::OK),
            "✓ None.",
            doc.left,
            doc.content_width(),
        );
    } else {
        conflict_list(doc, &f.conflicts);
    }

    // Approvals so far.
    doc.gap(3.0);
    doc.need(styles::LABEL.leading() + styles::BODY.leading());
    doc.text(
        doc.left,
        doc.y + styles::LABEL.size,
        styles::LABEL,
        "APPROVALS",
    );
    doc.y += styles::LABEL.leading() + 1.0;
    let mut lines: Vec<(String, Style)> = r
        .approvals
        .iter()
        .map(|a| {
            let (mark, style) = match a.decision {
                Decision::Approved => ("✓", styles::BODY),
                Decision::Rejected => ("✗", styles::BODY.color(colors::ERROR)),
            };
            let mut s = format!("{mark} {} {}", a.by, a.decision.as_str());
            if let Some(role) = &a.role {
                s = format!("{mark} {} ({role}) {}", a.by, a.decision.as_str());
            }
            if let Some(at) = a.at {
                s.push_str(&format!(" on {}", clock.short(at)));
            }
            if let Some(c) = &a.comment {
                s.push_str(&format!(": {c}"));
            }
            (s, style)
        })
        .collect();
    let st = &f.approvals;
    if st.applies() {
        let (text, style) = if !st.rejected_by.is_empty() {
            (
                format!(
                    "Rejected by {}: the release may not deploy.",
                    st.rejected_by.join(", ")
                ),
                styles::BODY.bold().color(colors::ERROR),
            )
        } else if st.required() == 0 {
            (
                "No approval required for a standard change.".to_owned(),
                styles::BODY.color(colors::MUTED),
            )
        } else if st.satisfied() {
            (
                format!(
                    "{} of {} required approvals: complete.",
                    st.counted().min(st.required()),
                    st.required()
                ),
                styles::BODY.bold().color(colors::OK),
            )
        } else {
            (
                format!(
                    "{} of {} required approvals: {} more needed.",
                    st.counted(),
                    st.required(),
                    st.required() - st.counted()
                ),
                styles::BODY.bold().color(colors::WARNING),
            )
        };
        lines.push((text, style));
    } else if r.approvals.is_empty() {
        lines.push((
            "None required: no environment it deploys to requires approval.".into(),
            styles::BODY.color(colors::MUTED),
        ));
    }
    for (text, style) in lines {
        doc.paragraph(style, &text, doc.left, doc.content_width());
    }
}

/// Short label–value pairs on one line: "RELEASE ID r1   OWNER Payments".
fn inline_fields(doc: &mut Doc, pairs: &[(&str, String)]) {
    let lead = styles::BODY.leading();
    doc.need(lead);
    let mut x = doc.left;
    let y = doc.y + styles::BODY.size;
    for (i, (label, value)) in pairs.iter().enumerate() {
        let label_w = if i == 0 {
            78.0
        } else {
            doc.width_of(styles::LABEL, label) + 6.0
        };
        let value = doc.fit(styles::BODY, value, 150.0);
        let value_w = doc.width_of(styles::BODY, &value);
        if x + label_w + value_w > doc.right {
            break;
        }
        doc.text(x, y, styles::LABEL, label);
        doc.text(x + label_w, y, styles::BODY, &value);
        x += label_w + value_w + 18.0;
    }
    doc.y += lead;
}
