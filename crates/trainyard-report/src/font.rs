//! The one typeface of every PDF: DejaVu Sans, regular and bold, copied from the
//! system at build time (see `build.rs`), measured here for layout and subset to
//! the glyphs a document uses before it is embedded.
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

/// Which face of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Weight {
    Regular,
    Bold,
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

/// Both faces, parsed once per process.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    pub(crate) fn get() -> Result<&'static Fonts, ReportError> {
        static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Face::parse(REGULAR_TTF, "DejaVuSans")?,
                    bold: Face::parse(BOLD_TTF, "DejaVuSans-Bold")?,
                })
            })
            .as_ref()
            .map_err(|e| ReportError::Font(format!("cannot read the embedded DejaVu Sans: {e}")))
    }

    pub(crate) fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// Text as it will be drawn: control characters become spaces and characters
/// the face lacks become U+FFFD (which DejaVu has), so nothing is dropped silently.
pub(crate) fn printable(face: &Face, text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if face.glyph(c).is_some() {
                c
            } else {
                '\u{FFFD}'
            }
        })
        .collect()
}
