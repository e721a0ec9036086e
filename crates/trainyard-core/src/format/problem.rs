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
