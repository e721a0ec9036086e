//! CSV for spreadsheets (RFC 4180): CRLF line ends, a field is quoted when it
//! holds a comma, a double quote, CR or LF, and quotes inside are doubled.
//! Times are ISO 8601 with the offset of the plan's time zone
//! (`2027-01-05T22:30:00+01:00`), so a spreadsheet shows the local clock and
//! the instant stays exact.
//!
//! No byte order mark: RFC 4180 and most tools (Python's `csv`, `cut`, pandas,
//! LibreOffice, Google Sheets, Numbers) read UTF-8 without one and some show a
//! BOM as a stray character in the first header. Excel on Windows is the
//! exception (it reads BOM-less CSV as the ANSI code page when double-clicked),
//! so [`with_excel_bom`] gives the bytes for an "Excel" export option.

use trainyard_core::{Plan, Report};

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
pub const CONFLICT_COLUMNS: [&str; 11] = [
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
    "message",
];

/// One field, quoted when RFC 4180 requires it.
fn field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\r', '\n']) {
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
    let mut ds: Vec<_> = plan.deployments.iter().collect();
    ds.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    for d in ds {
        let r = plan.release(d.release.as_str());
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
/// order. Lists of ids are joined with `;`; `start` is the earliest start of
/// the conflict's deployments (empty when it names none).
pub fn conflicts_csv(plan: &Plan, report: &Report) -> String {
    let mut out = String::with_capacity(200 * (report.conflicts.len() + 1));
    record(&mut out, &CONFLICT_COLUMNS);
    let join = |ids: Vec<&str>| ids.join(";");
    for c in &report.conflicts {
        let start = c
            .deployments
            .iter()
            .filter_map(|d| plan.deployment(d.as_str()))
            .map(|d| d.start)
            .min();
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
                join(c.deployments.iter().map(|d| d.as_str()).collect()),
                join(c.releases.iter().map(|d| d.as_str()).collect()),
                join(c.services.iter().map(|d| d.as_str()).collect()),
                c.window.as_ref().map_or(String::new(), |w| w.to_string()),
                c.team.as_ref().map_or(String::new(), |t| t.to_string()),
                start.map_or(String::new(), |t| iso_with_offset(t, plan.timezone)),
                c.message.clone(),
            ],
        );
    }
    out
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
}
