//! A small page-layout layer over printpdf: a display list of text, rectangles
//! and lines in points measured from the top-left corner, a flowing cursor that
//! breaks pages, word wrapping with the real glyph advances, and a final pass
//! that adds the running header and footer ("Page 3 of 12"), subsets the fonts
//! and serialises.
//!
//! Why a display list instead of printpdf ops directly: the page count (for the
//! footer) and the glyph set (for the font subset) are only known at the end,
//! and a list of plain values is easy to test and to hash for the document id.
//!
//! Determinism: printpdf names fonts and the trailer `/ID` with a process-global
//! pseudo-random counter, so two renders in one process would differ. We name
//! the fonts ourselves (`F1`, `F2`), derive the subset tags and the `/ID` from
//! the content, take every date from `generated_at`, and write no XMP packet.

mod blocks;
pub(crate) mod chart;
mod doc;
mod doc_id;
mod draw;
mod embed;
mod frame;
mod measure;
mod nav;
mod ops;
mod outline;
mod render;
mod style;
pub(crate) mod table;
pub(crate) mod timeline;

pub(crate) use blocks::chip;
pub(crate) use doc::Doc;
pub(crate) use draw::Cmd;
pub(crate) use frame::Frame;
pub(crate) use render::Meta;
pub(crate) use style::{colors, styles, Rgb, Style};
