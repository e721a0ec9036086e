//! Font embedding: each face the document uses is subset to its glyphs (see
//! `crate::font`) and embedded under a name of our own (`F1` regular, `F2`
//! bold, `F3` Chinese and Japanese, `F4` Korean, `F5` symbols) with a subset tag derived from the glyph set, so the same document
//! always names its fonts the same way.

use std::collections::BTreeSet;

use printpdf::{FontId, ParsedFont, PdfDocument, PdfFont};

use super::Cmd;
use crate::fnv::Fnv;
use crate::font::{FaceId, Fonts};
use crate::ReportError;

/// Embeds the subsets of the faces `pages` draw text with; returns the font id
/// of each weight (`None` for a face no text uses).
pub(super) fn embed_fonts(
    doc: &mut PdfDocument,
    fonts: &'static Fonts,
    pages: &[Vec<Cmd>],
) -> Result<[Option<FontId>; 5], ReportError> {
    // The glyphs each face needs.
    let mut used: [BTreeSet<char>; 5] = Default::default();
    for cmd in pages.iter().flatten() {
        if let Cmd::Text { face, text, .. } = cmd {
            used[*face as usize].extend(text.chars());
        }
    }

    let mut ids = [None, None, None, None, None];
    for (i, id) in FaceId::ALL.into_iter().enumerate() {
        if used[i].is_empty() {
            continue;
        }
        let face = fonts.face(id);
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
    Ok(ids)
}

/// The six-letter subset tag of ISO 32000-1 9.6.4, derived from the glyph set so
/// the same document always gets the same tag.
fn subset_tag(seed: &str, chars: &BTreeSet<char>) -> String {
    let mut h = Fnv::new();
    h.write(seed.as_bytes());
    for c in chars {
        h.write(&(*c as u32).to_le_bytes());
    }
    let mut v = h.finish();
    (0..6)
        .map(|_| {
            let c = (b'A' + (v % 26) as u8) as char;
            v /= 26;
            c
        })
        .collect()
}
