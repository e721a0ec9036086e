//! Reading a PLAN argument: a JSON plan file, standard input (`-`), or a
//! `.trainyard` store. Stores are told apart by SQLite's magic header, not by
//! the extension, so a renamed file still works and a JSON file called
//! `x.trainyard` is read as JSON.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use serde_json::json;
use trainyard_core::{parse_plan, Plan, Problem};

use crate::args::{Format, Source};
use crate::input::{max_input_bytes, read_limited};
use crate::output::{err_line, Out};
use crate::store;

/// The first 16 bytes of every SQLite database file.
pub const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why a plan could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The text is not a valid plan: every problem, each with its JSON path
    /// (a syntax error is one problem at `$` with line and column).
    Invalid(Vec<Problem>),
    /// The file could not be read or opened; the message says which and why.
    Unreadable(String),
}

impl LoadError {
    fn problems(&self) -> Vec<Problem> {
        match self {
            LoadError::Invalid(p) => p.clone(),
            LoadError::Unreadable(m) => vec![Problem {
                path: "$".into(),
                id: None,
                message: m.clone(),
            }],
        }
    }

    /// Prints the error the way `docs/plan-format.md` asks (text: one problem
    /// a line on stderr; json: `{"errors": [...]}` on stdout) and gives exit
    /// status 2.
    pub fn report(&self, format: Format, out: &mut Out) -> u8 {
        match (format, self) {
            (Format::Json, _) => out.json(&json!({ "errors": self.problems() })),
            (Format::Text, LoadError::Invalid(problems)) => {
                for p in problems {
                    err_line(&p.to_string());
                }
            }
            (Format::Text, LoadError::Unreadable(m)) => err_line(&format!("error: {m}")),
        }
        2
    }
}

/// What a source holds, after a look at its first bytes.
enum Content {
    Json(Vec<u8>),
    Store,
}

/// Loads and validates the plan a source names.
pub fn load(source: &Source) -> Result<Plan, LoadError> {
    let content = read(source)
        .map_err(|e| LoadError::Unreadable(format!("cannot read {}: {e}", quote(source))))?;
    match (content, source) {
        (Content::Json(bytes), _) => parse_bytes(&bytes),
        (Content::Store, Source::File(path)) => store::open_plan(path),
        (Content::Store, Source::Stdin) => Err(LoadError::Unreadable(
            "standard input holds a Trainyard store; pass the store's path instead".into(),
        )),
    }
}

fn quote(source: &Source) -> String {
    match source {
        Source::Stdin => "standard input".into(),
        Source::File(p) => format!("'{}'", p.display()),
    }
}

fn read(source: &Source) -> io::Result<Content> {
    let mut reader: Box<dyn Read> = match source {
        Source::File(p) if is_team_address(p) => return Ok(Content::Store),
        Source::Stdin => Box::new(io::stdin().lock()),
        Source::File(p) => Box::new(File::open(p)?),
    };
    let mut head = Vec::with_capacity(16);
    (&mut reader).take(16).read_to_end(&mut head)?;
    if head.as_slice() == SQLITE_MAGIC {
        return Ok(Content::Store);
    }
    read_limited(reader, &mut head, max_input_bytes())?;
    Ok(Content::Json(head))
}

/// Whether a PLAN argument is a team plan's `postgres://` address.
pub fn is_team_address(path: &Path) -> bool {
    path.to_str().is_some_and(|s| {
        let lower = s.get(..13).unwrap_or(s).to_ascii_lowercase();
        lower.starts_with("postgres://") || lower.starts_with("postgresql://")
    })
}

/// Whether a PLAN argument is a store: a file that starts with SQLite's
/// header (false for a short or unreadable file), or a team plan address.
pub fn is_store_file(path: &Path) -> bool {
    if is_team_address(path) {
        return true;
    }
    let mut head = Vec::with_capacity(16);
    File::open(path)
        .and_then(|f| f.take(16).read_to_end(&mut head))
        .is_ok()
        && head.as_slice() == SQLITE_MAGIC
}

/// Parses plan text given as bytes: UTF-8 (a leading byte-order mark is
/// skipped), then the strict plan format.
pub fn parse_bytes(bytes: &[u8]) -> Result<Plan, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        LoadError::Invalid(vec![Problem {
            path: "$".into(),
            id: None,
            message: format!("not valid UTF-8 at line {line}, column {column}"),
        }])
    })?;
    parse_plan(text).map_err(|e| LoadError::Invalid(e.problems()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_is_reported_with_line_and_column() {
        let Err(LoadError::Invalid(p)) = parse_bytes(b"{\n  \"name\": \"a\xff\"}") else {
            panic!("expected a problem")
        };
        assert_eq!(p[0].path, "$");
        assert_eq!(p[0].message, "not valid UTF-8 at line 2, column 13");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert!(parse_bytes(b"\xEF\xBB\xBF{}").is_ok());
    }
}
