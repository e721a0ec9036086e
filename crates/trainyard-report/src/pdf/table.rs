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
    /// Every row one line high: cells are cut with an ellipsis instead of
    /// wrapped, so the height of the table is known from its row count.
    pub(crate) one_line: bool,
}

/// Where a row is named (an anchor) and where it jumps to when clicked.
#[derive(Debug, Clone, Default)]
pub(crate) struct RowNav {
    pub(crate) anchor: Option<String>,
    pub(crate) link: Option<String>,
}

const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.0;

impl Table {
    pub(crate) fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            style: styles::TABLE,
            zebra: true,
            one_line: false,
        }
    }

    pub(crate) fn one_line(mut self) -> Table {
        self.one_line = true;
        self
    }

    /// Column widths: shares of `total` by weight, but never narrower than the
    /// longest word of the column's title or cells (up to a third of the
    /// table), so words break only where a single word is wider than that.
    fn widths(&self, doc: &Doc, total: f32, rows: &[Vec<Cell>]) -> Vec<f32> {
        let n = self.columns.len();
        let cap = total / 3.0;
        let word_w = |style: Style, text: &str| {
            text.split([' ', '\n', '\t'])
                .map(|w| doc.width_of(style, w))
                .fold(0.0f32, f32::max)
        };
        let mut min_w: Vec<f32> = self
            .columns
            .iter()
            .map(|c| word_w(self.style.bold(), &c.title) + 2.0 * PAD_X + 0.5)
            .collect();
        if !self.one_line {
            for row in rows {
                for (i, cell) in row.iter().enumerate().take(n) {
                    let w =
                        word_w(cell.style.unwrap_or(self.style), &cell.text) + 2.0 * PAD_X + 0.5;
                    min_w[i] = min_w[i].max(w);
                }
            }
        }
        for w in &mut min_w {
            *w = w.min(cap);
        }
        let mut fixed = vec![false; n];
        loop {
            let free: f32 = total - (0..n).filter(|&i| fixed[i]).map(|i| min_w[i]).sum::<f32>();
            let sum: f32 = (0..n)
                .filter(|&i| !fixed[i])
                .map(|i| self.columns[i].weight)
                .sum::<f32>()
                .max(f32::EPSILON);
            let widths: Vec<f32> = (0..n)
                .map(|i| {
                    if fixed[i] {
                        min_w[i]
                    } else {
                        free * self.columns[i].weight / sum
                    }
                })
                .collect();
            let short: Vec<usize> = (0..n)
                .filter(|&i| !fixed[i] && widths[i] + 0.01 < min_w[i])
                .collect();
            if short.is_empty() || free <= 0.0 {
                return widths;
            }
            for i in short {
                fixed[i] = true;
            }
        }
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
        self.draw_nav(doc, rows, &[]);
    }

    /// [`Table::draw`] with an anchor and a link per row (`nav` may be shorter
    /// than `rows`).
    pub(crate) fn draw_nav(&self, doc: &mut Doc, rows: &[Vec<Cell>], nav: &[RowNav]) {
        let widths = self.widths(doc, doc.content_width(), rows);
        let header_h = self.header_height(doc, &widths);
        let lead = self.style.leading();
        let mut header_on_page = false;
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<(Vec<String>, Style)> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| {
                    let style = cell.style.unwrap_or(self.style);
                    let lines = if self.one_line {
                        let text = cell.text.replace('\n', "; ");
                        vec![doc.fit(style, &text, w - 2.0 * PAD_X)]
                    } else {
                        doc.wrap(style, &cell.text, w - 2.0 * PAD_X)
                    };
                    (lines, style)
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
            if let Some(n) = nav.get(r) {
                if let Some(a) = &n.anchor {
                    doc.anchor(a);
                }
                if let Some(l) = &n.link {
                    doc.link(left, y, total_w, h, l);
                }
            }
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
