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

pub(super) const GLANCE: Part = Part {
    title: "At a glance",
    key: "glance",
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

/// The parts a detail level prints, in order.
pub(super) fn parts(detail: Detail) -> Vec<Part> {
    let mut out = vec![GLANCE];
    if detail >= Detail::Conflicts {
        out.extend([RELEASES, CONFLICTS, APPROVALS]);
    }
    if detail >= Detail::Full {
        out.extend([TIMELINE, DETAILS]);
    }
    out
}

pub(super) fn contents(doc: &mut Doc, detail: Detail) {
    doc.bookmark(0, "Contents", "contents");
    doc.heading(styles::H1, "Contents", 80.0);
    let style = styles::BODY.size(10.0);
    let lead = style.leading() + 4.0;
    for part in parts(detail) {
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
