//! The validator's state and its readers of one field each (a string, an
//! integer, a reference, a keyword, …). Every reader records a problem at the
//! field's path instead of stopping, so a plan's problems are listed at once.

use std::borrow::Cow;

use serde_json::Value;

use super::fields::{Fields, Path, MAX_FIELDS};
use super::problem::{shorten_plain, shorten_quoted};
use super::{EntityKind, Json, Problem};
use crate::fxhash::FxHashSet;
use crate::plan::Extensions;

/// The ids of every entity list, known before entities are checked so that
/// references can be resolved in one pass. They borrow from the JSON tree.
#[derive(Default)]
pub(crate) struct KnownIds<'a> {
    pub(crate) ids: [FxHashSet<&'a str>; EntityKind::COUNT],
}

impl KnownIds<'_> {
    pub(crate) fn has(&self, kind: EntityKind, id: &str) -> bool {
        self.ids[kind as usize].contains(id)
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

/// Which keys of an object repeat an earlier key. Small objects (every entity)
/// are scanned pairwise when asked; larger ones (extensions can hold any
/// number of keys) are sorted once, so that finding duplicates stays
/// O(n log n) whatever the keys are (a hash set could be flooded with
/// colliding keys).
pub(super) enum RepeatedKeys<'t, 'a> {
    Scan(&'t [(Cow<'a, str>, Json<'a>)]),
    Marked(Vec<bool>),
}

/// Objects up to this many keys are compared pairwise (no allocation).
const PAIRWISE_KEYS: usize = 32;

impl<'t, 'a> RepeatedKeys<'t, 'a> {
    pub(super) fn of(items: &'t [(Cow<'a, str>, Json<'a>)]) -> Self {
        if items.len() <= PAIRWISE_KEYS {
            return RepeatedKeys::Scan(items);
        }
        // A stable sort keeps equal keys in input order: all but the first of
        // each run are repeats.
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&a, &b| items[a].0.cmp(&items[b].0));
        let mut repeated = vec![false; items.len()];
        for pair in order.windows(2) {
            if items[pair[0]].0 == items[pair[1]].0 {
                repeated[pair[1]] = true;
            }
        }
        RepeatedKeys::Marked(repeated)
    }

    /// Whether the key at `n` already appeared before it.
    pub(super) fn at(&self, n: usize) -> bool {
        match self {
            RepeatedKeys::Scan(items) => {
                items[..n].iter().any(|(earlier, _)| *earlier == items[n].0)
            }
            RepeatedKeys::Marked(repeated) => repeated[n],
        }
    }
}

/// Longest path or id a problem names before it is shortened (a key in an
/// extension, or an invalid id, can be of any length).
const MAX_ECHOED_PATH_CHARS: usize = 256;

/// Longest id accepted, in Unicode code points.
pub const MAX_ID_CHARS: usize = 128;

impl<'k> Validator<'k> {
    pub(super) fn err(
        &mut self,
        path: impl Into<String>,
        id: Option<&str>,
        msg: impl Into<String>,
    ) {
        // A problem echoes at most the head of a bad value, however long.
        self.problems.push(Problem {
            path: shorten_plain(&path.into(), MAX_ECHOED_PATH_CHARS),
            id: id.map(|id| shorten_plain(id, MAX_ECHOED_PATH_CHARS)),
            message: shorten_quoted(&msg.into()),
        });
    }

    pub(super) fn object<'a>(
        &mut self,
        node: &'a Json<'a>,
        path: Path<'a>,
        allowed: &'static [&'static str],
    ) -> Option<Fields<'a>> {
        self.object_of(node, path, allowed, None)
    }

    /// An object inside an entity (a deployment's outcome, its incidents):
    /// every problem inside it, unknown keys included, names the entity.
    pub(super) fn nested_object<'a>(
        &mut self,
        node: &'a Json<'a>,
        path: Path<'a>,
        allowed: &'static [&'static str],
        owner: Option<&'a str>,
    ) -> Option<Fields<'a>> {
        let f = self.object_of(node, path, allowed, Some(owner))?;
        Some(Fields { id: owner, ..f })
    }

    fn object_of<'a>(
        &mut self,
        node: &'a Json<'a>,
        path: Path<'a>,
        allowed: &'static [&'static str],
        owner: Option<Option<&'a str>>,
    ) -> Option<Fields<'a>> {
        debug_assert!(allowed.len() <= MAX_FIELDS);
        let Json::Object(items) = node else {
            self.err(
                path.render(),
                owner.flatten(),
                format!("expected an object, found {}", node.kind()),
            );
            return None;
        };
        // The entity id, if readable, labels every problem inside the object.
        let own_id = items
            .iter()
            .find(|(k, _)| k == "id")
            .and_then(|(_, v)| match v {
                Json::Str(s) => Some(s.as_ref()),
                _ => None,
            });
        let id = owner.unwrap_or(own_id);
        let mut values = [None; MAX_FIELDS];
        let repeated = RepeatedKeys::of(items);
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
                None if repeated.at(n) => self.err(
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
    pub(super) fn list<'a>(&mut self, f: &Fields<'a>, name: &str) -> &'a [Json<'a>] {
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
    pub(super) fn str<'a>(
        &mut self,
        f: &Fields<'a>,
        name: &str,
        required: bool,
    ) -> Option<&'a str> {
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

    pub(super) fn string(&mut self, f: &Fields, name: &str, required: bool) -> Option<String> {
        self.str(f, name, required).map(str::to_owned)
    }

    /// A required field that was present but bad returns `None` with a problem
    /// recorded; so does a missing one. Callers give up on the entity then.
    pub(super) fn parsed<T>(
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

    pub(super) fn boolean(&mut self, f: &Fields, name: &str) -> Option<bool> {
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

    pub(super) fn integer(&mut self, f: &Fields, name: &str, required: bool) -> Option<i64> {
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

    pub(super) fn extensions(&mut self, f: &Fields) -> Extensions {
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
    pub(super) fn duplicate_keys(&mut self, node: &Json, path: &str, id: Option<&str>) {
        match node {
            Json::Object(items) => {
                let repeated = RepeatedKeys::of(items);
                for (n, (k, v)) in items.iter().enumerate() {
                    if repeated.at(n) {
                        self.err(format!("{path}.{k}"), id, format!("duplicate key {k:?}"));
                    }
                    if matches!(v, Json::Object(_) | Json::Array(_)) {
                        self.duplicate_keys(v, &format!("{path}.{k}"), id);
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

    pub(super) fn entity_id(&mut self, f: &Fields) -> Option<String> {
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

    pub(super) fn reference(
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

    pub(super) fn ref_field(
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
    pub(super) fn ref_list(
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

    pub(super) fn string_list(&mut self, f: &Fields, name: &'static str) -> Vec<String> {
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
}
