//! The PDF release summary: what a manager sends to stakeholders.
//!
//! A cover page (title, key figures, contents), then the front section "At a
//! glance" that fits on two pages whatever the size of the plan (what reaches
//! production when, headline risk, open errors by release, approvals still
//! needed, changes on hold; every list capped with a pointer to the
//! appendix), then "Delivery metrics" when deployments with a recorded
//! outcome finished in the period (otherwise nothing of it, not even a
//! contents line), then the appendices the chosen [`Detail`] asks for. The
//! edition for a delay notice opens with "What changed since …" before the
//! front section, and lists every change in its own appendix. Each part has
//! its own module; this one decides what is in scope and the order.

mod approvals;
mod changes;
mod conflicts;
mod contents;
mod detail;
mod front;
mod glance;
mod metrics;
mod metrics_charts;
mod releases;
mod timeline;

use std::collections::HashSet;

use trainyard_core::time::Instant;
use trainyard_core::*;

use crate::changes::ChangeSummary;
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

/// How much of the plan the summary prints after its front section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Detail {
    /// The cover page and the front section: at most three pages on any plan.
    Summary,
    /// Also the release table, every conflict and the approvals, as appendices.
    Conflicts,
    /// Also the timeline and one section per release.
    #[default]
    Full,
}

impl Detail {
    pub const ALL: [Detail; 3] = [Detail::Summary, Detail::Conflicts, Detail::Full];

    pub fn as_str(self) -> &'static str {
        match self {
            Detail::Summary => "summary",
            Detail::Conflicts => "conflicts",
            Detail::Full => "full",
        }
    }

    pub fn parse(s: &str) -> Option<Detail> {
        Detail::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// The most pages the appendices may fill: past it they stop with a note, so
/// a huge plan gives a bounded document (see docs/reports.md).
pub const MAX_PAGES: usize = 1000;

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
    pub detail: Detail,
    /// What changed since a point (from the store's audit trail): the
    /// summary then opens with it, a delay notice.
    pub changes: Option<ChangeSummary>,
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
            detail: Detail::Full,
            changes: None,
        }
    }
}

/// What the front section works from.
pub(super) struct Scope<'s, 'p> {
    pub(super) plan: &'p Plan,
    pub(super) releases: &'s [&'s ReleaseFacts<'p>],
    pub(super) conflicts: &'s [&'p Conflict],
    pub(super) clock: facts::Clock,
    pub(super) detail: Detail,
}

impl Scope<'_, '_> {
    /// Where a release's name links to: its section, else its row of the
    /// release table, else nowhere (the summary edition has neither).
    pub(super) fn release_link(&self, id: &ReleaseId) -> Option<String> {
        match self.detail {
            Detail::Full => Some(detail_key(id)),
            Detail::Conflicts => Some(row_key(id)),
            Detail::Summary => None,
        }
    }
}

pub(super) fn detail_key(id: &ReleaseId) -> String {
    format!("release:{id}")
}

pub(super) fn row_key(id: &ReleaseId) -> String {
    format!("row:{id}")
}

/// An appendix starts on a fresh page, with its heading in the outline.
fn appendix(doc: &mut Doc, part: contents::Part) {
    doc.page_break();
    doc.bookmark(0, part.title, part.key);
    doc.heading(styles::H1, part.title, 60.0);
}

/// Whether the appendices may go on; past [`MAX_PAGES`] they stop with a note.
fn within_budget(doc: &mut Doc) -> bool {
    if doc.page_count() < MAX_PAGES {
        return true;
    }
    if !doc.has_anchor("cut") {
        doc.anchor("cut");
        doc.paragraph(
            styles::BODY.bold().color(crate::pdf::colors::WARNING),
            &format!("The document stops here: it has reached its limit of {MAX_PAGES} pages. Choose less detail or a shorter period for the rest."),
            doc.left,
            doc.content_width(),
        );
    }
    false
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
    let scope = Scope {
        plan,
        releases: &releases,
        conflicts: &conflicts,
        clock,
        detail: opts.detail,
    };

    front::title_block(&mut doc, plan, opts, period, clock, &generated);
    front::key_figures(&mut doc, plan, &releases, &conflicts, &deployment_in_period);
    let delivery = metrics::gather(plan, opts.period);
    contents::contents(
        &mut doc,
        opts.detail,
        opts.changes.is_some(),
        delivery.is_some(),
    );

    if let Some(c) = &opts.changes {
        doc.page_break();
        changes::front_section(&mut doc, &scope, c);
    }
    doc.page_break();
    glance::front_section(&mut doc, &scope);
    if let Some(page) = &delivery {
        metrics::section(&mut doc, plan, page, clock);
    }

    if opts.detail >= Detail::Conflicts {
        appendix(&mut doc, contents::RELEASES);
        releases::release_table(&mut doc, plan, &releases, clock, opts.detail);
        if within_budget(&mut doc) {
            appendix(&mut doc, contents::CONFLICTS);
            conflicts::conflicts_summary(&mut doc, &conflicts);
        }
        if within_budget(&mut doc) {
            appendix(&mut doc, contents::APPROVALS);
            approvals::approvals_table(&mut doc, plan, &releases);
        }
    }
    if opts.detail >= Detail::Full {
        if within_budget(&mut doc) {
            appendix(&mut doc, contents::TIMELINE);
            timeline::timeline_section(&mut doc, plan, opts.lanes, period, clock, &report);
        }
        if within_budget(&mut doc) {
            appendix(&mut doc, contents::DETAILS);
            for f in &releases {
                if !within_budget(&mut doc) {
                    break;
                }
                doc.bookmark(1, f.release.display_name(), &detail_key(&f.release.id));
                detail::release_section(&mut doc, plan, f, clock);
            }
        }
    }
    if let Some(c) = opts
        .changes
        .as_ref()
        .filter(|_| opts.detail >= Detail::Conflicts)
    {
        if within_budget(&mut doc) {
            appendix(&mut doc, contents::CHANGE_LIST);
            changes::appendix(&mut doc, clock, c);
        }
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
