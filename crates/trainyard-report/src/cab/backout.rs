//! The CAB sheet's backout plan (a warning when none is documented), success
//! criteria and known issues.

use trainyard_core::*;

use crate::pdf::{colors, styles, Doc};
use crate::report_blocks::text_block;

pub(super) fn backout_section(doc: &mut Doc, r: &Release) {
    doc.heading(styles::H1.size(12.0), "Backout plan", 30.0);
    match r
        .rollback_plan
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => doc.paragraph(styles::BODY, t, doc.left, doc.content_width()),
        None => doc.paragraph(
            styles::BODY.bold().color(colors::WARNING),
            "No backout plan is documented. Ask the release owner for one before approving.",
            doc.left,
            doc.content_width(),
        ),
    }
    text_block(
        doc,
        "Success criteria",
        r.success_criteria.as_deref(),
        Some("Not documented."),
    );
    text_block(doc, "Known issues", r.known_issues.as_deref(), None);
}
