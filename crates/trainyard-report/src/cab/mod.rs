//! The CAB impact sheet: one release on one or two pages, for the change
//! advisory board meeting. Risk with every factor, services and blast radius,
//! deployments with the windows they fall in, conflicts with their evidence,
//! dependencies, backout plan, approvals with signature lines for the rest,
//! and, when the plan records any, readiness and governance.
//! Each section has its own module; this one finds the release and sets the
//! order.

mod approvals;
mod backout;
mod conflicts;
mod dependencies;
mod deployments;
mod front;
mod governance;
mod risk;
mod services;

use trainyard_core::time::Instant;
use trainyard_core::*;

use crate::facts;
use crate::pdf::{Doc, Frame, Meta};
use crate::report_blocks::{footer_line, generated_line};
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

    front::title_block(&mut doc, plan, f, opts, &generated);

    risk::risk_section(&mut doc, f);
    services::services_section(&mut doc, plan, f);
    deployments::deployments_section(&mut doc, plan, f, clock);
    conflicts::conflicts_section(&mut doc, plan, f, clock);
    dependencies::dependencies_section(&mut doc, plan, f, &all, clock);
    backout::backout_section(&mut doc, r);
    approvals::approvals_section(&mut doc, plan, f, clock);
    governance::governance_section(&mut doc, plan, f, clock);

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
