//! The CAB sheet's risk section: the score and level, and a table of every
//! factor with why it scored and its points out of its cap.

use crate::facts::{self, ReleaseFacts};
use crate::pdf::table::{Cell, Column, Table};
use crate::pdf::{colors, styles, Doc};
use crate::report_blocks::risk_color;

pub(super) fn risk_section(doc: &mut Doc, f: &ReleaseFacts) {
    doc.heading(styles::H1.size(12.0), "Risk", 60.0);
    let Some(risk) = &f.risk else { return };
    let c = risk_color(risk.level);
    doc.text(
        doc.left,
        doc.y + 16.0,
        styles::TITLE.size(18.0).color(c),
        &risk.score.to_string(),
    );
    let w = doc.width_of(styles::TITLE.size(18.0), &risk.score.to_string());
    doc.text(
        doc.left + w + 4.0,
        doc.y + 16.0,
        styles::BODY.color(colors::MUTED),
        &format!("of 100 · {}", facts::level_name(risk.level)),
    );
    doc.text_right(
        doc.right,
        doc.y + 16.0,
        styles::SMALL,
        "The score is the sum of the factors below, each capped.",
    );
    doc.y += 24.0;
    let rows: Vec<Vec<Cell>> = risk
        .factors
        .iter()
        .map(|fct| {
            let share = fct.points as f32 / fct.max.max(1) as f32;
            let style = if share >= 0.75 {
                styles::TABLE.bold().color(colors::ERROR)
            } else if share >= 0.4 {
                styles::TABLE.bold().color(colors::WARNING)
            } else {
                styles::TABLE.bold()
            };
            vec![
                Cell::styled(fct.label.clone(), styles::TABLE.bold()),
                fct.detail.clone().into(),
                Cell::styled(format!("{} / {}", fct.points, fct.max), style),
            ]
        })
        .collect();
    let mut rows = rows;
    rows.push(vec![
        Cell::styled("Total", styles::TABLE.bold()),
        "".into(),
        Cell::styled(
            format!("{} / 100", risk.score),
            styles::TABLE.bold().color(c),
        ),
    ]);
    Table::new(vec![
        Column::new("Factor", 2.2),
        Column::new("Why", 5.0),
        Column::new("Points", 1.0).right(),
    ])
    .draw(doc, &rows);
}
