//! Plan text made safe for a terminal. Names, ids and messages come from the
//! plan, and a plan is untrusted: an ANSI or OSC escape in a name could recolour
//! or retitle the terminal, a CR or LF could forge an `error …` line in a CI
//! log, and a bidi override could make `prod` read as something else. Every
//! human text output passes plan-derived text through [`clean`]; JSON output
//! is left to serde_json, which escapes control characters itself.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character must not reach a terminal as is: C0 and C1 controls
/// (ESC, CR, LF, TAB, …), DEL, and the Unicode bidirectional controls.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// The text with every unsafe character written as a visible escape
/// (`\u{1b}`, `\n`, `\u{202e}`); borrowed when there is none.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_clean(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_clean(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_unsafe(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// Text of several lines (a rendered table, a report) whose line breaks are
/// its own: every unsafe character but `\n` is escaped, and so is any escape
/// sequence other than the colours in `allowed` (the exact SGR sequences this
/// program writes, empty when colour is off).
pub fn clean_lines<'a>(text: &'a str, allowed: &[&str]) -> Cow<'a, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' {
            if let Some(sgr) = allowed.iter().find(|s| rest.starts_with(**s)) {
                out.push_str(sgr);
                rest = &rest[sgr.len()..];
                continue;
            }
        }
        if c == '\n' {
            out.push('\n');
        } else {
            push_clean(&mut out, c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_overrides() {
        assert_eq!(clean("prod"), "prod");
        assert_eq!(
            clean("a\x1b]0;pwned\x07b\r\nerror: fake\u{202e}dorp"),
            "a\\u{1b}]0;pwned\\u{7}b\\r\\nerror: fake\\u{202e}dorp"
        );
        assert_eq!(clean("Zürich – 東京"), "Zürich – 東京");
    }

    #[test]
    fn keeps_own_line_breaks_and_colours_only() {
        let ours = "\x1b[31m";
        let text = "\x1b[31merror\x1b[0m x\x1b[2J\n\ry";
        assert_eq!(
            clean_lines(text, &[ours, "\x1b[0m"]),
            "\x1b[31merror\x1b[0m x\\u{1b}[2J\n\\ry"
        );
        assert_eq!(
            clean_lines(text, &[]),
            "\\u{1b}[31merror\\u{1b}[0m x\\u{1b}[2J\n\\ry"
        );
    }
}
