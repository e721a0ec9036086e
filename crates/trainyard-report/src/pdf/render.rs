//! Document assembly: the Info dictionary (every date from "generated at", no
//! XMP packet), the embedded font subsets, one page per display list, the
//! content-derived trailer `/ID`, compression and serialisation.

use printpdf::{
    CustomPdfConformance, Mm, PdfConformance, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect,
};

use super::doc_id::document_id;
use super::embed::embed_fonts;
use super::nav::Nav;
use super::ops::to_ops;
use super::outline::add_navigation;
use super::Cmd;
use crate::font::Fonts;
use crate::ReportError;
use trainyard_core::time::Instant;

/// Document metadata (the Info dictionary).
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub(crate) title: String,
    pub(crate) subject: String,
    pub(crate) generated_at: Instant,
}

fn pdf_date(t: Instant) -> printpdf::OffsetDateTime {
    printpdf::OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or_else(|_| {
        printpdf::OffsetDateTime::from_unix_timestamp(0).expect("the epoch is a valid date")
    })
}

pub(super) fn render(
    fonts: &'static Fonts,
    pages: Vec<Vec<Cmd>>,
    nav: &Nav,
    meta: &Meta,
    width: f32,
    height: f32,
) -> Result<Vec<u8>, ReportError> {
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

    let ids = embed_fonts(&mut doc, fonts, &pages)?;

    let mut pdf_pages = Vec::with_capacity(pages.len());
    for cmds in &pages {
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
    let id = document_id(meta, &pages);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    add_navigation(&mut lo, nav, height)?;
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| ReportError::Pdf(e.to_string()))?;
    Ok(out)
}
