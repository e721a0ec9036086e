//! The trailer `/ID` of a PDF, derived from its content (title, "generated at"
//! and every drawing command) instead of printpdf's process-global counter, so
//! the same inputs give byte-identical files.

use super::render::Meta;
use super::Cmd;
use crate::fnv::Fnv;

fn hash_cmds(h: &mut Fnv, cmds: &[Cmd]) {
    let f = |h: &mut Fnv, v: f32| h.write(&v.to_bits().to_le_bytes());
    for c in cmds {
        match c {
            Cmd::Text {
                x,
                y,
                style,
                face,
                text,
            } => {
                h.write(b"T");
                f(h, *x);
                f(h, *y);
                f(h, style.size);
                h.write(&[
                    style.weight as u8,
                    *face as u8,
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

/// The trailer `/ID` (both halves the same): a 16-byte digest of the title,
/// the "generated at" instant and every page's commands.
pub(super) fn document_id(meta: &Meta, pages: &[Vec<Cmd>]) -> lopdf::Object {
    let mut id_hash = Fnv::new();
    id_hash.write(meta.title.as_bytes());
    id_hash.write(&meta.generated_at.timestamp().to_le_bytes());
    for cmds in pages {
        hash_cmds(&mut id_hash, cmds);
    }
    let digest = id_hash.finish();
    let mut id = Vec::with_capacity(16);
    id.extend_from_slice(&digest.to_be_bytes());
    id.extend_from_slice(
        &digest
            .rotate_left(29)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .to_be_bytes(),
    );
    lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal)
}
