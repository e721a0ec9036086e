//! The rules that read one deployment's time: `overlap` in its lane,
//! `blackout`, `outside-window` and `team-unavailable`.

use super::*;

impl<K: Key> Cx<'_, K> {
    pub(super) fn overlap(&self, service: usize, env: usize, out: &mut Vec<Conflict>) {
        let lane = &self.idx.lanes[self.idx.pair(service, env)];
        for (k, a) in lane.iter().enumerate() {
            for b in lane[k + 1..].iter().take_while(|b| b.start < a.end) {
                let (a, b) = (a.d, b.d);
                let (x, y) = if self.dep(a).id <= self.dep(b).id {
                    (a, b)
                } else {
                    (b, a)
                };
                let mut message = String::with_capacity(256);
                message.push_str(self.service(service).display_name());
                message.push_str(" is deployed twice at once to ");
                message.push_str(self.env(env).display_name());
                message.push_str(": ");
                self.push_describe(&mut message, x);
                message.push_str(" overlaps ");
                self.push_describe(&mut message, y);
                let mut c = conflict(Rule::Overlap, Severity::Error, message);
                c.deployments = vec![self.dep(x).id.clone(), self.dep(y).id.clone()];
                c.environment = Some(self.env(env).id.clone());
                c.evidence = vec![self.other(x), self.other(y)];
                out.push(c);
            }
        }
    }

    pub(super) fn blackout(&self, d: usize, out: &mut Vec<Conflict>) {
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let pair = self.idx.pair(s, e);
        if self.idx.blackouts_for[pair].is_empty() {
            return;
        }
        let set = self.idx.blackouts_of[pair];
        let timeline = &self.idx.blackouts[set];
        let (start, end) = (self.start(d), self.examined_end(d));
        let from = {
            let mut hints = self.blackout_hint.borrow_mut();
            let from = start.minus(timeline.longest);
            let guess = hints.get(set).copied().unwrap_or(0);
            let i = partition_point_near(&timeline.entries, guess, |o| o.0 < from);
            if let Some(h) = hints.get_mut(set) {
                *h = i;
            }
            i
        };
        let mut hits = timeline.hitting_from(from, start, end).peekable();
        if hits.peek().is_none() {
            return;
        }
        // One conflict per window, in window order; each hit window's first
        // three occurrences (by start) are its evidence.
        let mut hits: Vec<(usize, usize)> = hits.map(|&(_, _, w, k)| (w, k)).collect();
        hits.sort_by_key(|&(w, _)| w);
        for same in hits.chunk_by(|a, b| a.0 == b.0) {
            let w = same[0].0;
            let window = &self.plan.windows[w];
            let first = self.occurrence_text(w, same[0].1);
            let waived = self.is_emergency(d) && window.allow_emergency;
            let severity = if waived {
                Severity::Warning
            } else {
                Severity::Error
            };
            let mut message = self.describe(d);
            message.push_str(" of ");
            message.push_str(self.service(s).display_name());
            message.push_str(" to ");
            message.push_str(self.env(e).display_name());
            message.push_str(" falls in the blackout \"");
            message.push_str(window.display_name());
            message.push_str("\" (");
            message.push_str(&first[0]);
            message.push(')');
            if waived {
                message.push_str("; allowed for this emergency release with a waiver");
            }
            let mut c = conflict(Rule::Blackout, severity, message);
            c.deployments = vec![self.dep(d).id.clone()];
            c.window = Some(window.id.clone());
            c.environment = Some(self.env(e).id.clone());
            c.evidence = same
                .iter()
                .take(3)
                .map(|&(_, k)| {
                    let text = self.occurrence_text(w, k);
                    Evidence::WindowOccurrence {
                        window: window.id.clone(),
                        start: text[1].clone(),
                        end: text[2].clone(),
                    }
                })
                .collect();
            out.push(c);
        }
    }

    /// The end of the part of deployment `d` the window rules examine (its
    /// end, unless it lasts longer than [`crate::windows::EXAMINED_DAYS`]).
    fn examined_end(&self, d: usize) -> K {
        let dep = self.dep(d);
        let examined = crate::windows::examined_end(dep.start, dep.end);
        if examined == dep.end {
            self.end(d)
        } else {
            K::of(examined)
        }
    }

    /// The human interval and instants of a window occurrence, written once.
    fn occurrence_text(&self, w: usize, k: usize) -> OccurrenceText {
        self.occurrence_text
            .borrow_mut()
            .entry((w, k))
            .or_insert_with(|| {
                let o = &self.idx.occurrences[w].list[k];
                Rc::new([
                    human_interval(o.start, o.end, self.tz),
                    rfc3339(o.start),
                    rfc3339(o.end),
                ])
            })
            .clone()
    }

    /// The first part of `[start, end)` that no merged coverage interval holds.
    fn uncovered(
        &self,
        coverage: &[(K, K)],
        hint: Option<std::cell::RefMut<usize>>,
        start: K,
        end: K,
    ) -> Option<(K, K)> {
        // The merged interval starting at or before `start`, if it reaches it.
        let i = match hint {
            Some(mut hint) => {
                let i = partition_point_near(coverage, *hint, |iv| iv.0 <= start);
                *hint = i;
                i
            }
            None => coverage.partition_point(|iv| iv.0 <= start),
        };
        if i > 0 {
            let (_, e) = coverage[i - 1];
            if e >= end {
                return None;
            }
            if e > start {
                let next = coverage.get(i).map(|iv| iv.0).unwrap_or(end).min(end);
                return Some((e, next));
            }
        }
        let next = coverage.get(i).map(|iv| iv.0).unwrap_or(end).min(end);
        Some((start, next.max(start)))
    }

    pub(super) fn outside_window(&self, d: usize, out: &mut Vec<Conflict>) {
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let env = self.env(e);
        if !env.requires_window {
            return;
        }
        let (start, end, examined) = (self.start(d), self.end(d), self.examined_end(d));
        let coverage = self.idx.coverage_for(s, e);
        let set = self.idx.coverage_of[self.idx.pair(s, e)];
        let hint =
            std::cell::RefMut::filter_map(self.coverage_hint.borrow_mut(), |h| h.get_mut(set)).ok();
        // Past the examined part nothing is known to be covered: a deployment
        // covered all through it is reported from there on.
        let unexamined = (examined < end).then_some((examined, end));
        let Some((gap_start, gap_end)) = self
            .uncovered(coverage, hint, start, examined)
            .or(unexamined)
        else {
            return;
        };
        let windows = &self.idx.maintenance_for[self.idx.pair(s, e)];
        let severity = if self.is_emergency(d) {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut message = self.describe(d);
        message.push_str(" of ");
        message.push_str(self.service(s).display_name());
        message.push_str(" lies outside the maintenance windows that ");
        message.push_str(env.display_name());
        message.push_str(" requires: ");
        if windows.is_empty() {
            message.push_str("no maintenance window applies to ");
            message.push_str(self.service(s).display_name());
            message.push_str(" there");
        } else if gap_start == examined {
            message.push_str("maintenance windows are checked over its first 36,525 days (about 100 years) only, up to ");
            crate::engine::human::push_time(&mut message, gap_start.instant(), self.tz);
        } else if gap_start == start && gap_end == end {
            message.push_str("no maintenance window is open then");
        } else {
            message.push_str("no maintenance window is open from ");
            crate::engine::human::push_time(&mut message, gap_start.instant(), self.tz);
        }
        let mut c = conflict(Rule::OutsideWindow, severity, message);
        c.deployments = vec![self.dep(d).id.clone()];
        c.environment = Some(env.id.clone());
        c.evidence = vec![Evidence::Uncovered {
            start: rfc3339(gap_start.instant()),
            end: rfc3339(gap_end.instant()),
        }];
        out.push(c);
    }

    pub(super) fn team_unavailable(&self, d: usize, out: &mut Vec<Conflict>) {
        let s = self.idx.dep_service(d);
        let Some(t) = self.idx.service_team[s] else {
            return;
        };
        let team = &self.plan.teams[t];
        let (start, end) = (self.start(d), self.end(d));
        let Some(k) = self.idx.team_unavailable[t]
            .iter()
            .position(|&(s, e)| s < end && e > start)
        else {
            return;
        };
        let hit = &team.unavailable[k];
        let mut message = self.describe(d);
        message.push_str(" of ");
        message.push_str(self.service(s).display_name());
        message.push_str(" needs team ");
        message.push_str(team.display_name());
        message.push_str(", which is unavailable ");
        push_interval(&mut message, hit.start, hit.end, self.tz);
        if let Some(r) = &hit.reason {
            let _ = write!(message, " ({r})");
        }
        let mut c = conflict(Rule::TeamUnavailable, Severity::Warning, message);
        c.deployments = vec![self.dep(d).id.clone()];
        c.team = Some(team.id.clone());
        c.environment = Some(self.env(self.idx.dep_env(d)).id.clone());
        c.evidence = vec![Evidence::Unavailable {
            start: rfc3339(hit.start),
            end: rfc3339(hit.end),
            reason: hit.reason.clone(),
        }];
        out.push(c);
    }

    /// `overrun`: a recorded outcome finished after the planned end.
    pub(super) fn overrun(&self, d: usize, out: &mut Vec<Conflict>) {
        let dep = self.dep(d);
        let Some(finished) = dep.outcome.as_ref().and_then(|o| o.finished) else {
            return;
        };
        if finished <= dep.end {
            return;
        }
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let mut message = self.describe(d);
        message.push_str(" of ");
        message.push_str(self.service(s).display_name());
        message.push_str(" to ");
        message.push_str(self.env(e).display_name());
        message.push_str(" ran past its planned end: it finished ");
        crate::engine::human::push_time(&mut message, finished, self.tz);
        let late = (finished - dep.end).num_seconds();
        let minutes = (late + 59) / 60;
        let _ = match minutes {
            1 => write!(message, ", 1 minute late"),
            m if m < 120 => write!(message, ", {m} minutes late"),
            m => write!(message, ", {} h {:02} min late", m / 60, m % 60),
        };
        let mut c = conflict(Rule::Overrun, Severity::Warning, message);
        c.deployments = vec![dep.id.clone()];
        c.environment = Some(self.env(e).id.clone());
        out.push(c);
    }

    /// `ran-outside-window`: the actual run of a recorded outcome, from
    /// `started` to `finished`, was not all inside the maintenance windows its
    /// environment requires. The same coverage as `outside-window`, read
    /// against what happened instead of what was planned.
    pub(super) fn ran_outside_window(&self, d: usize, out: &mut Vec<Conflict>) {
        let dep = self.dep(d);
        let Some(o) = &dep.outcome else {
            return;
        };
        let Some(finished) = o.finished.filter(|&f| o.started < f) else {
            return;
        };
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let env = self.env(e);
        if !env.requires_window {
            return;
        }
        let examined = crate::windows::examined_end(o.started, finished);
        let (start, end, examined) = (K::of(o.started), K::of(finished), K::of(examined));
        let unexamined = (examined < end).then_some((examined, end));
        let Some((gap_start, gap_end)) = self
            .uncovered(self.idx.coverage_for(s, e), None, start, examined)
            .or(unexamined)
        else {
            return;
        };
        let mut message = self.describe(d);
        message.push_str(" of ");
        message.push_str(self.service(s).display_name());
        message.push_str(" ran outside the maintenance windows that ");
        message.push_str(env.display_name());
        message.push_str(" requires: it ran ");
        message.push_str(&crate::time::human_interval(o.started, finished, self.tz));
        if gap_start == start && gap_end == end {
            message.push_str(" and no maintenance window was open then");
        } else {
            message.push_str(" and no maintenance window was open from ");
            crate::engine::human::push_time(&mut message, gap_start.instant(), self.tz);
        }
        let mut c = conflict(Rule::RanOutsideWindow, Severity::Warning, message);
        c.deployments = vec![dep.id.clone()];
        c.environment = Some(env.id.clone());
        c.evidence = vec![Evidence::Uncovered {
            start: rfc3339(gap_start.instant()),
            end: rfc3339(gap_end.instant()),
        }];
        out.push(c);
    }
}
