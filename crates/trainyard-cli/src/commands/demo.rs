//! `trainyard demo [--to FILE.json | --store FILE.trainyard]`: the built-in
//! demo plan, to try the other commands (and the app) on.

use std::path::Path;

use trainyard_core::demo::{demo_plan, DEMO_PLAN_JSON};

use crate::args::{DemoArgs, DemoTarget};
use crate::files::human_size;
use crate::output::Out;
use crate::store;

const CMD: &str = "demo";

pub fn run(a: &DemoArgs, out: &mut Out) -> u8 {
    match &a.target {
        DemoTarget::Stdout => {
            out.text(DEMO_PLAN_JSON);
            if !DEMO_PLAN_JSON.ends_with('\n') {
                out.line("");
            }
            0
        }
        DemoTarget::Json(path) => match write_new(path, DEMO_PLAN_JSON.as_bytes()) {
            Ok(()) => {
                out.line(format!(
                    "wrote the demo plan to {} ({})",
                    path.display(),
                    human_size(DEMO_PLAN_JSON.len())
                ));
                0
            }
            Err(m) => super::fail(CMD, m),
        },
        DemoTarget::Store(path) => {
            let plan = demo_plan();
            match store::create_store(path, &plan) {
                Ok(()) => {
                    out.line(format!(
                        "created {} with the demo plan {}",
                        path.display(),
                        plan.display_name()
                    ));
                    0
                }
                Err(m) => super::fail(CMD, m),
            }
        }
    }
}

/// Writes a file that must not exist yet ([`trainyard_files::write_new`]):
/// the name never shows half a file and an existing file (even one created
/// meanwhile) is never replaced.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    trainyard_files::write_new(path, bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!(
            "'{}' already exists; the demo never overwrites a file",
            path.display()
        ),
        _ => format!("cannot write '{}': {e}", path.display()),
    })
}
