//! One module per command. Each takes its validated arguments and an [`Out`],
//! and returns the exit status: 0 fine, 1 the plan has what was asked about
//! (errors, a block, no slot), 2 the input or the command line is wrong.

mod audit;
mod check;
mod csv;
mod demo;
mod expand;
mod export;
mod gate;
mod ics;
mod import;
mod keygen;
mod metrics;
mod record;
mod report;
mod risk;
mod suggest;
mod team;
mod verify;

use std::path::Path;

use chrono::Utc;
use trainyard_core::time::Instant;
use trainyard_core::Plan;

use crate::args::{Command, Format, Source, Target};
use crate::help;
use crate::load;
use crate::output::{err_line, Out};
use crate::store::{self, StorePlan};

pub fn run(command: Command, out: &mut Out) -> u8 {
    match command {
        Command::Help(cmd) => {
            out.text(help::text(cmd));
            0
        }
        Command::Version => {
            out.line(format!("trainyard {}", env!("CARGO_PKG_VERSION")));
            0
        }
        Command::Check(a) => check::run(&a, out),
        Command::Expand(a) => expand::run(&a, out),
        Command::Suggest(a) => suggest::run(&a, out),
        Command::Gate(a) => gate::run(&a, out),
        Command::Risk(a) => risk::run(&a, out),
        Command::Metrics(a) => metrics::run(&a, out),
        Command::Import(a) => import::run(&a, out),
        Command::Export(a) => export::run(&a, out),
        Command::AuditVerify(a) => audit::verify(&a, out),
        Command::ReportSummary(a) => report::summary(&a, out),
        Command::ReportCab(a) => report::cab(&a, out),
        Command::ExportIcs(a) => ics::export(&a, out),
        Command::ImportIcs(a) => ics::import(&a, out),
        Command::ExportCsv(a) => csv::run(&a, out),
        Command::Demo(a) => demo::run(&a, out),
        Command::Keygen(a) => keygen::run(&a, out),
        Command::Verify(a) => verify::run(&a, out),
        Command::TeamInit(a) => team::init(&a, out),
        Command::TeamGrant(a) => team::grant(&a, out),
        Command::Record(a) => record::run(&a, out),
    }
}

/// Loads the plan, and for a store also its revision and audit head (what
/// the reports print); problems are printed as text, exit 2 as the `Err`.
fn plan_with_store_info(source: &Source, out: &mut Out) -> Result<StorePlan, u8> {
    let loaded = match source {
        Source::File(p) if load::is_store_file(p) => store::plan_with_info(p),
        _ => load::load(source).map(|plan| StorePlan {
            plan,
            revision: None,
            audit_head: None,
        }),
    };
    loaded.map_err(|e| e.report(Format::Text, out))
}

/// The shared check of an output file, for commands whose option is `-o`.
fn output_is_not_the_plan(cmd: &str, plan: &Source, output: &Target) -> Result<(), u8> {
    crate::files::check_output(cmd, "output", plan, output)
}

/// The instant given with `--generated-at`, or now.
fn generated_at(given: Option<Instant>) -> Instant {
    given.unwrap_or_else(Utc::now)
}

/// A failure that is not about the arguments (a PDF that cannot be made): one
/// line on stderr, exit 2.
fn fail(cmd: &str, message: impl std::fmt::Display) -> u8 {
    err_line(&format!("error: {message}; see 'trainyard {cmd} --help'"));
    2
}

/// Loads the plan, or reports why not (exit 2 as the `Err`). In text mode,
/// ids that look alike are named on stderr (results and exit codes stay).
fn plan(source: &Source, format: Format, out: &mut Out) -> Result<Plan, u8> {
    let plan = load::load(source).map_err(|e| e.report(format, out))?;
    if format == Format::Text {
        for warning in crate::lookalike::warnings(&plan) {
            err_line(&warning);
        }
    }
    Ok(plan)
}

/// A usage error found once the plan is known (an id that is not in it): one
/// line on stderr naming the option, exit 2.
fn usage(cmd: &str, option: &str, message: impl std::fmt::Display) -> u8 {
    err_line(&format!(
        "error: invalid value for '--{option}': {message}; see 'trainyard {cmd} --help'"
    ));
    2
}

/// Exit 2 unless `path` is a readable store file.
fn require_store(cmd: &str, path: &Path) -> Result<(), u8> {
    if crate::load::is_team_address(path) {
        return Ok(());
    }
    if let Err(e) = std::fs::File::open(path) {
        return Err(fail(cmd, format!("cannot read '{}': {e}", path.display())));
    }
    if !crate::load::is_store_file(path) {
        return Err(fail(
            cmd,
            format!(
                "'{}' is not a Trainyard store (it has no SQLite header)",
                path.display()
            ),
        ));
    }
    Ok(())
}
