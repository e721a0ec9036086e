//! The flowing document: a content box on the paper, pages of display-list
//! commands, and the cursor that moves down the last page and breaks to a new
//! one when a block does not fit.

use super::nav::Nav;
use super::Cmd;
use crate::font::Fonts;
use crate::{Paper, ReportError};

/// A flowing document: pages of commands and a cursor `y` on the last page.
pub(crate) struct Doc {
    pub(crate) fonts: &'static Fonts,
    pub(crate) width: f32,
    pub(crate) height: f32,
    /// Content box.
    pub(crate) left: f32,
    pub(crate) right: f32,
    pub(crate) top: f32,
    pub(crate) bottom: f32,
    /// The cursor: the top of the next block on the current page.
    pub(crate) y: f32,
    pub(super) pages: Vec<Vec<Cmd>>,
    pub(super) nav: Nav,
}

impl Doc {
    pub(crate) fn new(paper: Paper) -> Result<Doc, ReportError> {
        let (width, height) = paper.size_pt();
        let margin = 48.0;
        let mut doc = Doc {
            fonts: Fonts::get()?,
            width,
            height,
            left: margin,
            right: width - margin,
            top: 66.0,
            bottom: height - 58.0,
            y: 66.0,
            pages: vec![],
            nav: Nav::default(),
        };
        doc.page_break();
        Ok(doc)
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.right - self.left
    }

    /// Starts a new page and puts the cursor at its top.
    pub(crate) fn page_break(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    /// Whether the cursor is at the top of a fresh page.
    pub(crate) fn at_top(&self) -> bool {
        self.y <= self.top + 0.01
    }

    pub(crate) fn room(&self) -> f32 {
        self.bottom - self.y
    }

    /// Breaks the page unless `h` points still fit below the cursor.
    pub(crate) fn need(&mut self, h: f32) {
        if self.y + h > self.bottom + 0.01 && !self.at_top() {
            self.page_break();
        }
    }

    pub(crate) fn gap(&mut self, h: f32) {
        self.y = (self.y + h).min(self.bottom);
    }
}
