//! CSV, parsed back with a strict RFC 4180 reader.

use trainyard_core::check;
use trainyard_report::{
    conflicts_csv, deployments_csv, with_excel_bom, CONFLICT_COLUMNS, DEPLOYMENT_COLUMNS,
};

use crate::support::{example, generated, unicode};

/// A strict RFC 4180 reader: CRLF record ends, quoted fields with doubled
/// quotes, no bare CR or LF outside quotes, no quote inside an unquoted field.
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                at_field_start = false;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                        None => panic!("unterminated quoted field"),
                    }
                }
                assert!(
                    matches!(chars.peek(), Some(',') | Some('\r') | None),
                    "text after a closing quote"
                );
            }
            '"' => panic!("a quote inside an unquoted field: {field:?}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                assert_eq!(
                    chars.next(),
                    Some('\n'),
                    "CR not followed by LF outside quotes"
                );
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => panic!("a bare LF outside quotes (records must end with CRLF)"),
            c => {
                at_field_start = false;
                field.push(c);
            }
        }
    }
    assert!(
        record.is_empty() && field.is_empty(),
        "the last record does not end with CRLF"
    );
    records
}

#[test]
fn deployments_csv_parses_back_with_iso_times_in_the_plan_zone() {
    let plan = example();
    let text = deployments_csv(&plan);
    assert!(
        !text.starts_with('\u{feff}'),
        "no byte order mark by default"
    );
    let rows = parse(&text);
    assert_eq!(rows[0], DEPLOYMENT_COLUMNS.map(String::from).to_vec());
    assert_eq!(rows.len(), plan.deployments.len() + 1);
    let d2 = rows.iter().find(|r| r[0] == "d2").expect("a row for d2");
    assert_eq!(
        d2,
        &[
            "d2",
            "r1",
            "Ledger 4.2",
            "4.2.0",
            "ledger",
            "prod",
            "2027-01-05T22:30:00+01:00",
            "2027-01-05T23:30:00+01:00",
            "blue-green",
            "",
            "planned"
        ]
        .map(String::from)
        .to_vec()
    );
    // Rows come by start time.
    let starts: Vec<&str> = rows[1..].iter().map(|r| r[6].as_str()).collect();
    let mut sorted = starts.clone();
    sorted.sort_by_key(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap());
    assert_eq!(starts, sorted);
}

#[test]
fn names_with_commas_quotes_and_line_breaks_survive_the_round_trip() {
    let mut plan = unicode();
    plan.releases[0].name = Some("Ledger, \"Zürich\"\r\nsecond line ✓".into());
    plan.deployments[0].wave = Some("eu,\"west\"".into());
    let rows = parse(&deployments_csv(&plan));
    let d1 = rows.iter().find(|r| r[0] == "d1").unwrap();
    assert_eq!(d1[2], "Ledger, \"Zürich\"\r\nsecond line ✓");
    assert_eq!(d1[9], "eu,\"west\"");
    let d3 = rows.iter().find(|r| r[0] == "d3").unwrap();
    assert_eq!(d3[2], "Payments API 7.0, \"Ødegaard\" edition");
}

#[test]
fn conflicts_csv_lists_the_report_in_order_with_its_messages() {
    let plan = example();
    let report = check(&plan);
    let rows = parse(&conflicts_csv(&plan, &report));
    assert_eq!(rows[0], CONFLICT_COLUMNS.map(String::from).to_vec());
    let rules: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(rules, ["blackout", "outside-window", "dependency-order"]);
    for (row, c) in rows[1..].iter().zip(&report.conflicts) {
        assert_eq!(row[1], "error");
        assert_eq!(row[10], c.message);
    }
    let order = &rows[3];
    assert_eq!(order[5], "r2;r1", "A depends on B keeps its direction");
    assert_eq!(order[4], "d2;d4;d5");
    assert_eq!(
        order[9], "2027-01-05T22:30:00+01:00",
        "the earliest start of the conflict's deployments"
    );
}

#[test]
fn a_large_plan_gives_one_row_per_deployment_and_the_excel_variant_has_a_bom() {
    let plan = generated(200);
    let text = deployments_csv(&plan);
    assert_eq!(parse(&text).len(), plan.deployments.len() + 1);
    let bytes = with_excel_bom(&text);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    assert_eq!(&bytes[3..], text.as_bytes());
}
