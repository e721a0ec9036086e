//! Navigation inside a PDF: named places (anchors) in the flowing document,
//! the outline (bookmarks) that points at them, link rectangles that jump to
//! them, and page numbers of anchors written where they are only known once
//! the layout is done (the contents page).
//!
//! Everything is recorded as plain values during layout and resolved in
//! `render` (see `outline.rs`), so the layout code never sees PDF objects.

use super::{Doc, Style};

/// A place in the document: a page (0-based) and a y from the page's top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Place {
    pub(crate) page: usize,
    pub(crate) y: f32,
}

/// An outline entry: `level` 0 is a section, 1 an entry under the last section.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bookmark {
    pub(crate) level: u8,
    pub(crate) title: String,
    pub(crate) key: String,
}

/// A rectangle on a page that jumps to an anchor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub(crate) page: usize,
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) w: f32,
    pub(crate) h: f32,
    pub(crate) key: String,
}

/// The page number of an anchor, right-aligned at `right` on a baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageRef {
    pub(crate) page: usize,
    pub(crate) right: f32,
    pub(crate) baseline: f32,
    pub(crate) style: Style,
    pub(crate) key: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Nav {
    pub(crate) anchors: std::collections::HashMap<String, Place>,
    pub(crate) outline: Vec<Bookmark>,
    pub(crate) links: Vec<Link>,
    pub(crate) page_refs: Vec<PageRef>,
}

impl Nav {
    pub(crate) fn place(&self, key: &str) -> Option<Place> {
        self.anchors.get(key).copied()
    }
}

impl Doc {
    fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Names the cursor's place; the first anchor of a key wins.
    pub(crate) fn anchor(&mut self, key: &str) {
        let place = Place {
            page: self.page_index(),
            y: self.y,
        };
        self.nav.anchors.entry(key.to_owned()).or_insert(place);
    }

    /// An anchor at the cursor with an outline entry pointing at it.
    pub(crate) fn bookmark(&mut self, level: u8, title: &str, key: &str) {
        self.anchor(key);
        self.nav.outline.push(Bookmark {
            level,
            title: title.to_owned(),
            key: key.to_owned(),
        });
    }

    /// Makes a rectangle of the current page jump to the anchor `key` (a
    /// link to an anchor that never appears is dropped when rendering).
    pub(crate) fn link(&mut self, x: f32, y: f32, w: f32, h: f32, key: &str) {
        self.nav.links.push(Link {
            page: self.page_index(),
            x,
            y,
            w,
            h,
            key: key.to_owned(),
        });
    }

    /// Writes the page number of anchor `key` right-aligned at `right`, once known.
    pub(crate) fn page_ref(&mut self, right: f32, baseline: f32, style: Style, key: &str) {
        self.nav.page_refs.push(PageRef {
            page: self.page_index(),
            right,
            baseline,
            style,
            key: key.to_owned(),
        });
    }

    /// Whether an anchor has been placed (a section that was drawn).
    pub(crate) fn has_anchor(&self, key: &str) -> bool {
        self.nav.anchors.contains_key(key)
    }

    /// Pages so far.
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }
}
