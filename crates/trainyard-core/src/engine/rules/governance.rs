//! Release governance rules that read one deployment: `on-hold` (a hold
//! covers it), `not-ready` (required readiness items not done in time), and
//! the waivers that turn these, `blackout`, `outside-window` and
//! `booking-conflict` errors of one release into warnings that name them.

use super::*;
use crate::time::format_instant;

impl<K: Key> Cx<'_, K> {
    /// The waiver (least id first) that excuses deployment `d` from `rule`:
    /// one of its release, listing the rule, granted at or before the
    /// deployment's start and expiring after it.
    pub(super) fn waiver_for(&self, rule: Rule, d: usize) -> Option<&Waiver> {
        let r = self.idx.dep_release(d)?;
        let dep = self.dep(d);
        self.idx
            .gov
            .waivers
            .get(&r)?
            .iter()
            .map(|&w| &self.plan.waivers[w])
            .find(|w| w.covers(rule, &dep.release, dep.start))
    }

    /// Turns an error into a warning that names the waiver, in its message
    /// and its evidence.
    pub(super) fn waive(&self, c: &mut Conflict, w: &Waiver) {
        c.severity = Severity::Warning;
        c.message.push_str("; waived by ");
        c.message.push_str(w.id.as_str());
        c.message.push_str(" (granted by ");
        c.message.push_str(&w.granted_by);
        c.message.push_str(", until ");
        push_time(&mut c.message, w.expires, self.tz);
        c.message.push(')');
        c.evidence.push(Evidence::Waiver {
            waiver: w.id.clone(),
            granted_by: w.granted_by.clone(),
            granted_at: rfc3339(w.granted_at),
            expires: rfc3339(w.expires),
        });
    }

    /// "Payments API 7.0 to Production": what a governance message says of
    /// a deployment after describing it.
    fn push_target(&self, out: &mut String, d: usize) {
        out.push_str(" of ");
        out.push_str(self.service(self.idx.dep_service(d)).display_name());
        out.push_str(" to ");
        out.push_str(self.env(self.idx.dep_env(d)).display_name());
    }

    /// A conflict about deployment `d` alone, with its release, service and
    /// environment as subjects.
    fn about(&self, rule: Rule, d: usize, message: String) -> Conflict {
        let dep = self.dep(d);
        let mut c = conflict(rule, Severity::Error, message);
        c.deployments = vec![dep.id.clone()];
        c.releases = vec![dep.release.clone()];
        c.services = vec![dep.service.clone()];
        c.environment = Some(self.env(self.idx.dep_env(d)).id.clone());
        c
    }

    /// `on-hold`: one error per hold whose scope covers deployment `d` and
    /// whose `[from, until)` meets the deployment's interval.
    pub(super) fn on_hold(&self, d: usize, out: &mut Vec<Conflict>) {
        let gov = &self.idx.gov;
        if self.plan.holds.is_empty() {
            return;
        }
        let (start, end) = (self.start(d), self.end(d));
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let mut hits: Vec<usize> = gov.holds_plan.meeting(start, end).collect();
        hits.extend(gov.holds_env[e].meeting(start, end));
        hits.extend(gov.holds_service[s].meeting(start, end));
        if let Some(r) = self.idx.dep_release(d) {
            hits.extend(gov.holds_release[r].meeting(start, end));
        }
        if hits.is_empty() {
            return;
        }
        hits.sort_unstable();
        hits.dedup();
        let waiver = self.waiver_for(Rule::OnHold, d);
        for h in hits {
            let hold = &self.plan.holds[h];
            let mut message = self.describe(d);
            self.push_target(&mut message, d);
            message.push_str(" falls in hold ");
            message.push_str(hold.id.as_str());
            match hold.scope.target() {
                None => message.push_str(" on the whole plan"),
                Some(t) => {
                    let _ = write!(message, " on {} {t}", hold.scope.kind());
                }
            }
            let text = self.span_text(false, h);
            message.push_str(" (");
            message.push_str(&text[0]);
            message.push(')');
            if let Some(reason) = &hold.reason {
                message.push_str(": ");
                message.push_str(reason);
            }
            let mut c = self.about(Rule::OnHold, d, message);
            c.holds = vec![hold.id.clone()];
            c.evidence = vec![Evidence::Hold {
                hold: hold.id.clone(),
                from: text[1].clone(),
                until: hold.until.map(|_| text[2].clone()),
                reason: hold.reason.clone(),
                by: hold.by.clone(),
                allow_waiver: hold.allow_waiver,
            }];
            match waiver {
                Some(w) if hold.allow_waiver => self.waive(&mut c, w),
                Some(w) => {
                    let _ = write!(
                        c.message,
                        "; waiver {} does not apply: this hold allows no waivers",
                        w.id
                    );
                }
                None => {}
            }
            out.push(c);
        }
    }

    /// `not-ready`: the readiness items that the templates for the release's
    /// change type and the environment require and that the release has not
    /// done (or waived) by the deployment's start minus the lead time.
    pub(super) fn not_ready(&self, d: usize, out: &mut Vec<Conflict>) {
        if self.plan.readiness_templates.is_empty() {
            return;
        }
        let Some(r) = self.idx.dep_release(d) else {
            return;
        };
        let release = self.release(r);
        let e = self.idx.dep_env(d);
        let required = self
            .idx
            .gov
            .required(release.change_type, e, self.idx.envs());
        if required.is_empty() {
            return;
        }
        let start = self.dep(d).start;
        let mut missing: Vec<(
            Instant,
            &crate::engine::index::Required,
            Option<&ReadinessItem>,
        )> = vec![];
        for req in required {
            let due = req
                .lead_times
                .iter()
                .map(|l| l.start_before(start, self.tz))
                .min()
                .unwrap_or(start);
            let item = release
                .governance
                .readiness
                .iter()
                .find(|i| i.id == req.item);
            if !item.is_some_and(|i| i.satisfied_by(due)) {
                missing.push((due, req, item));
            }
        }
        if missing.is_empty() {
            return;
        }
        let mut message = self.describe(d);
        self.push_target(&mut message, d);
        message.push_str(" is not ready: ");
        for (k, (due, req, item)) in missing.iter().enumerate() {
            if k > 0 {
                message.push_str("; ");
            }
            let _ = write!(message, "{} ({}) ", req.item, req.title);
            match item {
                None => message.push_str("is not on its checklist"),
                Some(i) if i.state == ItemState::Open => message.push_str("is open"),
                Some(i) => {
                    let _ = write!(message, "was {} ", i.state.as_str());
                    if let Some(t) = i.done_at {
                        push_time(&mut message, t, self.tz);
                    }
                }
            }
            message.push_str(", due by ");
            push_time(&mut message, *due, self.tz);
        }
        let mut c = self.about(Rule::NotReady, d, message);
        c.evidence = missing
            .iter()
            .map(|(due, req, item)| Evidence::Readiness {
                item: req.item.clone(),
                title: req.title.clone(),
                state: item.map(|i| i.state.as_str().to_owned()),
                done_at: item.and_then(|i| i.done_at).map(format_instant),
                due: rfc3339(*due),
            })
            .collect();
        if let Some(w) = self.waiver_for(Rule::NotReady, d) {
            self.waive(&mut c, w);
        }
        out.push(c);
    }
}
