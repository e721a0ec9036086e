//! Readiness and governance in the CAB sheet and the summary, read back from
//! the PDFs with pdftotext, on the example plans of the governance rules.

use chrono::{TimeZone, Utc};
use trainyard_core::time::Instant;
use trainyard_core::{parse_plan, Plan, ReleaseId};
use trainyard_report::{cab_pdf, summary_pdf, CabOptions, Detail, SummaryOptions};

use crate::support::{example, example_text, stdout_of, TempDir};

fn plan(name: &str) -> Plan {
    parse_plan(&example_text(name)).expect("the example plan is valid")
}

fn at(y: i32, m: u32, d: u32) -> Instant {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).single().unwrap()
}

/// The text of a PDF, with runs of whitespace made single spaces.
fn text(bytes: Vec<u8>) -> String {
    let dir = TempDir::new();
    let path = dir.write("doc.pdf", bytes);
    let raw = stdout_of("pdftotext", &[path.to_str().unwrap(), "-"]);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cab(plan: &Plan, release: &str, generated_at: Instant) -> String {
    text(
        cab_pdf(
            plan,
            &ReleaseId::from(release),
            &CabOptions::new(generated_at),
        )
        .unwrap(),
    )
}

fn summary(plan: &Plan, generated_at: Instant) -> String {
    let mut opts = SummaryOptions::new(generated_at);
    opts.detail = Detail::Conflicts;
    text(summary_pdf(plan, &opts).unwrap())
}

#[test]
fn the_cab_sheet_shows_the_checklist_against_its_template_and_the_decision() {
    let p = plan("not-ready.json");
    // r-late: runbook done a day after it was due (11 Mar 21:00, two days
    // before the production deployment of 13 Mar 21:00), on-call still open.
    let late = cab(&p, "r-late", at(2027, 3, 10));
    assert!(late.contains("Readiness and governance"), "{late}");
    assert!(
        late.contains("Runbook updated — ✓ done 12 Mar 11:00 by 11 Mar 21:00 ✗"),
        "{late}"
    );
    assert!(
        late.contains("On-call briefed sre open — by 11 Mar 21:00 ✗"),
        "{late}"
    );
    assert!(
        late.contains("2 required items are not done in time"),
        "{late}"
    );
    assert!(late.contains("No go/no-go decision is recorded."), "{late}");
    // r-ready: both in time (one waived), and a go with its condition.
    let ready = cab(&p, "r-ready", at(2027, 3, 10));
    assert!(
        ready.contains("✓ Every required item is done or waived in time."),
        "{ready}"
    );
    assert!(
        ready.contains("Go: decided by cab on 6 Mar 13:00."),
        "{ready}"
    );
    assert!(ready.contains("• rollback rehearsed in staging"), "{ready}");
    // The emergency hotfix has its review.
    let hotfix = cab(&p, "r-hotfix", at(2027, 3, 10));
    assert!(
        hotfix.contains("Post-implementation review Recorded by sre-lead on 20 Mar 10:00."),
        "{hotfix}"
    );
    assert!(hotfix.contains("Root cause: missing test"), "{hotfix}");
}

#[test]
fn the_cab_sheet_lists_the_waivers_and_holds_of_the_release() {
    let p = plan("on-hold.json");
    let fix = cab(&p, "r-fix", at(2027, 3, 10));
    assert!(fix.contains("Emergency waivers"), "{fix}");
    assert!(
        fix.contains("w-fix on-hold cab 2 Mar 20:00 – 3 Mar 11:00 the fix for INC-4711 itself"),
        "{fix}"
    );
    assert!(
        fix.contains("h-incident environment Production 2 Mar 19:00 – 4 Mar 01:00 sre-lead"),
        "{fix}"
    );
    assert!(
        fix.contains("Not recorded yet; due by 8 Mar 09:30."),
        "{fix}"
    );
}

#[test]
fn the_summary_lists_holds_readiness_waivers_and_reviews_overdue_as_of_its_date() {
    let p = plan("on-hold.json");
    let late = summary(&p, at(2027, 3, 30));
    assert!(
        late.contains("Holds Hold On When By Why Stops h-incident environment Production"),
        "{late}"
    );
    assert!(late.contains("w-fix Storefront fix on-hold cab"), "{late}");
    assert!(
        late.contains("Storefront fix 8 Mar 09:30 overdue"),
        "{late}"
    );
    // Before the due date the same review is only not yet recorded.
    let early = summary(&p, at(2027, 3, 5));
    assert!(
        early.contains("Storefront fix 8 Mar 09:30 not yet recorded"),
        "{early}"
    );
    let ready = summary(&plan("not-ready.json"), at(2027, 3, 30));
    // (pdftotext reads the table's last columns after its first ones.)
    assert!(
        ready.contains("Payments API 7.1 ✓ 2 of 2 ready Payments API 7.2 2 of 2 missing"),
        "{ready}"
    );
    assert!(
        ready.contains("go (cab, 6 Mar 13:00) Runbook updated, On-call briefed"),
        "{ready}"
    );
}

#[test]
fn plans_without_governance_have_no_governance_parts() {
    let p = example();
    let s = summary(&p, at(2027, 1, 4));
    let c = cab(&p, "r1", at(2027, 1, 4));
    for t in [&s, &c] {
        for word in ["Readiness", "Holds", "waivers", "Post-implementation"] {
            assert!(!t.contains(word), "{word} in {t}");
        }
    }
}
