//! The release summary as a manager's document: a front section of at most
//! two pages on a big plan, a contents page, the outline, links, the detail
//! levels, and the limits that keep a huge plan's document bounded.

use std::path::Path;

use trainyard_core::Plan;
use trainyard_report::{summary_pdf, Detail};

use crate::pdf::{all_text, assert_valid_with_subset_fonts, page_count, page_text, summary_opts};
use crate::support::{generated, stdout_of, TempDir};

/// The generated plan with about 3,000 deployments.
fn big_plan() -> Plan {
    let plan = generated(780);
    assert!(
        (2_900..=3_300).contains(&plan.deployments.len()),
        "the big plan has {} deployments",
        plan.deployments.len()
    );
    plan
}

fn render(dir: &TempDir, name: &str, plan: &Plan, detail: Detail) -> std::path::PathBuf {
    let mut opts = summary_opts();
    opts.detail = detail;
    dir.write(name, summary_pdf(plan, &opts).unwrap())
}

/// The 1-based pages from the page holding `from` up to the page before the
/// one holding `to` (or the last page).
fn section_pages(pdf: &Path, from: &str, to: Option<&str>) -> (usize, usize) {
    let pages = page_count(pdf);
    let texts: Vec<String> = (1..=pages).map(|p| page_text(pdf, p)).collect();
    let start = texts
        .iter()
        .position(|t| t.contains(from))
        .unwrap_or_else(|| panic!("no page holds {from:?}"))
        + 1;
    let end = match to {
        Some(to) => texts
            .iter()
            .skip(start)
            .position(|t| t.contains(to))
            .map_or(pages, |i| start + i),
        None => pages,
    };
    (start, end)
}

#[test]
fn the_front_section_of_a_3000_deployment_plan_fits_on_two_pages() {
    let dir = TempDir::new();
    let plan = big_plan();
    let pdf = render(&dir, "big-full.pdf", &plan, Detail::Full);
    assert_valid_with_subset_fonts(&pdf);
    let (start, end) = section_pages(
        &pdf,
        "At a glance What reaches",
        Some("Appendix A. Releases Release"),
    );
    assert!(
        start == 2 && end <= 3,
        "the front section runs from page {start} to page {end}"
    );
    let first = page_text(&pdf, 1);
    for part in [
        "Contents",
        "At a glance",
        "Appendix A. Releases",
        "Appendix B. Conflicts",
        "Appendix E. Release details",
    ] {
        assert!(
            first.contains(part),
            "the contents page lacks {part:?}:\n{first}"
        );
    }
}

#[test]
fn the_summary_edition_is_at_most_three_pages_on_any_plan() {
    let dir = TempDir::new();
    for (name, plan) in [
        ("example", crate::support::example()),
        ("generated-200", generated(200)),
        ("big", big_plan()),
    ] {
        let pdf = render(&dir, &format!("{name}-summary.pdf"), &plan, Detail::Summary);
        assert_valid_with_subset_fonts(&pdf);
        let pages = page_count(&pdf);
        assert!(
            pages <= 3,
            "the summary edition of {name} has {pages} pages"
        );
        let text = all_text(&pdf);
        assert!(
            text.contains("At a glance") && !text.contains("Appendix A"),
            "{name}: {text}"
        );
    }
}

/// The outline as (title, page, children) from `qpdf --json`.
pub(crate) fn outline(pdf: &Path) -> Vec<(String, u64, Vec<String>)> {
    let json = stdout_of(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("qpdf writes JSON");
    v["outlines"]
        .as_array()
        .expect("an outline")
        .iter()
        .map(|o| {
            let kids = o["kids"]
                .as_array()
                .map(|k| {
                    k.iter()
                        .map(|k| k["title"].as_str().unwrap_or("").to_owned())
                        .collect()
                })
                .unwrap_or_default();
            (
                o["title"].as_str().unwrap_or("").to_owned(),
                o["destpageposfrom1"].as_u64().unwrap_or(0),
                kids,
            )
        })
        .collect()
}

#[test]
fn the_outline_has_every_section_and_release_and_the_contents_link_to_them() {
    let dir = TempDir::new();
    let plan = generated(200);
    let pdf = render(&dir, "outline.pdf", &plan, Detail::Full);
    let items = outline(&pdf);
    let titles: Vec<&str> = items.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Contents",
            "At a glance",
            "Appendix A. Releases",
            "Appendix B. Conflicts",
            "Appendix C. Approvals",
            "Appendix D. Timeline",
            "Appendix E. Release details"
        ]
    );
    // Each section's bookmark points at the page the contents names for it.
    let contents = page_text(&pdf, 1);
    for (title, page, _) in &items[1..] {
        assert!(
            contents.contains(&format!("{title} {page}")),
            "the contents do not give page {page} for {title}:\n{contents}"
        );
        assert!(page_text(&pdf, *page as usize).contains(title.as_str()));
    }
    let releases = &items[6].2;
    assert_eq!(
        releases.len(),
        plan.releases.len(),
        "one bookmark per release"
    );
    for r in &plan.releases {
        assert!(
            releases.iter().any(|t| t == r.display_name()),
            "no bookmark for {}",
            r.display_name()
        );
    }
    // Links: the contents and the front section's names jump into the document.
    let json = stdout_of(
        "qpdf",
        &["--json", "--json-key=pages", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let annots = |p: usize| {
        let object = v["pages"][p]["object"].as_str().unwrap_or("0 0 R");
        let id = object.split(' ').next().unwrap_or("0");
        let dict = stdout_of(
            "qpdf",
            &[&format!("--show-object={id}"), pdf.to_str().unwrap()],
        );
        dict.split("/Annots [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .map_or(0, |list| list.matches(" R").count())
    };
    assert!(annots(0) >= 6, "the contents page has {} links", annots(0));
    assert!(annots(1) >= 20, "the front section has {} links", annots(1));
}

#[test]
fn a_deployment_ending_in_year_9999_gives_a_clipped_timeline_quickly() {
    let mut plan = generated(20);
    let last = plan.deployments.len() - 1;
    plan.deployments[last].end =
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 9999, 12, 30, 0, 0, 0)
            .single()
            .unwrap();
    let dir = TempDir::new();
    let started = std::time::Instant::now();
    let bytes = summary_pdf(&plan, &summary_opts()).unwrap();
    let took = started.elapsed();
    // Most of this time is the conflict check of the eight-thousand-year
    // deployment (trainyard-core), not the document.
    assert!(took.as_secs() < 120, "the summary took {took:?}");
    assert!(
        bytes.len() < 2 * 1024 * 1024,
        "the summary is {} bytes",
        bytes.len()
    );
    let pdf = dir.write("year-9999.pdf", &bytes);
    assert!(page_count(&pdf) < 60, "{} pages", page_count(&pdf));
    assert!(all_text(&pdf)
        .contains("The period is longer than the timeline shows: it is clipped to 104 weeks"));
}
