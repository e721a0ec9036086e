//! Where output goes and how text for people looks: colour (only on a
//! terminal, never with `NO_COLOR`), aligned tables, plurals.
//!
//! Commands write into an [`Out`], which holds standard output in memory and
//! writes it once at the end. That keeps write errors in one place: a closed
//! pipe (`trainyard check plan.json | head -1`) ends the program quietly
//! instead of panicking the way `println!` does.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::escape::{clean, clean_lines, is_unsafe};

/// Whether to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    pub fn detect() -> Style {
        Style {
            color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    #[cfg(test)]
    pub fn plain() -> Style {
        Style { color: false }
    }

    /// The escape sequences this program may write (none without colour):
    /// everything else that looks like one came from the plan and is escaped.
    fn own_sequences(&self) -> &'static [&'static str] {
        if self.color {
            OWN_SGR
        } else {
            &[]
        }
    }

    fn paint(&self, sgr: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{sgr}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn bold(&self, t: &str) -> String {
        self.paint("1", t)
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
    pub fn red(&self, t: &str) -> String {
        self.paint("1;31", t)
    }
    pub fn yellow(&self, t: &str) -> String {
        self.paint("1;33", t)
    }
    pub fn green(&self, t: &str) -> String {
        self.paint("1;32", t)
    }
    pub fn cyan(&self, t: &str) -> String {
        self.paint("36", t)
    }
}

/// Every colour sequence [`Style`] writes, and the reset.
const OWN_SGR: &[&str] = &[
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[1;31m",
    "\x1b[1;33m",
    "\x1b[1;32m",
    "\x1b[36m",
    "\x1b[0m",
];

/// Collected standard output plus the style to write it in.
pub struct Out {
    pub style: Style,
    buf: Vec<u8>,
}

impl Out {
    pub fn new(style: Style) -> Out {
        Out {
            style,
            buf: Vec::new(),
        }
    }

    /// Appends a line of text for people to standard output: control
    /// characters, bidi controls and escape sequences that are not this
    /// program's own colours are escaped (see [`crate::escape`]).
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.human(s);
        self.buf.push(b'\n');
    }

    /// Appends text for people (several lines, such as a table), escaped
    /// like [`Out::line`].
    pub fn human(&mut self, s: impl AsRef<str>) {
        let clean = clean_lines(s.as_ref(), self.style.own_sequences());
        self.buf.extend_from_slice(clean.as_bytes());
    }

    /// Appends text as is: a document in a format of its own (JSON, ICS,
    /// help), never text assembled from plan values.
    pub fn text(&mut self, s: impl AsRef<str>) {
        self.buf.extend_from_slice(s.as_ref().as_bytes());
    }

    /// Appends bytes as is (a PDF or a CSV with a byte order mark).
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// Appends a value as pretty JSON and a newline.
    pub fn json<T: Serialize + ?Sized>(&mut self, v: &T) {
        match serde_json::to_string_pretty(v) {
            Ok(s) => {
                // serde_json escapes control characters itself.
                self.buf.extend_from_slice(s.as_bytes());
                self.buf.push(b'\n');
            }
            // Only a map with non-string keys can fail; none of ours has one.
            Err(e) => err_line(&format!("error: cannot write JSON: {e}")),
        }
    }

    /// Writes what was collected to standard output. A closed pipe is not an
    /// error worth a word; anything else is reported and turns into exit 2.
    pub fn flush(self, code: u8) -> u8 {
        let mut stdout = io::stdout().lock();
        match stdout.write_all(&self.buf).and_then(|()| stdout.flush()) {
            Ok(()) => code,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
            Err(e) => {
                err_line(&format!("error: cannot write to standard output: {e}"));
                2
            }
        }
    }
}

/// Writes one line to standard error, ignoring failure (there is nowhere left
/// to report it). It is one line: a CR, LF or escape sequence inside (from a
/// plan's names or keys) is written as a visible escape.
pub fn err_line(s: &str) {
    let mut e = io::stderr().lock();
    let _ = writeln!(e, "{}", clean(s));
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// How one column's cells are painted (after padding, so colour never breaks alignment).
pub type Paint = fn(&Style, &str) -> String;

/// A table with a header row and left-aligned columns; the last column is not padded.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    paint: Vec<Option<Paint>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: vec![],
            paint: vec![None; header.len()],
        }
    }

    /// Paints every body cell of column `i`.
    pub fn paint(mut self, i: usize, p: Paint) -> Table {
        if let Some(slot) = self.paint.get_mut(i) {
            *slot = Some(p);
        }
        self
    }

    /// A row of cells; each cell is one line, its control characters escaped.
    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .map(|c| {
                if c.chars().any(is_unsafe) {
                    clean(&c).into_owned()
                } else {
                    c
                }
            })
            .collect();
        self.rows.push(cells);
    }

    pub fn render(&self, style: &Style, indent: &str) -> String {
        let cols = self.header.len();
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(width(c));
            }
        }
        let mut out = String::new();
        let mut emit = |cells: &[String], header: bool| {
            let mut line = String::from(indent);
            for (i, c) in cells.iter().enumerate().take(cols) {
                let last = i + 1 == cols;
                let pad = if last {
                    String::new()
                } else {
                    " ".repeat(widths[i] - width(c) + 2)
                };
                let painted = if header {
                    style.dim(c)
                } else {
                    match self.paint[i] {
                        Some(p) => p(style, c),
                        None => c.clone(),
                    }
                };
                line.push_str(&painted);
                line.push_str(&pad);
            }
            let _ = writeln!(out, "{}", line.trim_end());
        };
        emit(&self.header, true);
        for r in &self.rows {
            emit(r, false);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_on_characters_and_do_not_pad_the_last_column() {
        let mut t = Table::new(&["A", "LONGER", "LAST"]);
        t.row(vec!["x–y".into(), "1".into(), "end".into()]);
        t.row(vec!["abcdef".into(), "22".into(), "e".into()]);
        assert_eq!(
            t.render(&Style::plain(), ""),
            "A       LONGER  LAST\nx–y     1       end\nabcdef  22      e\n"
        );
    }

    #[test]
    fn plain_style_adds_no_escapes() {
        assert_eq!(Style::plain().red("error"), "error");
        assert_eq!(Style { color: true }.red("e"), "\x1b[1;31me\x1b[0m");
    }

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(count(1, "error", "errors"), "1 error");
        assert_eq!(count(0, "warning", "warnings"), "0 warnings");
    }
}
