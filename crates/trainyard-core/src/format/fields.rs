//! Where the validator is in the tree and which keys each object of the
//! format may have: JSON paths kept as steps (written out only for a problem)
//! and the fields of one object, looked up by name.

use std::fmt;

use super::Json;

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
    pub(super) fn new(base: &'p str) -> Self {
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

    pub(super) fn key(self, k: &'p str) -> Self {
        self.push(Seg::Key(k))
    }

    pub(super) fn index(self, i: usize) -> Self {
        self.push(Seg::Index(i))
    }

    pub(super) fn render(&self) -> String {
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
    pub(super) allowed: &'static [&'static str],
    pub(super) values: [Option<&'a Json<'a>>; MAX_FIELDS],
    pub(super) path: Path<'a>,
    pub(super) id: Option<&'a str>,
}

/// The most fields an object of the plan format has (a release).
pub(super) const MAX_FIELDS: usize = 18;

impl<'a> Fields<'a> {
    /// The value of a field; `null` counts as absent.
    pub(super) fn get(&self, name: &str) -> Option<&'a Json<'a>> {
        let i = self.allowed.iter().position(|a| *a == name)?;
        self.values[i].filter(|v| !matches!(v, Json::Null))
    }
    pub(super) fn path(&self, name: &str) -> String {
        let mut p = self.path.render();
        p.push('.');
        p.push_str(name);
        p
    }
    /// The path of a field, not yet written out.
    pub(super) fn at(&self, name: &'a str) -> Path<'a> {
        self.path.key(name)
    }
}

// The keys each object of the format may have, in the format's order.
pub(super) const PLAN_FIELDS: &[&str] = &[
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
    "readiness_templates",
    "holds",
    "bookings",
    "waivers",
    "x",
];
pub(super) const ENVIRONMENT_FIELDS: &[&str] = &[
    "id",
    "name",
    "order",
    "requires_window",
    "max_concurrent",
    "requires_approval",
    "gate",
    "x",
];
pub(super) const GATE_FIELDS: &[&str] = &["also_blocks_on", "requires_previous_success", "x"];
pub(super) const TEAM_FIELDS: &[&str] = &["id", "name", "timezone", "unavailable", "x"];
pub(super) const UNAVAILABLE_FIELDS: &[&str] = &["start", "end", "reason", "x"];
pub(super) const SERVICE_FIELDS: &[&str] = &[
    "id",
    "name",
    "team",
    "tier",
    "data_classes",
    "depends_on",
    "x",
];
pub(super) const TRAIN_FIELDS: &[&str] = &["id", "name", "rrule", "start", "freeze", "x"];
pub(super) const WINDOW_FIELDS: &[&str] = &[
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
pub(super) const SCOPE_FIELDS: &[&str] = &["environments", "services", "x"];
pub(super) const RELEASE_FIELDS: &[&str] = &[
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
    "readiness",
    "decision",
    "review",
    "review_due",
    "x",
];
pub(super) const APPROVAL_FIELDS: &[&str] = &["by", "role", "decision", "at", "comment", "x"];
pub(super) const DEPLOYMENT_FIELDS: &[&str] = &[
    "id",
    "release",
    "service",
    "environment",
    "start",
    "end",
    "strategy",
    "wave",
    "status",
    "outcome",
    "x",
];
pub(super) const OUTCOME_FIELDS: &[&str] = &["started", "finished", "result", "incidents", "x"];
pub(super) const INCIDENT_FIELDS: &[&str] = &["id", "url", "opened", "resolved", "severity", "x"];

// Release governance (`docs/plan-format.md`, "Release governance").
pub(super) const READINESS_ITEM_FIELDS: &[&str] =
    &["id", "title", "owner", "state", "done_at", "note", "x"];
pub(super) const DECISION_FIELDS: &[&str] = &["by", "at", "outcome", "conditions", "x"];
pub(super) const REVIEW_FIELDS: &[&str] = &[
    "by",
    "recorded_at",
    "summary",
    "root_cause",
    "follow_ups",
    "x",
];
pub(super) const TEMPLATE_FIELDS: &[&str] = &[
    "id",
    "name",
    "change_types",
    "environments",
    "items",
    "lead_time",
    "x",
];
pub(super) const TEMPLATE_ITEM_FIELDS: &[&str] = &["id", "title", "x"];
pub(super) const HOLD_FIELDS: &[&str] = &[
    "id",
    "scope",
    "target",
    "reason",
    "by",
    "from",
    "until",
    "allow_waiver",
    "x",
];
pub(super) const BOOKING_FIELDS: &[&str] = &[
    "id",
    "environment",
    "services",
    "holder_kind",
    "holder",
    "from",
    "until",
    "exclusive",
    "note",
    "x",
];
pub(super) const WAIVER_FIELDS: &[&str] = &[
    "id",
    "release",
    "rules",
    "granted_by",
    "reason",
    "granted_at",
    "expires",
    "x",
];
