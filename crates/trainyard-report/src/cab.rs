//! The CAB impact sheet: one release on one or two pages, for the change
//! advisory board meeting. Risk with every factor, services and blast radius,
//! deployments with the windows they fall in, conflicts with their evidence,
//! dependencies, backout plan, approvals with signature lines for the rest.

use trainyard_core::graph::{blast_radius, DependencyGraph};
use trainyard_core::time::{parse_instant, Instant};
use trainyard_core::windows::occurrences;
use trainyard_core::*;

use crate::facts::{self, Clock, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{chip, colors, styles, Doc, Frame, Meta, Rgb};
use crate::report_blocks::{
    conflict_list, footer_line, generated_line, meta_grid, risk_color, text_block,
};
use crate::{Paper, ReportError};

/// Options of [`cab_pdf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CabOptions {
    pub paper: Paper,
    pub generated_at: Instant,
    pub revision: Option<u64>,
    pub audit_head: Option<String>,
}

impl CabOptions {
    pub fn new(generated_at: Instant) -> CabOptions {
        CabOptions {
            paper: Paper::A4,
            generated_at,
            revision: None,
            audit_head: None,
        }
    }
}

/// Renders the CAB impact sheet of `release` as a PDF.
pub fn cab_pdf(
    plan: &Plan,
    release: &ReleaseId,
    opts: &CabOptions,
) -> Result<Vec<u8>, ReportError> {
    if plan.release(release.as_str()).is_none() {
        return Err(ReportError::UnknownRelease(release.to_string()));
    }
    let report = check(plan);
    let all = facts::releases(plan, &report);
    let f = all
        .iter()
        .find(|f| &f.release.id == release)
        .ok_or_else(|| ReportError::UnknownRelease(release.to_string()))?;
    let r = f.release;
    let span = match (
        f.deployments.iter().map(|d| d.start).min(),
        f.deployments.iter().map(|d| d.end).max(),
    ) {
        (Some(a), Some(b)) => (a, b),
        _ => (
            opts.generated_at,
            opts.generated_at + chrono::Duration::days(1),
        ),
    };
    let clock = facts::clock_for(plan.timezone, span);
    let generated = generated_line(opts.generated_at, plan.timezone);
    let mut doc = Doc::new(opts.paper)?;

    // Title.
    doc.text(
        doc.left,
        doc.y + 8.0,
        styles::LABEL.color(colors::ACCENT),
        "CAB IMPACT SHEET",
    );
    doc.y += 14.0;
    let title = match &r.version {
        Some(v) if !r.display_name().contains(v.as_str()) => format!("{} {v}", r.display_name()),
        _ => r.display_name().to_owned(),
    };
    for line in doc.wrap(styles::TITLE.size(18.0), &title, doc.content_width()) {
        doc.text(doc.left, doc.y + 16.0, styles::TITLE.size(18.0), &line);
        doc.y += 22.0;
    }
    doc.y += 2.0;
    let mut x = doc.left;
    let top = doc.y;
    let ct = r.change_type.as_str().to_uppercase();
    x += chip(
        &mut doc,
        x,
        top,
        &format!("{ct} CHANGE"),
        Rgb(0xff, 0xff, 0xff),
        colors::ACCENT,
    ) + 4.0;
    x += chip(
        &mut doc,
        x,
        top,
        facts::status_name(r.status()),
        colors::INK,
        colors::HEADER_FILL,
    ) + 4.0;
    if let Some(risk) = &f.risk {
        chip(
            &mut doc,
            x,
            top,
            &format!(
                "RISK {} · {}",
                risk.score,
                facts::level_name(risk.level).to_uppercase()
            ),
            Rgb(0xff, 0xff, 0xff),
            risk_color(risk.level),
        );
    }
    doc.y += 24.0;
    let mut rows: Vec<(&str, String)> = vec![
        ("Plan", plan.display_name().to_owned()),
        ("Release id", r.id.to_string()),
    ];
    rows.push((
        "Owner",
        r.owner.clone().unwrap_or_else(|| "not named".into()),
    ));
    rows.push((
        "Train",
        r.train.as_ref().map_or("none".to_owned(), |t| {
            plan.train(t.as_str())
                .map_or(t.to_string(), |t| t.display_name().to_owned())
        }),
    ));
    rows.push(("Generated", generated.clone()));
    rows.push((
        "Plan revision",
        match (&opts.revision, &opts.audit_head) {
            (Some(rev), Some(h)) => format!("{rev} · audit {}", facts::short_hash(h)),
            (Some(rev), None) => rev.to_string(),
            (None, Some(h)) => format!("audit {}", facts::short_hash(h)),
            (None, None) => "not from a store".to_owned(),
        },
    ));
    meta_grid(&mut doc, &rows);
    text_block(&mut doc, "Description", r.description.as_deref(), None);

    risk_section(&mut doc, f);
    services_section(&mut doc, plan, f);
    deployments_section(&mut doc, plan, f, clock);

    doc.heading(styles::H1.size(12.0), "Conflicts", 30.0);
    if f.conflicts.is_empty() {
        doc.paragraph(
            styles::BODY.color(colors::OK),
            "✓ None: the release breaks no conflict rule.",
            doc.left,
            doc.content_width(),
        );
    } else {
        conflict_list(&mut doc, &f.conflicts);
        evidence_notes(&mut doc, plan, f, clock);
    }

    dependencies_section(&mut doc, plan, f, &all, clock);

    doc.heading(styles::H1.size(12.0), "Backout plan", 30.0);
    match r
        .rollback_plan
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => doc.paragraph(styles::BODY, t, doc.left, doc.content_width()),
        None => doc.paragraph(
            styles::BODY.bold().color(colors::WARNING),
            "No backout plan is documented. Ask the release owner for one before approving.",
            doc.left,
            doc.content_width(),
        ),
    }
    text_block(
        &mut doc,
        "Success criteria",
        r.success_criteria.as_deref(),
        Some("Not documented."),
    );
    text_block(&mut doc, "Known issues", r.known_issues.as_deref(), None);

    approvals_section(&mut doc, plan, f, clock);

    let frame = Frame {
        header_left: format!("{} · {}", plan.display_name(), r.display_name()),
        header_right: "CAB impact sheet".into(),
        footer_left: footer_line(&generated, opts.revision, opts.audit_head.as_deref()),
    };
    let meta = Meta {
        title: format!("CAB impact sheet: {}", r.display_name()),
        subject: format!(
            "Change advisory board review of {} in {}",
            r.display_name(),
            plan.display_name()
        ),
        generated_at: opts.generated_at,
    };
    doc.finish(&frame, &meta)
}

fn risk_section(doc: &mut Doc, f: &ReleaseFacts) {
    doc.heading(styles::H1.size(12.0), "Risk", 60.0);
    let Some(risk) = &f.risk else { return };
    let c = risk_color(risk.level);
    doc.text(
        doc.left,
        doc.y + 16.0,
        styles::TITLE.size(18.0).color(c),
        &risk.score.to_string(),
    );
    let w = doc.width_of(styles::TITLE.size(18.0), &risk.score.to_string());
    doc.text(
        doc.left + w + 4.0,
        doc.y + 16.0,
        styles::BODY.color(colors::MUTED),
        &format!("of 100 · {}", facts::level_name(risk.level)),
    );
    doc.text_right(
        doc.right,
        doc.y + 16.0,
        styles::SMALL,
        "The score is the sum of the factors below, each capped.",
    );
    doc.y += 24.0;
    let rows: Vec<Vec<Cell>> = risk
        .factors
        .iter()
        .map(|fct| {
            let share = fct.points as f32 / fct.max.max(1) as f32;
            let style = if share >= 0.75 {
                styles::TABLE.bold().color(colors::ERROR)
            } else if share >= 0.4 {
                styles::TABLE.bold().color(colors::WARNING)
            } else {
                styles::TABLE.bold()
            };
            vec![
                Cell::styled(fct.label.clone(), styles::TABLE.bold()),
                fct.detail.clone().into(),
                Cell::styled(format!("{} / {}", fct.points, fct.max), style),
            ]
        })
        .collect();
    let mut rows = rows;
    rows.push(vec![
        Cell::styled("Total", styles::TABLE.bold()),
        "".into(),
        Cell::styled(
            format!("{} / 100", risk.score),
            styles::TABLE.bold().color(c),
        ),
    ]);
    Table::new(vec![
        Column::new("Factor", 2.2),
        Column::new("Why", 5.0),
        Column::new("Points", 1.0).right(),
    ])
    .draw(doc, &rows);
}

fn services_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts) {
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

fn deployments_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
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

fn evidence_notes(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
    let t = |s: &str| parse_instant(s).ok();
    let span = |a: &str, b: &str| match (t(a), t(b)) {
        (Some(a), Some(b)) => clock.span(a, b),
        _ => format!("{a} – {b}"),
    };
    let mut notes = Vec::new();
    for c in &f.conflicts {
        for e in &c.evidence {
            let note = match e {
                Evidence::WindowOccurrence { window, start, end } => {
                    format!(
                        "{}: occurrence {}",
                        plan.window(window.as_str())
                            .map_or(window.as_str(), |w| w.display_name()),
                        span(start, end)
                    )
                }
                Evidence::Uncovered { start, end } => {
                    format!("not covered by a maintenance window: {}", span(start, end))
                }
                Evidence::OtherDeployment {
                    deployment,
                    start,
                    end,
                } => format!("other deployment {deployment}: {}", span(start, end)),
                Evidence::DependencyPath { path } => {
                    let name = |id: &String| {
                        plan.release(id)
                            .map(|r| r.display_name())
                            .or_else(|| plan.service(id).map(|s| s.display_name()))
                            .unwrap_or(id)
                            .to_owned()
                    };
                    format!(
                        "dependency path: {}",
                        path.iter().map(name).collect::<Vec<_>>().join(" → ")
                    )
                }
                Evidence::ConcurrencyPeak {
                    start,
                    end,
                    peak,
                    limit,
                } => format!("{peak} at once (limit {limit}) during {}", span(start, end)),
                Evidence::Unavailable { start, end, reason } => {
                    format!(
                        "team unavailable {}{}",
                        span(start, end),
                        reason.as_ref().map_or(String::new(), |r| format!(" ({r})"))
                    )
                }
                Evidence::Approvals {
                    required,
                    counted,
                    rejected_by,
                } => {
                    let mut s = format!("{counted} of {required} approvals counted");
                    if !rejected_by.is_empty() {
                        s.push_str(&format!(", rejected by {}", rejected_by.join(", ")));
                    }
                    s
                }
            };
            let line = format!("{}: {note}", c.rule.as_str());
            if !notes.contains(&line) {
                notes.push(line);
            }
        }
    }
    if notes.is_empty() {
        return;
    }
    doc.gap(2.0);
    doc.need(styles::LABEL.leading() + styles::SMALL.leading());
    doc.text(
        doc.left,
        doc.y + styles::LABEL.size,
        styles::LABEL,
        "EVIDENCE",
    );
    doc.y += styles::LABEL.leading();
    for n in notes {
        doc.paragraph(
            styles::SMALL.color(colors::INK),
            &format!("• {n}"),
            doc.left + 4.0,
            doc.content_width() - 4.0,
        );
    }
}

fn dependencies_section(
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

fn approvals_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
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
