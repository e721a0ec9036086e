//! `trainyard_report::changes::since` on hand-made pairs of plans, and the
//! "What changed since …" section it feeds, capped on a big change list.

use trainyard_core::time::parse_instant;
use trainyard_core::{Approval, Decision, Plan, ReleaseStatus};
use trainyard_report::changes::{since, ChangeKind, ChangePoint, Edit};
use trainyard_report::{summary_pdf, Detail, SummaryOptions};

use crate::support::*;

fn t(s: &str) -> trainyard_core::time::Instant {
    parse_instant(s).expect("a valid instant")
}

fn edit(seq: u64, user: &str, kind: &str, id: &str) -> Edit {
    Edit {
        seq,
        at: t("2027-01-03T10:00:00Z") + chrono::Duration::minutes(seq as i64),
        user: user.into(),
        action: format!("edit {id}"),
        kind: kind.into(),
        id: id.into(),
    }
}

fn kinds(plan_before: &Plan, plan_after: &Plan, edits: &[Edit]) -> Vec<(String, String)> {
    since(ChangePoint::Revision(1), plan_before, plan_after, edits)
        .changes
        .iter()
        .map(|c| {
            let k = match &c.kind {
                ChangeKind::Moved { .. } => "moved".to_owned(),
                ChangeKind::DeploymentAdded(_) => "added".into(),
                ChangeKind::DeploymentRemoved(_) => "removed".into(),
                ChangeKind::ReleaseAdded => "release added".into(),
                ChangeKind::ReleaseRemoved => "release removed".into(),
                ChangeKind::ReleaseCancelled => "cancelled".into(),
                ChangeKind::StatusChanged { .. } => "status".into(),
                ChangeKind::Decided { by, .. } => format!("decided by {}", by.join(",")),
                ChangeKind::NewConflict(c) => format!("new {}", c.rule.as_str()),
                ChangeKind::ResolvedConflict(c) => format!("resolved {}", c.rule.as_str()),
            };
            (c.subject.clone(), k)
        })
        .collect()
}

#[test]
fn the_same_plan_has_no_changes() {
    let plan = example();
    let s = since(ChangePoint::Revision(3), &plan, &plan, &[]);
    assert!(s.is_empty());
}

#[test]
fn a_moved_deployment_with_its_old_and_new_slot_and_who_moved_it() {
    let before = example();
    let mut after = before.clone();
    let d5 = after
        .deployments
        .iter_mut()
        .find(|d| d.id.as_str() == "d5")
        .unwrap();
    d5.start = t("2027-01-12T21:30:00Z");
    d5.end = t("2027-01-12T22:30:00Z");
    let edits = [
        edit(2, "ann", "deployment", "d5"),
        edit(4, "dana", "deployment", "d5"),
    ];
    let s = since(ChangePoint::Revision(1), &before, &after, &edits);
    let moved = s
        .changes
        .iter()
        .find(|c| matches!(c.kind, ChangeKind::Moved { .. }))
        .expect("d5 moved");
    let ChangeKind::Moved {
        before: old,
        after: new,
    } = &moved.kind
    else {
        unreachable!()
    };
    assert_eq!(old.start, t("2027-01-29T21:00:00Z"));
    assert_eq!(new.start, t("2027-01-12T21:30:00Z"));
    assert_eq!(new.environment, "Production");
    let by = moved.by.as_ref().expect("attributed");
    assert_eq!((by.user.as_str(), by.edits), ("dana", 2));
    assert_eq!(moved.release_name, "Payments API 7.0");
    // Out of the blackout and into the Tuesday window: two errors resolved.
    let k = kinds(&before, &after, &edits);
    assert!(
        k.contains(&(String::new(), "resolved blackout".into())),
        "{k:?}"
    );
    assert!(
        k.contains(&(String::new(), "resolved outside-window".into())),
        "{k:?}"
    );
    assert_eq!(s.entries, 2);
}

#[test]
fn added_removed_cancelled_and_approved_are_told_apart() {
    let before = example();
    let mut after = before.clone();
    let mut d6 = after.deployments[3].clone();
    d6.id = "d6".into();
    d6.start = t("2027-01-14T11:00:00Z");
    d6.end = t("2027-01-14T12:00:00Z");
    after.deployments.push(d6);
    after.deployments.retain(|d| d.id.as_str() != "d3");
    let r2 = after
        .releases
        .iter_mut()
        .find(|r| r.id.as_str() == "r2")
        .unwrap();
    r2.approvals.push(Approval {
        by: "bob".into(),
        role: None,
        decision: Decision::Approved,
        at: None,
        comment: None,
        x: Default::default(),
    });
    after.releases[0].status = Some(ReleaseStatus::Cancelled);
    let k = kinds(&before, &after, &[]);
    for expected in [
        ("", "cancelled"),
        ("", "decided by bob"),
        ("d6", "added"),
        ("d3", "removed"),
        ("", "new outside-window"),
    ] {
        assert!(
            k.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {k:?}"
        );
    }
    // Grouped by release, in the plan's order: r1's cancellation first.
    assert_eq!(k[0].1, "cancelled");
}

#[test]
fn a_plan_edited_back_has_nothing_moved() {
    let before = example();
    let after = before.clone();
    // d1 was moved and moved back: both edits are in the trail, the plans agree.
    let edits = [
        edit(2, "ann", "deployment", "d1"),
        edit(3, "ann", "deployment", "d1"),
    ];
    let s = since(ChangePoint::Revision(1), &before, &after, &edits);
    assert!(s.is_empty(), "{:?}", s.changes);
    assert_eq!(s.entries, 2);
}

#[test]
fn a_long_change_list_stays_on_one_page_in_front_and_whole_in_the_appendix() {
    let before = Plan {
        name: None,
        timezone: chrono_tz::Europe::Berlin,
        ..Plan::default()
    };
    let after = generated(120);
    let before = Plan {
        environments: after.environments.clone(),
        services: after.services.clone(),
        teams: after.teams.clone(),
        trains: after.trains.clone(),
        ..before
    };
    let changes = since(ChangePoint::Revision(1), &before, &after, &[]);
    assert!(changes.changes.len() > 100);
    let dir = TempDir::new();
    let summary_only = |detail| {
        let mut opts = SummaryOptions::new(generated_at());
        opts.detail = detail;
        opts.changes = Some(changes.clone());
        summary_pdf(&after, &opts).expect("a pdf")
    };
    let short = dir.write("short.pdf", summary_only(Detail::Summary));
    let info = stdout_of("pdfinfo", &[short.to_str().unwrap()]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("a page count");
    // Cover, one page of changes, at most two of "At a glance".
    assert!(pages <= 4, "{pages} pages");
    let text = stdout_of("pdftotext", &[short.to_str().unwrap(), "-"]);
    assert!(
        text.contains("more changes; print the summary with more detail"),
        "{text}"
    );

    let full = dir.write("full.pdf", summary_only(Detail::Conflicts));
    let outline = stdout_of(
        "qpdf",
        &["--json", "--json-key=outlines", full.to_str().unwrap()],
    );
    assert!(outline.contains("Appendix F. Every change"), "{outline}");
}
