//! The `trainyard` command line: reads a plan (JSON or a `.trainyard` store),
//! asks `trainyard-core` a question, prints the answer for people or for
//! pipelines, and exits 0 / 1 / 2 as `docs/conflict-rules.md` prescribes.
//!
//! Map: `args` parses and validates the command line, `load` reads a PLAN
//! (through `input`, which bounds every read of user input),
//! `commands` holds one module per command, `render` shows conflicts as text,
//! `output` does colour (and, through `escape`, keeps plan text from
//! driving the terminal), tables and the single write to stdout, `files`
//! writes output files atomically, `rewind` rebuilds a store's plan at an
//! earlier point from its audit trail, `store` opens `.trainyard` files (the only
//! module that names the SQLite store). The reports, calendars and CSV come from `trainyard-report`.

mod args;
mod commands;
mod escape;
mod files;
mod help;
mod input;
mod load;
mod lookalike;
mod output;
mod render;
mod rewind;
mod signing;
mod store;

use std::process::ExitCode;

use output::{err_line, Out, Style};

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            err_line(&e.to_string());
            return ExitCode::from(2);
        }
    };
    let mut out = Out::new(Style::detect());
    let code = commands::run(command, &mut out);
    ExitCode::from(out.flush(code))
}
