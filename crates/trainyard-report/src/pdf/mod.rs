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

pub(crate) mod table;
pub(crate) mod timeline;

use std::collections::BTreeSet;

use printpdf::{
    Color, CustomPdfConformance, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode,
    ParsedFont, PdfConformance, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, TextItem, TextMatrix,
};

use crate::font::{printable, subset_tag, Fonts, Weight};
use crate::{Paper, ReportError};
use trainyard_core::time::Instant;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn to_pdf(self) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
    }

    /// This colour mixed with white: `t` = 0 keeps it, 1 gives white.
    pub(crate) fn tint(self, t: f32) -> Rgb {
        let m = |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * t).round() as u8;
        Rgb(m(self.0), m(self.1), m(self.2))
    }
}

pub(crate) mod colors {
    use super::Rgb;
    pub(crate) const INK: Rgb = Rgb(0x1f, 0x23, 0x28);
    pub(crate) const MUTED: Rgb = Rgb(0x5f, 0x66, 0x6d);
    pub(crate) const FAINT: Rgb = Rgb(0x9a, 0xa0, 0xa6);
    pub(crate) const RULE: Rgb = Rgb(0xd0, 0xd4, 0xd9);
    pub(crate) const HAIRLINE: Rgb = Rgb(0xe6, 0xe8, 0xeb);
    pub(crate) const HEADER_FILL: Rgb = Rgb(0xe9, 0xee, 0xf4);
    pub(crate) const ZEBRA: Rgb = Rgb(0xf6, 0xf8, 0xfa);
    pub(crate) const ACCENT: Rgb = Rgb(0x1d, 0x4e, 0x89);
    pub(crate) const ERROR: Rgb = Rgb(0xb4, 0x23, 0x18);
    pub(crate) const WARNING: Rgb = Rgb(0xa8, 0x5d, 0x00);
    pub(crate) const OK: Rgb = Rgb(0x1e, 0x7b, 0x34);
    pub(crate) const MAINTENANCE: Rgb = Rgb(0xdc, 0xf0, 0xdc);
    pub(crate) const BLACKOUT: Rgb = Rgb(0xf8, 0xd7, 0xd4);
    pub(crate) const BLACKOUT_HATCH: Rgb = Rgb(0xe3, 0x9a, 0x93);
}

/// Font, size and colour of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub(crate) size: f32,
    pub(crate) weight: Weight,
    pub(crate) color: Rgb,
}

impl Style {
    pub(crate) const fn new(size: f32, weight: Weight, color: Rgb) -> Style {
        Style {
            size,
            weight,
            color,
        }
    }
    pub(crate) const fn bold(self) -> Style {
        Style {
            weight: Weight::Bold,
            ..self
        }
    }
    pub(crate) const fn color(self, color: Rgb) -> Style {
        Style { color, ..self }
    }
    pub(crate) const fn size(self, size: f32) -> Style {
        Style { size, ..self }
    }
    /// Baseline-to-baseline distance.
    pub(crate) fn leading(self) -> f32 {
        (self.size * 1.3).round_to_quarter()
    }
}

trait Quarter {
    fn round_to_quarter(self) -> f32;
}
impl Quarter for f32 {
    fn round_to_quarter(self) -> f32 {
        (self * 4.0).round() / 4.0
    }
}

pub(crate) mod styles {
    use super::{colors, Style};
    use crate::font::Weight;
    pub(crate) const TITLE: Style = Style::new(20.0, Weight::Bold, colors::INK);
    pub(crate) const H1: Style = Style::new(14.0, Weight::Bold, colors::ACCENT);
    pub(crate) const H2: Style = Style::new(11.0, Weight::Bold, colors::INK);
    pub(crate) const H3: Style = Style::new(9.0, Weight::Bold, colors::INK);
    pub(crate) const BODY: Style = Style::new(9.0, Weight::Regular, colors::INK);
    pub(crate) const LABEL: Style = Style::new(8.0, Weight::Bold, colors::MUTED);
    pub(crate) const SMALL: Style = Style::new(7.5, Weight::Regular, colors::MUTED);
    pub(crate) const TABLE: Style = Style::new(8.0, Weight::Regular, colors::INK);
}

/// One drawing command; coordinates in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cmd {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        style: Style,
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

/// Running header and footer texts, drawn on every page.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frame {
    pub(crate) header_left: String,
    pub(crate) header_right: String,
    pub(crate) footer_left: String,
}

/// Document metadata (the Info dictionary).
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) subject: String,
    pub(crate) generated_at: Instant,
}

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
    pages: Vec<Vec<Cmd>>,
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

    fn push(&mut self, cmd: Cmd) {
        self.pages
            .last_mut()
            .expect("a document always has a page")
            .push(cmd);
    }

    pub(crate) fn width_of(&self, style: Style, text: &str) -> f32 {
        self.fonts.face(style.weight).width(text, style.size)
    }

    /// Draws one line of text with its baseline at `y`.
    pub(crate) fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        let text = printable(self.fonts.face(style.weight), text);
        if text.trim().is_empty() {
            return;
        }
        self.push(Cmd::Text { x, y, style, text });
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

    /// Lines of `text` wrapped to `width`: words break at spaces, a word longer
    /// than a line breaks between characters; newlines start new lines.
    pub(crate) fn wrap(&self, style: Style, text: &str, width: f32) -> Vec<String> {
        let face = self.fonts.face(style.weight);
        let space = face.advance(' ', style.size);
        let mut out = Vec::new();
        for para in text.split('\n') {
            let para = para.trim_end_matches('\r');
            let mut line = String::new();
            let mut line_w = 0.0f32;
            for word in para.split([' ', '\t']).filter(|w| !w.is_empty()) {
                let word_w = face.width(word, style.size);
                if !line.is_empty() && line_w + space + word_w <= width {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + word_w;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                if word_w <= width {
                    line.push_str(word);
                    line_w = word_w;
                    continue;
                }
                // A word wider than the line: break it between characters.
                line_w = 0.0;
                for c in word.chars() {
                    let cw = face.advance(c, style.size);
                    if !line.is_empty() && line_w + cw > width {
                        out.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(c);
                    line_w += cw;
                }
            }
            out.push(line);
        }
        out
    }

    /// `text` cut to `width` with an ellipsis when it does not fit.
    pub(crate) fn fit(&self, style: Style, text: &str, width: f32) -> String {
        let face = self.fonts.face(style.weight);
        if face.width(text, style.size) <= width {
            return text.to_owned();
        }
        let budget = width - face.advance('…', style.size);
        let mut w = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            w += face.advance(c, style.size);
            if w > budget {
                break;
            }
            out.push(c);
        }
        out.truncate(out.trim_end().len());
        out.push('…');
        out
    }

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

    /// Adds the running header and footer, subsets the fonts and writes the PDF.
    pub(crate) fn finish(mut self, frame: &Frame, meta: &Meta) -> Result<Vec<u8>, ReportError> {
        let total = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let mut decorated = Vec::with_capacity(total);
        for (i, page) in pages.into_iter().enumerate() {
            self.pages = vec![page];
            self.decorate(frame, i + 1, total);
            decorated.push(self.pages.pop().expect("just pushed"));
        }
        render(self.fonts, decorated, meta, self.width, self.height)
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

/// FNV-1a, 64 bit: a stable hash for ids and tags (std's hasher may change
/// between Rust releases, and these values end up in files).
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    pub(crate) fn finish(&self) -> u64 {
        self.0
    }
}

fn hash_cmds(h: &mut Fnv, cmds: &[Cmd]) {
    let f = |h: &mut Fnv, v: f32| h.write(&v.to_bits().to_le_bytes());
    for c in cmds {
        match c {
            Cmd::Text { x, y, style, text } => {
                h.write(b"T");
                f(h, *x);
                f(h, *y);
                f(h, style.size);
                h.write(&[
                    style.weight as u8,
                    style.color.0,
                    style.color.1,
                    style.color.2,
                ]);
                h.write(text.as_bytes());
            }
            Cmd::Rect {
                x,
                y,
                w,
                h: hh,
                fill,
                stroke,
            } => {
                h.write(b"R");
                for v in [*x, *y, *w, *hh] {
                    f(h, v);
                }
                if let Some(c) = fill {
                    h.write(&[c.0, c.1, c.2]);
                }
                if let Some((c, w)) = stroke {
                    h.write(&[c.0, c.1, c.2]);
                    f(h, *w);
                }
            }
            Cmd::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
                dashed,
            } => {
                h.write(b"L");
                for v in [*x1, *y1, *x2, *y2, *width] {
                    f(h, v);
                }
                h.write(&[color.0, color.1, color.2, u8::from(*dashed)]);
            }
        }
    }
}

fn pdf_date(t: Instant) -> printpdf::OffsetDateTime {
    printpdf::OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or_else(|_| {
        printpdf::OffsetDateTime::from_unix_timestamp(0).expect("the epoch is a valid date")
    })
}

fn render(
    fonts: &'static Fonts,
    pages: Vec<Vec<Cmd>>,
    meta: &Meta,
    width: f32,
    height: f32,
) -> Result<Vec<u8>, ReportError> {
    // The glyphs each face needs.
    let mut used: [BTreeSet<char>; 2] = [BTreeSet::new(), BTreeSet::new()];
    for cmd in pages.iter().flatten() {
        if let Cmd::Text { style, text, .. } = cmd {
            used[style.weight as usize].extend(text.chars());
        }
    }

    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.creation_date = pdf_date(meta.generated_at);
    info.modification_date = pdf_date(meta.generated_at);
    info.metadata_date = pdf_date(meta.generated_at);
    info.creator = "Trainyard".into();
    info.producer = concat!("Trainyard ", env!("CARGO_PKG_VERSION"), " (printpdf)").into();
    info.subject = meta.subject.clone();
    info.conformance = PdfConformance::Custom(CustomPdfConformance {
        requires_xmp_metadata: false,
        ..Default::default()
    });

    let mut ids = [None, None];
    for (i, weight) in [Weight::Regular, Weight::Bold].into_iter().enumerate() {
        if used[i].is_empty() {
            continue;
        }
        let face = fonts.face(weight);
        let (bytes, map) = face.subset(&used[i])?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or_else(|| {
            ReportError::Font(format!(
                "the subset of {} does not parse",
                face.postscript_name
            ))
        })?;
        parsed.codepoint_to_glyph = map;
        parsed.font_name = Some(format!(
            "{}+{}",
            subset_tag(face.postscript_name, &used[i]),
            face.postscript_name
        ));
        let id = FontId(format!("F{}", i + 1));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        ids[i] = Some(id);
    }

    let mut id_hash = Fnv::new();
    id_hash.write(meta.title.as_bytes());
    id_hash.write(&meta.generated_at.timestamp().to_le_bytes());
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for cmds in &pages {
        hash_cmds(&mut id_hash, cmds);
        let mut page = PdfPage::new(Mm(0.0), Mm(0.0), to_ops(cmds, &ids, height));
        let rect = Rect::from_wh(Pt(width), Pt(height));
        page.media_box = rect.clone();
        page.trim_box = rect.clone();
        page.crop_box = rect;
        pdf_pages.push(page);
    }
    doc.with_pages(pdf_pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    let digest = id_hash.finish();
    let mut id = Vec::with_capacity(16);
    id.extend_from_slice(&digest.to_be_bytes());
    id.extend_from_slice(
        &digest
            .rotate_left(29)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .to_be_bytes(),
    );
    let id = lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    Ok(out)
}

fn to_ops(cmds: &[Cmd], fonts: &[Option<FontId>; 2], height: f32) -> Vec<Op> {
    let mut ops = Vec::with_capacity(cmds.len() * 3);
    let mut in_text = false;
    let mut font: Option<(usize, f32)> = None;
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<(Rgb, f32)> = None;
    let mut dash = false;
    let pt = |x: f32, y: f32| Point {
        x: Pt(x),
        y: Pt(height - y),
    };
    for cmd in cmds {
        match cmd {
            Cmd::Text { x, y, style, text } => {
                let Some(id) = fonts[style.weight as usize].clone() else {
                    continue;
                };
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                    font = None;
                }
                let key = (style.weight as usize, style.size);
                if font != Some(key) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id),
                        size: Pt(style.size),
                    });
                    font = Some(key);
                }
                if fill != Some(style.color) {
                    ops.push(Op::SetFillColor {
                        col: style.color.to_pdf(),
                    });
                    fill = Some(style.color);
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(*x), Pt(height - y)),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
            }
            Cmd::Rect {
                x,
                y,
                w,
                h,
                fill: f,
                stroke: s,
            } => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                if let Some(c) = f {
                    if fill != Some(*c) {
                        ops.push(Op::SetFillColor { col: c.to_pdf() });
                        fill = Some(*c);
                    }
                }
                if let Some(s) = s {
                    set_stroke(&mut ops, &mut stroke, &mut dash, *s, false);
                }
                let mode = match (f, s) {
                    (Some(_), Some(_)) => PaintMode::FillStroke,
                    (None, Some(_)) => PaintMode::Stroke,
                    _ => PaintMode::Fill,
                };
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(height - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(mode),
                        winding_order: None,
                    },
                });
            }
            Cmd::Line {
                x1,
                y1,
                x2,
                y2,
                color,
                width,
                dashed,
            } => {
                if in_text {
                    ops.push(Op::EndTextSection);
                    in_text = false;
                }
                set_stroke(&mut ops, &mut stroke, &mut dash, (*color, *width), *dashed);
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: pt(*x1, *y1),
                                bezier: false,
                            },
                            LinePoint {
                                p: pt(*x2, *y2),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
        }
    }
    if in_text {
        ops.push(Op::EndTextSection);
    }
    ops
}

fn set_stroke(
    ops: &mut Vec<Op>,
    cur: &mut Option<(Rgb, f32)>,
    cur_dash: &mut bool,
    want: (Rgb, f32),
    dashed: bool,
) {
    if cur.map(|c| c.0) != Some(want.0) {
        ops.push(Op::SetOutlineColor {
            col: want.0.to_pdf(),
        });
    }
    if cur.map(|c| c.1) != Some(want.1) {
        ops.push(Op::SetOutlineThickness { pt: Pt(want.1) });
    }
    *cur = Some(want);
    if *cur_dash != dashed {
        let pattern = if dashed {
            LineDashPattern::new(0.0, &[2.0, 2.0])
        } else {
            LineDashPattern::solid()
        };
        ops.push(Op::SetLineDashPattern { dash: pattern });
        *cur_dash = dashed;
    }
}
