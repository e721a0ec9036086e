//! Command-line parsing in two steps, as ripgrep does it: [`LowArgs`] records
//! what was typed (strings, in the order seen, nothing interpreted), then
//! [`validate`] turns it into a typed [`Command`] in one place, so every
//! "is this value any good?" decision and its error message lives there.
//!
//! Nothing here reads the plan: whether `--service` names a real service is
//! the command's business. Everything here is about the shape of the line.
//!
//! `names` is the vocabulary (commands and their options), `low` the raw
//! step, `typed` the validated commands the rest of the program reads, and
//! `validate` the step between them.

mod low;
mod names;
mod typed;
mod validate;

use std::ffi::OsString;
use std::fmt;

pub use names::Cmd;
pub use typed::*;

use low::parse_low;
use validate::validate;

/// A bad command line: what is wrong, and which command's help to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    pub cmd: Option<Cmd>,
    pub message: String,
}

impl UsageError {
    pub fn new(cmd: Option<Cmd>, message: impl Into<String>) -> Self {
        UsageError {
            cmd,
            message: message.into(),
        }
    }
}

impl fmt::Display for UsageError {
    /// One line: the problem, then where to read more.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cmd {
            Some(c) => write!(
                f,
                "error: {}; see 'trainyard {} --help'",
                self.message,
                c.name()
            ),
            None => write!(f, "error: {}; see 'trainyard --help'", self.message),
        }
    }
}

/// Parses and validates the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let (low, err) = parse_low(args);
    if low.help {
        return Ok(Command::Help(low.cmd));
    }
    if let Some(e) = err {
        return Err(e);
    }
    if low.version {
        return Ok(Command::Version);
    }
    validate(low)
}

#[cfg(test)]
mod tests;
