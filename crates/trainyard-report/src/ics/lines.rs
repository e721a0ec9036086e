//! RFC 5545 content lines: writing (escaping, 75-octet folding, CRLF) and
//! reading (unfolding with line numbers, name/parameters/value).

/// Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and
/// newlines (any of CRLF, CR, LF becomes `\n`).
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`escape_text`]; unknown escapes keep the escaped character.
pub(crate) fn unescape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A parameter value, quoted when it holds `:`, `;` or `,` (a `"` cannot be
/// represented and becomes `'`).
pub(crate) fn param_value(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c == '"' || c.is_control() { '\'' } else { c })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Accumulates a calendar: every line is folded at 75 octets (never inside a
/// UTF-8 sequence) and ends with CRLF.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) out: String,
}

impl Writer {
    pub(crate) fn line(&mut self, line: &str) {
        let mut rest = line;
        let mut limit = 75;
        loop {
            if rest.len() <= limit {
                self.out.push_str(rest);
                self.out.push_str("\r\n");
                return;
            }
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.push_str(&rest[..cut]);
            self.out.push_str("\r\n ");
            rest = &rest[cut..];
            // A continuation line starts with the space, so it holds 74 more octets.
            limit = 74;
        }
    }

    /// `NAME:value` with a TEXT value escaped.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }

    /// `NAME:value` with a value that needs no escaping (dates, rules, numbers).
    pub(crate) fn raw(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{value}"));
    }
}

/// One unfolded content line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContentLine {
    /// The physical line (1-based) where it starts.
    pub(crate) line: usize,
    /// Upper-cased.
    pub(crate) name: String,
    /// Upper-cased names; values unquoted.
    pub(crate) params: Vec<(String, Vec<String>)>,
    pub(crate) value: String,
}

impl ContentLine {
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.first())
            .map(String::as_str)
    }
}

/// Unfolds the text into logical lines with the number of their first
/// physical line. Accepts CRLF and bare LF; blank lines are skipped.
pub(crate) fn unfold(text: &str) -> Vec<(usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(cont) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push_str(cont);
                continue;
            }
        }
        if raw.is_empty() {
            continue;
        }
        out.push((i + 1, raw.to_owned()));
    }
    out
}

/// Parses `NAME *(;PARAM=VALUE[,VALUE]) :VALUE`.
pub(crate) fn parse_line(line: usize, s: &str) -> Result<ContentLine, String> {
    let name_end = s
        .find([';', ':'])
        .ok_or_else(|| format!("expected NAME:VALUE, got {:?}", preview(s)))?;
    let name = &s[..name_end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(format!("invalid property name {:?}", preview(name)));
    }
    let mut params = Vec::new();
    let bytes = s.as_bytes();
    let mut i = name_end;
    while bytes.get(i) == Some(&b';') {
        let start = i + 1;
        let eq = s[start..]
            .find('=')
            .map(|p| start + p)
            .ok_or_else(|| format!("parameter without '=' in {name}"))?;
        let pname = &s[start..eq];
        if pname.is_empty()
            || !pname
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(format!(
                "invalid parameter name {:?} in {name}",
                preview(pname)
            ));
        }
        let mut values = Vec::new();
        let mut j = eq + 1;
        loop {
            if bytes.get(j) == Some(&b'"') {
                let close = s[j + 1..]
                    .find('"')
                    .map(|p| j + 1 + p)
                    .ok_or_else(|| format!("unterminated quoted parameter value in {name}"))?;
                values.push(s[j + 1..close].to_owned());
                j = close + 1;
            } else {
                let end = s[j..].find([',', ';', ':']).map_or(s.len(), |p| j + p);
                values.push(s[j..end].to_owned());
                j = end;
            }
            if bytes.get(j) == Some(&b',') {
                j += 1;
                continue;
            }
            break;
        }
        params.push((pname.to_ascii_uppercase(), values));
        i = j;
    }
    if bytes.get(i) != Some(&b':') {
        return Err(format!("expected ':' after the parameters of {name}"));
    }
    Ok(ContentLine {
        line,
        name: name.to_ascii_uppercase(),
        params,
        value: s[i + 1..].to_owned(),
    })
}

fn preview(s: &str) -> String {
    let p: String = s.chars().take(40).collect();
    if p.len() < s.len() {
        format!("{p}…")
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_never_splits_a_character() {
        let mut w = Writer::default();
        let value = "Zürich–Ødegaard ✓ ".repeat(12);
        w.text("SUMMARY", &value);
        for physical in w.out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical:?}",
                physical.len()
            );
        }
        let unfolded = unfold(&w.out);
        assert_eq!(unfolded.len(), 1);
        assert_eq!(unescape_text(&unfolded[0].1["SUMMARY:".len()..]), value);
    }

    #[test]
    fn text_escaping_round_trips_the_special_characters() {
        let s = "a\\b;c,d\r\ne\nf";
        assert_eq!(escape_text(s), "a\\\\b\\;c\\,d\\ne\\nf");
        assert_eq!(unescape_text(&escape_text(s)), "a\\b;c,d\ne\nf");
    }

    #[test]
    fn content_lines_split_quoted_parameters_correctly() {
        let l = parse_line(
            3,
            "DTSTART;TZID=\"Europe/Berlin\";X-A=\"a:b\",c:20270105T220000",
        )
        .unwrap();
        assert_eq!(l.name, "DTSTART");
        assert_eq!(l.param("TZID"), Some("Europe/Berlin"));
        assert_eq!(l.params[1].1, vec!["a:b".to_owned(), "c".to_owned()]);
        assert_eq!(l.value, "20270105T220000");
        assert!(parse_line(1, "no colon here").is_err());
    }
}
