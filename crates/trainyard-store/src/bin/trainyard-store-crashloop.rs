//! Test helper for the crash test: opens a plan file and edits it in a loop
//! until killed, printing `ack <revision> <action>` on stdout only after each
//! commit has returned. Not a user-facing program.
//!
//! Usage: trainyard-store-crashloop PLAN.trainyard
//!        trainyard-store-crashloop --import PLAN.json DIR
//!
//! The second form imports the plan again and again as DIR/plan-N.trainyard,
//! printing `ack N` after each import has returned.
//!
//! Edits cycle through: insert/replace a deployment `slot-N` (at a low list
//! index, so inserts land in the middle), delete one, undo, redo; after every
//! fourth step the plan is exported as JSON to `PLAN.trainyard.export.json`
//! (written atomically), printing `ack <revision> export`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trainyard_core::edit::{Change, Entity};
use trainyard_core::format::EntityKind;
use trainyard_store::{Store, StoreError, StoreOptions};

const SLOTS: u64 = 12;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let result = match args.as_slice() {
        [path] => edit_loop(path),
        [flag, json, dir] if flag.as_os_str() == "--import" => import_loop(json, dir),
        _ => {
            eprintln!("usage: trainyard-store-crashloop PLAN.trainyard\n       trainyard-store-crashloop --import PLAN.json DIR");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trainyard-store-crashloop: {e}");
            ExitCode::FAILURE
        }
    }
}

fn edit_loop(path: &Path) -> Result<(), StoreError> {
    let mut store = Store::open(
        path,
        StoreOptions {
            user: Some("crashloop".into()),
        },
    )?;
    let Some(template) = store.plan().deployments.first().cloned() else {
        eprintln!("the plan needs at least one deployment");
        return Ok(());
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ready {}", store.revision());
    let _ = out.flush();
    let mut i = store.revision();
    loop {
        i += 1;
        let slot = format!("slot-{}", i % SLOTS);
        let base = store.revision();
        let acked = match i % 6 {
            0 | 1 | 5 => {
                let mut d = template.clone();
                d.id = slot.as_str().into();
                d.wave = Some(format!("w{i}"));
                let label = format!("put {slot} w{i}");
                let change = Change::Put {
                    entity: Entity::Deployment(d),
                    position: Some((i % 3) as usize),
                };
                Some((store.apply(base, &label, &[change])?, label))
            }
            2 if store.plan().deployment(&slot).is_some() => {
                let label = format!("delete {slot}");
                let change = Change::Delete {
                    kind: EntityKind::Deployment,
                    id: slot.clone(),
                };
                Some((store.apply(base, &label, &[change])?, label))
            }
            3 => match store.can_undo()? {
                Some(label) => Some((store.undo(base)?, format!("undo: {label}"))),
                None => None,
            },
            4 => match store.can_redo()? {
                Some(label) => Some((store.redo(base)?, format!("redo: {label}"))),
                None => None,
            },
            _ => None,
        };
        if let Some((revision, action)) = acked {
            let _ = writeln!(out, "ack {revision} {action}");
            let _ = out.flush();
        }
        if i % 4 == 0 {
            trainyard_files::write_atomic(&export_path(path), store.export_json().as_bytes())
                .map_err(|source| StoreError::Io {
                    path: export_path(path),
                    source,
                })?;
            let _ = writeln!(out, "ack {} export", store.revision());
            let _ = out.flush();
        }
    }
}

/// Where the edit loop exports the plan: `PLAN.trainyard.export.json`.
fn export_path(path: &Path) -> PathBuf {
    trainyard_files::sidecar(path, ".export.json")
}

fn import_loop(json: &Path, dir: &Path) -> Result<(), StoreError> {
    let text = std::fs::read_to_string(json).map_err(|source| StoreError::Io {
        path: json.to_owned(),
        source,
    })?;
    let plan = trainyard_core::parse_plan(&text)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ready 0");
    let _ = out.flush();
    for n in 0u64.. {
        let path = dir.join(format!("plan-{n}.trainyard"));
        let opts = StoreOptions {
            user: Some("crashloop".into()),
        };
        drop(Store::create(&path, &plan, opts)?);
        let _ = writeln!(out, "ack {n} import");
        let _ = out.flush();
    }
    Ok(())
}
