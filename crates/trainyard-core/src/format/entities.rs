//! The plan object and each kind of entity: which fields are required, how
//! they combine (an end after its start, a start for a recurring train) and
//! which problems make the whole entity unusable.

use super::fields::*;
use super::validator::Validator;
use super::{EntityKind, Json};
use crate::fxhash::FxHashSet;
use crate::plan::*;
use chrono::NaiveDateTime;
use chrono_tz::Tz;

use crate::rrule::RRule;
use crate::time::{
    is_writable, parse_instant, parse_local, parse_tz, resolve_local, unwritable_instant_message,
    NominalDuration,
};

impl<'k> Validator<'k> {
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

    pub(super) fn plan(&mut self, tree: &'k Json<'k>) -> Option<Plan> {
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
        entities!(
            readiness_templates,
            "readiness_templates",
            TEMPLATE_FIELDS,
            readiness_template
        );
        entities!(holds, "holds", HOLD_FIELDS, hold);
        entities!(bookings, "bookings", BOOKING_FIELDS, booking);
        entities!(waivers, "waivers", WAIVER_FIELDS, waiver);
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
            EntityKind::ReadinessTemplate => TEMPLATE_FIELDS,
            EntityKind::Hold => HOLD_FIELDS,
            EntityKind::Booking => BOOKING_FIELDS,
            EntityKind::Waiver => WAIVER_FIELDS,
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
            EntityKind::ReadinessTemplate => {
                self.readiness_template(&f).map(Entity::ReadinessTemplate)
            }
            EntityKind::Hold => self.hold(&f).map(Entity::Hold),
            EntityKind::Booking => self.booking(&f).map(Entity::Booking),
            EntityKind::Waiver => self.waiver(&f).map(Entity::Waiver),
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
        let gate = self.gate_policy(f);
        let x = self.extensions(f);
        Some(Environment {
            id: EnvironmentId(id?),
            name,
            order: order?,
            requires_window,
            max_concurrent,
            requires_approval,
            gate: gate.ok()?,
            x,
        })
    }

    /// An environment's `gate` object; `Err` after a problem was recorded.
    fn gate_policy(&mut self, f: &Fields) -> Result<Option<GatePolicy>, ()> {
        let Some(node) = f.get("gate") else {
            return Ok(None);
        };
        let g = self
            .nested_object(node, f.at("gate"), GATE_FIELDS, f.id)
            .ok_or(())?;
        let before = self.problems.len();
        let mut also_blocks_on: Vec<crate::Rule> = vec![];
        for (i, n) in self.list(&g, "also_blocks_on").iter().enumerate() {
            let p = || g.at("also_blocks_on").index(i).render();
            match n {
                Json::Str(s) => match crate::Rule::ALL.iter().find(|r| r.as_str() == s) {
                    Some(&rule) if also_blocks_on.contains(&rule) => {
                        self.err(p(), g.id, format!("rule {s:?} is listed twice"))
                    }
                    Some(&rule) => also_blocks_on.push(rule),
                    None => {
                        let names: Vec<&str> =
                            crate::Rule::ALL.iter().map(|r| r.as_str()).collect();
                        self.err(
                            p(),
                            g.id,
                            format!("unknown rule {s:?} (expected one of: {})", names.join(", ")),
                        )
                    }
                },
                other => self.err(
                    p(),
                    g.id,
                    format!("expected a rule name (a string), found {}", other.kind()),
                ),
            }
        }
        let requires_previous_success = self
            .boolean(&g, "requires_previous_success")
            .unwrap_or(false);
        let x = self.extensions(&g);
        (self.problems.len() == before).then_some(()).ok_or(())?;
        Ok(Some(GatePolicy {
            also_blocks_on,
            requires_previous_success,
            x,
        }))
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
        let kind = self.keyword::<WindowKind>(f, "kind", true);
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
        if let (Some(start), Some(duration), Some(tz)) = (start, duration, timezone) {
            self.window_in_writable_years(f, start, duration, tz);
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

    /// A window's first occurrence must begin and end at instants the format
    /// (and every report of it) can write.
    fn window_in_writable_years(
        &mut self,
        f: &Fields,
        start: NaiveDateTime,
        duration: NominalDuration,
        tz: Tz,
    ) {
        let begin = resolve_local(start, tz);
        if !is_writable(begin) {
            let msg = unwritable_instant_message("the window begins at", begin);
            self.err(f.path("start"), f.id, msg);
            return;
        }
        let end = duration.end_after(start, tz);
        if !is_writable(end) {
            let msg = unwritable_instant_message("the window's first occurrence ends at", end);
            self.err(f.path("duration"), f.id, msg);
        }
    }

    fn release(&mut self, f: &Fields) -> Option<Release> {
        let id = self.entity_id(f);
        let name = self.string(f, "name", false);
        let version = self.string(f, "version", false);
        let train = self.ref_field(f, "train", EntityKind::Train, false);
        let train_ok = f.get("train").is_none() || train.is_some();
        let owner = self.string(f, "owner", false);
        let change_type = self.keyword::<ChangeType>(f, "change_type", true);
        let status = self.keyword::<ReleaseStatus>(f, "status", false);
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
            let decision = self.keyword::<Decision>(&a, "decision", true);
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
        let governance = self.release_governance(f);
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
            governance: governance.ok()?,
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
        let strategy = self.keyword::<Strategy>(f, "strategy", false);
        let strategy_ok = f.get("strategy").is_none() || strategy.is_some();
        let wave = self.string(f, "wave", false);
        let status = self.keyword::<DeploymentStatus>(f, "status", false);
        let status_ok = f.get("status").is_none() || status.is_some();
        let outcome = self.outcome(f);
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
            outcome: outcome.ok()?,
            x,
        })
    }

    /// A deployment's `outcome` object; `Err` after a problem was recorded.
    fn outcome(&mut self, f: &Fields) -> Result<Option<Outcome>, ()> {
        let Some(node) = f.get("outcome") else {
            return Ok(None);
        };
        let o = self
            .nested_object(node, f.at("outcome"), OUTCOME_FIELDS, f.id)
            .ok_or(())?;
        let before = self.problems.len();
        let instant = |s: &str| parse_instant(s).map_err(|e| e.to_string());
        let started = self.parsed(&o, "started", true, instant);
        let finished = self.parsed(&o, "finished", false, instant);
        let result = self.keyword::<OutcomeResult>(&o, "result", false);
        match (o.get("finished").is_some(), o.get("result").is_some()) {
            (true, false) => self.err(
                o.path("result"),
                o.id,
                "a finished deployment needs a result (succeeded, failed or rolled_back)",
            ),
            (false, true) => self.err(
                o.path("result"),
                o.id,
                "a result needs \"finished\" (a running deployment has neither)",
            ),
            _ => {}
        }
        if let (Some(s), Some(e)) = (started, finished) {
            if e <= s {
                self.err(
                    o.path("finished"),
                    o.id,
                    "an outcome must finish after it starts",
                );
            }
        }
        let mut incidents: Vec<Incident> = vec![];
        for (i, n) in self.list(&o, "incidents").iter().enumerate() {
            let Some(inc) =
                self.nested_object(n, o.at("incidents").index(i), INCIDENT_FIELDS, f.id)
            else {
                continue;
            };
            let id = self.str(&inc, "id", true);
            match id {
                Some("") => self.err(inc.path("id"), inc.id, "an incident id must not be empty"),
                Some(id) if incidents.iter().any(|x| x.id == id) => self.err(
                    inc.path("id"),
                    inc.id,
                    format!("duplicate incident id {id:?} in this deployment"),
                ),
                _ => {}
            }
            let url = self.string(&inc, "url", false);
            let opened = self.parsed(&inc, "opened", false, instant);
            let resolved = self.parsed(&inc, "resolved", false, instant);
            if let (Some(a), Some(b)) = (opened, resolved) {
                if b < a {
                    self.err(
                        inc.path("resolved"),
                        inc.id,
                        "an incident cannot be resolved before it was opened",
                    );
                }
            }
            let severity = self.keyword::<IncidentSeverity>(&inc, "severity", false);
            let x = self.extensions(&inc);
            if let Some(id) = id {
                incidents.push(Incident {
                    id: id.to_owned(),
                    url,
                    opened,
                    resolved,
                    severity,
                    x,
                });
            }
        }
        let x = self.extensions(&o);
        if self.problems.len() != before {
            return Err(());
        }
        Ok(Some(Outcome {
            started: started.ok_or(())?,
            finished,
            result,
            incidents,
            x,
        }))
    }
}

fn describe(j: &Json<'_>) -> String {
    match j {
        Json::Str(s) => format!("{s:?}"),
        Json::Int(i) => i.to_string(),
        other => other.kind().to_owned(),
    }
}
