//! Hearing other users' edits to the open team plan, without Tauri: the
//! window's listener thread (`src-tauri/src/team_watch.rs`) runs
//! [`AppService::watch_team`] and turns what it reports into events.
//!
//! A [`TeamListener`] on the plan's server reports every new revision; one
//! of the open plan newer than the revision in memory is another user's
//! edit (our own have already moved it). Notices for other plans are
//! ignored. A lost connection is reported once and tried again every
//! [`RETRY`] until it is back. The watch ends as soon as another plan (or the
//! same one again) is opened.

use std::time::Duration;

use trainyard_store::TeamListener;

use super::AppService;
use crate::dto::{TeamChangeEvent, TeamConnection};

/// How long one wait for a notice lasts (how soon the watch sees that
/// another plan was opened).
const WAIT: Duration = Duration::from_secs(1);
/// How long between attempts to connect again.
pub const RETRY: Duration = Duration::from_millis(1500);

/// What the watch reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamEvent {
    /// Another user's edit made this revision of the open plan.
    Change(TeamChangeEvent),
    Connection(TeamConnection),
}

impl AppService {
    /// Listens to the open team plan's server until another plan is opened,
    /// reporting other users' edits and the connection's state to `report`.
    /// Returns at once when the open plan is not a team plan. Blocks: run it
    /// on a thread of its own.
    pub fn watch_team(&self, mut report: impl FnMut(TeamEvent)) {
        let Some(address) = self.team_address() else {
            return;
        };
        let generation = self.generation();
        let current = || self.generation() == generation;
        let plan = address.plan.clone().unwrap_or_default();
        let mut listener: Option<TeamListener> = None;
        let mut lost = false;
        while current() {
            let Some(l) = listener.as_mut() else {
                match TeamListener::connect(&address) {
                    Ok(l) => {
                        listener = Some(l);
                        if current() {
                            report(TeamEvent::Connection(if lost {
                                TeamConnection::Reconnected
                            } else {
                                TeamConnection::Connected
                            }));
                        }
                        lost = false;
                    }
                    Err(_) => {
                        if !lost && current() {
                            report(TeamEvent::Connection(TeamConnection::Lost));
                        }
                        lost = true;
                        pause(RETRY, &current);
                    }
                }
                continue;
            };
            match l.next(WAIT) {
                Ok(Some(notice)) if notice.plan == plan => {
                    // Taking the plan's lock waits for an edit of ours in
                    // flight, whose notice this may be.
                    let newer = self.revision().is_some_and(|r| notice.revision > r);
                    if newer && current() {
                        report(TeamEvent::Change(TeamChangeEvent {
                            plan: notice.plan,
                            revision: notice.revision,
                            user: notice.user,
                        }));
                    }
                }
                Ok(_) => {}
                Err(_) => {
                    listener = None;
                    lost = true;
                    if current() {
                        report(TeamEvent::Connection(TeamConnection::Lost));
                    }
                }
            }
        }
    }
}

/// Sleeps `total` in short steps, returning early when `go_on` turns false.
fn pause(total: Duration, go_on: &impl Fn() -> bool) {
    let step = Duration::from_millis(100);
    let mut slept = Duration::ZERO;
    while slept < total && go_on() {
        std::thread::sleep(step);
        slept += step;
    }
}
