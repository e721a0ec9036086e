//! CSV for spreadsheets (RFC 4180): CRLF line ends, a field is quoted when it
//! holds a comma, a double quote, CR or LF, and quotes inside are doubled.
//! Times are ISO 8601 with the offset of the plan's time zone
//! (`2027-01-05T22:30:00+01:00`), so a spreadsheet shows the local clock and
//! the instant stays exact.
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula
//! (and some also after a leading tab or CR), so a release named
//! `=HYPERLINK(…)` would become a link or a command in the reader's
//! spreadsheet. As OWASP's "CSV Injection" page recommends, such a cell is
//! written with a single quote in front and quoted (`"'=1+2"`): spreadsheets
//! show the text, and the quote tells a program reading the file that the
//! cell was guarded.
//!
//! No byte order mark: RFC 4180 and most tools (Python's `csv`, `cut`, pandas,
//! LibreOffice, Google Sheets, Numbers) read UTF-8 without one and some show a
//! BOM as a stray character in the first header. Excel on Windows is the
//! exception (it reads BOM-less CSV as the ANSI code page when double-clicked),
//! so [`with_excel_bom`] gives the bytes for an "Excel" export option.

use std::collections::{HashMap, HashSet};

use trainyard_core::time::{parse_instant, Instant};
use trainyard_core::{Conflict, Deployment, Evidence, Plan, Report};

use crate::facts::iso_with_offset;

/// The header of [`deployments_csv`].
pub const DEPLOYMENT_COLUMNS: [&str; 11] = [
    "deployment_id",
    "release_id",
    "release_name",
    "version",
    "service",
    "environment",
    "start",
    "end",
    "strategy",
    "wave",
    "status",
];

/// The header of [`conflicts_csv`].
pub const CONFLICT_COLUMNS: [&str; 12] = [
    "rule",
    "severity",
    "title",
    "environment",
    "deployments",
    "releases",
    "services",
    "window",
    "team",
    "start",
    "end",
    "message",
];

/// The first characters that make a spreadsheet read a cell as a formula
/// (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One field, quoted when RFC 4180 requires it; a cell a spreadsheet would run
/// as a formula gets a leading `'` and quotes.
fn field(out: &mut String, value: &str) {
    if value.starts_with(FORMULA_STARTS) {
        out.push_str("\"'");
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else if value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn record<S: AsRef<str>>(out: &mut String, values: &[S]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, v.as_ref());
    }
    out.push_str("\r\n");
}

/// Every deployment, by start then id; service and environment are ids.
pub fn deployments_csv(plan: &Plan) -> String {
    let mut out = String::with_capacity(128 * (plan.deployments.len() + 1));
    record(&mut out, &DEPLOYMENT_COLUMNS);
    let releases: HashMap<&str, _> = plan.releases.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut ds: Vec<_> = plan.deployments.iter().collect();
    ds.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    for d in ds {
        let r = releases.get(d.release.as_str());
        record(
            &mut out,
            &[
                d.id.as_str(),
                d.release.as_str(),
                r.map_or(d.release.as_str(), |r| r.display_name()),
                r.and_then(|r| r.version.as_deref()).unwrap_or(""),
                d.service.as_str(),
                d.environment.as_str(),
                &iso_with_offset(d.start, plan.timezone),
                &iso_with_offset(d.end, plan.timezone),
                d.strategy().as_str(),
                d.wave.as_deref().unwrap_or(""),
                d.status().as_str(),
            ],
        );
    }
    out
}

/// The conflicts of `report` (from `trainyard_core::check(plan)`), in report
/// order. Lists of ids are joined with `;`.
///
/// `releases` names every release the conflict is about: the releases it names
/// itself (in the report's order, so "A depends on B" keeps its direction),
/// then those of its deployments. `start` and `end` span the conflict's
/// deployments; a conflict that names none spans its evidence (a concurrency
/// peak, a window occurrence); both are empty when it has neither.
pub fn conflicts_csv(plan: &Plan, report: &Report) -> String {
    let mut out = String::with_capacity(200 * (report.conflicts.len() + 1));
    record(&mut out, &CONFLICT_COLUMNS);
    // One lookup table, not a scan of the plan per conflict: a large plan has
    // hundreds of thousands of both.
    let deployments: HashMap<&str, &Deployment> = plan
        .deployments
        .iter()
        .map(|d| (d.id.as_str(), d))
        .collect();
    for c in &report.conflicts {
        let ds: Vec<&Deployment> = c
            .deployments
            .iter()
            .filter_map(|d| deployments.get(d.as_str()).copied())
            .collect();
        let (start, end) = span(c, &ds);
        let time =
            |t: Option<Instant>| t.map_or(String::new(), |t| iso_with_offset(t, plan.timezone));
        let severity = match c.severity {
            trainyard_core::Severity::Error => "error",
            trainyard_core::Severity::Warning => "warning",
        };
        record(
            &mut out,
            &[
                c.rule.as_str().to_owned(),
                severity.to_owned(),
                c.rule.title().to_owned(),
                c.environment
                    .as_ref()
                    .map_or(String::new(), |e| e.to_string()),
                join(c.deployments.iter().map(|d| d.as_str())),
                join(releases_of(c, &ds)),
                join(c.services.iter().map(|d| d.as_str())),
                c.window.as_ref().map_or(String::new(), |w| w.to_string()),
                c.team.as_ref().map_or(String::new(), |t| t.to_string()),
                time(start),
                time(end),
                c.message.clone(),
            ],
        );
    }
    out
}

fn join<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(";")
}

/// The conflict's own releases, then its deployments' releases not yet named.
fn releases_of<'a>(c: &'a Conflict, ds: &[&'a Deployment]) -> Vec<&'a str> {
    let mut ids: Vec<&str> = c.releases.iter().map(|r| r.as_str()).collect();
    // A concurrency conflict can name thousands of deployments.
    let mut seen: HashSet<&str> = ids.iter().copied().collect();
    for d in ds {
        // An empty release id (a hypothetical gate deployment) names no release.
        let r = d.release.as_str();
        if !r.is_empty() && seen.insert(r) {
            ids.push(r);
        }
    }
    ids
}

/// From the earliest start to the latest end of the deployments, or of the
/// evidence when the conflict names no deployment.
fn span(c: &Conflict, ds: &[&Deployment]) -> (Option<Instant>, Option<Instant>) {
    if !ds.is_empty() {
        return (
            ds.iter().map(|d| d.start).min(),
            ds.iter().map(|d| d.end).max(),
        );
    }
    let intervals: Vec<(Instant, Instant)> = c
        .evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::WindowOccurrence { start, end, .. }
            | Evidence::Uncovered { start, end }
            | Evidence::OtherDeployment { start, end, .. }
            | Evidence::ConcurrencyPeak { start, end, .. }
            | Evidence::Unavailable { start, end, .. } => {
                Some((parse_instant(start).ok()?, parse_instant(end).ok()?))
            }
            Evidence::Booking { from, until, .. } => {
                Some((parse_instant(from).ok()?, parse_instant(until).ok()?))
            }
            Evidence::DependencyPath { .. }
            | Evidence::Approvals { .. }
            | Evidence::Hold { .. }
            | Evidence::Readiness { .. }
            | Evidence::Review { .. }
            | Evidence::Waiver { .. } => None,
        })
        .collect();
    (
        intervals.iter().map(|i| i.0).min(),
        intervals.iter().map(|i| i.1).max(),
    )
}

/// The CSV as bytes with a UTF-8 byte order mark, for Excel on Windows.
pub fn with_excel_bom(csv: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(csv.len() + 3);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice(csv.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_rfc4180_requires_it() {
        let mut s = String::new();
        record(
            &mut s,
            &["plain", "a,b", "say \"hi\"", "two\r\nlines", "Zürich"],
        );
        assert_eq!(
            s,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",Zürich\r\n"
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote_in_front_and_are_quoted() {
        let mut s = String::new();
        record(
            &mut s,
            &[
                "=1+2",
                "+1",
                "-2",
                "@SUM(A1)",
                "\tx",
                "\r=1",
                "=HYPERLINK(\"http://x\",\"y\")",
                "a=b",
                "",
            ],
        );
        assert_eq!(
            s,
            "\"'=1+2\",\"'+1\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",\"'\r=1\",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",a=b,\r\n"
        );
    }
}
