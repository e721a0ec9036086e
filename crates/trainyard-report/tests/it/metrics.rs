//! The summary's "Delivery metrics" section on `tests/fixtures/metrics.json`:
//! four weeks (Monday 4 to Sunday 31 January 2027, Europe/Berlin) of ten
//! recorded outcomes in staging and production, and one planned deployment
//! after them. The expected figures are worked out by hand here from the
//! definitions in docs/metrics.md, not copied from the core.

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use trainyard_core::{parse_plan, Plan};
use trainyard_report::{summary_pdf, Detail};

use crate::pdf::{all_text, assert_valid_with_subset_fonts, page_count, page_text, summary_opts};
use crate::summary::outline;
use crate::support::{example, stdout_of, TempDir};

fn fixture_text() -> String {
    let path = format!("{}/tests/fixtures/metrics.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn fixture() -> Plan {
    parse_plan(&fixture_text()).expect("the metrics fixture is valid")
}

fn render(dir: &TempDir, name: &str, plan: &Plan, detail: Detail) -> PathBuf {
    let mut opts = summary_opts();
    opts.detail = detail;
    dir.write(name, summary_pdf(plan, &opts).unwrap())
}

/// The 1-based page whose text holds `needle`.
fn page_of(pdf: &std::path::Path, needle: &str) -> usize {
    (1..=page_count(pdf))
        .find(|&p| page_text(pdf, p).contains(needle))
        .unwrap_or_else(|| panic!("no page holds {needle:?}"))
}

#[test]
fn a_plan_with_outcomes_gets_a_delivery_metrics_section_with_the_hand_worked_figures() {
    let dir = TempDir::new();
    let pdf = render(&dir, "metrics-summary.pdf", &fixture(), Detail::Summary);
    assert_valid_with_subset_fonts(&pdf);

    // Contents and outline name it, and both point at its page.
    let page = page_of(&pdf, "Delivery metrics Deployments with a recorded outcome");
    let contents = page_text(&pdf, 1);
    assert!(
        contents.contains(&format!("Delivery metrics {page}")),
        "the contents do not list the section on page {page}:\n{contents}"
    );
    let items = outline(&pdf);
    let entry = items
        .iter()
        .find(|i| i.0 == "Delivery metrics")
        .unwrap_or_else(|| panic!("no outline entry: {items:?}"));
    assert_eq!(entry.1 as usize, page);
    let titles: Vec<&str> = items.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(titles, ["Contents", "At a glance", "Delivery metrics"]);

    let text = page_text(&pdf, page);
    // No period was chosen: the whole weeks around the outcomes, Monday 4
    // January to Monday 1 February (local midnights), not the planned span
    // (which runs to the planned deployment of 2 February).
    assert!(
        text.contains("from Mon 4 Jan 2027 00:00 CET to Mon 1 Feb 2027 00:00 CET (whole weeks around the recorded outcomes"),
        "{text}"
    );
    // d1..d10 finished in the period; d1, d2, d3, d6, d7, d8 and d10 succeeded,
    // d4 was rolled back, d5 and d9 failed.
    // Frequency: 7 succeeded in 4 weeks = 1.75.
    // Lead times (from each release's first start): d1 40 min, d2 48 h 50 min,
    // d3 28 min, d6 8 d 43 min, d7 5 d 1 h 5 min, d8 1 h 30 min, d10 16 min;
    // the middle of seven is 1.5 h.
    // Change failure rate: 3 of 10. Time to restore: 2 h, 1 h, 45 min -> 1 h.
    // (pdftotext reads a row of tiles as the four figures, then the captions.)
    let delivery = "Delivery 1.75 1.50 h 30.0 % 1.00 h succeeded deployments per week median lead time change failure rate (failed or rolled back) median time to restore";
    assert!(text.contains(delivery), "{text}");
    // Start delays 0, +10, +2, +30, -10, 0, +5, 0, +20, +4 minutes: sorted,
    // the fifth and sixth are 2 and 4, so the median is +3. On time: all but
    // d4 (30 min late), d8 (overran) and d9 (20 min late) = 7 of 10.
    // Overruns: d4 and d8 (d9 finished exactly at its planned end).
    let adherence = "Adherence to the plan 70.0 % +3.0 min 2 10 on time (started ≤ 15 min late, no overrun) median start delay overruns (finished after the planned end) deployments measured";
    assert!(text.contains(adherence), "{text}");
    // Two environments, so one row each in promotion order, then all.
    // Staging: d1, d3, d8, d10, all succeeded: 1 a week; leads 40, 28, 90,
    // 16 min -> (28 + 40) / 2 = 34 min = 0.57 h; on time 3 of 4; delays 0,
    // 2, 0, 4 -> +1. Production: d2, d4, d5, d6, d7, d9: 3 succeeded = 0.75
    // a week; leads 48.83 h, 192.72 h, 121.08 h -> 121.08 h; 3 of 6 failed;
    // restores 2 h, 1 h, 45 min -> 1 h; on time d2, d5, d6, d7 = 4 of 6;
    // delays 10, 30, -10, 0, 5, 20 -> (5 + 10) / 2 = +7.5.
    // (The bold "All" of the last row comes out after its figures.)
    for row in [
        "Staging 4 1.00 0.57 h 0.0 % – 75.0 % +1.0 min 1",
        "Production 6 0.75 121.08 h 50.0 % 1.00 h 66.7 % +7.5 min 1",
        "10 1.75 1.50 h 30.0 % 1.00 h 70.0 % +3.0 min 2 All",
    ] {
        assert!(text.contains(row), "no row {row:?} in:\n{text}");
    }
    assert!(
        text.find("By environment").unwrap() < text.find("Staging 4").unwrap(),
        "{text}"
    );

    // The weekly trend: weeks of 4, 11, 18 and 25 January with 2, 3, 2 and
    // 3 deployments, of which 0, 2, 0 and 1 failed.
    assert!(text.contains("Weekly trend"), "{text}");
    // Under each week its change failure rate in figures.
    for week in [
        "4 Jan 0.0 %",
        "11 Jan 66.7 %",
        "18 Jan 0.0 %",
        "25 Jan 33.3 %",
    ] {
        assert!(
            text.contains(week),
            "no {week:?} in:
{text}"
        );
    }
    for key in [
        "Week of",
        "Succeeded",
        "Failed or rolled back",
        "Change failure rate (right axis)",
    ] {
        assert!(
            text.contains(key),
            "no {key:?} in:
{text}"
        );
    }
    // By weekday of the local start (all in the afternoon or morning, so the
    // UTC day is the local one): Mon d3 d8, Tue d1 d6, Wed d4 d7 d9, Thu d2
    // d10, Fri d5.
    assert!(
        text.contains("0 of 2 failed Tue 0 of 2 failed Wed 2 of 3 failed Thu 0 of 2 failed Fri 1 of 1 failed Sat none Sun none"),
        "{text}"
    );

    // The charts are vector graphics: the page has no image.
    let images = stdout_of("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert_eq!(images.lines().count(), 2, "images in the PDF:\n{images}");
}

#[test]
fn a_chosen_period_is_the_sections_period() {
    let dir = TempDir::new();
    let mut opts = summary_opts();
    opts.detail = Detail::Summary;
    // Monday 11 to Monday 25 January, local midnights: d3 to d7.
    opts.period = Some((
        Utc.with_ymd_and_hms(2027, 1, 10, 23, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 1, 24, 23, 0, 0).unwrap(),
    ));
    let pdf = dir.write(
        "metrics-chosen.pdf",
        summary_pdf(&fixture(), &opts).unwrap(),
    );
    let text = all_text(&pdf);
    assert!(
        text.contains(
            "from Mon 11 Jan 2027 00:00 CET to Mon 25 Jan 2027 00:00 CET (the summary's period"
        ),
        "{text}"
    );
    // d3, d6 and d7 succeeded in 2 weeks: 1.5 a week; d4 and d5 failed: 40 %.
    // Lead times d3 28 min, d6 192.72 h, d7 121.08 h: the middle is 121.08.
    // Restores 2 h and 1 h: 1.5 h.
    assert!(
        text.contains("Delivery 1.50 121.08 h 40.0 % 1.50 h succeeded deployments per week"),
        "{text}"
    );
    // On time d3, d5, d6, d7 = 4 of 5; delays +2, +30, -10, 0, +5 -> +2;
    // one overrun (d4).
    assert!(
        text.contains("Adherence to the plan 80.0 % +2.0 min 1 5 on time"),
        "{text}"
    );
}

#[test]
fn a_plan_with_one_environment_is_split_by_service() {
    let dir = TempDir::new();
    let mut plan = fixture();
    plan.deployments
        .retain(|d| d.environment.as_str() == "prod");
    let pdf = render(&dir, "metrics-one-env.pdf", &plan, Detail::Summary);
    let text = all_text(&pdf);
    // Production alone: api d2, d5, d7, d9 and web d4, d6.
    assert!(text.contains("By service Service Deployments"), "{text}");
    assert!(text.contains("Payments API 4 "), "{text}");
    assert!(text.contains("Checkout Web 2 "), "{text}");
    assert!(!text.contains("By environment"), "{text}");
}

#[test]
fn a_plan_without_outcomes_in_the_period_has_no_section_and_the_bytes_of_one_without_any() {
    let dir = TempDir::new();
    // The example has no outcome at all: no section, no contents line, no
    // bookmark, at every detail.
    for detail in Detail::ALL {
        let pdf = render(&dir, "example.pdf", &example(), detail);
        let text = all_text(&pdf);
        assert!(!text.contains("Delivery metrics"), "{detail:?}: {text}");
        assert!(
            outline(&pdf).iter().all(|i| i.0 != "Delivery metrics"),
            "{detail:?}"
        );
    }
    // Outcomes that all finished before the chosen period add nothing: the
    // document is byte for byte the one of the plan without them.
    let mut opts = summary_opts();
    opts.period = Some((
        Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 2, 8, 0, 0, 0).unwrap(),
    ));
    let with = summary_pdf(&fixture(), &opts).unwrap();
    let mut bare = fixture();
    for d in &mut bare.deployments {
        d.outcome = None;
    }
    let without = summary_pdf(&bare, &opts).unwrap();
    assert!(
        with == without,
        "outcomes outside the period changed the summary"
    );
    let pdf = dir.write("outcomes-outside.pdf", &with);
    assert!(!all_text(&pdf).contains("Delivery metrics"));
}
