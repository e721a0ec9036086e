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
        assert_eq!(row[11], c.message);
    }
    let order = &rows[3];
    assert_eq!(order[5], "r2;r1", "A depends on B keeps its direction");
    assert_eq!(order[4], "d2;d4;d5");
    assert_eq!(
        order[9], "2027-01-05T22:30:00+01:00",
        "the earliest start of the conflict's deployments"
    );
    assert_eq!(
        order[10], "2027-01-29T23:00:00+01:00",
        "the latest end of the conflict's deployments"
    );
}

#[test]
fn every_conflict_names_its_releases_and_spans_start_to_end() {
    let plan = example();
    let report = check(&plan);
    let rows = parse(&conflicts_csv(&plan, &report));
    for (row, c) in rows[1..].iter().zip(&report.conflicts) {
        let mut want: Vec<String> = c.releases.iter().map(|r| r.to_string()).collect();
        for d in &c.deployments {
            let r = plan.deployment(d.as_str()).unwrap().release.to_string();
            if !want.contains(&r) {
                want.push(r);
            }
        }
        assert!(!want.is_empty(), "{} names no release", c.rule.as_str());
        assert_eq!(row[5], want.join(";"), "{}", c.rule.as_str());
        assert!(!row[9].is_empty() && !row[10].is_empty(), "{row:?}");
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap();
        assert!(t(&row[9]) < t(&row[10]), "{row:?}");
    }
    let blackout = &rows[1];
    assert_eq!(
        (blackout[0].as_str(), blackout[5].as_str()),
        ("blackout", "r2")
    );
}

#[test]
fn cells_that_start_like_a_formula_are_guarded_as_owasp_describes() {
    let mut plan = example();
    plan.releases[0].name = Some("=HYPERLINK(\"http://evil\",\"x\")".into());
    plan.deployments[0].wave = Some("@SUM(A1)".into());
    let text = deployments_csv(&plan);
    assert!(
        !text.contains(",=HYPERLINK") && !text.contains(",@SUM"),
        "{text}"
    );
    let rows = parse(&text);
    let d1 = rows.iter().find(|r| r[0] == "d1").unwrap();
    assert_eq!(d1[2], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(d1[9], "'@SUM(A1)");
}

/// A plan where every deployment overlaps a twin in its lane: as many
/// conflicts as deployments.
fn doubled(releases: usize) -> trainyard_core::Plan {
    let mut plan = generated(releases);
    let twins: Vec<_> = plan
        .deployments
        .iter()
        .map(|d| {
            let mut twin = d.clone();
            twin.id = trainyard_core::DeploymentId::new(format!("{}-twin", d.id));
            twin
        })
        .collect();
    plan.deployments.extend(twins);
    plan
}

/// The conflicts CSV looks deployments up by id once per conflict; scanning
/// the plan for each made a 300k-deployment plan take minutes.
#[test]
fn the_conflicts_csv_grows_with_the_plan_not_its_square() {
    let time = |plan: &trainyard_core::Plan| {
        let report = check(plan);
        let fastest = (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                let text = conflicts_csv(plan, &report);
                assert!(!text.is_empty());
                started.elapsed()
            })
            .min()
            .unwrap_or_default();
        (fastest, report.conflicts.len())
    };
    let (t_small, n_small) = time(&doubled(250));
    let (t_large, n_large) = time(&doubled(2000));
    assert!(n_large > 6 * n_small, "{n_small} vs {n_large} conflicts");
    // Eight times the plan: allow 24 times the time (noise), not 64.
    assert!(
        t_large < t_small * 24,
        "{n_small} conflicts in {t_small:?}, {n_large} in {t_large:?}"
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
