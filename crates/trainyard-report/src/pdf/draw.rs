//! Drawing primitives: text runs, rectangles and lines appended to the
//! current page's display list, in points from the page's top-left corner.

use super::{Doc, Rgb, Style};
use crate::font::{printable, FaceId};

/// One drawing command; coordinates in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cmd {
    /// `y` is the baseline; `face` is the face that has every glyph of `text`.
    Text {
        x: f32,
        y: f32,
        style: Style,
        face: FaceId,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
        dashed: bool,
    },
}

impl Doc {
    fn push(&mut self, cmd: Cmd) {
        self.pages
            .last_mut()
            .expect("a document always has a page")
            .push(cmd);
    }

    /// Draws one line of text with its baseline at `y`, in runs of the face
    /// that has each character's glyph.
    pub(crate) fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        let text = printable(self.fonts, style.weight, text);
        if text.trim().is_empty() {
            return;
        }
        let mut x = x;
        for (face, run) in self.fonts.runs(style.weight, &text) {
            let w = self.fonts.face(face).width(&run, style.size);
            if !run.trim().is_empty() {
                self.push(Cmd::Text {
                    x,
                    y,
                    style,
                    face,
                    text: run,
                });
            }
            x += w;
        }
    }

    pub(crate) fn text_right(&mut self, right: f32, y: f32, style: Style, text: &str) {
        let w = self.width_of(style, text);
        self.text(right - w, y, style, text);
    }

    pub(crate) fn text_center(&mut self, center: f32, y: f32, style: Style, text: &str) {
        let w = self.width_of(style, text);
        self.text(center - w / 2.0, y, style, text);
    }

    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if w > 0.0 && h > 0.0 {
            self.push(Cmd::Rect {
                x,
                y,
                w,
                h,
                fill: Some(color),
                stroke: None,
            });
        }
    }

    pub(crate) fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    ) {
        self.push(Cmd::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: Rgb, width: f32) {
        self.push(Cmd::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
            dashed: false,
        });
    }

    pub(crate) fn dashed(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: Rgb, width: f32) {
        self.push(Cmd::Line {
            x1,
            y1,
            x2,
            y2,
            color,
            width,
            dashed: true,
        });
    }
}
