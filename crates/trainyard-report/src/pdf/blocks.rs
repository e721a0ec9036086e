//! Blocks that flow at the cursor and break pages as they go: wrapped
//! paragraphs, section headings kept with what follows, label–value rows, and
//! the small filled chips of status and risk.

use super::{colors, styles, Doc, Rgb, Style};

impl Doc {
    /// A wrapped paragraph at the cursor that flows across pages.
    pub(crate) fn paragraph(&mut self, style: Style, text: &str, x: f32, width: f32) {
        let lead = style.leading();
        for line in self.wrap(style, text, width) {
            self.need(lead);
            self.text(x, self.y + style.size, style, &line);
            self.y += lead;
        }
    }

    /// A section heading with a rule under it, kept with the `keep` points that follow.
    pub(crate) fn heading(&mut self, style: Style, text: &str, keep: f32) {
        let h = style.leading() + 6.0;
        if !self.at_top() {
            self.gap(style.size * 0.8);
        }
        self.need(h + keep);
        let y = self.y + style.size;
        self.text(self.left, y, style, text);
        self.y += h;
        if style.size >= styles::H1.size {
            let y = self.y - 4.0;
            self.line(self.left, y, self.right, y, colors::RULE, 0.6);
        }
    }

    /// Label–value rows ("Owner  Payments team"), values wrapped.
    pub(crate) fn fields(&mut self, rows: &[(&str, String)], label_w: f32) {
        let value_x = self.left + label_w;
        let width = self.right - value_x;
        for (label, value) in rows {
            let lines = self.wrap(styles::BODY, value, width);
            let lead = styles::BODY.leading();
            self.need(lead * lines.len().min(3) as f32);
            self.text(self.left, self.y + styles::BODY.size, styles::LABEL, label);
            for line in lines {
                self.need(lead);
                self.text(value_x, self.y + styles::BODY.size, styles::BODY, &line);
                self.y += lead;
            }
        }
    }
}

/// A small filled label ("normal", "high 62") drawn at (x, top); returns its width.
pub(crate) fn chip(doc: &mut Doc, x: f32, top: f32, text: &str, fg: Rgb, bg: Rgb) -> f32 {
    let style = styles::SMALL.bold().color(fg);
    let w = doc.width_of(style, text) + 8.0;
    doc.rect(x, top, w, style.size + 5.0, Some(bg), None);
    doc.text(x + 4.0, top + style.size + 1.5, style, text);
    w
}
