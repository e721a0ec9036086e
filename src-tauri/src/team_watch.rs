//! Hears other users' edits to the open team plan.
//!
//! One thread per opened team plan holds a [`TeamListener`] on its server
//! and emits `team-change` ({plan, revision, user}) when a revision of the
//! open plan newer than the window's arrives (notices for other plans, and
//! for our own edits, are ignored), and `team-connection` (`connected`,
//! `lost`, `reconnected`). A lost connection is tried again every 1.5 s.
//! The thread ends as soon as another plan (or the same one again) is
//! opened: [`AppService::generation`] moved.

use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Runtime};
use trainyard_app_core::dto::{
    TeamChangeEvent, TeamConnection, TEAM_CHANGE_EVENT, TEAM_CONNECTION_EVENT,
};
use trainyard_app_core::{AppService, TeamAddress, TeamListener};

/// How long one wait for a notice lasts (how soon the thread sees that
/// another plan was opened).
const WAIT: Duration = Duration::from_secs(1);
/// How long between attempts to connect again.
const RETRY: Duration = Duration::from_millis(1500);

/// Starts listening for the open team plan, if one is open.
pub fn follow<R: Runtime>(app: AppHandle<R>, svc: Arc<AppService>) {
    let Some(address) = svc.team_address() else {
        return;
    };
    let generation = svc.generation();
    let spawned = std::thread::Builder::new()
        .name("team-listener".into())
        .spawn(move || listen(&app, &svc, &address, generation));
    if let Err(e) = spawned {
        eprintln!("trainyard: cannot start the team listener: {e}");
    }
}

fn listen<R: Runtime>(
    app: &AppHandle<R>,
    svc: &AppService,
    address: &TeamAddress,
    generation: u64,
) {
    let current = || svc.generation() == generation;
    let plan = address.plan.clone().unwrap_or_default();
    let connection = |state: TeamConnection| {
        if current() {
            let _ = app.emit(TEAM_CONNECTION_EVENT, state);
        }
    };
    let mut listener: Option<TeamListener> = None;
    let mut lost = false;
    while current() {
        let Some(l) = listener.as_mut() else {
            match TeamListener::connect(address) {
                Ok(l) => {
                    listener = Some(l);
                    connection(if lost {
                        TeamConnection::Reconnected
                    } else {
                        TeamConnection::Connected
                    });
                    lost = false;
                }
                Err(_) => {
                    if !lost {
                        lost = true;
                        connection(TeamConnection::Lost);
                    }
                    pause(RETRY, &current);
                }
            }
            continue;
        };
        match l.next(WAIT) {
            Ok(Some(notice)) if notice.plan == plan => {
                // Our own edit has already moved the revision in memory.
                let newer = svc.revision().is_some_and(|r| notice.revision > r);
                if newer && current() {
                    let _ = app.emit(
                        TEAM_CHANGE_EVENT,
                        TeamChangeEvent {
                            plan: notice.plan,
                            revision: notice.revision,
                            user: notice.user,
                        },
                    );
                }
            }
            Ok(_) => {}
            Err(_) => {
                listener = None;
                lost = true;
                connection(TeamConnection::Lost);
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
