//! Readers of release governance (`docs/plan-format.md`, "Release
//! governance"): readiness templates, holds, bookings and waivers (plan
//! lists), and a release's checklist, go/no-go decision and review.

use super::fields::*;
use super::keyword::{Keyword, Listing};
use super::validator::Validator;
use super::{EntityKind, Json};
use crate::plan::*;
use crate::time::{parse_instant, Instant, NominalDuration};
use crate::Rule;

impl Keyword for ItemState {
    const ALL: &'static [Self] = &ItemState::ALL;
    const LISTING: Listing = Listing::Or;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

impl Keyword for GoNoGoOutcome {
    const ALL: &'static [Self] = &GoNoGoOutcome::ALL;
    const LISTING: Listing = Listing::QuotedOr;
    fn keyword(self) -> &'static str {
        self.as_str()
    }
}

/// A hold's `scope` before its target is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Plan,
    Environment,
    Service,
    Release,
}

impl Keyword for ScopeKind {
    const ALL: &'static [Self] = &[
        ScopeKind::Plan,
        ScopeKind::Environment,
        ScopeKind::Service,
        ScopeKind::Release,
    ];
    const LISTING: Listing = Listing::Or;
    fn keyword(self) -> &'static str {
        HoldScope::KINDS[self as usize]
    }
}

/// A booking's `holder_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HolderKind {
    Train,
    Team,
    Release,
}

impl Keyword for HolderKind {
    const ALL: &'static [Self] = &[HolderKind::Train, HolderKind::Team, HolderKind::Release];
    const LISTING: Listing = Listing::Or;
    fn keyword(self) -> &'static str {
        Holder::KINDS[self as usize]
    }
}

fn instant(s: &str) -> Result<Instant, String> {
    parse_instant(s).map_err(|e| e.to_string())
}

impl<'k> Validator<'k> {
    /// `[from, until)` with `until` after `from`, or a problem at `until`.
    fn ordered(&mut self, f: &Fields, from: Option<Instant>, until: Option<Instant>, what: &str) {
        if let (Some(a), Some(b)) = (from, until) {
            if b <= a {
                self.err(
                    f.path("until"),
                    f.id,
                    format!("{what} must end after it starts"),
                );
            }
        }
    }

    pub(super) fn readiness_template(&mut self, f: &Fields) -> Option<ReadinessTemplate> {
        let before = self.problems.len();
        let id = self.entity_id(f);
        let name = self.string(f, "name", false);
        let mut change_types = vec![];
        for (i, n) in self.list(f, "change_types").iter().enumerate() {
            let p = f.at("change_types").index(i).render();
            match n {
                Json::Str(s) => match ChangeType::ALL.iter().find(|c| c.as_str() == s) {
                    Some(c) if change_types.contains(c) => {
                        self.err(p, f.id, format!("change type {s:?} is listed twice"))
                    }
                    Some(&c) => change_types.push(c),
                    None => self.err(
                        p,
                        f.id,
                        format!("a change type must be standard, normal or emergency, found {s:?}"),
                    ),
                },
                other => self.err(
                    p,
                    f.id,
                    format!("expected a string, found {}", other.kind()),
                ),
            }
        }
        let environments = self.ref_list(f, "environments", EntityKind::Environment);
        let mut items: Vec<TemplateItem> = vec![];
        let list = self.list(f, "items");
        if f.get("items").is_none() {
            self.err(f.path("items"), f.id, "missing required field \"items\"");
        } else if list.is_empty() && matches!(f.get("items"), Some(Json::Array(_))) {
            self.err(
                f.path("items"),
                f.id,
                "a readiness template needs at least one item",
            );
        }
        for (i, n) in list.iter().enumerate() {
            let Some(it) =
                self.nested_object(n, f.at("items").index(i), TEMPLATE_ITEM_FIELDS, f.id)
            else {
                continue;
            };
            let item_id = self.str(&it, "id", true);
            let title = self.string(&it, "title", true);
            let x = self.extensions(&it);
            match item_id {
                Some("") => self.err(it.path("id"), it.id, "an item id must not be empty"),
                Some(s) if items.iter().any(|t| t.id == s) => self.err(
                    it.path("id"),
                    it.id,
                    format!("duplicate item id {s:?} in this template"),
                ),
                Some(s) => {
                    if let Some(title) = title {
                        items.push(TemplateItem {
                            id: s.to_owned(),
                            title,
                            x,
                        })
                    }
                }
                None => {}
            }
        }
        let lead_time = self.parsed(f, "lead_time", true, |s| {
            s.parse::<NominalDuration>().map_err(|e| e.to_string())
        });
        let x = self.extensions(f);
        (self.problems.len() == before).then_some(())?;
        Some(ReadinessTemplate {
            id: TemplateId(id?),
            name,
            change_types,
            environments: environments?.into_iter().map(EnvironmentId).collect(),
            items,
            lead_time: lead_time?,
            x,
        })
    }

    pub(super) fn hold(&mut self, f: &Fields) -> Option<Hold> {
        let before = self.problems.len();
        let id = self.entity_id(f);
        let kind = self.keyword::<ScopeKind>(f, "scope", true);
        let scope = match kind {
            None => None,
            Some(ScopeKind::Plan) => {
                if f.get("target").is_some() {
                    self.err(
                        f.path("target"),
                        f.id,
                        "a hold on the whole plan has no target",
                    );
                }
                Some(HoldScope::Plan)
            }
            Some(k) => {
                let entity = match k {
                    ScopeKind::Environment => EntityKind::Environment,
                    ScopeKind::Service => EntityKind::Service,
                    _ => EntityKind::Release,
                };
                self.ref_field(f, "target", entity, true).map(|t| match k {
                    ScopeKind::Environment => HoldScope::Environment(EnvironmentId(t)),
                    ScopeKind::Service => HoldScope::Service(ServiceId(t)),
                    _ => HoldScope::Release(ReleaseId(t)),
                })
            }
        };
        let reason = self.string(f, "reason", false);
        let by = self.string(f, "by", false);
        let from = self.parsed(f, "from", true, instant);
        let until = self.parsed(f, "until", false, instant);
        self.ordered(f, from, until, "a hold");
        let allow_waiver = self.boolean(f, "allow_waiver").unwrap_or(false);
        let x = self.extensions(f);
        (self.problems.len() == before).then_some(())?;
        Some(Hold {
            id: HoldId(id?),
            scope: scope?,
            reason,
            by,
            from: from?,
            until,
            allow_waiver,
            x,
        })
    }

    pub(super) fn booking(&mut self, f: &Fields) -> Option<Booking> {
        let before = self.problems.len();
        let id = self.entity_id(f);
        let environment = self.ref_field(f, "environment", EntityKind::Environment, true);
        let services = self.ref_list(f, "services", EntityKind::Service);
        let kind = self.keyword::<HolderKind>(f, "holder_kind", true);
        let holder = match kind {
            None => None,
            Some(k) => {
                let entity = match k {
                    HolderKind::Train => EntityKind::Train,
                    HolderKind::Team => EntityKind::Team,
                    HolderKind::Release => EntityKind::Release,
                };
                self.ref_field(f, "holder", entity, true).map(|h| match k {
                    HolderKind::Train => Holder::Train(TrainId(h)),
                    HolderKind::Team => Holder::Team(TeamId(h)),
                    HolderKind::Release => Holder::Release(ReleaseId(h)),
                })
            }
        };
        let from = self.parsed(f, "from", true, instant);
        let until = self.parsed(f, "until", true, instant);
        self.ordered(f, from, until, "a booking");
        let exclusive = self.boolean(f, "exclusive").unwrap_or(false);
        let note = self.string(f, "note", false);
        let x = self.extensions(f);
        (self.problems.len() == before).then_some(())?;
        Some(Booking {
            id: BookingId(id?),
            environment: EnvironmentId(environment?),
            services: services?.into_iter().map(ServiceId).collect(),
            holder: holder?,
            from: from?,
            until: until?,
            exclusive,
            note,
            x,
        })
    }

    pub(super) fn waiver(&mut self, f: &Fields) -> Option<Waiver> {
        let before = self.problems.len();
        let id = self.entity_id(f);
        let release = self.ref_field(f, "release", EntityKind::Release, true);
        let mut rules: Vec<Rule> = vec![];
        let list = self.list(f, "rules");
        if list.is_empty() {
            self.err(f.path("rules"), f.id, "a waiver needs at least one rule");
        }
        for (i, n) in list.iter().enumerate() {
            let p = f.at("rules").index(i).render();
            let waivable: Vec<&str> = WAIVABLE_RULES.iter().map(|r| r.as_str()).collect();
            match n {
                Json::Str(s) => match Rule::ALL.iter().find(|r| r.as_str() == s) {
                    Some(r) if rules.contains(r) => {
                        self.err(p, f.id, format!("rule {s:?} is listed twice"))
                    }
                    Some(&r) if WAIVABLE_RULES.contains(&r) => rules.push(r),
                    Some(_) => self.err(
                        p,
                        f.id,
                        format!(
                            "rule {s:?} cannot be waived (a waiver may list: {})",
                            waivable.join(", ")
                        ),
                    ),
                    None => self.err(
                        p,
                        f.id,
                        format!(
                            "unknown rule {s:?} (a waiver may list: {})",
                            waivable.join(", ")
                        ),
                    ),
                },
                other => self.err(
                    p,
                    f.id,
                    format!("expected a rule name (a string), found {}", other.kind()),
                ),
            }
        }
        let granted_by = self.string(f, "granted_by", true);
        if granted_by.as_deref() == Some("") {
            self.err(f.path("granted_by"), f.id, "granted_by must not be empty");
        }
        let reason = self.string(f, "reason", false);
        let granted_at = self.parsed(f, "granted_at", true, instant);
        let expires = self.parsed(f, "expires", true, instant);
        if let (Some(a), Some(b)) = (granted_at, expires) {
            if b <= a {
                self.err(
                    f.path("expires"),
                    f.id,
                    "a waiver must expire after it is granted",
                );
            }
        }
        let x = self.extensions(f);
        (self.problems.len() == before).then_some(())?;
        Some(Waiver {
            id: WaiverId(id?),
            release: ReleaseId(release?),
            rules,
            granted_by: granted_by?,
            reason,
            granted_at: granted_at?,
            expires: expires?,
            x,
        })
    }

    /// A release's `readiness`, `decision`, `review` and `review_due`; `Err`
    /// after a problem was recorded.
    pub(super) fn release_governance(&mut self, f: &Fields) -> Result<ReleaseGovernance, ()> {
        let before = self.problems.len();
        let mut readiness: Vec<ReadinessItem> = vec![];
        for (i, n) in self.list(f, "readiness").iter().enumerate() {
            let Some(it) =
                self.nested_object(n, f.at("readiness").index(i), READINESS_ITEM_FIELDS, f.id)
            else {
                continue;
            };
            let item_id = self.str(&it, "id", true);
            match item_id {
                Some("") => self.err(it.path("id"), it.id, "an item id must not be empty"),
                Some(s) if readiness.iter().any(|r| r.id == s) => self.err(
                    it.path("id"),
                    it.id,
                    format!("duplicate readiness item {s:?} in this release"),
                ),
                _ => {}
            }
            let title = self.string(&it, "title", false);
            let owner = self.string(&it, "owner", false);
            let state = self.keyword::<ItemState>(&it, "state", true);
            let done_at = self.parsed(&it, "done_at", false, instant);
            match (state, it.get("done_at").is_some()) {
                (Some(ItemState::Open), true) => self.err(
                    it.path("done_at"),
                    it.id,
                    "an open item has no done_at (set state to done or waived)",
                ),
                (Some(s @ (ItemState::Done | ItemState::Waived)), false) => self.err(
                    it.path("done_at"),
                    it.id,
                    format!(
                        "a {} item needs done_at (when it was {})",
                        s.as_str(),
                        s.as_str()
                    ),
                ),
                _ => {}
            }
            let note = self.string(&it, "note", false);
            let x = self.extensions(&it);
            if let (Some(id), Some(state)) = (item_id, state) {
                readiness.push(ReadinessItem {
                    id: id.to_owned(),
                    title,
                    owner,
                    state,
                    done_at,
                    note,
                    x,
                });
            }
        }
        let decision = match f.get("decision") {
            None => None,
            Some(node) => self
                .nested_object(node, f.at("decision"), DECISION_FIELDS, f.id)
                .and_then(|d| {
                    let by = self.string(&d, "by", true);
                    let at = self.parsed(&d, "at", true, instant);
                    let outcome = self.keyword::<GoNoGoOutcome>(&d, "outcome", true);
                    let conditions = self.string_list(&d, "conditions");
                    let x = self.extensions(&d);
                    Some(GoNoGo {
                        by: by?,
                        at: at?,
                        outcome: outcome?,
                        conditions,
                        x,
                    })
                }),
        };
        let review = match f.get("review") {
            None => None,
            Some(node) => self
                .nested_object(node, f.at("review"), REVIEW_FIELDS, f.id)
                .and_then(|r| {
                    let by = self.string(&r, "by", true);
                    let recorded_at = self.parsed(&r, "recorded_at", true, instant);
                    let summary = self.string(&r, "summary", true);
                    let root_cause = self.string(&r, "root_cause", false);
                    let follow_ups = self.string_list(&r, "follow_ups");
                    let x = self.extensions(&r);
                    Some(Review {
                        by: by?,
                        recorded_at: recorded_at?,
                        summary: summary?,
                        root_cause,
                        follow_ups,
                        x,
                    })
                }),
        };
        let review_due = self.parsed(f, "review_due", false, instant);
        if self.problems.len() != before {
            return Err(());
        }
        Ok(ReleaseGovernance {
            readiness,
            decision,
            review,
            review_due,
        })
    }
}
