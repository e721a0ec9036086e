//! `booking-conflict`: a deployment inside another holder's exclusive
//! booking of its environment, and two bookings of one environment that
//! overlap where at least one is exclusive and the holders differ.
//!
//! Deployments find the bookings they meet through the index's interval
//! lists; bookings are compared with each other by one sweep per
//! environment (sorted by start, keeping those still running), never all
//! pairs.

use super::*;

impl<K: Key> Cx<'_, K> {
    /// Whether deployment `d` belongs to the booking's holder: its release's
    /// train, its service's team, or its release.
    fn holds_booking(&self, d: usize, holder: &Holder) -> bool {
        let dep = self.dep(d);
        match holder {
            Holder::Release(r) => &dep.release == r,
            Holder::Train(t) => self
                .idx
                .dep_release(d)
                .is_some_and(|r| self.release(r).train.as_ref() == Some(t)),
            Holder::Team(t) => self.service(self.idx.dep_service(d)).team.as_ref() == Some(t),
        }
    }

    fn booking_evidence(&self, b: usize) -> Evidence {
        let booking = &self.plan.bookings[b];
        let text = self.span_text(true, b);
        Evidence::Booking {
            booking: booking.id.clone(),
            holder_kind: booking.holder.kind().to_owned(),
            holder: booking.holder.id().to_owned(),
            from: text[1].clone(),
            until: text[2].clone(),
            exclusive: booking.exclusive,
        }
    }

    fn push_booking(&self, out: &mut String, b: usize) {
        let booking = &self.plan.bookings[b];
        out.push_str("booking ");
        out.push_str(booking.id.as_str());
        out.push_str(" of ");
        out.push_str(booking.holder.kind());
        out.push(' ');
        out.push_str(booking.holder.id());
        out.push_str(" (");
        out.push_str(&self.span_text(true, b)[0]);
        out.push_str(if booking.exclusive {
            ", exclusive)"
        } else {
            ", shared)"
        });
    }

    /// One error per exclusive booking of the deployment's environment (and
    /// service, when the booking names services) that meets it and that
    /// another holder holds.
    pub(super) fn booking_conflict(&self, d: usize, out: &mut Vec<Conflict>) {
        if self.plan.bookings.is_empty() {
            return;
        }
        let (s, e) = (self.idx.dep_service(d), self.idx.dep_env(d));
        let service = &self.service(s).id;
        let mut hits: Vec<usize> = self.idx.gov.exclusive[e]
            .meeting(self.start(d), self.end(d))
            .filter(|&b| {
                let booking = &self.plan.bookings[b];
                (booking.services.is_empty() || booking.services.contains(service))
                    && !self.holds_booking(d, &booking.holder)
            })
            .collect();
        if hits.is_empty() {
            return;
        }
        hits.sort_unstable();
        let waiver = self.waiver_for(Rule::BookingConflict, d);
        let dep = self.dep(d);
        for b in hits {
            let mut message = self.describe(d);
            message.push_str(" of ");
            message.push_str(self.service(s).display_name());
            message.push_str(" to ");
            message.push_str(self.env(e).display_name());
            message.push_str(" falls in ");
            self.push_booking(&mut message, b);
            let mut c = conflict(Rule::BookingConflict, Severity::Error, message);
            c.deployments = vec![dep.id.clone()];
            c.releases = vec![dep.release.clone()];
            c.services = vec![dep.service.clone()];
            c.environment = Some(self.env(e).id.clone());
            c.bookings = vec![self.plan.bookings[b].id.clone()];
            c.evidence = vec![self.booking_evidence(b)];
            if let Some(w) = waiver {
                self.waive(&mut c, w);
            }
            out.push(c);
        }
    }

    /// Bookings of environment `env` that clash with each other: they
    /// overlap, at least one is exclusive, the holders differ and their
    /// services meet (a booking naming no services takes them all).
    pub(super) fn booking_pairs(&self, env: usize, out: &mut Vec<Conflict>) {
        let Some(list) = self.idx.gov.bookings_in.get(env) else {
            return;
        };
        if list.len() < 2 {
            return;
        }
        let bookings = &self.plan.bookings;
        let mut order = list.clone();
        order.sort_by(|&a, &b| (bookings[a].from, a).cmp(&(bookings[b].from, b)));
        let mut running: Vec<usize> = vec![];
        for b in order {
            let this = &bookings[b];
            running.retain(|&a| bookings[a].until > this.from);
            for &a in &running {
                let other = &bookings[a];
                if !(this.exclusive || other.exclusive)
                    || this.holder == other.holder
                    || !this.shares_services(other)
                {
                    continue;
                }
                let (x, y) = if other.id <= this.id { (a, b) } else { (b, a) };
                let mut message = String::with_capacity(256);
                message.push_str("In ");
                message.push_str(self.env(env).display_name());
                message.push_str(", ");
                self.push_booking(&mut message, x);
                message.push_str(" overlaps ");
                self.push_booking(&mut message, y);
                let mut c = conflict(Rule::BookingConflict, Severity::Error, message);
                c.environment = Some(self.env(env).id.clone());
                c.bookings = vec![bookings[x].id.clone(), bookings[y].id.clone()];
                c.evidence = vec![self.booking_evidence(x), self.booking_evidence(y)];
                out.push(c);
            }
            running.push(b);
        }
    }
}
