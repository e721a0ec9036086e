//! The PDF release summary: what a manager sends to stakeholders.
//!
//! Order: title block and key figures, the timeline, the release table, the
//! conflicts summary, approvals, then one section per release. The summary
//! parts come before the per-release detail so a reader of a 200-release plan
//! finds the overview, conflicts and approvals on the first pages.

use std::collections::{HashMap, HashSet};

use trainyard_core::risk::RiskLevel;
use trainyard_core::time::Instant;
use trainyard_core::*;

use crate::facts::{self, plural, short_hash, Clock, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::timeline::{Timeline, PALETTE};
use crate::pdf::{chip, colors, styles, Doc, Frame, Meta, Rgb, Style};
use crate::{generated_line, Paper, ReportError};

/// How the timeline groups deployments into lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LaneMode {
    /// One lane per service, split by environment.
    #[default]
    Service,
    /// One lane per environment.
    Environment,
}

/// Options of [`summary_pdf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryOptions {
    pub paper: Paper,
    /// Printed on the title page and in the footer; fixes every date in the file.
    pub generated_at: Instant,
    /// The store's plan revision, when the plan comes from a store.
    pub revision: Option<u64>,
    /// The store's audit head hash (`Store::audit_head()`), shown shortened.
    pub audit_head: Option<String>,
    /// The period covered, `[from, to)`; default: the span of the deployments,
    /// rounded out to whole days in the plan's time zone.
    pub period: Option<(Instant, Instant)>,
    pub lanes: LaneMode,
}

impl SummaryOptions {
    /// A4, lanes per service, the whole plan, no store information.
    pub fn new(generated_at: Instant) -> SummaryOptions {
        SummaryOptions {
            paper: Paper::A4,
            generated_at,
            revision: None,
            audit_head: None,
            period: None,
            lanes: LaneMode::Service,
        }
    }
}

pub(crate) fn risk_color(level: RiskLevel) -> Rgb {
    match level {
        RiskLevel::Low => colors::OK,
        RiskLevel::Medium => colors::WARNING,
        RiskLevel::High => Rgb(0xc2, 0x4a, 0x0c),
        RiskLevel::Critical => colors::ERROR,
    }
}

pub(crate) fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => styles::TABLE.bold().color(colors::ERROR),
        Severity::Warning => styles::TABLE.bold().color(colors::WARNING),
    }
}

pub(crate) fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    }
}

/// The footer line: generated at, revision, audit head.
pub(crate) fn footer_line(
    generated: &str,
    revision: Option<u64>,
    audit_head: Option<&str>,
) -> String {
    let mut s = format!("Generated {generated}");
    if let Some(r) = revision {
        s.push_str(&format!(" · revision {r}"));
    }
    if let Some(h) = audit_head {
        s.push_str(&format!(" · audit {}", short_hash(h)));
    }
    s
}

/// Renders the release summary of `plan` as a PDF.
pub fn summary_pdf(plan: &Plan, opts: &SummaryOptions) -> Result<Vec<u8>, ReportError> {
    let period = match opts.period {
        Some((a, b)) if a >= b => {
            return Err(ReportError::EmptyPeriod {
                from: trainyard_core::time::format_instant(a),
                to: trainyard_core::time::format_instant(b),
            })
        }
        Some(p) => p,
        None => facts::default_period(plan, opts.generated_at),
    };
    let clock = facts::clock_for(plan.timezone, period);
    let report = check(plan);
    let all = facts::releases(plan, &report);
    let in_period = |d: &Deployment| d.end > period.0 && d.start < period.1;
    let releases: Vec<&ReleaseFacts> = all
        .iter()
        .filter(|f| f.deployments.is_empty() || f.deployments.iter().any(|d| in_period(d)))
        .collect();
    let in_scope: HashSet<&ReleaseId> = releases.iter().map(|f| &f.release.id).collect();
    let deployment_in_period: HashSet<&DeploymentId> = plan
        .deployments
        .iter()
        .filter(|d| in_period(d))
        .map(|d| &d.id)
        .collect();
    let conflicts: Vec<&Conflict> = report
        .conflicts
        .iter()
        .filter(|c| {
            c.deployments
                .iter()
                .any(|d| deployment_in_period.contains(d))
                || c.releases.iter().any(|r| in_scope.contains(r))
                || (c.deployments.is_empty() && c.releases.is_empty())
        })
        .collect();

    let colors_by_release: HashMap<ReleaseId, Rgb> = all
        .iter()
        .enumerate()
        .map(|(i, f)| (f.release.id.clone(), PALETTE[i % PALETTE.len()]))
        .collect();
    let flagged: HashSet<DeploymentId> = report
        .conflicts
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .flat_map(|c| c.deployments.iter().cloned())
        .collect();

    let mut doc = Doc::new(opts.paper)?;
    let generated = generated_line(opts.generated_at, plan.timezone);

    // Title block.
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
        vec![("Period", period_text), ("Generated", generated.clone())];
    meta_rows.push((
        "Plan revision",
        opts.revision
            .map_or_else(|| "not from a store".to_owned(), |r| r.to_string()),
    ));
    if let Some(h) = &opts.audit_head {
        meta_rows.push(("Audit head", short_hash(h)));
    }
    meta_grid(&mut doc, &meta_rows);
    doc.gap(8.0);
    key_figures(&mut doc, plan, &releases, &conflicts, &deployment_in_period);

    // Timeline.
    doc.heading(styles::H1, "Timeline", 120.0);
    let lane_note = match opts.lanes {
        LaneMode::Service => {
            "One lane per service and environment; bars are deployments, coloured by release."
        }
        LaneMode::Environment => {
            "One lane per environment; bars are deployments, coloured by release."
        }
    };
    doc.paragraph(
        styles::SMALL,
        &format!("{lane_note} Times in {}.", clock.zone()),
        doc.left,
        doc.content_width(),
    );
    doc.gap(4.0);
    Timeline {
        plan,
        period,
        mode: opts.lanes,
        colors: &colors_by_release,
        flagged: &flagged,
        clock,
    }
    .draw(&mut doc);

    // Release table.
    doc.heading(styles::H1, "Releases", 60.0);
    release_table(&mut doc, plan, &releases, clock);

    // Conflicts.
    doc.heading(styles::H1, "Conflicts", 60.0);
    conflicts_summary(&mut doc, &conflicts);

    // Approvals.
    doc.heading(styles::H1, "Approvals", 60.0);
    approvals_table(&mut doc, plan, &releases);

    // One section per release, starting on a fresh page unless most of this one is free.
    if doc.room() < (doc.bottom - doc.top) * 0.6 {
        doc.page_break();
    }
    doc.heading(styles::H1, "Release details", 80.0);
    for f in &releases {
        release_section(&mut doc, plan, f, clock);
    }

    let frame = Frame {
        header_left: plan.display_name().to_owned(),
        header_right: format!("Release summary · {}", clock.date_range(period.0, period.1)),
        footer_left: footer_line(&generated, opts.revision, opts.audit_head.as_deref()),
    };
    let meta = Meta {
        title: format!("Release summary: {}", plan.display_name()),
        subject: format!(
            "Releases, timeline, conflicts and approvals, {}",
            clock.date_range(period.0, period.1)
        ),
        generated_at: opts.generated_at,
    };
    doc.finish(&frame, &meta)
}

/// Label–value pairs in two columns.
pub(crate) fn meta_grid(doc: &mut Doc, rows: &[(&str, String)]) {
    let col_w = doc.content_width() / 2.0;
    for pair in rows.chunks(2) {
        doc.need(24.0);
        for (i, (label, value)) in pair.iter().enumerate() {
            let x = doc.left + i as f32 * col_w;
            doc.text(x, doc.y + 7.0, styles::LABEL, &label.to_uppercase());
            let v = doc.fit(styles::BODY, value, col_w - 10.0);
            doc.text(x, doc.y + 18.5, styles::BODY, &v);
        }
        doc.y += 26.0;
    }
}

fn key_figures(
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

fn release_table(doc: &mut Doc, plan: &Plan, releases: &[&ReleaseFacts], clock: Clock) {
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
                        |(a, b)| clock.span(a, b).into(),
                    ));
                }
            } else {
                let lines: Vec<String> = envs
                    .iter()
                    .filter_map(|e| {
                        env_span(f, &e.id)
                            .map(|(a, b)| format!("{}: {}", e.display_name(), clock.span(a, b)))
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
    Table::new(cols).draw(doc, &rows);
    doc.gap(4.0);
    doc.paragraph(
        styles::SMALL,
        &format!("Dates are the first start and last end of each release's deployments per environment, in {}. Risk is 0–100 (see each release for its factors).", clock.zone()),
        doc.left,
        doc.content_width(),
    );
}

fn conflicts_summary(doc: &mut Doc, conflicts: &[&Conflict]) {
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

fn approvals_table(doc: &mut Doc, plan: &Plan, releases: &[&ReleaseFacts]) {
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

/// A labelled block of free text; `missing` is shown (in amber) when absent.
pub(crate) fn text_block(doc: &mut Doc, label: &str, text: Option<&str>, missing: Option<&str>) {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if text.is_none() && missing.is_none() {
        return;
    }
    doc.need(styles::LABEL.leading() + styles::BODY.leading() + 4.0);
    doc.gap(3.0);
    doc.text(
        doc.left,
        doc.y + styles::LABEL.size,
        styles::LABEL,
        &label.to_uppercase(),
    );
    doc.y += styles::LABEL.leading() + 1.0;
    match text {
        Some(t) => doc.paragraph(styles::BODY, t, doc.left, doc.content_width()),
        None => doc.paragraph(
            styles::BODY.color(colors::WARNING),
            missing.unwrap_or_default(),
            doc.left,
            doc.content_width(),
        ),
    }
}

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

fn release_section(doc: &mut Doc, plan: &Plan, f: &ReleaseFacts, clock: Clock) {
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
                    clock.span(d.start, d.end).into(),
                    d.strategy().as_str().into(),
                    d.wave.clone().unwrap_or_else(|| "—".into()).into(),
                    facts::deployment_status_name(d.status()).into(),
                ]
            })
            .collect();
        Table::new(vec![
            Column::new("Service", 1.6),
            Column::new("Environment", 1.3),
            Column::new(
                format!(
                    "When ({})",
                    clock.local(f.deployments[0].start).format("%Z")
                ),
                2.4,
            ),
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

/// Conflicts as "Error  message" lines with a hanging indent.
pub(crate) fn conflict_list(doc: &mut Doc, conflicts: &[&Conflict]) {
    let tag_w = 50.0;
    let width = doc.content_width() - tag_w;
    for c in conflicts {
        let lines = doc.wrap(
            styles::BODY,
            &format!("{}: {}", c.rule.title(), c.message),
            width,
        );
        let lead = styles::BODY.leading();
        doc.need(lead * lines.len().min(2) as f32);
        let tag_style = severity_style(c.severity).size(styles::BODY.size);
        doc.text(
            doc.left,
            doc.y + styles::BODY.size,
            tag_style,
            severity_name(c.severity),
        );
        for (i, line) in lines.iter().enumerate() {
            doc.need(lead);
            // The rule title in bold, the message in regular.
            let title = format!("{}:", c.rule.title());
            if i == 0 && line.starts_with(&title) {
                let x = doc.left + tag_w;
                let y = doc.y + styles::BODY.size;
                doc.text(x, y, styles::BODY.bold(), &title);
                let tw =
                    doc.width_of(styles::BODY.bold(), &title) + doc.width_of(styles::BODY, " ");
                doc.text(x + tw, y, styles::BODY, line[title.len()..].trim_start());
            } else {
                doc.text(
                    doc.left + tag_w,
                    doc.y + styles::BODY.size,
                    styles::BODY,
                    line,
                );
            }
            doc.y += lead;
        }
        doc.y += 1.5;
    }
}
