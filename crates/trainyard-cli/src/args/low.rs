//! The raw step: what was typed, in order, checked only against the options
//! each command knows. Values stay strings until `validate` judges them.

use std::ffi::OsString;

use super::names::{Cmd, Flag};
use super::UsageError;

/// The command line as typed: raw strings, nothing checked beyond "is this a
/// known option of this command".
#[derive(Debug, Default)]
pub(super) struct LowArgs {
    pub(super) cmd: Option<Cmd>,
    pub(super) help: bool,
    pub(super) version: bool,
    pub(super) positionals: Vec<OsString>,
    pub(super) values: Vec<(Flag, OsString)>,
}

impl LowArgs {
    pub(super) fn one(&self, f: Flag) -> Option<&OsString> {
        self.values.iter().find(|(g, _)| *g == f).map(|(_, v)| v)
    }

    pub(super) fn all(&self, f: Flag) -> impl Iterator<Item = &OsString> {
        self.values
            .iter()
            .filter(move |(g, _)| *g == f)
            .map(|(_, v)| v)
    }
}

/// Reads the arguments (without the program name). Errors are collected, not
/// returned at once, so that `--help` anywhere still wins over a typo.
pub(super) fn parse_low(args: impl IntoIterator<Item = OsString>) -> (LowArgs, Option<UsageError>) {
    use lexopt::prelude::*;

    let mut low = LowArgs::default();
    let mut first_err: Option<UsageError> = None;
    let mut parser = lexopt::Parser::from_args(args);
    loop {
        let cmd = low.cmd;
        let mut fail = |e: UsageError| {
            if first_err.is_none() {
                first_err = Some(e);
            }
        };
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(e) => {
                fail(UsageError::new(cmd, lexopt_message(e)));
                // lexopt has consumed the offending argument; carry on.
                continue;
            }
        };
        // An option other than help and version: its flag (if known) and how it was typed.
        let option = match arg {
            Long(name) if name != "help" && name != "version" => {
                Some((Flag::from_long(name), format!("--{name}")))
            }
            Short(c) if c != 'h' && c != 'V' => Some((Flag::from_short(c), format!("-{c}"))),
            _ => None,
        };
        if let Some((flag, typed)) = option {
            match (flag, cmd) {
                (Some(flag), Some(c)) if c.flags().contains(&flag) => {
                    if !flag.repeatable() && low.one(flag).is_some() {
                        fail(UsageError::new(
                            cmd,
                            format!("option '{typed}' is given more than once"),
                        ));
                    }
                    if flag.is_switch() {
                        // A value attached with '=' makes lexopt fail on the next call.
                        low.values.push((flag, OsString::new()));
                    } else {
                        match parser.value() {
                            Ok(v) => low.values.push((flag, v)),
                            Err(_) => fail(UsageError::new(
                                cmd,
                                format!("option '{typed}' needs a value ({})", flag.value_name(c)),
                            )),
                        }
                    }
                }
                (Some(_), Some(c)) => {
                    // Skip an attached value (`--window=x`) so it is not
                    // mistaken for a positional; a separate one stays.
                    let _ = parser.optional_value();
                    fail(UsageError::new(
                        cmd,
                        format!(
                            "option '{typed}' does not apply to 'trainyard {}'",
                            c.name()
                        ),
                    ))
                }
                (Some(_), None) => {
                    let _ = parser.optional_value();
                    fail(UsageError::new(
                        None,
                        format!("option '{typed}' must come after a command"),
                    ))
                }
                (None, _) => {
                    let _ = parser.optional_value();
                    fail(UsageError::new(cmd, format!("unknown option '{typed}'")))
                }
            }
            continue;
        }
        match arg {
            Short('h') | Long("help") => low.help = true,
            Long("version") | Short('V') => low.version = true,
            Long(_) | Short(_) => unreachable!("handled above"),
            Value(v) => match cmd {
                None => match v.to_str().and_then(Cmd::from_name) {
                    Some(c) => low.cmd = Some(c),
                    None if v == "help" => low.help = true,
                    None => fail(UsageError::new(
                        None,
                        format!("unknown command '{}'", v.to_string_lossy()),
                    )),
                },
                Some(Cmd::Audit) if low.positionals.is_empty() && v == "verify" => {
                    low.cmd = Some(Cmd::AuditVerify)
                }
                Some(Cmd::Audit) => fail(UsageError::new(
                    cmd,
                    format!(
                        "unknown audit command '{}' (expected 'verify')",
                        v.to_string_lossy()
                    ),
                )),
                Some(Cmd::Team) if v == "init" => low.cmd = Some(Cmd::TeamInit),
                Some(Cmd::Team) if v == "grant" => low.cmd = Some(Cmd::TeamGrant),
                Some(Cmd::Team) => fail(UsageError::new(
                    cmd,
                    format!(
                        "unknown team command '{}' (expected 'init' or 'grant')",
                        v.to_string_lossy()
                    ),
                )),
                Some(Cmd::Report) if v == "summary" => low.cmd = Some(Cmd::ReportSummary),
                Some(Cmd::Report) if v == "cab" => low.cmd = Some(Cmd::ReportCab),
                Some(Cmd::Report) => fail(UsageError::new(
                    cmd,
                    format!(
                        "unknown report '{}' (expected 'summary' or 'cab')",
                        v.to_string_lossy()
                    ),
                )),
                Some(_) => low.positionals.push(v),
            },
        }
    }
    (low, first_err)
}

fn lexopt_message(e: lexopt::Error) -> String {
    match e {
        lexopt::Error::UnexpectedValue { option, value } => format!(
            "option '{option}' takes no value (got '{}')",
            value.to_string_lossy()
        ),
        lexopt::Error::MissingValue { option: Some(o) } => format!("option '{o}' needs a value"),
        lexopt::Error::UnexpectedOption(o) => format!("unknown option '{o}'"),
        lexopt::Error::UnexpectedArgument(a) => {
            format!("unexpected argument '{}'", a.to_string_lossy())
        }
        other => other.to_string(),
    }
}
