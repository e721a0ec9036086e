//! Hears other users' edits to the open team plan: one thread per opened
//! team plan runs [`AppService::watch_team`] (which ends when another plan
//! is opened) and emits what it reports as `team-change` ({plan, revision,
//! user}) and `team-connection` (`connected`, `lost`, `reconnected`).

use std::sync::Arc;

use tauri::{AppHandle, Emitter, Runtime};
use trainyard_app_core::dto::{TEAM_CHANGE_EVENT, TEAM_CONNECTION_EVENT};
use trainyard_app_core::{AppService, TeamEvent};

/// Starts listening for the open team plan, if one is open.
pub fn follow<R: Runtime>(app: AppHandle<R>, svc: Arc<AppService>) {
    if svc.team_address().is_none() {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("team-listener".into())
        .spawn(move || {
            svc.watch_team(|event| {
                let _ = match event {
                    TeamEvent::Change(change) => app.emit(TEAM_CHANGE_EVENT, change),
                    TeamEvent::Connection(state) => app.emit(TEAM_CONNECTION_EVENT, state),
                };
            })
        });
    if let Err(e) = spawned {
        eprintln!("trainyard: cannot start the team listener: {e}");
    }
}
