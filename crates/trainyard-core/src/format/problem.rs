//! What a rejected plan reports: every problem, each with its JSON path and
//! entity id, or one syntax error with its line and column.

use std::fmt;

use serde::Serialize;

/// One thing wrong with a plan: where, on which entity, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Problem {
    /// JSON path such as `$.deployments[3].end`.
    pub path: String,
    /// The id of the entity the problem is on, where there is one.
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a plan was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the plan is not valid JSON: {message} at line {line}, column {column}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the plan is invalid: {}", summarize(.0))]
    Invalid(Vec<Problem>),
}

fn summarize(problems: &[Problem]) -> String {
    match problems {
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more)", rest.len()),
        [] => "no problems recorded".into(),
    }
}

impl PlanError {
    /// Every problem, syntax errors included (as one problem at `$`).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            PlanError::Invalid(p) => p.clone(),
            PlanError::Syntax {
                line,
                column,
                message,
            } => vec![Problem {
                path: "$".into(),
                id: None,
                message: format!("not valid JSON: {message} at line {line}, column {column}"),
            }],
        }
    }
}

/// Longest quoted value a message echoes, in characters.
pub const MAX_ECHOED_CHARS: usize = 80;

/// Shortens every quoted value in a message (a `"…"` as `{:?}` writes it) to
/// its first [`MAX_ECHOED_CHARS`] characters and its length, so that a 50 MB
/// bad value gives a one-line problem instead of being echoed whole.
pub fn shorten_quoted(message: &str) -> String {
    if message.len() <= 2 * MAX_ECHOED_CHARS {
        return message.to_owned();
    }
    let mut out = String::with_capacity(4 * MAX_ECHOED_CHARS);
    let mut rest = message;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        let body = &rest[open + 1..];
        // The closing quote is the first one not escaped by a backslash.
        let mut close = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    close = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(close) = close else {
            rest = body;
            break;
        };
        let quoted = &body[..close];
        match quoted.char_indices().nth(MAX_ECHOED_CHARS) {
            Some((cut, _)) => {
                // Never end on a lone backslash: it would escape the quote.
                let mut kept = &quoted[..cut];
                let trailing = kept.len() - kept.trim_end_matches('\\').len();
                if trailing % 2 == 1 {
                    kept = &kept[..kept.len() - 1];
                }
                out.push_str(kept);
                out.push_str(&format!("…\" ({} bytes)", quoted.len()));
            }
            None => {
                out.push_str(quoted);
                out.push('"');
            }
        }
        rest = &body[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Cuts a path or an id longer than `max_chars` characters to its first
/// [`MAX_ECHOED_CHARS`] and its length (paths hold keys, and a key or an
/// invalid id can be of any length).
pub fn shorten_plain(text: &str, max_chars: usize) -> String {
    if text.len() <= max_chars {
        return text.to_owned();
    }
    match text.char_indices().nth(max_chars.max(MAX_ECHOED_CHARS)) {
        Some(_) => {
            let cut = text
                .char_indices()
                .nth(MAX_ECHOED_CHARS)
                .map_or(text.len(), |(i, _)| i);
            format!("{}… ({} bytes)", &text[..cut], text.len())
        }
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_messages_are_kept() {
        let m = "expected a date YYYY-MM-DD, got \"x\"";
        assert_eq!(shorten_quoted(m), m);
    }

    #[test]
    fn long_quoted_values_keep_their_head_and_length() {
        let value = "a".repeat(1000);
        let m = format!("unknown field {value:?} (expected one of: id, name)");
        let short = shorten_quoted(&m);
        assert_eq!(
            short,
            format!(
                "unknown field \"{}…\" (1000 bytes) (expected one of: id, name)",
                "a".repeat(80)
            )
        );
    }

    #[test]
    fn escapes_inside_values_are_not_cut_in_half() {
        let value = format!("{}\"{}", "b".repeat(79), "c".repeat(500));
        let short = shorten_quoted(&format!("bad {value:?} and {:?}", "d".repeat(200)));
        assert!(
            short.starts_with(&format!("bad \"{}…\" (", "b".repeat(79))),
            "{short}"
        );
        assert!(
            short.ends_with(&format!("and \"{}…\" (200 bytes)", "d".repeat(80))),
            "{short}"
        );
    }
}
