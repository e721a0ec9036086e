//! Text measured with the real glyph advances of the embedded face: widths,
//! word wrapping and cutting to a width with an ellipsis.

use super::{Doc, Style};

impl Doc {
    pub(crate) fn width_of(&self, style: Style, text: &str) -> f32 {
        self.fonts.width(style.weight, text, style.size)
    }

    /// Lines of `text` wrapped to `width`: words break at spaces, a word longer
    /// than a line breaks between characters; newlines start new lines.
    pub(crate) fn wrap(&self, style: Style, text: &str, width: f32) -> Vec<String> {
        let (fonts, weight) = (self.fonts, style.weight);
        let space = fonts.advance(weight, ' ', style.size);
        let mut out = Vec::new();
        for para in text.split('\n') {
            let para = para.trim_end_matches('\r');
            let mut line = String::new();
            let mut line_w = 0.0f32;
            for word in para.split([' ', '\t']).filter(|w| !w.is_empty()) {
                let word_w = fonts.width(weight, word, style.size);
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
                    let cw = fonts.advance(weight, c, style.size);
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
        let (fonts, weight) = (self.fonts, style.weight);
        if fonts.width(weight, text, style.size) <= width {
            return text.to_owned();
        }
        let budget = width - fonts.advance(weight, '…', style.size);
        let mut w = 0.0;
        let mut out = String::new();
        for c in text.chars() {
            w += fonts.advance(weight, c, style.size);
            if w > budget {
                break;
            }
            out.push(c);
        }
        out.truncate(out.trim_end().len());
        out.push('…');
        out
    }
}
