//! The contents on the cover page: one line per part the chosen detail
//! prints, with its page number (filled in once the layout is done) and a
//! link to it.

use super::Detail;
use crate::pdf::{colors, styles, Doc};

/// A part of the summary: its title and the anchor its heading sets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Part {
    pub(super) title: &'static str,
    pub(super) key: &'static str,
}

pub(super) const CHANGES: Part = Part {
    title: "What changed",
    key: "changes",
};
pub(super) const GLANCE: Part = Part {
    title: "At a glance",
    key: "glance",
};
pub(super) const METRICS: Part = Part {
    title: "Delivery metrics",
    key: "metrics",
};
pub(super) const RELEASES: Part = Part {
    title: "Appendix A. Releases",
    key: "releases",
};
pub(super) const CONFLICTS: Part = Part {
    title: "Appendix B. Conflicts",
    key: "conflicts",
};
pub(super) const APPROVALS: Part = Part {
    title: "Appendix C. Approvals",
    key: "approvals",
};
pub(super) const TIMELINE: Part = Part {
    title: "Appendix D. Timeline",
    key: "timeline",
};
pub(super) const DETAILS: Part = Part {
    title: "Appendix E. Release details",
    key: "details",
};
pub(super) const CHANGE_LIST: Part = Part {
    title: "Appendix F. Every change",
    key: "change-list",
};

/// The parts a detail level prints, in order; `changes` for the edition
/// that opens with what changed since a point, `metrics` when the period
/// has recorded outcomes (every edition: it is a page of headline figures).
pub(super) fn parts(detail: Detail, changes: bool, metrics: bool) -> Vec<Part> {
    let mut out = if changes {
        vec![CHANGES, GLANCE]
    } else {
        vec![GLANCE]
    };
    if metrics {
        out.push(METRICS);
    }
    if detail >= Detail::Conflicts {
        out.extend([RELEASES, CONFLICTS, APPROVALS]);
    }
    if detail >= Detail::Full {
        out.extend([TIMELINE, DETAILS]);
    }
    if changes && detail >= Detail::Conflicts {
        out.push(CHANGE_LIST);
    }
    out
}

pub(super) fn contents(doc: &mut Doc, detail: Detail, changes: bool, metrics: bool) {
    doc.bookmark(0, "Contents", "contents");
    doc.heading(styles::H1, "Contents", 80.0);
    let style = styles::BODY.size(10.0);
    let lead = style.leading() + 4.0;
    for part in parts(detail, changes, metrics) {
        doc.need(lead);
        let baseline = doc.y + style.size;
        doc.text(doc.left, baseline, style, part.title);
        let title_w = doc.width_of(style, part.title);
        // A dotted leader from the title to the page number.
        doc.dashed(
            doc.left + title_w + 6.0,
            baseline - 1.0,
            doc.right - 24.0,
            baseline - 1.0,
            colors::RULE,
            0.5,
        );
        doc.page_ref(doc.right, baseline, style.bold(), part.key);
        doc.link(doc.left, doc.y, doc.content_width(), lead, part.key);
        doc.y += lead;
    }
    doc.gap(6.0);
    let note = match detail {
        Detail::Summary => "This edition is the summary alone: the release table, the conflicts, the timeline and the release sections are left out.",
        Detail::Conflicts => "This edition leaves out the timeline and the release sections.",
        Detail::Full => "The appendices hold everything the front section sums up; names in the front section link to them.",
    };
    doc.paragraph(styles::SMALL, note, doc.left, doc.content_width());
}
