//! The JSON plan format, version 1: strict parsing with every problem listed at
//! once (each with its JSON path and entity id), and canonical export.
//!
//! Parsing happens in two steps: the text becomes a [`Json`] tree that keeps
//! duplicate keys and tells integers from floats (serde_json's `Value` does
//! neither), then a validator walks the tree and builds the typed [`Plan`].
//! Nothing is accepted half-way: any problem rejects the whole plan.
//!
//! The tree borrows its strings from the text (only strings with escapes are
//! copied), and the validator writes a problem's JSON path only when there is
//! a problem: reading a valid plan allocates little more than the plan itself.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::fxhash::FxHashSet;
use crate::plan::*;
use crate::rrule::RRule;
use crate::time::{
    format_instant, format_local, parse_instant, parse_local, parse_tz, NominalDuration,
};

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

/// A JSON value that keeps duplicate keys (to report them) and integer-ness.
/// Strings borrow from the parsed text where they can.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// A string borrowed from the input when it has no escapes (serde's own
/// `Cow<str>` always copies).
struct BorrowedStr;

impl<'de> DeserializeSeed<'de> for BorrowedStr {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for BorrowedStr {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Objects and arrays are collected on the stack first so that each gets one
/// allocation of the right size (JSON gives no length up front).
const INLINE: usize = 16;

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json<'de>, E> {
                Ok(Json::Null)
            }
            fn visit_none<E>(self) -> Result<Json<'de>, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
                Ok(Json::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
                Ok(Json::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
                Ok(i64::try_from(v).map(Json::Int).unwrap_or(Json::UInt(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
                Ok(Json::Float(v))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
                Ok(Json::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
                Ok(Json::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
                Ok(Json::Str(Cow::Owned(v)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Json<'de>, A::Error> {
                let mut head: [Option<Json<'de>>; INLINE] = Default::default();
                let mut n = 0;
                while n < INLINE {
                    match a.next_element()? {
                        Some(v) => head[n] = Some(v),
                        None => break,
                    }
                    n += 1;
                }
                let mut out = Vec::with_capacity(n);
                out.extend(head.into_iter().take(n).flatten());
                if n == INLINE {
                    while let Some(v) = a.next_element()? {
                        out.push(v);
                    }
                }
                Ok(Json::Array(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Json<'de>, A::Error> {
                let mut head: [Option<(Cow<'de, str>, Json<'de>)>; INLINE] = Default::default();
                let mut n = 0;
                let mut more = true;
                while n < INLINE {
                    match a.next_key_seed(BorrowedStr)? {
                        Some(k) => head[n] = Some((k, a.next_value()?)),
                        None => {
                            more = false;
                            break;
                        }
                    }
                    n += 1;
                }
                let mut out = Vec::with_capacity(n);
                out.extend(head.into_iter().take(n).flatten());
                if more {
                    while let Some(k) = a.next_key_seed(BorrowedStr)? {
                        out.push((k, a.next_value()?));
                    }
                }
                Ok(Json::Object(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'a> Json<'a> {
    /// Parses JSON text; a syntax error carries line and column.
    pub fn parse(text: &'a str) -> Result<Json<'a>, PlanError> {
        serde_json::from_str(text).map_err(|e| PlanError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })
    }

    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Int(_) | Json::UInt(_) => "an integer",
            Json::Float(_) => "a number with a fraction",
            Json::Str(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Int(i) => Value::from(*i),
            Json::UInt(u) => Value::from(*u),
            Json::Float(f) => serde_json::Number::from_f64(*f)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Json::Str(s) => Value::String(s.as_ref().to_owned()),
            Json::Array(a) => Value::Array(a.iter().map(Json::to_value).collect()),
            Json::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.as_ref().to_owned(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// From a serde_json value (which cannot hold duplicate keys), borrowing
    /// its strings.
    pub fn from_value(v: &'a Value) -> Json<'a> {
        match v {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Json::Int(i)
                } else if let Some(u) = n.as_u64() {
                    Json::UInt(u)
                } else {
                    Json::Float(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => Json::Str(Cow::Borrowed(s)),
            Value::Array(a) => Json::Array(a.iter().map(Json::from_value).collect()),
            Value::Object(o) => Json::Object(
                o.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from_value(v)))
                    .collect(),
            ),
        }
    }
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// Parses and validates a plan in the JSON format.
pub fn parse_plan(text: &str) -> Result<Plan, PlanError> {
    let tree = Json::parse(text)?;
    plan_from_json(&tree)
}

/// Validates a parsed JSON tree as a plan.
pub fn plan_from_json(tree: &Json<'_>) -> Result<Plan, PlanError> {
    let mut v = Validator::default();
    let plan = v.plan(tree);
    match plan {
        Some(p) if v.problems.is_empty() => Ok(p),
        _ => Err(PlanError::Invalid(v.problems)),
    }
}

/// The kinds of entity lists in a plan.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Environment,
    Team,
    Service,
    Train,
    Window,
    Release,
    Deployment,
}

impl EntityKind {
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Environment,
        EntityKind::Team,
        EntityKind::Service,
        EntityKind::Train,
        EntityKind::Window,
        EntityKind::Release,
        EntityKind::Deployment,
    ];

    /// The plan's key for this list (`deployments`).
    pub fn list_key(self) -> &'static str {
        match self {
            EntityKind::Environment => "environments",
            EntityKind::Team => "teams",
            EntityKind::Service => "services",
            EntityKind::Train => "trains",
            EntityKind::Window => "windows",
            EntityKind::Release => "releases",
            EntityKind::Deployment => "deployments",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Environment => "environment",
            EntityKind::Team => "team",
            EntityKind::Service => "service",
            EntityKind::Train => "train",
            EntityKind::Window => "window",
            EntityKind::Release => "release",
            EntityKind::Deployment => "deployment",
        }
    }
}

/// The ids of every entity list, known before entities are checked so that
/// references can be resolved in one pass. They borrow from the JSON tree.
#[derive(Default)]
pub(crate) struct KnownIds<'a> {
    pub(crate) ids: [FxHashSet<&'a str>; 7],
}

impl KnownIds<'_> {
    pub(crate) fn has(&self, kind: EntityKind, id: &str) -> bool {
        self.ids[kind as usize].contains(id)
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, Copy)]
enum Seg<'p> {
    Key(&'p str),
    Index(usize),
}

/// Deepest path below its base: `.windows[0].scope.environments[1]`.
const MAX_SEGS: usize = 6;

/// A JSON path such as `$.deployments[3]`, kept as its steps and written out
/// only when a problem is reported.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Path<'p> {
    base: &'p str,
    segs: [Seg<'p>; MAX_SEGS],
    len: usize,
}

impl<'p> Path<'p> {
    fn new(base: &'p str) -> Self {
        Path {
            base,
            segs: [Seg::Index(0); MAX_SEGS],
            len: 0,
        }
    }

    fn push(mut self, seg: Seg<'p>) -> Self {
        // The plan format nests no deeper; extensions are walked with strings.
        debug_assert!(self.len < MAX_SEGS, "JSON path too deep");
        if self.len < MAX_SEGS {
            self.segs[self.len] = seg;
            self.len += 1;
        }
        self
    }

    fn key(self, k: &'p str) -> Self {
        self.push(Seg::Key(k))
    }

    fn index(self, i: usize) -> Self {
        self.push(Seg::Index(i))
    }

    fn render(&self) -> String {
        let mut out = String::with_capacity(self.base.len() + 8 * self.len);
        out.push_str(self.base);
        for seg in &self.segs[..self.len] {
            match seg {
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => {
                    use fmt::Write as _;
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        out
    }
}

/// The fields of one JSON object, unknown and duplicate keys already reported:
/// the value of each allowed field, by its position in the allowed list.
pub(crate) struct Fields<'a> {
    allowed: &'static [&'static str],
    values: [Option<&'a Json<'a>>; MAX_FIELDS],
    path: Path<'a>,
    id: Option<&'a str>,
}

/// The most fields an object of the plan format has (a release).
const MAX_FIELDS: usize = 14;

impl<'a> Fields<'a> {
    /// The value of a field; `null` counts as absent.
    fn get(&self, name: &str) -> Option<&'a Json<'a>> {
        let i = self.allowed.iter().position(|a| *a == name)?;
        self.values[i].filter(|v| !matches!(v, Json::Null))
    }
    fn path(&self, name: &str) -> String {
        let mut p = self.path.render();
        p.push('.');
        p.push_str(name);
        p
    }
    /// The path of a field, not yet written out.
    fn at(&self, name: &'a str) -> Path<'a> {
        self.path.key(name)
    }
}

#[derive(Default)]
pub(crate) struct Validator<'a> {
    pub(crate) problems: Vec<Problem>,
    pub(crate) known: KnownIds<'a>,
    /// Set when one entity is read on its own; references are checked against
    /// the plan it is applied to instead.
    pub(crate) skip_references: bool,
}

const PLAN_FIELDS: &[&str] = &[
    "format",
    "version",
    "name",
    "timezone",
    "environments",
    "teams",
    "services",
    "trains",
    "windows",
    "releases",
    "deployments",
    "x",
];
const ENVIRONMENT_FIELDS: &[&str] = &[
    "id",
    "name",
    "order",
    "requires_window",
    "max_concurrent",
    "requires_approval",
    "x",
];
const TEAM_FIELDS: &[&str] = &["id", "name", "timezone", "unavailable", "x"];
const UNAVAILABLE_FIELDS: &[&str] = &["start", "end", "reason", "x"];
const SERVICE_FIELDS: &[&str] = &[
    "id",
    "name",
    "team",
    "tier",
    "data_classes",
    "depends_on",
    "x",
];
const TRAIN_FIELDS: &[&str] = &["id", "name", "rrule", "start", "freeze", "x"];
const WINDOW_FIELDS: &[&str] = &[
    "id",
    "kind",
    "name",
    "scope",
    "start",
    "duration",
    "timezone",
    "rrule",
    "exdates",
    "allow_emergency",
    "x",
];
const SCOPE_FIELDS: &[&str] = &["environments", "services", "x"];
const RELEASE_FIELDS: &[&str] = &[
    "id",
    "name",
    "version",
    "train",
    "owner",
    "change_type",
    "status",
    "depends_on",
    "approvals",
    "description",
    "rollback_plan",
    "success_criteria",
    "known_issues",
    "x",
];
const APPROVAL_FIELDS: &[&str] = &["by", "role", "decision", "at", "comment", "x"];
const DEPLOYMENT_FIELDS: &[&str] = &[
    "id",
    "release",
    "service",
    "environment",
    "start",
    "end",
    "strategy",
    "wave",
    "status",
    "x",
];

/// Longest id accepted, in Unicode code points.
pub const MAX_ID_CHARS: usize = 128;

impl<'k> Validator<'k> {
    fn err(&mut self, path: impl Into<String>, id: Option<&str>, msg: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            id: id.map(str::to_owned),
            message: msg.into(),
        });
    }

    fn object<'a>(
        &mut self,
        node: &'a Json<'a>,
        path: Path<'a>,
        allowed: &'static [&'static str],
    ) -> Option<Fields<'a>> {
        debug_assert!(allowed.len() <= MAX_FIELDS);
        let Json::Object(items) = node else {
            self.err(
                path.render(),
                None,
                format!("expected an object, found {}", node.kind()),
            );
            return None;
        };
        // The entity id, if readable, labels every problem inside the object.
        let id = items
            .iter()
            .find(|(k, _)| k == "id")
            .and_then(|(_, v)| match v {
                Json::Str(s) => Some(s.as_ref()),
                _ => None,
            });
        let mut values = [None; MAX_FIELDS];
        for (n, (k, v)) in items.iter().enumerate() {
            let k = k.as_ref();
            match allowed.iter().position(|a| *a == k) {
                Some(i) if values[i].is_none() => values[i] = Some(v),
                // A second time: a duplicate, whatever the first one said.
                Some(_) => self.err(
                    format!("{}.{k}", path.render()),
                    id,
                    format!("duplicate key {k:?}"),
                ),
                None if items[..n].iter().any(|(earlier, _)| earlier == k) => self.err(
                    format!("{}.{k}", path.render()),
                    id,
                    format!("duplicate key {k:?}"),
                ),
                None => self.err(
                    format!("{}.{k}", path.render()),
                    id,
                    format!(
                        "unknown field {k:?} (expected one of: {})",
                        allowed.join(", ")
                    ),
                ),
            }
        }
        Some(Fields {
            allowed,
            values,
            path,
            id,
        })
    }

    /// The items of a list field (none when it is absent or not a list).
    fn list<'a>(&mut self, f: &Fields<'a>, name: &str) -> &'a [Json<'a>] {
        match f.get(name) {
            None => &[],
            Some(Json::Array(items)) => items,
            Some(other) => {
                self.err(
                    f.path(name),
                    f.id,
                    format!("expected an array, found {}", other.kind()),
                );
                &[]
            }
        }
    }

    /// A string field, borrowed from the tree.
    fn str<'a>(&mut self, f: &Fields<'a>, name: &str, required: bool) -> Option<&'a str> {
        match f.get(name) {
            None => {
                if required {
                    self.err(
                        f.path(name),
                        f.id,
                        format!("missing required field {name:?}"),
                    );
                }
                None
            }
            Some(Json::Str(s)) => Some(s.as_ref()),
            Some(other) => {
                self.err(
                    f.path(name),
                    f.id,
                    format!("expected a string, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn string(&mut self, f: &Fields, name: &str, required: bool) -> Option<String> {
        self.str(f, name, required).map(str::to_owned)
    }

    /// A required field that was present but bad returns `None` with a problem
    /// recorded; so does a missing one. Callers give up on the entity then.
    fn parsed<T>(
        &mut self,
        f: &Fields,
        name: &str,
        required: bool,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let s = self.str(f, name, required)?;
        match parse(s) {
            Ok(v) => Some(v),
            Err(msg) => {
                self.err(f.path(name), f.id, msg);
                None
            }
        }
    }

    fn boolean(&mut self, f: &Fields, name: &str) -> Option<bool> {
        match f.get(name) {
            None => None,
            Some(Json::Bool(b)) => Some(*b),
            Some(other) => {
                self.err(
                    f.path(name),
                    f.id,
                    format!("expected true or false, found {}", other.kind()),
                );
                None
            }
        }
    }

    fn integer(&mut self, f: &Fields, name: &str, required: bool) -> Option<i64> {
        match f.get(name) {
            None => {
                if required {
                    self.err(
                        f.path(name),
                        f.id,
                        format!("missing required field {name:?}"),
                    );
                }
                None
            }
            Some(Json::Int(i)) => Some(*i),
            Some(Json::UInt(_)) => {
                self.err(f.path(name), f.id, "integer out of range");
                None
            }
            Some(other) => {
                self.err(
                    f.path(name),
                    f.id,
                    format!(
                        "expected an integer (like 1, not 1.0), found {}",
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    fn extensions(&mut self, f: &Fields) -> Extensions {
        match f.get("x") {
            None => None,
            Some(x @ Json::Object(_)) => {
                self.duplicate_keys(x, &f.path("x"), f.id);
                match x.to_value() {
                    Value::Object(m) => Some(m),
                    _ => None,
                }
            }
            Some(other) => {
                self.err(
                    f.path("x"),
                    f.id,
                    format!("extensions \"x\" must be an object, found {}", other.kind()),
                );
                None
            }
        }
    }

    /// Reports every key that an object inside `node` (at `path`, in an
    /// extension) has twice, at any depth.
    fn duplicate_keys(&mut self, node: &Json, path: &str, id: Option<&str>) {
        match node {
            Json::Object(items) => {
                for (n, (k, v)) in items.iter().enumerate() {
                    let at = format!("{path}.{k}");
                    if items[..n].iter().any(|(earlier, _)| earlier == k) {
                        self.err(at.clone(), id, format!("duplicate key {k:?}"));
                    }
                    if matches!(v, Json::Object(_) | Json::Array(_)) {
                        self.duplicate_keys(v, &at, id);
                    }
                }
            }
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    if matches!(v, Json::Object(_) | Json::Array(_)) {
                        self.duplicate_keys(v, &format!("{path}[{i}]"), id);
                    }
                }
            }
            _ => {}
        }
    }

    fn entity_id(&mut self, f: &Fields) -> Option<String> {
        let id = self.str(f, "id", true)?;
        if id.is_empty() {
            self.err(f.path("id"), None, "an id must not be empty");
            return None;
        }
        // At most 4 bytes a code point: a short id needs no counting.
        if id.len() > MAX_ID_CHARS && id.chars().count() > MAX_ID_CHARS {
            self.err(
                f.path("id"),
                Some(id),
                format!("an id must be at most {MAX_ID_CHARS} characters"),
            );
            return None;
        }
        Some(id.to_owned())
    }

    fn reference(
        &mut self,
        f: &Fields,
        path: Path,
        value: &Json,
        kind: EntityKind,
    ) -> Option<String> {
        match value {
            Json::Str(s) => {
                if self.skip_references || self.known.has(kind, s) {
                    Some(s.as_ref().to_owned())
                } else {
                    self.err(
                        path.render(),
                        f.id,
                        format!("unknown {} {s:?}", kind.as_str()),
                    );
                    None
                }
            }
            other => {
                self.err(
                    path.render(),
                    f.id,
                    format!(
                        "expected a {} id (a string), found {}",
                        kind.as_str(),
                        other.kind()
                    ),
                );
                None
            }
        }
    }

    fn ref_field(
        &mut self,
        f: &Fields,
        name: &'static str,
        kind: EntityKind,
        required: bool,
    ) -> Option<String> {
        match f.get(name) {
            None => {
                if required {
                    self.err(
                        f.path(name),
                        f.id,
                        format!("missing required field {name:?}"),
                    );
                }
                None
            }
            Some(v) => self.reference(f, f.at(name), v, kind),
        }
    }

    /// A list of references; returns `None` when any is bad.
    fn ref_list(
        &mut self,
        f: &Fields,
        name: &'static str,
        kind: EntityKind,
    ) -> Option<Vec<String>> {
        let items = self.list(f, name);
        let before = self.problems.len();
        let out: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.reference(f, f.at(name).index(i), v, kind))
            .collect();
        (self.problems.len() == before).then_some(out)
    }

    fn string_list(&mut self, f: &Fields, name: &'static str) -> Vec<String> {
        let items = self.list(f, name);
        let mut out = vec![];
        for (i, v) in items.iter().enumerate() {
            match v {
                Json::Str(s) => out.push(s.as_ref().to_owned()),
                other => self.err(
                    f.at(name).index(i).render(),
                    f.id,
                    format!("expected a string, found {}", other.kind()),
                ),
            }
        }
        out
    }

    fn collect_ids(&mut self, f: &Fields<'k>) {
        for kind in EntityKind::ALL {
            let mut seen: FxHashSet<&'k str> = FxHashSet::default();
            let items = self.list(f, kind.list_key());
            seen.reserve(items.len());
            for (i, node) in items.iter().enumerate() {
                let Json::Object(items) = node else { continue };
                let Some((_, Json::Str(id))) = items.iter().find(|(k, _)| k == "id") else {
                    continue;
                };
                if !seen.insert(id.as_ref()) {
                    self.err(
                        format!("{}.id", f.at(kind.list_key()).index(i).render()),
                        Some(id.as_ref()),
                        format!("duplicate {} id {id:?}", kind.as_str()),
                    );
                }
            }
            self.known.ids[kind as usize] = seen;
        }
    }

    fn plan(&mut self, tree: &'k Json<'k>) -> Option<Plan> {
        let f = self.object(tree, Path::new("$"), PLAN_FIELDS)?;
        match f.get("format") {
            None => {}
            Some(Json::Str(s)) if s == "trainyard-plan" => {}
            Some(other) => self.err(
                "$.format",
                None,
                format!("expected \"trainyard-plan\", found {}", describe(other)),
            ),
        }
        match f.get("version") {
            None | Some(Json::Int(1)) => {}
            Some(other) => self.err(
                "$.version",
                None,
                format!(
                    "unsupported format version {} (this program reads version 1)",
                    describe(other)
                ),
            ),
        }
        let name = self.string(&f, "name", false);
        let timezone = self.parsed(&f, "timezone", false, |s| {
            parse_tz(s).map_err(|e| e.to_string())
        });
        let x = self.extensions(&f);
        self.collect_ids(&f);
        let mut plan = Plan {
            name,
            timezone: timezone.unwrap_or(chrono_tz::Tz::UTC),
            x,
            ..Plan::default()
        };
        macro_rules! entities {
            ($list:ident, $key:literal, $fields:ident, $check:ident) => {
                let items = self.list(&f, $key);
                plan.$list.reserve(items.len());
                for (i, n) in items.iter().enumerate() {
                    plan.$list.extend(
                        self.object(n, f.at($key).index(i), $fields)
                            .and_then(|o| self.$check(&o)),
                    );
                }
            };
        }
        entities!(
            environments,
            "environments",
            ENVIRONMENT_FIELDS,
            environment
        );
        entities!(teams, "teams", TEAM_FIELDS, team);
        entities!(services, "services", SERVICE_FIELDS, service);
        entities!(trains, "trains", TRAIN_FIELDS, train);
        entities!(windows, "windows", WINDOW_FIELDS, window);
        entities!(releases, "releases", RELEASE_FIELDS, release);
        entities!(deployments, "deployments", DEPLOYMENT_FIELDS, deployment);
        Some(plan)
    }

    /// Validates one entity object at `path` against the known ids.
    pub(crate) fn entity(
        &mut self,
        kind: EntityKind,
        node: &Json<'_>,
        path: &str,
    ) -> Option<crate::edit::Entity> {
        use crate::edit::Entity;
        let fields = match kind {
            EntityKind::Environment => ENVIRONMENT_FIELDS,
            EntityKind::Team => TEAM_FIELDS,
            EntityKind::Service => SERVICE_FIELDS,
            EntityKind::Train => TRAIN_FIELDS,
            EntityKind::Window => WINDOW_FIELDS,
            EntityKind::Release => RELEASE_FIELDS,
            EntityKind::Deployment => DEPLOYMENT_FIELDS,
        };
        let f = self.object(node, Path::new(path), fields)?;
        match kind {
            EntityKind::Environment => self.environment(&f).map(Entity::Environment),
            EntityKind::Team => self.team(&f).map(Entity::Team),
            EntityKind::Service => self.service(&f).map(Entity::Service),
            EntityKind::Train => self.train(&f).map(Entity::Train),
            EntityKind::Window => self.window(&f).map(Entity::Window),
            EntityKind::Release => self.release(&f).map(Entity::Release),
            EntityKind::Deployment => self.deployment(&f).map(Entity::Deployment),
        }
    }

    fn environment(&mut self, f: &Fields) -> Option<Environment> {
        let id = self.entity_id(f);
        let name = self.string(f, "name", false);
        let order = self.integer(f, "order", true);
        let requires_window = self.boolean(f, "requires_window").unwrap_or(false);
        let requires_approval = self.boolean(f, "requires_approval").unwrap_or(false);
        let max_concurrent = match self.integer(f, "max_concurrent", false) {
            None => None,
            Some(n) if (1..=i64::from(u32::MAX)).contains(&n) => Some(n as u32),
            Some(_) => {
                self.err(
                    f.path("max_concurrent"),
                    f.id,
                    "max_concurrent must be an integer of at least 1",
                );
                return None;
            }
        };
        let x = self.extensions(f);
        Some(Environment {
            id: EnvironmentId(id?),
            name,
            order: order?,
            requires_window,
            max_concurrent,
            requires_approval,
            x,
        })
    }

    fn team(&mut self, f: &Fields) -> Option<Team> {
        let id = self.entity_id(f);
        let name = self.string(f, "name", false);
        let timezone = self.parsed(f, "timezone", false, |s| {
            parse_tz(s).map_err(|e| e.to_string())
        });
        let mut unavailable = vec![];
        let mut ok = true;
        for (i, n) in self.list(f, "unavailable").iter().enumerate() {
            let Some(u) = self.object(n, f.at("unavailable").index(i), UNAVAILABLE_FIELDS) else {
                ok = false;
                continue;
            };
            let u = Fields { id: f.id, ..u };
            let start = self.parsed(&u, "start", true, |s| {
                parse_instant(s).map_err(|e| e.to_string())
            });
            let end = self.parsed(&u, "end", true, |s| {
                parse_instant(s).map_err(|e| e.to_string())
            });
            let reason = self.string(&u, "reason", false);
            let x = self.extensions(&u);
            match (start, end) {
                (Some(start), Some(end)) if end > start => unavailable.push(Unavailability {
                    start,
                    end,
                    reason,
                    x,
                }),
                (Some(_), Some(_)) => {
                    self.err(
                        u.path("end"),
                        u.id,
                        "an unavailable period must end after it starts",
                    );
                    ok = false;
                }
                _ => ok = false,
            }
        }
        let x = self.extensions(f);
        ok.then_some(())?;
        Some(Team {
            id: TeamId(id?),
            name,
            timezone,
            unavailable,
            x,
        })
    }

    fn service(&mut self, f: &Fields) -> Option<Service> {
        let id = self.entity_id(f);
        let name = self.string(f, "name", false);
        let team = self.ref_field(f, "team", EntityKind::Team, false);
        let team_ok = f.get("team").is_none() || team.is_some();
        let tier = match self.integer(f, "tier", false) {
            None => None,
            Some(t @ 1..=4) => Some(t as u8),
            Some(_) => {
                self.err(
                    f.path("tier"),
                    f.id,
                    "tier must be 1, 2, 3 or 4 (1 is most critical)",
                );
                return None;
            }
        };
        let data_classes = self.string_list(f, "data_classes");
        let depends_on = self.ref_list(f, "depends_on", EntityKind::Service);
        let x = self.extensions(f);
        team_ok.then_some(())?;
        Some(Service {
            id: ServiceId(id?),
            name,
            team: team.map(TeamId),
            tier,
            data_classes,
            depends_on: depends_on?.into_iter().map(ServiceId).collect(),
            x,
        })
    }

    fn rrule(&mut self, f: &Fields) -> Result<Option<RRule>, ()> {
        match f.get("rrule") {
            None => Ok(None),
            Some(_) => match self.parsed(f, "rrule", false, |s| {
                s.parse::<RRule>()
                    .map_err(|e| format!("invalid RRULE: {e}"))
            }) {
                Some(r) => Ok(Some(r)),
                None => Err(()),
            },
        }
    }

    fn train(&mut self, f: &Fields) -> Option<Train> {
        let id = self.entity_id(f);
        let name = self.string(f, "name", false);
        let rrule = self.rrule(f);
        let start = self.parsed(f, "start", false, |s| {
            parse_local(s).map_err(|e| e.to_string())
        });
        let start_bad = f.get("start").is_some() && start.is_none();
        let freeze = self.parsed(f, "freeze", false, |s| {
            s.parse::<NominalDuration>().map_err(|e| e.to_string())
        });
        let freeze_bad = f.get("freeze").is_some() && freeze.is_none();
        let x = self.extensions(f);
        let rrule = rrule.ok()?;
        if rrule.is_some() && start.is_none() && !start_bad {
            self.err(
                f.path("start"),
                f.id,
                "a train with an rrule needs a start (its first departure)",
            );
            return None;
        }
        if start_bad || freeze_bad {
            return None;
        }
        Some(Train {
            id: TrainId(id?),
            name,
            rrule,
            start,
            freeze,
            x,
        })
    }

    fn window(&mut self, f: &Fields) -> Option<Window> {
        let id = self.entity_id(f);
        let kind = self.parsed(f, "kind", true, |s| match s {
            "maintenance" => Ok(WindowKind::Maintenance),
            "blackout" => Ok(WindowKind::Blackout),
            _ => Err(format!(
                "kind must be \"maintenance\" or \"blackout\", found {s:?}"
            )),
        });
        let name = self.string(f, "name", false);
        let scope = match f.get("scope") {
            None => Some(Scope::default()),
            Some(node) => match self.object(node, f.at("scope"), SCOPE_FIELDS) {
                None => None,
                Some(s) => {
                    let s = Fields { id: f.id, ..s };
                    let environments = self.ref_list(&s, "environments", EntityKind::Environment);
                    let services = self.ref_list(&s, "services", EntityKind::Service);
                    let x = self.extensions(&s);
                    match (environments, services) {
                        (Some(e), Some(sv)) => Some(Scope {
                            environments: e.into_iter().map(EnvironmentId).collect(),
                            services: sv.into_iter().map(ServiceId).collect(),
                            x,
                        }),
                        _ => None,
                    }
                }
            },
        };
        let start = self.parsed(f, "start", true, |s| {
            parse_local(s).map_err(|e| e.to_string())
        });
        let duration = self.parsed(f, "duration", true, |s| {
            let d = s.parse::<NominalDuration>().map_err(|e| e.to_string())?;
            if d.is_zero() {
                Err("a window's duration must be greater than zero".to_owned())
            } else {
                Ok(d)
            }
        });
        let timezone = self.parsed(f, "timezone", true, |s| {
            parse_tz(s).map_err(|e| e.to_string())
        });
        let rrule = self.rrule(f);
        let mut exdates = vec![];
        let mut exdates_ok = true;
        for (i, n) in self.list(f, "exdates").iter().enumerate() {
            let p = || f.at("exdates").index(i).render();
            match n {
                Json::Str(s) => match parse_local(s) {
                    Ok(t) => exdates.push(t),
                    Err(e) => {
                        self.err(p(), f.id, format!("{e} (exdates are local date-times)"));
                        exdates_ok = false;
                    }
                },
                other => {
                    self.err(
                        p(),
                        f.id,
                        format!("expected a local date-time string, found {}", other.kind()),
                    );
                    exdates_ok = false;
                }
            }
        }
        let allow_emergency = self.boolean(f, "allow_emergency").unwrap_or(false);
        let x = self.extensions(f);
        exdates_ok.then_some(())?;
        Some(Window {
            id: WindowId(id?),
            kind: kind?,
            name,
            scope: scope?,
            start: start?,
            duration: duration?,
            timezone: timezone?,
            rrule: rrule.ok()?,
            exdates,
            allow_emergency,
            x,
        })
    }

    fn release(&mut self, f: &Fields) -> Option<Release> {
        let id = self.entity_id(f);
        let name = self.string(f, "name", false);
        let version = self.string(f, "version", false);
        let train = self.ref_field(f, "train", EntityKind::Train, false);
        let train_ok = f.get("train").is_none() || train.is_some();
        let owner = self.string(f, "owner", false);
        let change_type = self.parsed(f, "change_type", true, |s| {
            ChangeType::ALL
                .into_iter()
                .find(|c| c.as_str() == s)
                .ok_or_else(|| {
                    format!("change_type must be standard, normal or emergency, found {s:?}")
                })
        });
        let status = self.parsed(f, "status", false, |s| {
            ReleaseStatus::ALL
                .into_iter()
                .find(|c| c.as_str() == s)
                .ok_or_else(|| {
                    format!(
                        "status must be one of {}, found {s:?}",
                        ReleaseStatus::ALL.map(|c| c.as_str()).join(", ")
                    )
                })
        });
        let status_ok = f.get("status").is_none() || status.is_some();
        let depends_on = self.ref_list(f, "depends_on", EntityKind::Release);
        let mut approvals = vec![];
        let mut approvals_ok = true;
        for (i, n) in self.list(f, "approvals").iter().enumerate() {
            let Some(a) = self.object(n, f.at("approvals").index(i), APPROVAL_FIELDS) else {
                approvals_ok = false;
                continue;
            };
            let a = Fields { id: f.id, ..a };
            let before = self.problems.len();
            let by = self.string(&a, "by", true);
            let role = self.string(&a, "role", false);
            let decision = self.parsed(&a, "decision", true, |s| match s {
                "approved" => Ok(Decision::Approved),
                "rejected" => Ok(Decision::Rejected),
                _ => Err(format!(
                    "decision must be \"approved\" or \"rejected\", found {s:?}"
                )),
            });
            let at = self.parsed(&a, "at", false, |s| {
                parse_instant(s).map_err(|e| e.to_string())
            });
            let comment = self.string(&a, "comment", false);
            let x = self.extensions(&a);
            match (by, decision) {
                (Some(by), Some(decision)) if self.problems.len() == before => {
                    approvals.push(Approval {
                        by,
                        role,
                        decision,
                        at,
                        comment,
                        x,
                    })
                }
                _ => approvals_ok = false,
            }
        }
        let before = self.problems.len();
        let description = self.string(f, "description", false);
        let rollback_plan = self.string(f, "rollback_plan", false);
        let success_criteria = self.string(f, "success_criteria", false);
        let known_issues = self.string(f, "known_issues", false);
        let texts_ok = self.problems.len() == before;
        let x = self.extensions(f);
        (train_ok && status_ok && approvals_ok && texts_ok).then_some(())?;
        Some(Release {
            id: ReleaseId(id?),
            name,
            version,
            train: train.map(TrainId),
            owner,
            change_type: change_type?,
            status,
            depends_on: depends_on?.into_iter().map(ReleaseId).collect(),
            approvals,
            description,
            rollback_plan,
            success_criteria,
            known_issues,
            x,
        })
    }

    fn deployment(&mut self, f: &Fields) -> Option<Deployment> {
        let id = self.entity_id(f);
        let release = self.ref_field(f, "release", EntityKind::Release, true);
        let service = self.ref_field(f, "service", EntityKind::Service, true);
        let environment = self.ref_field(f, "environment", EntityKind::Environment, true);
        let start = self.parsed(f, "start", true, |s| {
            parse_instant(s).map_err(|e| e.to_string())
        });
        let end = self.parsed(f, "end", true, |s| {
            parse_instant(s).map_err(|e| e.to_string())
        });
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                self.err(f.path("end"), f.id, "a deployment must end after it starts");
                return None;
            }
        }
        let strategy = self.parsed(f, "strategy", false, |s| {
            Strategy::ALL
                .into_iter()
                .find(|c| c.as_str() == s)
                .ok_or_else(|| {
                    format!(
                        "strategy must be one of {}, found {s:?}",
                        Strategy::ALL.map(|c| c.as_str()).join(", ")
                    )
                })
        });
        let strategy_ok = f.get("strategy").is_none() || strategy.is_some();
        let wave = self.string(f, "wave", false);
        let status = self.parsed(f, "status", false, |s| {
            DeploymentStatus::ALL
                .into_iter()
                .find(|c| c.as_str() == s)
                .ok_or_else(|| {
                    format!(
                        "status must be one of {}, found {s:?}",
                        DeploymentStatus::ALL.map(|c| c.as_str()).join(", ")
                    )
                })
        });
        let status_ok = f.get("status").is_none() || status.is_some();
        let x = self.extensions(f);
        (strategy_ok && status_ok).then_some(())?;
        Some(Deployment {
            id: DeploymentId(id?),
            release: ReleaseId(release?),
            service: ServiceId(service?),
            environment: EnvironmentId(environment?),
            start: start?,
            end: end?,
            strategy,
            wave,
            status,
            x,
        })
    }
}

fn describe(j: &Json<'_>) -> String {
    match j {
        Json::Str(s) => format!("{s:?}"),
        Json::Int(i) => i.to_string(),
        other => other.kind().to_owned(),
    }
}

// ---------------------------------------------------------------- export

fn put(m: &mut Map<String, Value>, k: &str, v: impl Into<Value>) {
    m.insert(k.to_owned(), v.into());
}

fn put_opt<T: Into<Value>>(m: &mut Map<String, Value>, k: &str, v: Option<T>) {
    if let Some(v) = v {
        m.insert(k.to_owned(), v.into());
    }
}

fn put_list<T: fmt::Display>(m: &mut Map<String, Value>, k: &str, v: &[T]) {
    if !v.is_empty() {
        m.insert(
            k.to_owned(),
            Value::Array(v.iter().map(|s| Value::String(s.to_string())).collect()),
        );
    }
}

fn put_x(m: &mut Map<String, Value>, x: &Extensions) {
    if let Some(x) = x {
        m.insert("x".into(), Value::Object(x.clone()));
    }
}

pub fn environment_to_value(e: &Environment) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", e.id.as_str());
    put_opt(&mut m, "name", e.name.clone());
    put(&mut m, "order", e.order);
    if e.requires_window {
        put(&mut m, "requires_window", true);
    }
    put_opt(&mut m, "max_concurrent", e.max_concurrent);
    if e.requires_approval {
        put(&mut m, "requires_approval", true);
    }
    put_x(&mut m, &e.x);
    Value::Object(m)
}

pub fn team_to_value(t: &Team) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", t.id.as_str());
    put_opt(&mut m, "name", t.name.clone());
    put_opt(&mut m, "timezone", t.timezone.map(|z| z.name()));
    if !t.unavailable.is_empty() {
        let list = t
            .unavailable
            .iter()
            .map(|u| {
                let mut m = Map::new();
                put(&mut m, "start", format_instant(u.start));
                put(&mut m, "end", format_instant(u.end));
                put_opt(&mut m, "reason", u.reason.clone());
                put_x(&mut m, &u.x);
                Value::Object(m)
            })
            .collect();
        m.insert("unavailable".into(), Value::Array(list));
    }
    put_x(&mut m, &t.x);
    Value::Object(m)
}

pub fn service_to_value(s: &Service) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", s.id.as_str());
    put_opt(&mut m, "name", s.name.clone());
    put_opt(&mut m, "team", s.team.as_ref().map(|t| t.0.clone()));
    put_opt(&mut m, "tier", s.tier);
    put_list(&mut m, "data_classes", &s.data_classes);
    put_list(&mut m, "depends_on", &s.depends_on);
    put_x(&mut m, &s.x);
    Value::Object(m)
}

pub fn train_to_value(t: &Train) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", t.id.as_str());
    put_opt(&mut m, "name", t.name.clone());
    put_opt(
        &mut m,
        "rrule",
        t.rrule.as_ref().map(|r| r.source().to_owned()),
    );
    put_opt(&mut m, "start", t.start.map(format_local));
    put_opt(&mut m, "freeze", t.freeze.map(|d| d.to_string()));
    put_x(&mut m, &t.x);
    Value::Object(m)
}

pub fn window_to_value(w: &Window) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", w.id.as_str());
    put(&mut m, "kind", w.kind.as_str());
    put_opt(&mut m, "name", w.name.clone());
    if !w.scope.environments.is_empty() || !w.scope.services.is_empty() || w.scope.x.is_some() {
        let mut s = Map::new();
        put_list(&mut s, "environments", &w.scope.environments);
        put_list(&mut s, "services", &w.scope.services);
        put_x(&mut s, &w.scope.x);
        m.insert("scope".into(), Value::Object(s));
    }
    put(&mut m, "start", format_local(w.start));
    put(&mut m, "duration", w.duration.to_string());
    put(&mut m, "timezone", w.timezone.name());
    put_opt(
        &mut m,
        "rrule",
        w.rrule.as_ref().map(|r| r.source().to_owned()),
    );
    if !w.exdates.is_empty() {
        m.insert(
            "exdates".into(),
            Value::Array(
                w.exdates
                    .iter()
                    .map(|d| Value::String(format_local(*d)))
                    .collect(),
            ),
        );
    }
    if w.allow_emergency {
        put(&mut m, "allow_emergency", true);
    }
    put_x(&mut m, &w.x);
    Value::Object(m)
}

pub fn release_to_value(r: &Release) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", r.id.as_str());
    put_opt(&mut m, "name", r.name.clone());
    put_opt(&mut m, "version", r.version.clone());
    put_opt(&mut m, "train", r.train.as_ref().map(|t| t.0.clone()));
    put_opt(&mut m, "owner", r.owner.clone());
    put(&mut m, "change_type", r.change_type.as_str());
    put_opt(&mut m, "status", r.status.map(|s| s.as_str()));
    put_list(&mut m, "depends_on", &r.depends_on);
    if !r.approvals.is_empty() {
        let list = r
            .approvals
            .iter()
            .map(|a| {
                let mut m = Map::new();
                put(&mut m, "by", a.by.clone());
                put_opt(&mut m, "role", a.role.clone());
                put(&mut m, "decision", a.decision.as_str());
                put_opt(&mut m, "at", a.at.map(format_instant));
                put_opt(&mut m, "comment", a.comment.clone());
                put_x(&mut m, &a.x);
                Value::Object(m)
            })
            .collect();
        m.insert("approvals".into(), Value::Array(list));
    }
    put_opt(&mut m, "description", r.description.clone());
    put_opt(&mut m, "rollback_plan", r.rollback_plan.clone());
    put_opt(&mut m, "success_criteria", r.success_criteria.clone());
    put_opt(&mut m, "known_issues", r.known_issues.clone());
    put_x(&mut m, &r.x);
    Value::Object(m)
}

pub fn deployment_to_value(d: &Deployment) -> Value {
    let mut m = Map::new();
    put(&mut m, "id", d.id.as_str());
    put(&mut m, "release", d.release.as_str());
    put(&mut m, "service", d.service.as_str());
    put(&mut m, "environment", d.environment.as_str());
    put(&mut m, "start", format_instant(d.start));
    put(&mut m, "end", format_instant(d.end));
    put_opt(&mut m, "strategy", d.strategy.map(|s| s.as_str()));
    put_opt(&mut m, "wave", d.wave.clone());
    put_opt(&mut m, "status", d.status.map(|s| s.as_str()));
    put_x(&mut m, &d.x);
    Value::Object(m)
}

/// The plan as a JSON value in canonical form: spec field order, instants in
/// UTC with `Z`, defaults that were not given left out.
pub fn plan_to_value(p: &Plan) -> Value {
    let mut m = Map::new();
    put(&mut m, "format", "trainyard-plan");
    put(&mut m, "version", 1);
    put_opt(&mut m, "name", p.name.clone());
    put(&mut m, "timezone", p.timezone.name());
    fn list<T>(m: &mut Map<String, Value>, k: &str, items: &[T], f: fn(&T) -> Value) {
        m.insert(k.to_owned(), Value::Array(items.iter().map(f).collect()));
    }
    list(
        &mut m,
        "environments",
        &p.environments,
        environment_to_value,
    );
    list(&mut m, "teams", &p.teams, team_to_value);
    list(&mut m, "services", &p.services, service_to_value);
    list(&mut m, "trains", &p.trains, train_to_value);
    list(&mut m, "windows", &p.windows, window_to_value);
    list(&mut m, "releases", &p.releases, release_to_value);
    list(&mut m, "deployments", &p.deployments, deployment_to_value);
    put_x(&mut m, &p.x);
    Value::Object(m)
}

/// The plan as canonical, pretty-printed JSON text (ends with a newline).
pub fn plan_to_json(p: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(&plan_to_value(p)).unwrap_or_default();
    s.push('\n');
    s
}
