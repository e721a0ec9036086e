//! The rules over the deployments of one release: its dependencies on other
//! releases, the order of its services, its promotion through environments,
//! and its approvals.

use super::*;

impl<K: Key> Cx<'_, K> {
    /// The deployment of `list` with the best `key` (the least, or with
    /// `latest` the greatest), the least id among ties (so that messages do not
    /// depend on input order).
    fn pick(&self, list: &[usize], latest: bool, key: impl Fn(usize) -> K) -> Option<usize> {
        let keys = list.iter().map(|&x| key(x));
        let best = if latest { keys.max() } else { keys.min() }?;
        list.iter()
            .copied()
            .filter(|&x| key(x) == best)
            .min_by(|&x, &y| self.dep(x).id.cmp(&self.dep(y).id))
    }

    pub(super) fn dependency_rules(&self, a: usize, env: usize, out: &mut Vec<Conflict>) {
        let mine = self.idx.release_env(a, env);
        if mine.is_empty() {
            return;
        }
        let release = self.release(a);
        let e = self.env(env);
        for &b in &self.idx.depends[a] {
            let other = self.release(b);
            let theirs = self.idx.release_env(b, env);
            if self.dependency_failed(a, b, env, out) {
                continue;
            }
            if !theirs.is_empty() {
                // The first of A to start and the last of B to end.
                let Some(first_a) = self.pick(mine, false, |x| self.start(x)) else {
                    continue;
                };
                let Some(last_b) = self.pick(theirs, true, |x| self.end(x)) else {
                    continue;
                };
                if self.start(first_a) < self.end(last_b) {
                    let mut c = conflict(
                        Rule::DependencyOrder,
                        Severity::Error,
                        format!(
                            "{} depends on {}, but in {} its deployment {} starts {} before {} of {} ends {}",
                            release.display_name(),
                            other.display_name(),
                            e.display_name(),
                            self.dep(first_a).id,
                            human_time(self.dep(first_a).start, self.tz),
                            self.dep(last_b).id,
                            other.display_name(),
                            human_time(self.dep(last_b).end, self.tz)
                        ),
                    );
                    c.releases = vec![release.id.clone(), other.id.clone()];
                    c.environment = Some(e.id.clone());
                    c.deployments = self.sorted_ids(mine.iter().chain(theirs.iter()).copied());
                    c.evidence = vec![
                        Evidence::DependencyPath {
                            path: vec![release.id.0.clone(), other.id.0.clone()],
                        },
                        self.other(first_a),
                        self.other(last_b),
                    ];
                    out.push(c);
                }
            } else if other.status() != ReleaseStatus::Deployed {
                let mut c = conflict(
                    Rule::DependencyMissing,
                    Severity::Warning,
                    format!(
                        "{} depends on {}, which has no deployment to {} and is not yet deployed (status {})",
                        release.display_name(),
                        other.display_name(),
                        e.display_name(),
                        other.status().as_str()
                    ),
                );
                c.releases = vec![release.id.clone(), other.id.clone()];
                c.environment = Some(e.id.clone());
                c.evidence = vec![Evidence::DependencyPath {
                    path: vec![release.id.0.clone(), other.id.0.clone()],
                }];
                out.push(c);
            }
        }
    }

    /// `dependency-order` from outcomes: release `a` deploys to `env` while a
    /// deployment of `b` there has an outcome that is not a success (and no
    /// later attempt stands in for it). Reported only when the times alone
    /// raise no `dependency-order` conflict (that one says more); returns
    /// whether it reported.
    fn dependency_failed(&self, a: usize, b: usize, env: usize, out: &mut Vec<Conflict>) -> bool {
        let failed = self.unsettled(b, env, None);
        let Some(&fb) = failed.first() else {
            return false;
        };
        let mine = self.idx.release_env(a, env);
        let theirs = self.idx.release_env(b, env);
        let Some(first_a) = self.pick(mine, false, |x| self.start(x)) else {
            return false;
        };
        if let Some(last_b) = self.pick(theirs, true, |x| self.end(x)) {
            if self.start(first_a) < self.end(last_b) {
                return false;
            }
        }
        let (release, other, e) = (self.release(a), self.release(b), self.env(env));
        let mut message = format!(
            "{} depends on {}, but in {} its deployment ",
            release.display_name(),
            other.display_name(),
            e.display_name(),
        );
        self.push_describe(&mut message, fb);
        message.push(' ');
        message.push_str(self.outcome_words(fb));
        message.push_str(", so ");
        self.push_describe(&mut message, first_a);
        message.push_str(" would start before it has succeeded");
        let mut c = conflict(Rule::DependencyOrder, Severity::Error, message);
        c.releases = vec![release.id.clone(), other.id.clone()];
        c.environment = Some(e.id.clone());
        c.deployments = self.sorted_ids(
            mine.iter()
                .chain(theirs.iter())
                .chain(failed.iter())
                .copied(),
        );
        c.evidence = vec![
            Evidence::DependencyPath {
                path: vec![release.id.0.clone(), other.id.0.clone()],
            },
            self.other(first_a),
            self.other(fb),
        ];
        out.push(c);
        true
    }

    pub(super) fn service_order(&self, r: usize, env: usize, out: &mut Vec<Conflict>) {
        // Only the release's (consumer, provider) service pairs can conflict;
        // most releases have few or none.
        let pairs = &self.idx.provider_pairs[r];
        if pairs.is_empty() {
            return;
        }
        let release = self.release(r);
        let here = |g: usize| {
            self.idx
                .rs_members(g)
                .iter()
                .copied()
                .filter(move |&x| self.idx.dep_env(x) == env)
        };
        for &(gx, gy) in pairs {
            let (sx, sy) = (self.idx.rs_key[gx].1, self.idx.rs_key[gy].1);
            for x in here(gx) {
                for y in here(gy) {
                    if self.start(x) < self.end(y) {
                        let mut message = format!(
                            "In {} of {}, {} depends on {}, but ",
                            self.env(env).display_name(),
                            release.display_name(),
                            self.service(sx).display_name(),
                            self.service(sy).display_name(),
                        );
                        self.push_describe(&mut message, x);
                        message.push_str(" starts before ");
                        self.push_describe(&mut message, y);
                        message.push_str(" ends (the provider goes first)");
                        let mut c = conflict(Rule::ServiceOrder, Severity::Error, message);
                        c.deployments = vec![self.dep(x).id.clone(), self.dep(y).id.clone()];
                        c.releases = vec![release.id.clone()];
                        c.environment = Some(self.env(env).id.clone());
                        c.evidence = vec![
                            Evidence::DependencyPath {
                                path: vec![
                                    self.service(sx).id.0.clone(),
                                    self.service(sy).id.0.clone(),
                                ],
                            },
                            self.other(y),
                        ];
                        out.push(c);
                    }
                }
            }
        }
    }

    pub(super) fn promotion_order(&self, g: usize, out: &mut Vec<Conflict>) {
        let list = self.idx.rs_members(g);
        self.promotion_after_failure(g, out);
        if list.len() < 2 {
            return;
        }
        let (r, s) = self.idx.rs_key[g];
        let release = self.release(r);
        let order = |d: usize| self.idx.env_order[self.idx.dep_env(d)];
        // Usually each environment once, in order, one after the other: no pair
        // starts before an earlier one ends.
        for &d1 in list {
            let (o1, end1) = (order(d1), self.end(d1));
            for &d2 in list {
                if o1 < order(d2) && self.start(d2) < end1 {
                    let (e1, e2) = (
                        self.env(self.idx.dep_env(d1)),
                        self.env(self.idx.dep_env(d2)),
                    );
                    let mut message = format!(
                        "{} of {} reaches {} before it has finished in {}: ",
                        self.service(s).display_name(),
                        release.display_name(),
                        e2.display_name(),
                        e1.display_name(),
                    );
                    self.push_describe(&mut message, d2);
                    message.push_str(" starts before ");
                    self.push_describe(&mut message, d1);
                    message.push_str(" ends");
                    let mut c = conflict(Rule::PromotionOrder, Severity::Error, message);
                    c.deployments = vec![self.dep(d1).id.clone(), self.dep(d2).id.clone()];
                    c.releases = vec![release.id.clone()];
                    c.services = vec![self.service(s).id.clone()];
                    c.evidence = vec![self.other(d1)];
                    out.push(c);
                }
            }
        }
    }

    /// `promotion-order` from outcomes: a deployment in a later environment
    /// waits on one in an earlier environment whose outcome is not a success
    /// (and that no later attempt there stands in for). A pair whose times
    /// already break the order is reported by the time rule instead.
    fn promotion_after_failure(&self, g: usize, out: &mut Vec<Conflict>) {
        let (r, s) = self.idx.rs_key[g];
        if !self.idx.unsettled.contains_key(&r) {
            return;
        }
        let order = |d: usize| self.idx.env_order[self.idx.dep_env(d)];
        let list = self.idx.rs_members(g);
        let mut envs: Vec<usize> = self.idx.unsettled[&r]
            .iter()
            .filter(|&&x| self.idx.dep_service(x) == s)
            .map(|&x| self.idx.dep_env(x))
            .collect();
        envs.sort_unstable();
        envs.dedup();
        let release = self.release(r);
        for env in envs {
            for d1 in self.unsettled(r, env, Some(s)) {
                for &d2 in list {
                    if order(d1) >= order(d2) {
                        continue;
                    }
                    if self.idx.dep_active[d1] && self.start(d2) < self.end(d1) {
                        continue;
                    }
                    let (e1, e2) = (self.env(env), self.env(self.idx.dep_env(d2)));
                    let mut message = format!(
                        "{} of {} reaches {} though it has not succeeded in {}: ",
                        self.service(s).display_name(),
                        release.display_name(),
                        e2.display_name(),
                        e1.display_name(),
                    );
                    self.push_describe(&mut message, d1);
                    message.push(' ');
                    message.push_str(self.outcome_words(d1));
                    message.push_str(", and ");
                    self.push_describe(&mut message, d2);
                    message.push_str(" waits on it");
                    let mut c = conflict(Rule::PromotionOrder, Severity::Error, message);
                    c.deployments = vec![self.dep(d1).id.clone(), self.dep(d2).id.clone()];
                    c.releases = vec![release.id.clone()];
                    c.services = vec![self.service(s).id.clone()];
                    c.evidence = vec![self.other(d1)];
                    out.push(c);
                }
            }
        }
    }

    pub(super) fn unapproved(&self, r: usize, env: usize, out: &mut Vec<Conflict>) {
        let e = self.env(env);
        if !e.requires_approval {
            return;
        }
        let list = self.idx.release_env(r, env);
        if list.is_empty() {
            return;
        }
        let release = self.release(r);
        let sensitive = list
            .iter()
            .any(|&d| self.idx.service_sensitive[self.idx.dep_service(d)]);
        let required = required_approvals(release.change_type, sensitive);
        let (counted, any_rejected) = self.idx.approvals[r];
        if !any_rejected && counted >= required {
            return;
        }
        let rejected: BTreeSet<&str> = release
            .approvals
            .iter()
            .filter(|a| a.decision == Decision::Rejected)
            .map(|a| a.by.as_str())
            .collect();
        let why = if !rejected.is_empty() {
            format!(
                "it was rejected by {}",
                rejected.iter().copied().collect::<Vec<_>>().join(", ")
            )
        } else {
            let sens = if sensitive {
                " (it touches financial or customer data)"
            } else {
                ""
            };
            format!("it has {counted} of the {required} approvals it needs{sens}")
        };
        let mut c = conflict(
            Rule::Unapproved,
            Severity::Error,
            format!(
                "{} may not deploy to {}: {}",
                release.display_name(),
                e.display_name(),
                why
            ),
        );
        c.releases = vec![release.id.clone()];
        c.environment = Some(e.id.clone());
        c.evidence = vec![Evidence::Approvals {
            required,
            counted,
            rejected_by: rejected.iter().map(|s| s.to_string()).collect(),
        }];
        out.push(c);
    }
}
