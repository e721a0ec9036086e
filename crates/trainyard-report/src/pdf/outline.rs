//! The navigation of `nav.rs` written into the PDF with lopdf: the document
//! outline (bookmarks, two levels) in the catalog, and link annotations on
//! the pages, each a `/XYZ` destination at the anchor's height.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, StringFormat};

use super::nav::{Bookmark, Nav, Place};
use crate::ReportError;

/// A PDF text string: ASCII as is, anything else UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn destination(pages: &[ObjectId], place: Place, height: f32) -> Option<Object> {
    let page = *pages.get(place.page)?;
    Some(Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Integer(0),
        Object::Real(height - place.y + 14.0),
        Object::Null,
    ]))
}

/// Adds the outline and the link annotations of `nav` to `lo`.
pub(super) fn add_navigation(lo: &mut Document, nav: &Nav, height: f32) -> Result<(), ReportError> {
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    add_links(lo, nav, &pages, height)?;
    add_outline(lo, nav, &pages, height)
}

fn add_links(
    lo: &mut Document,
    nav: &Nav,
    pages: &[ObjectId],
    height: f32,
) -> Result<(), ReportError> {
    let mut per_page: Vec<Vec<Object>> = vec![Vec::new(); pages.len()];
    for link in &nav.links {
        let Some(dest) = nav
            .place(&link.key)
            .and_then(|p| destination(pages, p, height))
        else {
            continue;
        };
        let Some(annots) = per_page.get_mut(link.page) else {
            continue;
        };
        annots.push(Object::Dictionary(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Rect" => vec![
                Object::Real(link.x),
                Object::Real(height - link.y - link.h),
                Object::Real(link.x + link.w),
                Object::Real(height - link.y),
            ],
            "Border" => vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)],
            "Dest" => dest,
        }));
    }
    for (annots, &page) in per_page.into_iter().zip(pages) {
        if annots.is_empty() {
            continue;
        }
        let ids: Vec<Object> = annots
            .into_iter()
            .map(|a| Object::Reference(lo.add_object(a)))
            .collect();
        lo.get_dictionary_mut(page)
            .map_err(|e| ReportError::Pdf(format!("page object: {e}")))?
            .set("Annots", Object::Array(ids));
    }
    Ok(())
}

/// Outline items as a tree of two levels: (section, its children).
fn tree(outline: &[Bookmark]) -> Vec<(&Bookmark, Vec<&Bookmark>)> {
    let mut out: Vec<(&Bookmark, Vec<&Bookmark>)> = Vec::new();
    for b in outline {
        match (b.level, out.last_mut()) {
            (0, _) | (_, None) => out.push((b, Vec::new())),
            (_, Some((_, children))) => children.push(b),
        }
    }
    out
}

fn add_outline(
    lo: &mut Document,
    nav: &Nav,
    pages: &[ObjectId],
    height: f32,
) -> Result<(), ReportError> {
    let items: Vec<(&Bookmark, Vec<&Bookmark>)> = tree(&nav.outline);
    if items.is_empty() {
        return Ok(());
    }
    let root = lo.new_object_id();
    let top_ids: Vec<ObjectId> = items.iter().map(|_| lo.new_object_id()).collect();
    let mut total = 0i64;
    for (i, (section, children)) in items.iter().enumerate() {
        let child_ids: Vec<ObjectId> = children.iter().map(|_| lo.new_object_id()).collect();
        for (k, child) in children.iter().enumerate() {
            let mut d = item(child, top_ids[i], pages, nav, height);
            siblings(&mut d, &child_ids, k);
            lo.objects.insert(child_ids[k], Object::Dictionary(d));
        }
        let mut d = item(section, root, pages, nav, height);
        siblings(&mut d, &top_ids, i);
        if let (Some(first), Some(last)) = (child_ids.first(), child_ids.last()) {
            d.set("First", Object::Reference(*first));
            d.set("Last", Object::Reference(*last));
            // Negative: the section starts closed (a long list of releases).
            d.set("Count", Object::Integer(-(child_ids.len() as i64)));
        }
        lo.objects.insert(top_ids[i], Object::Dictionary(d));
        total += 1;
    }
    lo.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => Object::Reference(top_ids[0]),
            "Last" => Object::Reference(top_ids[top_ids.len() - 1]),
            "Count" => Object::Integer(total),
        }),
    );
    let catalog = lo
        .catalog_mut()
        .map_err(|e| ReportError::Pdf(format!("catalog: {e}")))?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

fn item(b: &Bookmark, parent: ObjectId, pages: &[ObjectId], nav: &Nav, height: f32) -> Dictionary {
    let mut d = dictionary! {
        "Title" => text_string(&b.title),
        "Parent" => Object::Reference(parent),
    };
    if let Some(dest) = nav
        .place(&b.key)
        .and_then(|p| destination(pages, p, height))
    {
        d.set("Dest", dest);
    }
    d
}

fn siblings(d: &mut Dictionary, ids: &[ObjectId], i: usize) {
    if i > 0 {
        d.set("Prev", Object::Reference(ids[i - 1]));
    }
    if let Some(next) = ids.get(i + 1) {
        d.set("Next", Object::Reference(*next));
    }
}
