//! What the reports say about a plan, computed once: per-release deployments,
//! dates per environment, risk, conflicts and the approval policy of
//! `docs/conflict-rules.md`; and how times are written (always in the plan's zone).

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone};
use chrono_tz::Tz;
use trainyard_core::risk::{risk_score, RiskLevel, RiskScore};
use trainyard_core::time::{resolve_local, to_local, Instant};
use trainyard_core::*;

/// Facts about one release.
pub(crate) struct ReleaseFacts<'p> {
    pub(crate) release: &'p Release,
    /// Its deployments, by start then id.
    pub(crate) deployments: Vec<&'p Deployment>,
    pub(crate) risk: Option<RiskScore>,
    /// Conflicts that name the release or one of its deployments, in report order.
    pub(crate) conflicts: Vec<&'p Conflict>,
    pub(crate) approvals: ApprovalState,
    pub(crate) first_start: Option<Instant>,
}

/// The approval policy applied to one release.
#[derive(Debug, Clone, Default)]
pub(crate) struct ApprovalState {
    /// Per environment that requires approval and where the release deploys.
    pub(crate) needs: Vec<ApprovalNeed>,
    /// Distinct approvers.
    pub(crate) approved_by: Vec<String>,
    pub(crate) rejected_by: Vec<String>,
}

impl ApprovalState {
    pub(crate) fn required(&self) -> u32 {
        self.needs.iter().map(|n| n.required).max().unwrap_or(0)
    }
    pub(crate) fn counted(&self) -> u32 {
        self.approved_by.len() as u32
    }
    pub(crate) fn satisfied(&self) -> bool {
        self.rejected_by.is_empty() && self.counted() >= self.required()
    }
    pub(crate) fn applies(&self) -> bool {
        !self.needs.is_empty()
    }
}

/// The approval policy of `docs/conflict-rules.md` for `release`.
pub(crate) fn approval_state(plan: &Plan, release: &Release) -> ApprovalState {
    let owned = |who: Vec<&str>| who.into_iter().map(str::to_owned).collect::<Vec<String>>();
    let approved = owned(release.approved_by());
    let rejected = owned(release.rejected_by());
    let needs = plan.approval_needs(release);
    ApprovalState {
        needs,
        approved_by: approved,
        rejected_by: rejected,
    }
}

/// Facts for every release, in the report order: by first deployment, then name.
pub(crate) fn releases<'p>(plan: &'p Plan, report: &'p Report) -> Vec<ReleaseFacts<'p>> {
    let mut by_release: HashMap<&ReleaseId, Vec<&Deployment>> = HashMap::new();
    for d in &plan.deployments {
        by_release.entry(&d.release).or_default().push(d);
    }
    let release_of: HashMap<&DeploymentId, &ReleaseId> = plan
        .deployments
        .iter()
        .map(|d| (&d.id, &d.release))
        .collect();
    let mut conflicts_of: HashMap<&ReleaseId, Vec<&Conflict>> = HashMap::new();
    for c in &report.conflicts {
        let mut ids: BTreeSet<&ReleaseId> = c.releases.iter().collect();
        ids.extend(
            c.deployments
                .iter()
                .filter_map(|d| release_of.get(d).copied()),
        );
        for id in ids {
            conflicts_of.entry(id).or_default().push(c);
        }
    }
    let mut out: Vec<ReleaseFacts<'p>> = plan
        .releases
        .iter()
        .map(|r| {
            let mut deployments = by_release.remove(&r.id).unwrap_or_default();
            deployments.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
            ReleaseFacts {
                release: r,
                first_start: deployments.first().map(|d| d.start),
                deployments,
                risk: risk_score(plan, &r.id),
                conflicts: conflicts_of.remove(&r.id).unwrap_or_default(),
                approvals: approval_state(plan, r),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (
            a.first_start.is_none(),
            a.first_start,
            a.release.display_name(),
            &a.release.id,
        )
            .cmp(&(
                b.first_start.is_none(),
                b.first_start,
                b.release.display_name(),
                &b.release.id,
            ))
    });
    out
}

/// Environments by promotion order, then id.
pub(crate) fn environments_in_order(plan: &Plan) -> Vec<&Environment> {
    let mut envs: Vec<&Environment> = plan.environments.iter().collect();
    envs.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    envs
}

pub(crate) fn level_name(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::Low => "low",
        RiskLevel::Medium => "medium",
        RiskLevel::High => "high",
        RiskLevel::Critical => "critical",
    }
}

pub(crate) fn status_name(s: ReleaseStatus) -> &'static str {
    match s {
        ReleaseStatus::Draft => "draft",
        ReleaseStatus::Planned => "planned",
        ReleaseStatus::Approved => "approved",
        ReleaseStatus::Scheduled => "scheduled",
        ReleaseStatus::InProgress => "in progress",
        ReleaseStatus::Deployed => "deployed",
        ReleaseStatus::RolledBack => "rolled back",
        ReleaseStatus::Cancelled => "cancelled",
    }
}

pub(crate) fn deployment_status_name(s: DeploymentStatus) -> &'static str {
    match s {
        DeploymentStatus::Planned => "planned",
        DeploymentStatus::Succeeded => "succeeded",
        DeploymentStatus::Failed => "failed",
        DeploymentStatus::RolledBack => "rolled back",
    }
}

/// How times are written in the reports, all in one zone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    pub(crate) tz: Tz,
    /// Show the year in short dates (when the report spans more than one year).
    pub(crate) with_year: bool,
}

impl Clock {
    pub(crate) fn local(&self, t: Instant) -> DateTime<Tz> {
        t.with_timezone(&self.tz)
    }

    fn day(&self, t: &DateTime<Tz>) -> String {
        if self.with_year {
            t.format("%-d %b %Y").to_string()
        } else {
            t.format("%-d %b").to_string()
        }
    }

    /// `Tue 5 Jan 2027 22:30 CET`.
    pub(crate) fn full(&self, t: Instant) -> String {
        self.local(t).format("%a %-d %b %Y %H:%M %Z").to_string()
    }

    /// `5 Jan 22:30`.
    pub(crate) fn short(&self, t: Instant) -> String {
        let l = self.local(t);
        format!("{} {}", self.day(&l), l.format("%H:%M"))
    }

    /// `5 Jan 22:30–23:30` or `5 Jan 22:30 – 6 Jan 00:30`.
    pub(crate) fn span(&self, start: Instant, end: Instant) -> String {
        let (s, e) = (self.local(start), self.local(end));
        if s.date_naive() == e.date_naive() {
            format!(
                "{} {}–{}",
                self.day(&s),
                s.format("%H:%M"),
                e.format("%H:%M")
            )
        } else {
            format!(
                "{} {} – {} {}",
                self.day(&s),
                s.format("%H:%M"),
                self.day(&e),
                e.format("%H:%M")
            )
        }
    }

    /// [`Clock::short`] with the zone's abbreviation at that instant: `5 Jan 22:30 CET`.
    pub(crate) fn short_zoned(&self, t: Instant) -> String {
        format!("{} {}", self.short(t), self.local(t).format("%Z"))
    }

    /// [`Clock::span`] with the zone's abbreviation of each row, so summer
    /// and winter time are told apart: `5 Jul 22:30–23:30 CEST`, or both
    /// abbreviations when the span crosses a change.
    pub(crate) fn span_zoned(&self, start: Instant, end: Instant) -> String {
        let (a, b) = (self.local(start), self.local(end));
        let (za, zb) = (a.format("%Z").to_string(), b.format("%Z").to_string());
        if za == zb {
            format!("{} {za}", self.span(start, end))
        } else {
            format!("{} {za} – {} {zb}", self.short(start), self.short(end))
        }
    }

    /// Dates only: `5 Jan – 29 Jan 2027` (the year always shown once).
    pub(crate) fn date_range(&self, start: Instant, end: Instant) -> String {
        let s = self.local(start);
        // The period end is exclusive: a period ending at midnight ends the day before.
        let e = self.local(end - Duration::seconds(1));
        if s.date_naive() == e.date_naive() {
            s.format("%a %-d %b %Y").to_string()
        } else if s.year() == e.year() {
            format!("{} – {}", s.format("%-d %b"), e.format("%-d %b %Y"))
        } else {
            format!("{} – {}", s.format("%-d %b %Y"), e.format("%-d %b %Y"))
        }
    }

    /// The zone's name for titles: `Europe/Berlin`.
    pub(crate) fn zone(&self) -> &'static str {
        self.tz.name()
    }

    /// Local midnight at the start of `t`'s day.
    pub(crate) fn floor_day(&self, t: Instant) -> Instant {
        resolve_local(
            to_local(t, self.tz).date().and_time(NaiveTime::MIN),
            self.tz,
        )
    }

    /// The next local midnight at or after `t`.
    pub(crate) fn ceil_day(&self, t: Instant) -> Instant {
        let f = self.floor_day(t);
        if f >= t {
            return f;
        }
        let next = to_local(t, self.tz)
            .date()
            .succ_opt()
            .unwrap_or(chrono::NaiveDate::MAX);
        resolve_local(next.and_time(NaiveTime::MIN), self.tz)
    }
}

/// A clock for a period: years are shown when it spans more than one.
pub(crate) fn clock_for(tz: Tz, period: (Instant, Instant)) -> Clock {
    let a = period.0.with_timezone(&tz).year();
    let b = (period.1 - Duration::seconds(1)).with_timezone(&tz).year();
    Clock {
        tz,
        with_year: a != b,
    }
}

/// The span of the plan's deployments rounded out to local days, or the week
/// from `fallback` when the plan has none.
pub(crate) fn default_period(plan: &Plan, fallback: Instant) -> (Instant, Instant) {
    let clock = Clock {
        tz: plan.timezone,
        with_year: false,
    };
    let start = plan.deployments.iter().map(|d| d.start).min();
    let end = plan.deployments.iter().map(|d| d.end).max();
    match (start, end) {
        (Some(s), Some(e)) => (
            clock.floor_day(s),
            clock
                .ceil_day(e)
                .max(clock.floor_day(s) + Duration::hours(1)),
        ),
        _ => {
            let s = clock.floor_day(fallback);
            (s, s + Duration::days(7))
        }
    }
}

/// The audit head as shown: the first 12 characters.
pub(crate) fn short_hash(h: &str) -> String {
    h.chars().take(12).collect()
}

/// `n thing` / `n things`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A UTC instant in a zone (used by CSV): `2027-01-05T22:30:00+01:00`.
pub(crate) fn iso_with_offset(t: Instant, tz: Tz) -> String {
    let l = tz.from_utc_datetime(&t.naive_utc());
    l.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}
