//! One module per command. Each takes its validated arguments and an [`Out`],
//! and returns the exit status: 0 fine, 1 the plan has what was asked about
//! (errors, a block, no slot), 2 the input or the command line is wrong.

mod check;
mod expand;
mod gate;
mod risk;
mod suggest;

use trainyard_core::Plan;

use crate::args::{Command, Format, Source};
use crate::help;
use crate::load;
use crate::output::{err_line, Out};
use crate::store_cmds;

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
        Command::Import(a) => store_cmds::import(&a, out),
        Command::Export(a) => store_cmds::export(&a, out),
        Command::AuditVerify(a) => store_cmds::audit_verify(&a, out),
    }
}

/// Loads the plan, or reports why not (exit 2 as the `Err`).
fn plan(source: &Source, format: Format, out: &mut Out) -> Result<Plan, u8> {
    load::load(source).map_err(|e| e.report(format, out))
}

/// A usage error found once the plan is known (an id that is not in it): one
/// line on stderr naming the option, exit 2.
fn usage(cmd: &str, option: &str, message: impl std::fmt::Display) -> u8 {
    err_line(&format!(
        "error: invalid value for '--{option}': {message}; see 'trainyard {cmd} --help'"
    ));
    2
}
