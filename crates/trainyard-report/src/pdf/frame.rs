//! The running header and footer ("Page 3 of 12") that every page gets once
//! the page count is known, and the step that hands the pages to rendering.

use super::render::{render, Meta};
use super::{colors, styles, Doc};
use crate::ReportError;

/// Running header and footer texts, drawn on every page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frame {
    pub(crate) header_left: String,
    pub(crate) header_right: String,
    pub(crate) footer_left: String,
}

impl Doc {
    /// Adds the running header and footer, subsets the fonts and writes the PDF.
    pub(crate) fn finish(mut self, frame: &Frame, meta: &Meta) -> Result<Vec<u8>, ReportError> {
        let total = self.pages.len();
        self.resolve_page_refs();
        let pages = std::mem::take(&mut self.pages);
        let mut decorated = Vec::with_capacity(total);
        for (i, page) in pages.into_iter().enumerate() {
            self.pages = vec![page];
            self.decorate(frame, i + 1, total);
            decorated.push(self.pages.pop().expect("just pushed"));
        }
        render(
            self.fonts,
            decorated,
            &self.nav,
            meta,
            self.width,
            self.height,
        )
    }

    /// Writes the page numbers that waited for the layout (the contents page).
    fn resolve_page_refs(&mut self) {
        let refs = std::mem::take(&mut self.nav.page_refs);
        for r in refs {
            let Some(place) = self.nav.place(&r.key) else {
                continue;
            };
            let text = (place.page + 1).to_string();
            let w = self.width_of(r.style, &text);
            let x = r.right - w;
            let page = std::mem::take(&mut self.pages[r.page]);
            let saved = std::mem::replace(&mut self.pages, vec![page]);
            self.text(x, r.baseline, r.style, &text);
            let page = self.pages.pop().expect("just pushed");
            self.pages = saved;
            self.pages[r.page] = page;
        }
    }

    fn decorate(&mut self, frame: &Frame, page: usize, total: usize) {
        let (left, right) = (self.left, self.right);
        let hy = 36.0;
        let max_left = (right - left) * 0.62;
        let header_left = self.fit(styles::SMALL.bold(), &frame.header_left, max_left);
        self.text(
            left,
            hy,
            styles::SMALL.bold().color(colors::INK),
            &header_left,
        );
        let header_right = self.fit(
            styles::SMALL,
            &frame.header_right,
            right - left - max_left - 12.0,
        );
        self.text_right(right, hy, styles::SMALL, &header_right);
        self.line(left, hy + 6.0, right, hy + 6.0, colors::RULE, 0.6);
        let fy = self.height - 34.0;
        self.line(left, fy - 10.0, right, fy - 10.0, colors::RULE, 0.6);
        let page_text = format!("Page {page} of {total}");
        let page_w = self.width_of(styles::SMALL, &page_text);
        let footer_left = self.fit(
            styles::SMALL,
            &frame.footer_left,
            right - left - page_w - 16.0,
        );
        self.text(left, fy, styles::SMALL, &footer_left);
        self.text_right(
            right,
            fy,
            styles::SMALL.bold().color(colors::INK),
            &page_text,
        );
    }
}
