//! Tables that break across pages: the header row is repeated at the top of
//! every page the table continues on, rows never split (a row taller than a page
//! is cut with an ellipsis), cells wrap.

use super::{colors, styles, Doc, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) title: String,
    /// A share of the table width (columns are scaled to fill it).
    pub(crate) weight: f32,
    pub(crate) align: Align,
}

impl Column {
    pub(crate) fn new(title: impl Into<String>, weight: f32) -> Column {
        Column {
            title: title.into(),
            weight,
            align: Align::Left,
        }
    }
    pub(crate) fn right(mut self) -> Column {
        self.align = Align::Right;
        self
    }
}

/// One cell: text (may hold newlines) with an optional style of its own.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) style: Option<Style>,
}

impl Cell {
    pub(crate) fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style: Some(style),
        }
    }
}

impl<T: Into<String>> From<T> for Cell {
    fn from(t: T) -> Cell {
        Cell {
            text: t.into(),
            style: None,
        }
    }
}

pub(crate) struct Table {
    pub(crate) columns: Vec<Column>,
    pub(crate) style: Style,
    pub(crate) zebra: bool,
}

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;

impl Table {
    pub(crate) fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            style: styles::TABLE,
            zebra: true,
        }
    }

    fn widths(&self, total: f32) -> Vec<f32> {
        let sum: f32 = self.columns.iter().map(|c| c.weight).sum();
        self.columns
            .iter()
            .map(|c| total * c.weight / sum.max(f32::EPSILON))
            .collect()
    }

    fn header_height(&self, doc: &Doc, widths: &[f32]) -> f32 {
        let style = self.style.bold().color(colors::INK);
        let lines = self
            .columns
            .iter()
            .zip(widths)
            .map(|(c, w)| doc.wrap(style, &c.title, w - 2.0 * PAD_X).len())
            .max()
            .unwrap_or(1);
        lines as f32 * style.leading() + 2.0 * PAD_Y
    }

    fn draw_header(&self, doc: &mut Doc, widths: &[f32]) {
        let style = self.style.bold().color(colors::INK);
        let h = self.header_height(doc, widths);
        let (left, y) = (doc.left, doc.y);
        doc.fill(left, y, widths.iter().sum(), h, colors::HEADER_FILL);
        let mut x = left;
        for (c, &w) in self.columns.iter().zip(widths) {
            let lines = doc.wrap(style, &c.title, w - 2.0 * PAD_X);
            for (i, line) in lines.iter().enumerate() {
                let by = y + PAD_Y + style.size + i as f32 * style.leading();
                place(doc, c.align, x, w, by, style, line);
            }
            x += w;
        }
        doc.y += h;
    }

    /// Draws the table at the cursor with `rows`, breaking pages as needed.
    pub(crate) fn draw(&self, doc: &mut Doc, rows: &[Vec<Cell>]) {
        let widths = self.widths(doc.content_width());
        let header_h = self.header_height(doc, &widths);
        let lead = self.style.leading();
        let mut header_on_page = false;
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<(Vec<String>, Style)> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| {
                    let style = cell.style.unwrap_or(self.style);
                    (doc.wrap(style, &cell.text, w - 2.0 * PAD_X), style)
                })
                .collect();
            let max_lines_per_page =
                (((doc.bottom - doc.top - header_h - 2.0 * PAD_Y) / lead).floor() as usize).max(1);
            let lines = cells
                .iter()
                .map(|c| c.0.len())
                .max()
                .unwrap_or(1)
                .clamp(1, max_lines_per_page);
            let h = lines as f32 * lead + 2.0 * PAD_Y;
            let extra = if header_on_page { 0.0 } else { header_h };
            if doc.y + extra + h > doc.bottom + 0.01 {
                doc.page_break();
                header_on_page = false;
            }
            if !header_on_page {
                self.draw_header(doc, &widths);
                header_on_page = true;
            }
            let (left, y) = (doc.left, doc.y);
            let total_w: f32 = widths.iter().sum();
            if self.zebra && r % 2 == 1 {
                doc.fill(left, y, total_w, h, colors::ZEBRA);
            }
            let mut x = left;
            for ((lines_of_cell, style), (col, &w)) in
                cells.iter().zip(self.columns.iter().zip(&widths))
            {
                let mut shown: Vec<String> = lines_of_cell.iter().take(lines).cloned().collect();
                if lines_of_cell.len() > lines {
                    if let Some(last) = shown.last_mut() {
                        *last = doc.fit(*style, &format!("{last} …"), w - 2.0 * PAD_X);
                    }
                }
                for (i, line) in shown.iter().enumerate() {
                    let by = y + PAD_Y + style.size + i as f32 * lead;
                    place(doc, col.align, x, w, by, *style, line);
                }
                x += w;
            }
            doc.y += h;
            doc.line(left, doc.y, left + total_w, doc.y, colors::HAIRLINE, 0.5);
        }
        if rows.is_empty() {
            doc.need(header_h + lead);
            self.draw_header(doc, &widths);
        }
    }
}

fn place(doc: &mut Doc, align: Align, x: f32, w: f32, baseline: f32, style: Style, text: &str) {
    match align {
        Align::Left => doc.text(x + PAD_X, baseline, style, text),
        Align::Right => doc.text_right(x + w - PAD_X, baseline, style, text),
    }
}
