//! Release governance fields are validated like the rest of the format: each
//! problem at its JSON path with its entity id, the whole plan rejected.

use serde_json::{json, Value};
use trainyard_core::{parse_plan, PlanError};

use crate::examples::example;

/// The problems of the `on-hold` and `not-ready` examples merged into one
/// plan and changed by `edit`, as (path, id, message).
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<(String, Option<String>, String)> {
    let mut v: Value = serde_json::from_str(&example("not-ready.json")).unwrap();
    let holds: Value = serde_json::from_str(&example("on-hold.json")).unwrap();
    v["holds"] = json!([holds["holds"][0].clone()]);
    v["holds"][0]["target"] = json!("prod");
    v["waivers"] = json!([{"id": "w1", "release": "r-late", "rules": ["on-hold"],
        "granted_by": "cab", "granted_at": "2027-03-01T00:00:00Z", "expires": "2027-03-02T00:00:00Z"}]);
    v["bookings"] = json!([{"id": "b1", "environment": "prod", "holder_kind": "release",
        "holder": "r-late", "from": "2027-03-01T00:00:00Z", "until": "2027-03-02T00:00:00Z"}]);
    assert!(parse_plan(&v.to_string()).is_ok(), "the base plan is valid");
    edit(&mut v);
    match parse_plan(&v.to_string()) {
        Ok(_) => panic!("the plan should have been rejected"),
        Err(PlanError::Invalid(p)) => p.into_iter().map(|p| (p.path, p.id, p.message)).collect(),
        Err(other) => panic!("expected validation problems, got {other}"),
    }
}

#[test]
fn each_governance_problem_is_reported_at_its_path_with_its_entity() {
    type Case = (
        Box<dyn FnOnce(&mut Value)>,
        &'static str,
        Option<&'static str>,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            Box::new(|v| v["holds"][0]["until"] = json!("2027-03-02T18:00:00Z")),
            "$.holds[0].until",
            Some("h-incident"),
            "a hold must end after it starts",
        ),
        (
            Box::new(|v| v["holds"][0]["target"] = json!("nowhere")),
            "$.holds[0].target",
            Some("h-incident"),
            "unknown environment \"nowhere\"",
        ),
        (
            Box::new(|v| v["holds"][0]["scope"] = json!("team")),
            "$.holds[0].scope",
            Some("h-incident"),
            "scope must be plan, environment, service or release",
        ),
        (
            Box::new(|v| v["holds"][0]["scope"] = json!("plan")),
            "$.holds[0].target",
            Some("h-incident"),
            "a hold on the whole plan has no target",
        ),
        (
            Box::new(|v| v["holds"][0]["from"] = json!("tomorrow")),
            "$.holds[0].from",
            Some("h-incident"),
            "",
        ),
        (
            Box::new(|v| {
                let h = v["holds"][0].clone();
                v["holds"].as_array_mut().unwrap().push(h)
            }),
            "$.holds[1].id",
            Some("h-incident"),
            "duplicate hold id",
        ),
        (
            Box::new(|v| v["waivers"][0]["rules"] = json!(["on-hold", "no-such-rule"])),
            "$.waivers[0].rules[1]",
            Some("w1"),
            "unknown rule \"no-such-rule\"",
        ),
        (
            Box::new(|v| v["waivers"][0]["rules"] = json!(["overlap"])),
            "$.waivers[0].rules[0]",
            Some("w1"),
            "rule \"overlap\" cannot be waived",
        ),
        (
            Box::new(|v| v["waivers"][0]["rules"] = json!([])),
            "$.waivers[0].rules",
            Some("w1"),
            "a waiver needs at least one rule",
        ),
        (
            Box::new(|v| v["waivers"][0]["rules"] = json!(["on-hold", "on-hold"])),
            "$.waivers[0].rules[1]",
            Some("w1"),
            "listed twice",
        ),
        (
            Box::new(|v| v["waivers"][0]["expires"] = json!("2027-03-01T00:00:00Z")),
            "$.waivers[0].expires",
            Some("w1"),
            "a waiver must expire after it is granted",
        ),
        (
            Box::new(|v| v["waivers"][0]["release"] = json!("r-9")),
            "$.waivers[0].release",
            Some("w1"),
            "unknown release \"r-9\"",
        ),
        (
            Box::new(|v| {
                v["waivers"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("granted_by");
            }),
            "$.waivers[0].granted_by",
            Some("w1"),
            "missing required field",
        ),
        (
            Box::new(|v| v["bookings"][0]["until"] = json!("2027-03-01T00:00:00Z")),
            "$.bookings[0].until",
            Some("b1"),
            "a booking must end after it starts",
        ),
        (
            Box::new(|v| v["bookings"][0]["holder_kind"] = json!("train")),
            "$.bookings[0].holder",
            Some("b1"),
            "unknown train \"r-late\"",
        ),
        (
            Box::new(|v| v["bookings"][0]["services"] = json!(["api", "ghost"])),
            "$.bookings[0].services[1]",
            Some("b1"),
            "unknown service \"ghost\"",
        ),
        (
            Box::new(|v| v["bookings"][0]["exclusive"] = json!("yes")),
            "$.bookings[0].exclusive",
            Some("b1"),
            "expected true or false",
        ),
        (
            Box::new(|v| v["readiness_templates"][0]["lead_time"] = json!("2 days")),
            "$.readiness_templates[0].lead_time",
            Some("prod-normal"),
            "",
        ),
        (
            Box::new(|v| v["readiness_templates"][0]["change_types"] = json!(["urgent"])),
            "$.readiness_templates[0].change_types[0]",
            Some("prod-normal"),
            "found \"urgent\"",
        ),
        (
            Box::new(|v| v["readiness_templates"][0]["items"][1]["id"] = json!("runbook")),
            "$.readiness_templates[0].items[1].id",
            Some("prod-normal"),
            "duplicate item id \"runbook\"",
        ),
        (
            Box::new(|v| v["readiness_templates"][0]["items"] = json!([])),
            "$.readiness_templates[0].items",
            Some("prod-normal"),
            "at least one item",
        ),
        (
            Box::new(|v| v["readiness_templates"][0]["environments"] = json!(["qa"])),
            "$.readiness_templates[0].environments[0]",
            Some("prod-normal"),
            "unknown environment \"qa\"",
        ),
        (
            Box::new(|v| {
                v["releases"][1]["readiness"][1]["done_at"] = json!("2027-03-12T10:00:00Z")
            }),
            "$.releases[1].readiness[1].done_at",
            Some("r-late"),
            "an open item has no done_at",
        ),
        (
            Box::new(|v| {
                v["releases"][0]["readiness"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("done_at");
            }),
            "$.releases[0].readiness[0].done_at",
            Some("r-ready"),
            "a done item needs done_at",
        ),
        (
            Box::new(|v| v["releases"][0]["readiness"][1]["id"] = json!("runbook")),
            "$.releases[0].readiness[1].id",
            Some("r-ready"),
            "duplicate readiness item \"runbook\"",
        ),
        (
            Box::new(|v| v["releases"][0]["readiness"][0]["state"] = json!("finished")),
            "$.releases[0].readiness[0].state",
            Some("r-ready"),
            "state must be open, done or waived",
        ),
        (
            Box::new(|v| v["releases"][0]["decision"]["outcome"] = json!("maybe")),
            "$.releases[0].decision.outcome",
            Some("r-ready"),
            "outcome must be \"go\" or \"no_go\"",
        ),
        (
            Box::new(|v| v["releases"][0]["decision"]["colour"] = json!("red")),
            "$.releases[0].decision.colour",
            Some("r-ready"),
            "unknown field",
        ),
        (
            Box::new(|v| {
                v["releases"][2]["review"]
                    .as_object_mut()
                    .unwrap()
                    .remove("summary");
            }),
            "$.releases[2].review.summary",
            Some("r-hotfix"),
            "missing required field",
        ),
        (
            Box::new(|v| v["releases"][2]["review_due"] = json!("soon")),
            "$.releases[2].review_due",
            Some("r-hotfix"),
            "",
        ),
    ];
    for (edit, path, id, needle) in cases {
        let problems = problems_after(edit);
        assert!(
            problems
                .iter()
                .any(|(p, i, m)| p == path && i.as_deref() == id && m.contains(needle)),
            "expected a problem at {path} (id {id:?}) mentioning {needle:?}, got {problems:#?}"
        );
    }
}

#[test]
fn an_older_reader_would_have_rejected_governance_as_unknown_fields() {
    // A field this version does not know is refused by name, as every
    // unknown field is: a newer plan is never half-read.
    let problems = problems_after(|v| v["holds"][0]["severity"] = json!("high"));
    assert!(
        problems
            .iter()
            .any(|(p, _, m)| p == "$.holds[0].severity"
                && m.starts_with("unknown field \"severity\""))
    );
}
