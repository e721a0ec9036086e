//! Granting an emergency waiver from the CAB view: by the user, from now,
//! one edit, and only what may be waived.

use chrono::{Duration, SubsecRound, Utc};
use trainyard_app_core::dto::{Rule, Severity};

use crate::util::small_with;

/// An emergency release deploying tomorrow into a blackout that allows no
/// emergency exception: an error until a waiver covers it.
fn plan() -> String {
    let day = |d: i64| {
        (Utc::now() + Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    format!(
        r#"{{
  "format": "trainyard-plan", "version": 1, "timezone": "UTC",
  "environments": [{{"id": "prod", "order": 1}}],
  "services": [{{"id": "api"}}],
  "windows": [{{"id": "freeze", "kind": "blackout", "start": "{d1}T00:00", "duration": "P2D", "timezone": "UTC"}}],
  "releases": [{{"id": "hotfix", "change_type": "emergency"}}],
  "deployments": [{{"id": "d1", "release": "hotfix", "service": "api", "environment": "prod",
    "start": "{d1}T10:00:00Z", "end": "{d1}T11:00:00Z"}}]
}}"#,
        d1 = day(1)
    )
}

#[test]
fn a_granted_waiver_is_the_users_and_turns_the_blackout_into_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, &plan());
    let blackout = |app: &trainyard_app_core::AppService| {
        app.conflicts()
            .unwrap()
            .into_iter()
            .find(|c| c.rule == Rule::Blackout)
            .map(|c| c.severity)
    };
    assert_eq!(blackout(&app), Some(Severity::Error));
    let before = app.summary().unwrap().revision;
    let expires = (Utc::now() + Duration::days(3))
        .trunc_subsecs(0)
        .to_rfc3339();
    let done = app
        .grant_waiver(
            "hotfix",
            &["blackout".into(), "blackout".into()],
            "the fix for INC-1",
            &expires,
        )
        .unwrap();
    assert_eq!(done.revision, before + 1, "one edit");
    assert_eq!(done.can_undo.as_deref(), Some("grant waiver-1 to hotfix"));
    assert_eq!(blackout(&app), Some(Severity::Warning));
    let json = app.entity("waiver", "waiver-1").unwrap();
    assert_eq!(json["granted_by"], "tester", "the user, not a typed name");
    assert_eq!(json["rules"], serde_json::json!(["blackout"]));
    assert_eq!(json["reason"], "the fix for INC-1");
    // Undo takes it back.
    app.undo().unwrap();
    assert_eq!(blackout(&app), Some(Severity::Error));
}

#[test]
fn a_bad_waiver_names_its_fields_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _) = small_with(&dir, &plan());
    let before = app.summary().unwrap().revision;
    let later = (Utc::now() + Duration::days(3)).to_rfc3339();
    let past = (Utc::now() - Duration::days(1)).to_rfc3339();
    let fields = |rules: &[&str], reason: &str, expires: &str| {
        let rules: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
        let e = app
            .grant_waiver("hotfix", &rules, reason, expires)
            .unwrap_err();
        assert_eq!(e.code, "invalid_entity", "{}", e.message);
        e.problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect::<Vec<_>>()
    };
    let p = fields(&["overlap"], "why", &later);
    assert!(
        p[0].starts_with(
            "rules: \"overlap\" cannot be waived; these can: blackout, outside-window"
        ),
        "{p:?}"
    );
    assert_eq!(
        fields(&[], "why", &later),
        ["rules: choose at least one rule to waive"]
    );
    assert_eq!(
        fields(&["blackout"], "  ", &later),
        ["reason: say why the waiver is granted"]
    );
    assert_eq!(
        fields(&["blackout"], "why", &past),
        ["expires: a waiver must expire after now"]
    );
    assert!(fields(&["blackout"], "why", "soon")[0].starts_with("expires: "));
    let e = app
        .grant_waiver("nope", &["blackout".into()], "why", &later)
        .unwrap_err();
    assert!(e.message.contains("no release \"nope\""), "{}", e.message);
    assert_eq!(app.summary().unwrap().revision, before);
}
