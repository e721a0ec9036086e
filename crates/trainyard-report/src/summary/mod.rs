//! The PDF release summary: what a manager sends to stakeholders.
//!
//! Order: title block and key figures, the timeline, the release table, the
//! conflicts summary, approvals, then one section per release. The summary
//! parts come before the per-release detail so a reader of a 200-release plan
//! finds the overview, conflicts and approvals on the first pages. Each part
//! has its own module; this one decides what is in scope and the order.

mod approvals;
mod conflicts;
mod detail;
mod front;
mod releases;
mod timeline;

use std::collections::HashSet;

use trainyard_core::time::Instant;
use trainyard_core::*;

use crate::facts::{self, ReleaseFacts};
use crate::pdf::{styles, Doc, Frame, Meta};
use crate::report_blocks::{footer_line, generated_line};
use crate::{Paper, ReportError};

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

    let mut doc = Doc::new(opts.paper)?;
    let generated = generated_line(opts.generated_at, plan.timezone);

    front::title_block(&mut doc, plan, opts, period, clock, &generated);
    front::key_figures(&mut doc, plan, &releases, &conflicts, &deployment_in_period);

    timeline::timeline_section(&mut doc, plan, opts.lanes, period, clock, &all, &report);

    // Release table.
    doc.heading(styles::H1, "Releases", 60.0);
    releases::release_table(&mut doc, plan, &releases, clock);

    // Conflicts.
    doc.heading(styles::H1, "Conflicts", 60.0);
    conflicts::conflicts_summary(&mut doc, &conflicts);

    // Approvals.
    doc.heading(styles::H1, "Approvals", 60.0);
    approvals::approvals_table(&mut doc, plan, &releases);

    // One section per release, starting on a fresh page unless most of this one is free.
    if doc.room() < (doc.bottom - doc.top) * 0.6 {
        doc.page_break();
    }
    doc.heading(styles::H1, "Release details", 80.0);
    for f in &releases {
        detail::release_section(&mut doc, plan, f, clock);
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
