//! The look of the PDFs in one place: the colour palette of text, rules and
//! window shading, and the text styles (size, weight, colour) every block uses.

use printpdf::Color;

use crate::font::Weight;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub(super) fn to_pdf(self) -> Color {
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
