//! `trainyard export-ics` and `trainyard import-ics`: calendars (RFC 5545).

use std::path::Path;

use trainyard_core::format::shorten_quoted;
use trainyard_core::time::format_instant;
use trainyard_core::{parse_plan, plan_to_json, Plan, Scope};
use trainyard_report::{
    export_ics, import_ics, preview_import, IcsError, IcsFilter, ImportPreview, PreviewWindow,
};

use crate::args::{ExportIcsArgs, Format, ImportIcsArgs, Source};
use crate::files;
use crate::input::{max_input_bytes, read_limited};
use crate::load;
use crate::output::{count, err_line, Out};
use crate::store::{self, EditPlan};

const IMPORT: &str = "import-ics";

pub fn export(a: &ExportIcsArgs, out: &mut Out) -> u8 {
    const CMD: &str = "export-ics";
    if let Err(code) = super::output_is_not_the_plan(CMD, &a.plan, &a.output) {
        return code;
    }
    let plan = match super::plan(&a.plan, Format::Text, out) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let filter = IcsFilter {
        release: a.release.clone(),
        environment: a.environment.clone(),
        dtstamp: Some(super::generated_at(a.generated_at)),
    };
    match export_ics(&plan, &filter) {
        Ok(text) => files::write_output(CMD, &a.output, text.as_bytes(), out),
        Err(e) => super::report::report_error(CMD, e),
    }
}

/// What importing the calendar would do to a plan.
type Outcome = ImportPreview;

pub fn import(a: &ImportIcsArgs, out: &mut Out) -> u8 {
    let ics_name = match &a.ics {
        Source::Stdin => "standard input".to_owned(),
        Source::File(p) => p.display().to_string(),
    };
    let text = match read_calendar(&a.ics) {
        Ok(t) => t,
        Err(m) => return super::fail(IMPORT, format!("cannot read {m}")),
    };
    // The audit label names the file, not the directories it was in.
    let label_name = match &a.ics {
        Source::Stdin => "standard input".to_owned(),
        Source::File(p) => p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
    };
    if let Err(e) = std::fs::File::open(&a.plan).map(drop).or_else(|e| {
        if load::is_team_address(&a.plan) {
            Ok(())
        } else {
            Err(e)
        }
    }) {
        return super::fail(IMPORT, format!("cannot read '{}': {e}", a.plan.display()));
    }
    if load::is_store_file(&a.plan) {
        import_into_store(a, &text, &ics_name, &label_name, out)
    } else {
        import_into_json(a, &text, &ics_name, out)
    }
}

fn import_into_store(
    a: &ImportIcsArgs,
    text: &str,
    ics_name: &str,
    label_name: &str,
    out: &mut Out,
) -> u8 {
    let mut outcome = None;
    let result = store::edit(&a.plan, |plan| {
        let o = outcome.insert(decide(a, plan, text, ics_name)?);
        if a.dry_run || o.changes.is_empty() {
            return Ok(EditPlan::Nothing);
        }
        Ok(EditPlan::Apply {
            label: format!(
                "import ICS {label_name} ({})",
                count(o.changes.len(), "window", "windows")
            ),
            changes: o.changes.clone(),
        })
    });
    match result {
        Err(code) => code,
        Ok(Err(message)) => super::fail(IMPORT, format!("'{}': {message}", a.plan.display())),
        Ok(Ok(revision)) => {
            let Some(o) = outcome else {
                // `edit` only fails before deciding, and that is the case above.
                return super::fail(IMPORT, "the store was not read");
            };
            let place = match revision {
                Some(r) => format!(" (revision {r})"),
                None => String::new(),
            };
            summarise(a, &o, ics_name, &place, out);
            0
        }
    }
}

fn import_into_json(a: &ImportIcsArgs, text: &str, ics_name: &str, out: &mut Out) -> u8 {
    let mut plan = match load::load(&Source::File(a.plan.clone())) {
        Ok(p) => p,
        Err(e) => return e.report(Format::Text, out),
    };
    let o = match decide(a, &plan, text, ics_name) {
        Ok(o) => o,
        Err(code) => return code,
    };
    if !a.dry_run && !o.changes.is_empty() {
        if let Err(e) = plan.apply(&o.changes) {
            return report_invalid(&a.plan, e.problems());
        }
        let json = plan_to_json(&plan);
        // The file must read back as a valid plan before it replaces the old one.
        if let Err(e) = parse_plan(&json) {
            return report_invalid(&a.plan, e.problems());
        }
        if let Err(e) = files::write_atomic(&a.plan, json.as_bytes()) {
            return super::fail(IMPORT, format!("cannot write '{}': {e}", a.plan.display()));
        }
    }
    summarise(a, &o, ics_name, "", out);
    0
}

fn report_invalid(plan: &Path, problems: Vec<trainyard_core::Problem>) -> u8 {
    for p in problems {
        err_line(&p.to_string());
    }
    err_line(&format!(
        "error: the imported windows would make the plan invalid; '{}' is unchanged",
        plan.display()
    ));
    2
}

/// Reads the calendar as UTF-8 text (a byte order mark is skipped).
fn read_calendar(source: &Source) -> Result<String, String> {
    let mut bytes = Vec::new();
    let what = match source {
        Source::Stdin => {
            read_limited(std::io::stdin().lock(), &mut bytes, max_input_bytes())
                .map_err(|e| format!("standard input: {e}"))?;
            "standard input".to_owned()
        }
        Source::File(p) => {
            std::fs::File::open(p)
                .and_then(|f| read_limited(f, &mut bytes, max_input_bytes()))
                .map_err(|e| format!("'{}': {e}", p.display()))?;
            format!("'{}'", p.display())
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let line = bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        format!("{what}: not valid UTF-8 at line {line}")
    })
}

/// Checks the scope against the plan, reads the calendar into windows and
/// sorts them into added, updated and unchanged. Reports problems itself.
fn decide(a: &ImportIcsArgs, plan: &Plan, text: &str, ics_name: &str) -> Result<Outcome, u8> {
    for e in &a.environments {
        if plan.environment(e.as_str()).is_none() {
            return Err(super::usage(
                IMPORT,
                "environments",
                format!("unknown environment id {:?}", e.as_str()),
            ));
        }
    }
    for s in &a.services {
        if plan.service(s.as_str()).is_none() {
            return Err(super::usage(
                IMPORT,
                "services",
                format!("unknown service id {:?}", s.as_str()),
            ));
        }
    }
    let scope = Scope {
        environments: a.environments.clone(),
        services: a.services.clone(),
        x: None,
    };
    let imported = match import_ics(text, a.kind, &scope, &a.prefix, plan.timezone) {
        Ok(i) => i,
        Err(IcsError::Syntax { line, message }) => {
            err_line(&shorten_quoted(&format!(
                "error: {ics_name}: ics line {line}: {message}"
            )));
            err_line(&format!(
                "error: not a calendar that can be imported; '{}' is unchanged",
                a.plan.display()
            ));
            return Err(2);
        }
        Err(IcsError::Events { problems }) => {
            for p in &problems {
                err_line(&shorten_quoted(&format!("error: {ics_name}: {p}")));
            }
            err_line(&format!(
                "error: {} cannot be imported; '{}' is unchanged",
                count(problems.len(), "event", "events"),
                a.plan.display()
            ));
            return Err(2);
        }
    };
    let o = match preview_import(plan, &imported) {
        Ok(o) => o,
        Err(e) => {
            err_line(&format!(
                "error: {e} ('--prefix'); '{}' is unchanged",
                a.plan.display()
            ));
            return Err(2);
        }
    };
    if !o.kind_changes.is_empty() && !a.force && !a.dry_run {
        for w in &o.kind_changes {
            err_line(&format!(
                "error: window {:?} was imported as a {} window; this import would make it a {} \
                 window",
                w.id,
                w.previous_kind.map_or("", |k| k.as_str()),
                w.kind.as_str()
            ));
        }
        err_line(&format!(
            "error: {} would change kind; import with '--kind {}' to keep them, or add \
             '--force' to change them; '{}' is unchanged",
            count(o.kind_changes.len(), "window", "windows"),
            o.kind_changes[0].previous_kind.map_or("", |k| k.as_str()),
            a.plan.display()
        ));
        return Err(2);
    }
    Ok(o)
}

fn summarise(a: &ImportIcsArgs, o: &Outcome, ics_name: &str, place: &str, out: &mut Out) {
    for w in &o.warnings {
        err_line(&format!("warning: {ics_name}: {w}"));
    }
    let total = o.added.len() + o.changed.len() + o.unchanged;
    let scope = match (a.environments.is_empty(), a.services.is_empty()) {
        (true, true) => "every environment and service".to_owned(),
        (false, true) => format!("environments {}", join(&a.environments)),
        (true, false) => format!("services {}", join(&a.services)),
        (false, false) => format!(
            "environments {}, services {}",
            join(&a.environments),
            join(&a.services)
        ),
    };
    let verb = if a.dry_run {
        "would import"
    } else {
        "imported"
    };
    out.line(format!(
        "{verb} {} ({}, scope: {scope}) from {ics_name} into {}{place}",
        count(total, "window", "windows"),
        a.kind.as_str(),
        a.plan.display(),
    ));
    let tail = if a.dry_run {
        "; nothing written (dry run)"
    } else if o.changes.is_empty() {
        "; nothing to write"
    } else {
        ""
    };
    out.line(format!(
        "  {} added, {} updated, {} unchanged, {} removed{}{tail}",
        o.added.len(),
        o.changed.len(),
        o.unchanged,
        o.removed.len(),
        if o.warnings.is_empty() {
            String::new()
        } else {
            format!(", {}", count(o.warnings.len(), "warning", "warnings"))
        }
    ));
    if a.dry_run {
        for (what, list) in [
            ("add", &o.added),
            ("change", &o.changed),
            ("remove", &o.removed),
        ] {
            for w in list {
                out.line(format!("  {what:<6} {}", describe(w)));
            }
        }
    }
}

/// `ID (kind[, was KIND]) "NAME", first START` for a dry run's list.
fn describe(w: &PreviewWindow) -> String {
    let kind = match w.previous_kind {
        Some(k) if k != w.kind => format!("{}, was {}", w.kind.as_str(), k.as_str()),
        _ => w.kind.as_str().to_owned(),
    };
    let name = w.name.as_ref().map_or(String::new(), |n| format!(" {n:?}"));
    let first = w.first.map_or_else(
        || "no occurrence".to_owned(),
        |t| format!("first {}", format_instant(t)),
    );
    format!("{} ({kind}){name}, {first}", w.id)
}

fn join<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
