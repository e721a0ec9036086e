//! `trainyard report summary|cab PLAN -o OUT.pdf`: the PDFs of `trainyard-report`.

use std::io::IsTerminal;

use trainyard_report::{cab_pdf, summary_pdf, CabOptions, ReportError, SummaryOptions};

use crate::args::{ReportCabArgs, ReportSummaryArgs, Target};
use crate::files;
use crate::output::Out;

pub fn summary(a: &ReportSummaryArgs, out: &mut Out) -> u8 {
    const CMD: &str = "report summary";
    if let Err(code) = pdf_target(CMD, &a.output)
        .and_then(|()| super::output_is_not_the_plan(CMD, &a.plan, &a.output))
    {
        return code;
    }
    let src = match super::plan_with_store_info(&a.plan, out) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let opts = SummaryOptions {
        paper: a.paper,
        generated_at: super::generated_at(a.generated_at),
        revision: src.revision,
        audit_head: src.audit_head,
        period: a.period,
        lanes: a.lanes,
        detail: a.detail,
    };
    match summary_pdf(&src.plan, &opts) {
        Ok(pdf) => files::write_output(CMD, &a.output, &pdf, out),
        Err(e) => report_error(CMD, e),
    }
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
