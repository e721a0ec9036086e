//! `concurrency`: a sweep over one environment's deployments by start and by
//! end, and the edges a re-sweep after a move may stop at.

use super::*;

/// The earliest instant at or before `t` just before which at most `limit`
/// deployments run in `env`: no maximal over-limit interval contains the
/// instant just before it. Steps back event by event through an over-limit
/// stretch (which a re-sweep has to cover anyway).
pub(crate) fn settle_before<K: Key>(idx: &Index<K>, env: usize, limit: u32, t: K) -> K {
    let (starts, ends) = (&idx.env_by_start[env], &idx.env_by_end[env]);
    // Started and ended strictly before `t`: their difference is the count
    // just before `t` (everything that ended before `t` started before it).
    let mut p = starts.partition_point(|x| x.start < t);
    let mut q = ends.partition_point(|x| x.end < t);
    let mut t = t;
    while p - q > limit as usize {
        // p > q, so some deployment started before `t`.
        let mut prev = starts[p - 1].start;
        if q > 0 {
            prev = prev.max(ends[q - 1].end);
        }
        t = prev;
        while p > 0 && starts[p - 1].start >= t {
            p -= 1;
        }
        while q > 0 && ends[q - 1].end >= t {
            q -= 1;
        }
    }
    t
}

/// The earliest instant at or after `t` at which at most `limit` deployments
/// run in `env` (so no maximal over-limit interval contains it).
pub(crate) fn settle_after<K: Key>(idx: &Index<K>, env: usize, limit: u32, t: K) -> K {
    let (starts, ends) = (&idx.env_by_start[env], &idx.env_by_end[env]);
    let mut p = starts.partition_point(|x| x.start <= t);
    let mut q = ends.partition_point(|x| x.end <= t);
    let mut t = t;
    while p - q > limit as usize {
        // Something is running, so something ends after `t`.
        let mut next = ends[q].end;
        if let Some(x) = starts.get(p) {
            next = next.min(x.start);
        }
        t = next;
        while p < starts.len() && starts[p].start <= t {
            p += 1;
        }
        while q < ends.len() && ends[q].end <= t {
            q += 1;
        }
    }
    t
}

/// `concurrency` in one environment: one conflict per maximal interval during
/// which more than `max_concurrent` deployments run, pushed to `out` in time
/// order with its interval pushed to `spans`.
///
/// With a `region` `[from, to]` (at most the limit just before `from` and at
/// `to`, see [`settle_before`] and [`settle_after`]) only the intervals inside
/// it are computed: the sweep starts from the state just before `from`.
pub(crate) fn concurrency<K: Key>(
    plan: &Plan,
    idx: &Index<K>,
    env: usize,
    region: Option<(K, K)>,
    out: &mut Vec<Conflict>,
    spans: &mut Vec<(K, K)>,
) {
    let e = &plan.environments[env];
    let Some(limit) = e.max_concurrent else {
        return;
    };
    let (starts, ends) = (&idx.env_by_start[env], &idx.env_by_end[env]);
    if starts.len() <= limit as usize {
        return;
    }
    let end = |d: usize| idx.dep_end[d];
    let tz = plan.timezone;
    // Deployments started and not yet seen to end. Ends are not removed one by
    // one: the list is pruned when an over-limit interval opens and needs the
    // ones running (each is pruned once; the rest are that interval's members).
    let mut active: Vec<usize> = vec![];
    let (mut i, mut j) = (0usize, 0usize);
    if let Some((from, _)) = region {
        i = starts.partition_point(|x| x.start < from);
        j = ends.partition_point(|x| x.end < from);
        // What runs into `from` started at most the longest length before it.
        let k = starts.partition_point(|x| x.start < from.minus(idx.env_longest[env]));
        active.extend(starts[k..i].iter().filter(|x| x.end >= from).map(|x| x.d));
    }
    let until = region.map(|r| r.1);
    let mut count = i - j;
    let limit_n = limit as usize;
    // The open over-limit interval: its start, its peak, and who took part.
    let mut open: Option<(K, usize, Vec<usize>)> = None;
    loop {
        let next_start = starts.get(i).map(|x| x.start);
        let next_end = ends.get(j).map(|x| x.end);
        let t = match (next_start, next_end) {
            (Some(s), Some(en)) => s.min(en),
            (Some(s), None) => s,
            (None, Some(en)) => en,
            (None, None) => break,
        };
        if until.is_some_and(|u| t > u) {
            break;
        }
        // Everything that happens at `t` happens at once: the count cannot dip.
        while j < ends.len() && ends[j].end == t {
            count -= 1;
            j += 1;
        }
        let first_start = i;
        while i < starts.len() && starts[i].start == t {
            count += 1;
            active.push(starts[i].d);
            i += 1;
        }
        // Those starting at `t` take part only if the interval goes on past `t`.
        if count > limit_n {
            if let Some((_, _, members)) = open.as_mut() {
                members.extend(starts[first_start..i].iter().map(|x| x.d));
            }
        }
        match open.take() {
            None if count > limit_n => {
                active.retain(|&d| end(d) > t);
                open = Some((t, count, active.clone()))
            }
            Some((from, peak, members)) if count <= limit_n => {
                let (start_i, end_i) = (from.instant(), t.instant());
                let when = if start_i.with_timezone(&tz).date_naive()
                    == end_i.with_timezone(&tz).date_naive()
                {
                    format!("on {}", human_interval(start_i, end_i, tz))
                } else {
                    format!(
                        "from {} to {}",
                        human_time(start_i, tz),
                        human_time(end_i, tz)
                    )
                };
                let mut c = conflict(
                    Rule::Concurrency,
                    Severity::Warning,
                    format!(
                        "Up to {peak} deployments run at once in {} {when} (the limit is {limit})",
                        e.display_name(),
                    ),
                );
                let mut ids: Vec<DeploymentId> = members
                    .into_iter()
                    .map(|d| plan.deployments[d].id.clone())
                    .collect();
                ids.sort();
                ids.dedup();
                c.deployments = ids;
                c.environment = Some(e.id.clone());
                c.evidence = vec![Evidence::ConcurrencyPeak {
                    start: rfc3339(start_i),
                    end: rfc3339(end_i),
                    peak: peak as u32,
                    limit,
                }];
                out.push(c);
                spans.push((from, t));
            }
            Some((from, peak, members)) => open = Some((from, peak.max(count), members)),
            None => {}
        }
    }
}
