//! `trainyard export-csv`: deployments and conflicts as RFC 4180 CSV.

use trainyard_tests::trainyard;

use crate::tools::*;

/// A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {
                assert_eq!(
                    chars.next(),
                    Some('\n'),
                    "a CR outside quotes ends a record with CRLF"
                );
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            '\n' => panic!("a bare LF outside quotes"),
            _ => field.push(c),
        }
    }
    assert!(!quoted, "an unclosed quote");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn deployments_parse_back_one_row_each_with_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deployments.csv");
    let run = trainyard(&["export-csv", s(&payments()), "-o", s(&out)]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("wrote "), "{}", run.stdout);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.starts_with('\u{feff}'), "no BOM without --excel");
    let rows = parse_csv(&text);
    let plan = trainyard_tests::payments_plan();
    let deployments = plan["deployments"].as_array().unwrap();
    assert_eq!(rows.len(), deployments.len() + 1);
    assert_eq!(rows[0][0], "deployment_id");
    let width = rows[0].len();
    assert!(
        rows.iter().all(|r| r.len() == width),
        "every row has {width} fields"
    );
    let ids: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    let want: std::collections::BTreeSet<&str> = deployments
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, want);
    let start = rows[0].iter().position(|h| h == "start").unwrap();
    assert!(
        rows[1..].iter().all(|r| r[start].ends_with("+01:00")),
        "ISO 8601 with the offset"
    );
    // `-o -` gives the same bytes.
    let run = trainyard(&["export-csv", s(&payments()), "-o", "-"]);
    run.expect_code(0);
    assert_eq!(run.stdout, text);
}

#[test]
fn conflicts_parse_back_one_row_each() {
    let run = trainyard(&["export-csv", s(&payments()), "-o", "-", "--conflicts"]);
    run.expect_code(0);
    let rows = parse_csv(&run.stdout);
    let check = trainyard(&["check", s(&payments()), "--format", "json"]).json();
    let conflicts = check["conflicts"].as_array().unwrap();
    assert!(!conflicts.is_empty());
    assert_eq!(rows.len(), conflicts.len() + 1);
    assert_eq!(rows[0][0], "rule");
    let message = rows[0].iter().position(|h| h == "message").unwrap();
    for (row, c) in rows[1..].iter().zip(conflicts) {
        assert_eq!(row[0], c["rule"].as_str().unwrap());
        assert_eq!(
            row[message],
            c["message"].as_str().unwrap(),
            "quoting round-trips"
        );
    }
}

#[test]
fn excel_adds_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("excel.csv");
    trainyard(&["export-csv", s(&payments()), "-o", s(&out), "--excel"]).expect_code(0);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdeployment_id,"));
    let plain = trainyard(&["export-csv", s(&payments()), "-o", "-"]).stdout;
    assert_eq!(&bytes[3..], plain.as_bytes());
}

#[test]
fn csv_help_and_errors() {
    assert_help("export-csv");
    assert_usage_error(
        &["export-csv", s(&payments())],
        "missing required option '-o/--output OUT.csv'",
        "export-csv",
    );
    assert_usage_error(
        &["export-csv", s(&payments()), "-o", "x.csv", "--excel=yes"],
        "takes no value",
        "export-csv",
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("x.csv");
    let run = trainyard(&["export-csv", s(&payments()), "-o", s(&out)]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("cannot write '{}'", out.display())),
        "{}",
        run.stderr
    );
}
