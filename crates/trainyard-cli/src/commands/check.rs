//! `trainyard check PLAN`: the conflict report.

use trainyard_core::{check, check_as_of};

use crate::args::{CheckArgs, Format};
use crate::output::Out;
use crate::render;

pub fn run(a: &CheckArgs, out: &mut Out) -> u8 {
    let plan = match super::plan(&a.plan, a.format, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let report = match a.as_of {
        Some(as_of) => check_as_of(&plan, as_of),
        None => check(&plan),
    };
    match a.format {
        Format::Json => out.json(&report),
        Format::Text => {
            let style = out.style;
            out.line(render::plan_header(&plan, &style));
            out.line("");
            if report.conflicts.is_empty() {
                out.line(style.green("No conflicts."));
                out.line("");
            }
            for c in &report.conflicts {
                out.line(render::conflict_block(c, &plan, &style));
            }
            out.line(render::summary(&report.conflicts, &style));
        }
    }
    u8::from(report.has_errors())
}
