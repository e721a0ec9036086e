//! The typefaces of every PDF, copied from the system at build time (see
//! `build.rs`), measured here for layout and subset to the glyphs a document
//! uses before they are embedded: DejaVu Sans (regular and bold) for most
//! text, then, character by character, Droid Sans Fallback for Chinese and
//! Japanese, Nanum Gothic for Korean and Symbola for emoji and other symbols. A run of text
//! is split where the face that has the glyph changes (see `pdf/draw.rs`).
//! The fallback faces have one weight: bold CJK or emoji is drawn regular.
//!
//! Why we subset ourselves: printpdf only subsets with its `text_layout` feature,
//! which pulls in the azul layout engine (taffy, azul-core, azul-css,
//! rust-fontconfig). The subsetter it would call, allsorts, is a non-optional
//! dependency of printpdf anyway, so calling it here costs no extra build and
//! keeps the PDFs small (a subset is ~10–30 KB instead of ~700 KB per face).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;

use crate::ReportError;

static REGULAR_TTF: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans.ttf"));
static BOLD_TTF: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSans-Bold.ttf"));
static CJK_TTF: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/DroidSansFallbackFull.ttf"));
static HANGUL_TTF: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/NanumGothic.ttf"));
static SYMBOLS_TTF: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/Symbola_hint.ttf"));

/// Which face of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// Which face draws a run of text: the style's weight, or a fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FaceId {
    Regular,
    Bold,
    Cjk,
    Hangul,
    Symbols,
}

impl FaceId {
    pub(crate) const ALL: [FaceId; 5] = [
        FaceId::Regular,
        FaceId::Bold,
        FaceId::Cjk,
        FaceId::Hangul,
        FaceId::Symbols,
    ];

    pub(crate) fn of(weight: Weight) -> FaceId {
        match weight {
            Weight::Regular => FaceId::Regular,
            Weight::Bold => FaceId::Bold,
        }
    }
}

/// A parsed face: what layout needs (advances) and what subsetting needs (cmap).
pub(crate) struct Face {
    pub(crate) bytes: &'static [u8],
    pub(crate) postscript_name: &'static str,
    /// Glyph of each BMP code point (0 = none); the few astral ones in a map.
    bmp: Vec<u16>,
    astral: BTreeMap<u32, u16>,
    /// Advance width of each glyph, in font units.
    advances: Vec<u16>,
    units_per_em: f32,
}

impl Face {
    fn parse(bytes: &'static [u8], postscript_name: &'static str) -> Result<Face, String> {
        let file = ReadScope::new(bytes)
            .read::<FontData<'_>>()
            .map_err(|e| e.to_string())?;
        let provider = file.table_provider(0).map_err(|e| e.to_string())?;
        let table = |t| provider.read_table_data(t).map_err(|e| e.to_string());
        let head_data = table(tag::HEAD)?;
        let head = ReadScope::new(&head_data)
            .read::<HeadTable>()
            .map_err(|e| e.to_string())?;
        let maxp_data = table(tag::MAXP)?;
        let maxp = ReadScope::new(&maxp_data)
            .read::<MaxpTable>()
            .map_err(|e| e.to_string())?;
        let hhea_data = table(tag::HHEA)?;
        let hhea = ReadScope::new(&hhea_data)
            .read::<HheaTable>()
            .map_err(|e| e.to_string())?;
        let hmtx_data = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .map_err(|e| e.to_string())?;
        let advances = (0..maxp.num_glyphs)
            .map(|g| hmtx.horizontal_advance(g).unwrap_or(0))
            .collect();
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data)
            .read::<Cmap<'_>>()
            .map_err(|e| e.to_string())?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap)
            .map_err(|e| e.to_string())?
            .ok_or("the font has no Unicode cmap")?;
        let mut bmp = vec![0u16; 0x1_0000];
        let mut astral = BTreeMap::new();
        subtable
            .mappings_fn(|cp, gid| match usize::try_from(cp) {
                Ok(i) if i < bmp.len() => bmp[i] = gid,
                _ => {
                    astral.insert(cp, gid);
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Face {
            bytes,
            postscript_name,
            bmp,
            astral,
            advances,
            units_per_em: f32::from(head.units_per_em),
        })
    }

    /// The glyph of a character, if the face has one.
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        let cp = c as u32;
        let g = match self.bmp.get(cp as usize) {
            Some(&g) => g,
            None => self.astral.get(&cp).copied().unwrap_or(0),
        };
        (g != 0).then_some(g)
    }

    /// Advance of a character at `size` points (characters without a glyph are
    /// drawn as their replacement, see [`printable`]).
    pub(crate) fn advance(&self, c: char, size: f32) -> f32 {
        let g = self.glyph(c).unwrap_or(0);
        f32::from(self.advances.get(usize::from(g)).copied().unwrap_or(0)) * size
            / self.units_per_em
    }

    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// A subset holding `.notdef` and the glyphs of `chars`, and the
    /// character → new glyph id map for the content streams.
    pub(crate) fn subset(
        &self,
        chars: &BTreeSet<char>,
    ) -> Result<(Vec<u8>, BTreeMap<u32, u16>), ReportError> {
        let mut gids: Vec<u16> = chars.iter().filter_map(|&c| self.glyph(c)).collect();
        gids.sort_unstable();
        gids.dedup();
        gids.insert(0, 0);
        let file = ReadScope::new(self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| ReportError::Font(e.to_string()))?;
        let provider = file
            .table_provider(0)
            .map_err(|e| ReportError::Font(e.to_string()))?;
        let bytes =
            allsorts::subset::subset(&provider, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode)
                .map_err(|e| {
                    ReportError::Font(format!("cannot subset {}: {e}", self.postscript_name))
                })?;
        // allsorts renumbers the requested glyphs to their position in `gids`.
        let new_id: BTreeMap<u16, u16> = gids
            .iter()
            .enumerate()
            .map(|(i, &g)| (g, i as u16))
            .collect();
        let map = chars
            .iter()
            .filter_map(|&c| {
                self.glyph(c)
                    .and_then(|g| new_id.get(&g))
                    .map(|&n| (c as u32, n))
            })
            .collect();
        Ok((bytes, map))
    }
}

/// Every face, parsed once per process.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
    pub(crate) cjk: Face,
    pub(crate) hangul: Face,
    pub(crate) symbols: Face,
}

impl Fonts {
    pub(crate) fn get() -> Result<&'static Fonts, ReportError> {
        static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Face::parse(REGULAR_TTF, "DejaVuSans")?,
                    bold: Face::parse(BOLD_TTF, "DejaVuSans-Bold")?,
                    cjk: Face::parse(CJK_TTF, "DroidSansFallbackFull")?,
                    hangul: Face::parse(HANGUL_TTF, "NanumGothic")?,
                    symbols: Face::parse(SYMBOLS_TTF, "Symbola")?,
                })
            })
            .as_ref()
            .map_err(|e| ReportError::Font(format!("cannot read the embedded fonts: {e}")))
    }

    pub(crate) fn face(&self, id: FaceId) -> &Face {
        match id {
            FaceId::Regular => &self.regular,
            FaceId::Bold => &self.bold,
            FaceId::Cjk => &self.cjk,
            FaceId::Hangul => &self.hangul,
            FaceId::Symbols => &self.symbols,
        }
    }

    /// The face that draws `c` in `weight`: the weight's own face when it has
    /// the glyph, else the first fallback that has it, else the weight's face
    /// (which draws U+FFFD, see [`printable`]).
    pub(crate) fn face_for(&self, weight: Weight, c: char) -> FaceId {
        let own = FaceId::of(weight);
        if self.face(own).glyph(c).is_some() {
            return own;
        }
        // Korean goes to the Korean face first, so a word never mixes two faces.
        let hangul = matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}');
        let order = if hangul {
            [FaceId::Hangul, FaceId::Cjk, FaceId::Symbols]
        } else {
            [FaceId::Cjk, FaceId::Hangul, FaceId::Symbols]
        };
        order
            .into_iter()
            .find(|f| self.face(*f).glyph(c).is_some())
            .unwrap_or(own)
    }

    pub(crate) fn advance(&self, weight: Weight, c: char, size: f32) -> f32 {
        self.face(self.face_for(weight, c)).advance(c, size)
    }

    pub(crate) fn width(&self, weight: Weight, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(weight, c, size)).sum()
    }

    /// `text` in runs that one face draws each.
    pub(crate) fn runs(&self, weight: Weight, text: &str) -> Vec<(FaceId, String)> {
        let mut out: Vec<(FaceId, String)> = Vec::new();
        for c in text.chars() {
            let f = self.face_for(weight, c);
            match out.last_mut() {
                Some((last, run)) if *last == f => run.push(c),
                _ => out.push((f, c.to_string())),
            }
        }
        out
    }
}

/// Text as it will be drawn: control characters become spaces, emoji
/// presentation selectors and joiners that no face draws are left out, and
/// other characters no face has become U+FFFD (which DejaVu has), so nothing
/// is dropped silently.
pub(crate) fn printable(fonts: &Fonts, weight: Weight, text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_control() {
                Some(' ')
            } else if fonts.face(fonts.face_for(weight, c)).glyph(c).is_some() {
                Some(c)
            } else if matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{200B}')
                || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
            {
                None
            } else {
                Some('\u{FFFD}')
            }
        })
        .collect()
}
