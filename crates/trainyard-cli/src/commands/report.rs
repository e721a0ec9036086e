//! `trainyard report summary|cab PLAN -o OUT.pdf`: the PDFs of `trainyard-report`.

use std::io::IsTerminal;

use trainyard_core::time::parse_instant;
use trainyard_report::{
    cab_pdf, since, summary_pdf, CabOptions, ChangePoint, ChangeSummary, ReportError,
    SummaryOptions,
};

use crate::args::{Format, ReportCabArgs, ReportSummaryArgs, Source, Target};
use crate::output::Out;
use crate::rewind::rewind;
use crate::store::{self, StorePlan};
use crate::{files, load};

pub fn summary(a: &ReportSummaryArgs, out: &mut Out) -> u8 {
    const CMD: &str = "report summary";
    if let Err(code) = pdf_target(CMD, &a.output)
        .and_then(|()| super::output_is_not_the_plan(CMD, &a.plan, &a.output))
    {
        return code;
    }
    let (src, changes) = match a.changes_since {
        None => match super::plan_with_store_info(&a.plan, out) {
            Ok(s) => (s, None),
            Err(code) => return code,
        },
        Some(point) => match changes_since(CMD, &a.plan, point, out) {
            Ok((s, c)) => (s, Some(c)),
            Err(code) => return code,
        },
    };
    let opts = SummaryOptions {
        paper: a.paper,
        generated_at: super::generated_at(a.generated_at),
        revision: src.revision,
        audit_head: src.audit_head,
        period: a.period,
        lanes: a.lanes,
        detail: a.detail,
        changes,
    };
    match summary_pdf(&src.plan, &opts) {
        Ok(pdf) => files::write_output(CMD, &a.output, &pdf, out),
        Err(e) => report_error(CMD, e),
    }
}

/// The store's plan and what changed in it since `point`, from its audit
/// trail; a JSON plan has no history, so the option is refused for it.
fn changes_since(
    cmd: &str,
    source: &Source,
    point: ChangePoint,
    out: &mut Out,
) -> Result<(StorePlan, ChangeSummary), u8> {
    let path = match source {
        Source::File(p) if load::is_store_file(p) => p,
        _ => {
            return Err(super::usage(
                cmd,
                "changes-since",
                "it needs a .trainyard store, whose audit trail holds the plan's history; a JSON plan has none (import it with 'trainyard import')",
            ))
        }
    };
    let is_after = |seq: u64, at: &str| match point {
        ChangePoint::Revision(r) => seq > r,
        ChangePoint::Instant(t) => parse_instant(at).map_or(true, |at| at > t),
    };
    let history =
        store::plan_with_history(path, is_after).map_err(|e| e.report(Format::Text, out))?;
    if let (ChangePoint::Revision(r), Some(now)) = (point, history.current.revision) {
        if r > now {
            return Err(super::usage(
                cmd,
                "changes-since",
                format!("the store is at revision {now}; r{r} is after it"),
            ));
        }
    }
    let rewound = rewind(&history.current.plan, &history.entries)
        .map_err(|e| super::fail(cmd, format!("cannot read what changed: {e}")))?;
    let summary = since(
        point,
        &rewound.before,
        &history.current.plan,
        &rewound.edits,
    );
    Ok((history.current, summary))
}

pub fn cab(a: &ReportCabArgs, out: &mut Out) -> u8 {
    const CMD: &str = "report cab";
    if let Err(code) = pdf_target(CMD, &a.output)
        .and_then(|()| super::output_is_not_the_plan(CMD, &a.plan, &a.output))
    {
        return code;
    }
    let src = match super::plan_with_store_info(&a.plan, out) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let opts = CabOptions {
        paper: a.paper,
        generated_at: super::generated_at(a.generated_at),
        revision: src.revision,
        audit_head: src.audit_head,
    };
    match cab_pdf(&src.plan, &a.release, &opts) {
        Ok(pdf) => files::write_output(CMD, &a.output, &pdf, out),
        Err(e) => report_error(CMD, e),
    }
}

/// A PDF goes to standard output only when that is not a terminal (a pipe or
/// a redirect): binary on a terminal is never what was meant.
fn pdf_target(cmd: &str, target: &Target) -> Result<(), u8> {
    if *target == Target::Stdout && std::io::stdout().is_terminal() {
        return Err(super::fail(
            cmd,
            "standard output is a terminal; write the PDF to a file with '-o OUT.pdf' or redirect it",
        ));
    }
    Ok(())
}

/// Unknown ids are usage errors naming the option; the rest are failures.
pub fn report_error(cmd: &str, e: ReportError) -> u8 {
    match &e {
        ReportError::UnknownRelease(_) => super::usage(cmd, "release", e),
        ReportError::UnknownEnvironment(_) => super::usage(cmd, "environment", e),
        ReportError::EmptyPeriod { .. } => super::usage(cmd, "from", e),
        ReportError::Font(_) | ReportError::Pdf(_) => {
            super::fail(cmd, format!("cannot make the PDF: {e}"))
        }
    }
}
