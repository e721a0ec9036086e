//! The display list turned into printpdf content-stream operations: y flipped
//! to PDF's bottom-left origin, text sections opened and closed as needed, and
//! fill, stroke, dash and font set only when they change.

use printpdf::{
    FontId, Line, LineDashPattern, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect,
    TextItem, TextMatrix,
};

use super::{Cmd, Rgb};

pub(super) fn to_ops(cmds: &[Cmd], fonts: &[Option<FontId>; 5], height: f32) -> Vec<Op> {
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
            Cmd::Text {
                x,
                y,
                style,
                face,
                text,
            } => {
                let Some(id) = fonts[*face as usize].clone() else {
                    continue;
                };
                if !in_text {
                    ops.push(Op::StartTextSection);
                    in_text = true;
                    font = None;
                }
                let key = (*face as usize, style.size);
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
