//! The pieces the release summary and the CAB impact sheet both draw, so the
//! two documents name severities, colour risk and write their footers alike:
//! the "generated at" and footer lines, the two-column metadata grid, labelled
//! free text, and conflicts as a hanging-indent list.

use chrono_tz::Tz;
use trainyard_core::risk::RiskLevel;
use trainyard_core::time::Instant;
use trainyard_core::*;

use crate::facts::{self, short_hash};
use crate::pdf::{colors, styles, Doc, Rgb, Style};

/// The "generated at" line shared by both PDFs.
pub(crate) fn generated_line(at: Instant, tz: Tz) -> String {
    facts::Clock {
        tz,
        with_year: true,
    }
    .full(at)
}

pub(crate) fn risk_color(level: RiskLevel) -> Rgb {
    match level {
        RiskLevel::Low => colors::OK,
        RiskLevel::Medium => colors::WARNING,
        RiskLevel::High => Rgb(0xc2, 0x4a, 0x0c),
        RiskLevel::Critical => colors::ERROR,
    }
}

pub(crate) fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => styles::TABLE.bold().color(colors::ERROR),
        Severity::Warning => styles::TABLE.bold().color(colors::WARNING),
    }
}

pub(crate) fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    }
}

/// The footer line: generated at, revision, audit head.
pub(crate) fn footer_line(
    generated: &str,
    revision: Option<u64>,
    audit_head: Option<&str>,
) -> String {
    let mut s = format!("Generated {generated}");
    if let Some(r) = revision {
        s.push_str(&format!(" · revision {r}"));
    }
    if let Some(h) = audit_head {
        s.push_str(&format!(" · audit {}", short_hash(h)));
    }
    s
}
/// Label–value pairs in two columns.
pub(crate) fn meta_grid(doc: &mut Doc, rows: &[(&str, String)]) {
    let col_w = doc.content_width() / 2.0;
    for pair in rows.chunks(2) {
        doc.need(24.0);
        for (i, (label, value)) in pair.iter().enumerate() {
            let x = doc.left + i as f32 * col_w;
            doc.text(x, doc.y + 7.0, styles::LABEL, &label.to_uppercase());
            let v = doc.fit(styles::BODY, value, col_w - 10.0);
            doc.text(x, doc.y + 18.5, styles::BODY, &v);
        }
        doc.y += 26.0;
    }
}
/// A labelled block of free text; `missing` is shown (in amber) when absent.
pub(crate) fn text_block(doc: &mut Doc, label: &str, text: Option<&str>, missing: Option<&str>) {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    if text.is_none() && missing.is_none() {
        return;
    }
    doc.need(styles::LABEL.leading() + styles::BODY.leading() + 4.0);
    doc.gap(3.0);
    doc.text(
        doc.left,
        doc.y + styles::LABEL.size,
        styles::LABEL,
        &label.to_uppercase(),
    );
    doc.y += styles::LABEL.leading() + 1.0;
    match text {
        Some(t) => doc.paragraph(styles::BODY, t, doc.left, doc.content_width()),
        None => doc.paragraph(
            styles::BODY.color(colors::WARNING),
            missing.unwrap_or_default(),
            doc.left,
            doc.content_width(),
        ),
    }
}
/// Conflicts as "Error  message" lines with a hanging indent.
pub(crate) fn conflict_list(doc: &mut Doc, conflicts: &[&Conflict]) {
    let tag_w = 50.0;
    let width = doc.content_width() - tag_w;
    for c in conflicts {
        // The title is drawn bold: wrap to a width narrowed by what bold adds,
        // so the first line still ends inside the margin.
        let title = format!("{}:", c.rule.title());
        let bold_extra = (doc.width_of(styles::BODY.bold(), &title)
            - doc.width_of(styles::BODY, &title))
        .max(0.0);
        let lines = doc.wrap(
            styles::BODY,
            &format!("{}: {}", c.rule.title(), c.message),
            width - bold_extra,
        );
        let lead = styles::BODY.leading();
        doc.need(lead * lines.len().min(2) as f32);
        let tag_style = severity_style(c.severity).size(styles::BODY.size);
        doc.text(
            doc.left,
            doc.y + styles::BODY.size,
            tag_style,
            severity_name(c.severity),
        );
        for (i, line) in lines.iter().enumerate() {
            doc.need(lead);
            // The rule title in bold, the message in regular.
            let title = format!("{}:", c.rule.title());
            if i == 0 && line.starts_with(&title) {
                let x = doc.left + tag_w;
                let y = doc.y + styles::BODY.size;
                doc.text(x, y, styles::BODY.bold(), &title);
                let tw =
                    doc.width_of(styles::BODY.bold(), &title) + doc.width_of(styles::BODY, " ");
                doc.text(x + tw, y, styles::BODY, line[title.len()..].trim_start());
            } else {
                doc.text(
                    doc.left + tag_w,
                    doc.y + styles::BODY.size,
                    styles::BODY,
                    line,
                );
            }
            doc.y += lead;
        }
        doc.y += 1.5;
    }
}
